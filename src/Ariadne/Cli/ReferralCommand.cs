using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Ariadne.Core.Cases;
using Ariadne.Core.Common;
using Ariadne.Core.Referral.National;

namespace Ariadne.Cli;

/// <summary>
/// <c>ariadne referral status CASECODE|ID</c>, <c>referral transition CASECODE|ID --to STEP|STATE [--reason R] [--requester ROLE]</c>,
/// <c>referral dashboard [--organisation NAME|ID] [--json]</c>, <c>referral statistics [--json]</c> and <c>referral reminders send [--dry-run]</c>, as the local
/// operator (who holds every role on a case). A refused step exits 2 with every reason on stderr. The transnational
/// commands (signing-key, partners, package) are in <see cref="TransnationalCommands"/>.
/// </summary>
public static class ReferralCommand
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() }, WriteIndented = true };

    public static Command Create()
    {
        var referral = new Command("referral", "The national referral mechanism: a case's state and deadlines, lifecycle steps, the dashboard, statistics.");
        referral.Subcommands.Add(Status());
        referral.Subcommands.Add(Transition());
        referral.Subcommands.Add(ReferralDashboardCommands.Dashboard());
        referral.Subcommands.Add(ReferralDashboardCommands.Statistics());
        referral.Subcommands.Add(Reminders("Send each organisation's case workers its due and overdue deadlines",
            (services, dry, ct) => services.GetRequiredService<ReminderService>().SendAsync(dry, ct)));
        referral.Subcommands.Add(ReferralBestInterestCommand.Create());
        foreach (var command in TransnationalCommands.Create())
        {
            referral.Subcommands.Add(command);
        }
        return referral;
    }

    private static Command Status()
    {
        var target = new Argument<string>("case") { Description = "The case code or the case id." };
        var command = new Command("status", "Print a case's state, open deadlines, services and the steps possible now.") { target };
        command.SetAction((parseResult, cancellationToken) => CliHost.RunAsync(parseResult, cancellationToken, async session =>
        {
            var services = await session.OpenAsync();
            if (await ResolveAsync(services, parseResult.GetValue(target)!, cancellationToken) is not { } caseId)
            {
                return 1;
            }
            var view = (await services.GetRequiredService<NrmLifecycleService>().GetLifecycleAsync(caseId, CaseViewer.LocalOperator, cancellationToken)).Value;
            if (view is null)
            {
                await Console.Error.WriteLineAsync("ariadne: the case has not entered the referral mechanism.");
                return 1;
            }
            Console.WriteLine(Invariant($"Jurisdiction: {view.Jurisdiction}"));
            Console.WriteLine(Invariant($"State: {view.State} since {view.EnteredStateAtUtc:yyyy-MM-dd'T'HH:mm:ss'Z'}"));
            Console.WriteLine(Invariant($"Child: {(view.IsChild ? "yes" : "no")}{(view.GuardianAppointedOn is { } g ? $", guardian appointed {g:yyyy-MM-dd}" : "")}"));
            Console.WriteLine("Deadlines:");
            foreach (var d in view.Deadlines)
            {
                Console.WriteLine(Invariant($"  {d.Kind}\t{d.DueDate:yyyy-MM-dd}\t{d.Status}"));
            }
            Console.WriteLine("Services:");
            foreach (var s in view.ServiceReferrals)
            {
                Console.WriteLine(Invariant($"  {s.Service}\t{s.ToOrganisationId}\t{s.State}\t{s.RequestedAtUtc:yyyy-MM-dd}"));
            }
            Console.WriteLine("Next steps:");
            foreach (var s in view.NextSteps)
            {
                Console.WriteLine($"  {s.Transition} -> {s.To}\t{(s.Allowed ? "allowed" : string.Join("; ", s.Refusals))}");
            }
            return 0;
        }));
        return command;
    }

    private static Command Transition()
    {
        var target = new Argument<string>("case") { Description = "The case code or the case id." };
        var to = new Option<string>("--to") { Description = "The step (e.g. rg-positive) or the state to move to (e.g. recovery).", Required = true };
        var reason = new Option<string?>("--reason") { Description = "The reasons (required for decisions, reconsiderations and withdrawals; no names)." };
        var requester = new Option<string?>("--requester") { Description = "For a reconsideration: who asked (first-responder or support-provider)." };
        var command = new Command("transition", "Take one lifecycle step as the local operator.") { target, to, reason, requester };
        command.SetAction((parseResult, cancellationToken) => CliHost.RunAsync(parseResult, cancellationToken, async session =>
        {
            var services = await session.OpenAsync();
            if (await ResolveAsync(services, parseResult.GetValue(target)!, cancellationToken) is not { } caseId)
            {
                return 1;
            }
            var service = services.GetRequiredService<NrmLifecycleService>();
            var view = (await service.GetLifecycleAsync(caseId, CaseViewer.LocalOperator, cancellationToken)).Value;
            if (view is null)
            {
                await Console.Error.WriteLineAsync("ariadne: the case has not entered the referral mechanism.");
                return 1;
            }
            var wanted = parseResult.GetValue(to)!.Trim();
            // A step id as given, or the one step from here that leads to the named state.
            var byState = view.NextSteps.Where(s => s.To == wanted).Select(s => s.Transition).Distinct(StringComparer.Ordinal).ToList();
            var step = view.NextSteps.Any(s => s.Transition == wanted) ? wanted : byState.Count == 1 ? byState[0] : wanted;
            var result = await service.TransitionAsync(caseId, new TransitionInput(step, parseResult.GetValue(reason), parseResult.GetValue(requester)),
                CaseViewer.LocalOperator, cancellationToken);
            switch (result.Problem?.Kind)
            {
                case null:
                    Console.WriteLine($"{result.Value!.Transition}: {result.Value.FromState} -> {result.Value.ToState}");
                    return 0;
                case ProblemKind.Refused:
                    foreach (var refusal in result.Problem.Refusals)
                    {
                        await Console.Error.WriteLineAsync($"ariadne: refused: {refusal}");
                    }
                    return 2;
                default:
                    return await CliHost.ReportAsync(result.Problem);
            }
        }));
        return command;
    }

    /// <summary><c>reminders send [--dry-run]</c> over one composer of reminder e-mails (the referral mechanism's, the follow-up's).</summary>
    internal static Command Reminders(string what, Func<IServiceProvider, bool, CancellationToken, Task<IReadOnlyList<ReminderMessage>>> compose)
    {
        var dryRun = new Option<bool>("--dry-run") { Description = "Compose and print the messages (recipient counts, what is due) without sending." };
        var send = new Command("send", what + " (SMTP from Smtp__Host, Smtp__Port, Smtp__From, Smtp__UserName, Smtp__Password, Smtp__UseStartTls).") { dryRun };
        send.SetAction((parseResult, cancellationToken) => CliHost.RunAsync(parseResult, cancellationToken, async session =>
        {
            var dry = parseResult.GetValue(dryRun);
            // The Smtp section as serve reads it: appsettings.json, then the environment (Smtp__Host, …).
            var smtp = session.HostServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<SmtpOptions>>().Value;
            if (!dry && !smtp.Enabled)
            {
                await Console.Error.WriteLineAsync("ariadne: SMTP is not configured: set Smtp__Host and Smtp__From (or use --dry-run).");
                return 1;
            }
            var services = await session.OpenAsync();
            var messages = await compose(services, dry, cancellationToken);
            foreach (var message in messages.Where(_ => dry))
            {
                Console.WriteLine(Invariant($"--- {message.To.Count} recipient(s): {message.Subject}"));
                Console.WriteLine(message.Body);
            }
            Console.WriteLine(Invariant($"{messages.Count} reminder(s) {(dry ? "composed (dry run, nothing sent)" : "sent")}."));
            return 0;
        }));
        var reminders = new Command("reminders", "E-mail reminders of due and overdue deadlines.");
        reminders.Subcommands.Add(send);
        return reminders;
    }

    /// <summary>The case id for a code or an id; null (and a message) when there is none.</summary>
    internal static async Task<Guid?> ResolveAsync(IServiceProvider services, string target, CancellationToken cancellationToken)
    {
        var id = await services.GetRequiredService<ReferralLookups>().FindCaseAsync(target, cancellationToken);
        if (id is null)
        {
            await Console.Error.WriteLineAsync($"ariadne: no case '{target.Trim()}'.");
        }
        return id;
    }

    internal static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
