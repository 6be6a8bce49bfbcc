using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Ariadne.Analytics.Disclosure;
using Ariadne.Analytics.Referral;
using Ariadne.Core.Cases;
using Ariadne.Core.Common;
using Ariadne.Core.Data;
using Ariadne.Core.Referral.National;
using Ariadne.Core.Statistics.Releases;
using Microsoft.EntityFrameworkCore;

namespace Ariadne.Cli;

/// <summary>
/// <c>ariadne referral status CASECODE|ID</c>, <c>referral transition CASECODE|ID --to STEP|STATE [--reason R] [--requester ROLE]</c>,
/// <c>referral dashboard [--organisation NAME|ID] [--json]</c>, <c>referral statistics [--json]</c> and <c>referral reminders send [--dry-run]</c>, as the local
/// operator (who holds every role on a case). A refused step exits 2 with every reason on stderr. The transnational
/// commands (signing-key, partners, package) are in <see cref="TransnationalCommands"/>.
/// </summary>
public static class ReferralCommand
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() }, WriteIndented = true };

    public static Command Create()
    {
        var referral = new Command("referral", "The national referral mechanism: a case's state and deadlines, lifecycle steps, the dashboard, statistics.");
        referral.Subcommands.Add(Status());
        referral.Subcommands.Add(Transition());
        referral.Subcommands.Add(Dashboard());
        referral.Subcommands.Add(Statistics());
        referral.Subcommands.Add(Reminders());
        referral.Subcommands.Add(BestInterest());
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
        command.SetAction((parseResult, cancellationToken) => CliHost.RunAsync(async () =>
        {
            await using var provider = CliHost.Build(CliOptions.ResolveDatabase(parseResult));
            await using var scope = provider.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            await DataServiceCollectionExtensions.MigrateAsync(db, cancellationToken);
            if (await ResolveAsync(db, parseResult.GetValue(target)!, cancellationToken) is not { } caseId)
            {
                return 1;
            }
            var view = (await scope.ServiceProvider.GetRequiredService<NrmLifecycleService>().GetLifecycleAsync(caseId, CaseViewer.LocalOperator, cancellationToken)).Value;
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
        command.SetAction((parseResult, cancellationToken) => CliHost.RunAsync(async () =>
        {
            await using var provider = CliHost.Build(CliOptions.ResolveDatabase(parseResult));
            await using var scope = provider.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            await DataServiceCollectionExtensions.MigrateAsync(db, cancellationToken);
            if (await ResolveAsync(db, parseResult.GetValue(target)!, cancellationToken) is not { } caseId)
            {
                return 1;
            }
            var service = scope.ServiceProvider.GetRequiredService<NrmLifecycleService>();
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
                    await Console.Error.WriteLineAsync($"ariadne: {result.Problem.Kind}.");
                    return 1;
            }
        }));
        return command;
    }

    private static Command Dashboard()
    {
        var organisation = new Option<string?>("--organisation") { Description = "The organisation's name or id (default: every organisation with open deadlines)." };
        var json = new Option<bool>("--json") { Description = "Print JSON instead of text." };
        var command = new Command("dashboard", "Print the overdue deadlines and those due within three days, per organisation.") { organisation, json };
        command.SetAction((parseResult, cancellationToken) => CliHost.RunAsync(async () =>
        {
            await using var provider = CliHost.Build(CliOptions.ResolveDatabase(parseResult));
            await using var scope = provider.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            await DataServiceCollectionExtensions.MigrateAsync(db, cancellationToken);
            var names = await db.Organisations.AsNoTracking().ToDictionaryAsync(o => o.Id, o => o.Name, cancellationToken);
            List<Guid> organisations;
            if (parseResult.GetValue(organisation) is { } wanted)
            {
                var match = names.Where(n => n.Key.ToString() == wanted.Trim() || string.Equals(n.Value, wanted.Trim(), StringComparison.OrdinalIgnoreCase)).Select(n => n.Key).ToList();
                if (match.Count != 1)
                {
                    await Console.Error.WriteLineAsync($"ariadne: --organisation: no single organisation '{wanted}'.");
                    return 2;
                }
                organisations = match;
            }
            else
            {
                organisations = await db.Set<NrmDeadline>().Where(d => d.IsOpen).Select(d => d.OrganisationId).Distinct().ToListAsync(cancellationToken);
            }
            var service = scope.ServiceProvider.GetRequiredService<NrmReports>();
            var codes = new Dictionary<Guid, string>();
            var dashboards = new List<NrmDashboard>();
            foreach (var id in organisations)
            {
                var dashboard = (await service.DashboardAsync(id, CaseViewer.LocalOperator, 50, cancellationToken)).Value!;
                dashboards.Add(dashboard);
                var ids = dashboard.Items.Select(i => i.CaseId).Where(i => !codes.ContainsKey(i)).Distinct().ToList();
                foreach (var c in await db.Cases.AsNoTracking().Where(c => ids.Contains(c.Id)).Select(c => new { c.Id, c.CaseCode }).ToListAsync(cancellationToken))
                {
                    codes[c.Id] = c.CaseCode;
                }
            }
            if (parseResult.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(dashboards.Select(d => new
                {
                    d.OrganisationId,
                    Organisation = names.GetValueOrDefault(d.OrganisationId),
                    d.Overdue,
                    d.Due,
                    Items = d.Items.Select(i => new { CaseCode = codes.GetValueOrDefault(i.CaseId), i.Kind, i.DueDate, i.Status }),
                }), Json));
                return 0;
            }
            foreach (var d in dashboards)
            {
                Console.WriteLine(Invariant($"{names.GetValueOrDefault(d.OrganisationId, d.OrganisationId.ToString())}: {d.Overdue} overdue, {d.Due} due within three days"));
                foreach (var i in d.Items)
                {
                    Console.WriteLine(Invariant($"  {codes.GetValueOrDefault(i.CaseId)}\t{i.Kind}\t{i.DueDate:yyyy-MM-dd}\t{i.Status}"));
                }
            }
            return 0;
        }));
        return command;
    }

    private static Command Statistics()
    {
        var json = new Option<bool>("--json") { Description = "Print JSON instead of text." };
        var suppress = new Option<int>("--suppress") { Description = "Counts from 1 to N-1 are suppressed; 0 turns suppression off.", DefaultValueFactory = _ => new DisclosureOptions().Threshold };
        var command = new Command("statistics", "Time to each decision, the share within target and services per person (small counts suppressed), as a logged release (see `ariadne releases`).") { json, suppress };
        command.SetAction((parseResult, cancellationToken) => CliHost.RunAsync(async () =>
        {
            await using var provider = CliHost.Build(CliOptions.ResolveDatabase(parseResult));
            await using var scope = provider.CreateAsyncScope();
            await DataServiceCollectionExtensions.MigrateAsync(scope.ServiceProvider.GetRequiredService<AppDbContext>(), cancellationToken);
            var threshold = parseResult.GetValue(suppress);
            if (threshold < 0)
            {
                await Console.Error.WriteLineAsync("ariadne: --suppress must be 0 (off) or more.");
                return 2;
            }
            var asJson = parseResult.GetValue(json);
            var (release, table, report) = await AssistanceStatisticsProducer.PublishAsync(scope.ServiceProvider.GetRequiredService<ReleaseService>(), threshold,
                asJson ? "json" : "tsv", cancellationToken);
            await Console.Error.WriteLineAsync($"Release {release.Id}: {release.Method}");
            await Console.Error.WriteLineAsync(StatsCommand.ExcludedByConsent(table.ExcludedByConsent ?? 0));
            if (asJson)
            {
                Console.WriteLine(JsonSerializer.Serialize(report, Json));
                return 0;
            }
            var hidden = "<" + report.Threshold.ToString(CultureInfo.InvariantCulture);
            string Count(int? n) => n?.ToString(CultureInfo.InvariantCulture) ?? hidden;
            Console.WriteLine("decision\tcount\tmedian_days\twithin_target\t" + string.Join("\t", AssistanceStatistics.DayBands.Select(b => "days_" + b.Band)));
            foreach (var d in report.Decisions)
            {
                Console.WriteLine(Invariant($"{d.Kind}\t{Count(d.Decisions)}\t{d.MedianDays:0.0}\t{d.WithinTargetShare:0.00}\t") + string.Join("\t", d.Distribution.Select(b => Count(b.Count))));
            }
            var s = report.Services;
            Console.WriteLine(Invariant($"people\t{Count(s.People)}\tmean_services\t{s.MeanServices:0.00}\tmedian_services\t{s.MedianServices:0.0}"));
            Console.WriteLine("services_per_person\t" + string.Join("\t", s.Distribution.Select(b => $"{b.Band}={Count(b.Count)}")));
            Console.WriteLine("by_service\t" + string.Join("\t", s.ByService.Select(b => $"{b.Band}={Count(b.Count)}")));
            return 0;
        }));
        return command;
    }

    private static Command Reminders()
    {
        var dryRun = new Option<bool>("--dry-run") { Description = "Compose and print the messages (recipient counts, case codes, deadlines) without sending." };
        var send = new Command("send", "Send each organisation's case workers its due and overdue deadlines (SMTP from Smtp__Host, Smtp__Port, Smtp__From, Smtp__UserName, Smtp__Password, Smtp__UseStartTls).") { dryRun };
        send.SetAction((parseResult, cancellationToken) => CliHost.RunAsync(async () =>
        {
            var dry = parseResult.GetValue(dryRun);
            var smtp = new SmtpOptions();
            new ConfigurationBuilder().AddEnvironmentVariables().Build().GetSection(SmtpOptions.Section).Bind(smtp);
            if (!dry && !smtp.Enabled)
            {
                await Console.Error.WriteLineAsync("ariadne: SMTP is not configured: set Smtp__Host and Smtp__From (or use --dry-run).");
                return 1;
            }
            await using var provider = CliHost.Build(CliOptions.ResolveDatabase(parseResult));
            await using var scope = provider.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            await DataServiceCollectionExtensions.MigrateAsync(db, cancellationToken);
            var reminders = new ReminderService(db, scope.ServiceProvider.GetRequiredService<NrmReports>(), new SmtpReminderSender(Microsoft.Extensions.Options.Options.Create(smtp)));
            var messages = await reminders.SendAsync(dry, cancellationToken);
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
    /// <summary>
    /// <c>referral best-interest record CASE --outcome in-best-interest|not-in-best-interest --reasons R [--decided-on D]
    /// [--guardian TYPE] [--to ORG]</c> and <c>referral best-interest list CASE</c>: a child's recorded best-interest
    /// decisions, which the consent gate reads.
    /// </summary>
    private static Command BestInterest()
    {
        var target = new Argument<string>("case") { Description = "The case code or the case id." };
        var outcome = new Option<string>("--outcome") { Description = "in-best-interest or not-in-best-interest (of a referral).", Required = true };
        var reasons = new Option<string>("--reasons") { Description = "The reasons for the decision (stored sealed).", Required = true };
        var decidedOn = new Option<string?>("--decided-on") { Description = "The date of the decision, yyyy-MM-dd (default today)." };
        var guardian = new Option<string?>("--guardian") { Description = "The role of the guardian who took part: " + string.Join(", ", Enum.GetNames<Core.Consent.GuardianType>()) + "; omit when none took part." };
        var to = new Option<string?>("--to") { Description = "The organisation a referral to which the decision is about (name or id); omit for any." };
        var record = new Command("record", "Record a child's best-interest decision (the local operator).") { target, outcome, reasons, decidedOn, guardian, to };
        record.SetAction((parseResult, cancellationToken) => CliHost.RunAsync(async () =>
        {
            await using var provider = CliHost.Build(CliOptions.ResolveDatabase(parseResult));
            await using var scope = provider.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            await DataServiceCollectionExtensions.MigrateAsync(db, cancellationToken);
            Core.Consent.BestInterestOutcome? wantedOutcome = parseResult.GetValue(outcome)!.Trim() switch
            {
                "in-best-interest" => Core.Consent.BestInterestOutcome.ReferralInBestInterest,
                "not-in-best-interest" => Core.Consent.BestInterestOutcome.ReferralNotInBestInterest,
                _ => null,
            };
            if (wantedOutcome is null)
            {
                await Console.Error.WriteLineAsync("ariadne: --outcome: give in-best-interest or not-in-best-interest.");
                return 2;
            }
            var day = DateOnly.FromDateTime(DateTime.UtcNow);
            if (parseResult.GetValue(decidedOn) is { } dayText && !DateOnly.TryParseExact(dayText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day))
            {
                await Console.Error.WriteLineAsync($"ariadne: --decided-on: '{dayText}' is not a date in the form yyyy-MM-dd.");
                return 2;
            }
            Core.Consent.GuardianType? guardianType = null;
            if (parseResult.GetValue(guardian) is { } guardianText)
            {
                if (!Enum.TryParse<Core.Consent.GuardianType>(guardianText.Replace("-", "", StringComparison.Ordinal), ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed))
                {
                    await Console.Error.WriteLineAsync($"ariadne: --guardian: '{guardianText}' is not one of {string.Join(", ", Enum.GetNames<Core.Consent.GuardianType>())}.");
                    return 2;
                }
                guardianType = parsed;
            }
            Guid? recipient = null;
            if (parseResult.GetValue(to) is { } toText)
            {
                if (await TransnationalCommands.OrganisationAsync(db, toText, "--to", cancellationToken) is not { } found)
                {
                    return 2;
                }
                recipient = found;
            }
            if (await ResolveAsync(db, parseResult.GetValue(target)!, cancellationToken) is not { } caseId)
            {
                return 1;
            }
            var result = await scope.ServiceProvider.GetRequiredService<Core.Consent.ConsentService>().RecordBestInterestAsync(caseId,
                new Core.Consent.BestInterestInput(day, wantedOutcome, parseResult.GetValue(reasons), guardianType is not null, guardianType, recipient),
                CaseViewer.LocalOperator, cancellationToken);
            switch (result.Outcome)
            {
                case CaseWriteOutcome.Success:
                    Console.WriteLine($"Best-interest decision {result.Decision!.Id} recorded ({result.Decision.Outcome}, {result.Decision.DecidedOn:yyyy-MM-dd}).");
                    return 0;
                case CaseWriteOutcome.Invalid:
                    await Console.Error.WriteLineAsync("ariadne: " + string.Join(" ", result.Errors.Select(e => $"{e.Field}: {e.Message}")));
                    return 2;
                default:
                    await Console.Error.WriteLineAsync($"ariadne: {result.Outcome}.");
                    return 1;
            }
        }));
        var listTarget = new Argument<string>("case") { Description = "The case code or the case id." };
        var list = new Command("list", "Print a case's best-interest decisions, newest first, with their reasons (the local operator).") { listTarget };
        list.SetAction((parseResult, cancellationToken) => CliHost.RunAsync(async () =>
        {
            await using var provider = CliHost.Build(CliOptions.ResolveDatabase(parseResult));
            await using var scope = provider.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            await DataServiceCollectionExtensions.MigrateAsync(db, cancellationToken);
            if (await ResolveAsync(db, parseResult.GetValue(listTarget)!, cancellationToken) is not { } caseId)
            {
                return 1;
            }
            var decisions = await scope.ServiceProvider.GetRequiredService<Core.Consent.ConsentService>().ListBestInterestAsync(caseId, CaseViewer.LocalOperator, cancellationToken) ?? [];
            foreach (var d in decisions)
            {
                Console.WriteLine($"{d.DecidedOn:yyyy-MM-dd}\t{d.Outcome}\tguardian: {d.GuardianType?.ToString() ?? "none"}\t{d.Reasons}");
            }
            return 0;
        }));
        var command = new Command("best-interest", "A child's best-interest decisions: the consent gate lets a child's referral without consent go ahead on a recorded one.");
        command.Subcommands.Add(record);
        command.Subcommands.Add(list);
        return command;
    }

    internal static async Task<Guid?> ResolveAsync(AppDbContext db, string target, CancellationToken cancellationToken)
    {
        var text = target.Trim();
        var id = Guid.TryParse(text, out var parsed)
            ? await db.Cases.Where(c => c.Id == parsed).Select(c => (Guid?)c.Id).SingleOrDefaultAsync(cancellationToken)
            : await db.Cases.Where(c => c.CaseCode == text.ToUpperInvariant()).Select(c => (Guid?)c.Id).SingleOrDefaultAsync(cancellationToken);
        if (id is null)
        {
            await Console.Error.WriteLineAsync($"ariadne: no case '{text}'.");
        }
        return id;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
