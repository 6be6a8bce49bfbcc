using System.CommandLine;
using System.Globalization;
using Ariadne.Core.Cases;

namespace Ariadne.Cli;

/// <summary>
/// <c>referral best-interest record CASE --outcome in-best-interest|not-in-best-interest --reasons R [--decided-on D]
/// [--guardian TYPE] [--to ORG]</c> and <c>referral best-interest list CASE</c>: a child's recorded best-interest
/// decisions, which the consent gate reads.
/// </summary>
public static class ReferralBestInterestCommand
{
    public static Command Create()
    {
        var target = new Argument<string>("case") { Description = "The case code or the case id." };
        var outcome = new Option<string>("--outcome") { Description = "in-best-interest or not-in-best-interest (of a referral).", Required = true };
        var reasons = new Option<string>("--reasons") { Description = "The reasons for the decision (stored sealed).", Required = true };
        var decidedOn = new Option<string?>("--decided-on") { Description = "The date of the decision, yyyy-MM-dd (default today)." };
        var guardian = new Option<string?>("--guardian") { Description = "The role of the guardian who took part: " + string.Join(", ", Enum.GetNames<Core.Consent.GuardianType>()) + "; omit when none took part." };
        var to = new Option<string?>("--to") { Description = "The organisation a referral to which the decision is about (name or id); omit for any." };
        var record = new Command("record", "Record a child's best-interest decision (the local operator).") { target, outcome, reasons, decidedOn, guardian, to };
        record.SetAction((parseResult, cancellationToken) => CliHost.RunAsync(parseResult, cancellationToken, async session =>
        {
            var services = await session.OpenAsync();
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
            var day = DateOnly.FromDateTime(services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime);
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
                if (await TransnationalCommands.OrganisationAsync(services, toText, "--to", cancellationToken) is not { } found)
                {
                    return 2;
                }
                recipient = found;
            }
            if (await ReferralCommand.ResolveAsync(services, parseResult.GetValue(target)!, cancellationToken) is not { } caseId)
            {
                return 1;
            }
            var result = await services.GetRequiredService<Core.Consent.ConsentService>().RecordBestInterestAsync(caseId,
                new Core.Consent.BestInterestInput(day, wantedOutcome, parseResult.GetValue(reasons), guardianType is not null, guardianType, recipient),
                CaseViewer.LocalOperator, cancellationToken);
            switch (result.Problem?.Kind)
            {
                case null:
                    Console.WriteLine($"Best-interest decision {result.Value!.Id} recorded ({result.Value.Outcome}, {result.Value.DecidedOn:yyyy-MM-dd}).");
                    return 0;
                default:
                    return await CliHost.ReportAsync(result.Problem);
            }
        }));
        var listTarget = new Argument<string>("case") { Description = "The case code or the case id." };
        var list = new Command("list", "Print a case's best-interest decisions, newest first, with their reasons (the local operator).") { listTarget };
        list.SetAction((parseResult, cancellationToken) => CliHost.RunAsync(parseResult, cancellationToken, async session =>
        {
            var services = await session.OpenAsync();
            if (await ReferralCommand.ResolveAsync(services, parseResult.GetValue(listTarget)!, cancellationToken) is not { } caseId)
            {
                return 1;
            }
            var decisions = await services.GetRequiredService<Core.Consent.ConsentService>().ListBestInterestAsync(caseId, CaseViewer.LocalOperator, cancellationToken) ?? [];
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
}
