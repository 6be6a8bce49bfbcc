using System.CommandLine;
using System.Globalization;
using Ariadne.Core.Cases;
using Ariadne.Core.Common;
using Ariadne.Core.Duplicates;

namespace Ariadne.Cli;

/// <summary>
/// <c>ariadne duplicates run|list|accept|reject|unmerge</c>: the duplicate search inside one organisation's registry at
/// the command line, through the same Core service as the page <c>/Duplicates</c> and the API (<see cref="DuplicateService"/>),
/// acting as the local operator (who may deduplicate, as a coordinator may) and audited as such. <c>run</c> runs in the
/// foreground with a progress bar on stderr (not as a background job). <c>list</c> prints what the review page lists —
/// pair and case codes, probability, status — and never a name: the page shows names only on a pair a reviewer has
/// revealed, which the command line does not do. Exit 2 with one line naming the parameter for invalid input.
/// </summary>
public static class DuplicatesCommand
{
    /// <summary>The status words of <c>list --status</c>, and "all".</summary>
    private static readonly string[] Statuses = ["pending", "accepted", "rejected", "all"];

    public static Command Create()
    {
        var duplicates = new Command("duplicates", "Find and settle persons recorded twice in one organisation's registry (review, merge, un-merge).");
        duplicates.Subcommands.Add(Run());
        duplicates.Subcommands.Add(List());
        duplicates.Subcommands.Add(Accept());
        duplicates.Subcommands.Add(Reject());
        duplicates.Subcommands.Add(Unmerge());
        return duplicates;
    }

    private static Option<string?> OrganisationOption(string description) => new("--organisation") { Description = description };

    private static Command Run()
    {
        var organisation = OrganisationOption("The organisation whose persons are compared, by name or id (required when several hold cases).");
        var threshold = new Option<double>("--threshold") { Description = "Pairs at or above this match probability are likely matches (above 0, below 1).", DefaultValueFactory = _ => DuplicateService.DefaultThreshold };
        var lowerBound = new Option<double>("--lower-bound") { Description = "Pairs from this probability up to the threshold are uncertain; both go to review (above 0, below the threshold).", DefaultValueFactory = _ => DuplicateService.DefaultLowerBound };
        var merge = new Option<bool>("--merge-certain") { Description = "Merge every pair at or above the threshold at once (else nothing is merged without a decision)." };
        var command = new Command("run", "Compare the organisation's persons and store the pairs for review (replaces the pending pairs of earlier runs).") { organisation, threshold, lowerBound, merge };
        command.SetAction((parseResult, cancellationToken) => CliHost.RunAsync(parseResult, cancellationToken, async session =>
        {
            var services = await session.OpenAsync();
            var chosen = await CliHost.OrganisationAsync(services, parseResult.GetValue(organisation), cancellationToken);
            if (chosen.Problem is { } notChosen)
            {
                return await CliHost.ReportAsync(notChosen);
            }
            var request = new DuplicateRunRequest(chosen.Value, parseResult.GetValue(threshold), parseResult.GetValue(lowerBound), parseResult.GetValue(merge));
            var progress = ConsoleProgress.ForStandardError();
            var result = await services.GetRequiredService<DuplicateService>().RunAsync(request, CaseViewer.LocalOperator, progress, cancellationToken);
            progress.Complete();
            if (result.Problem is { } problem)
            {
                return await CliHost.ReportAsync(Options(problem), "nothing was stored");
            }
            var run = result.Value!;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Run {run.Id} over {run.OrganisationName}: {run.Persons} person(s), {run.ComparedPairs} pair(s) compared; {run.CertainPairs} likely match(es) and {run.UncertainPairs} uncertain pair(s) to review, {run.MergedPairs} merged."));
            return 0;
        }));
        return command;
    }

    private static Command List()
    {
        var organisation = OrganisationOption("Only this organisation's pairs, by name or id (default: every organisation's).");
        var status = new Option<string>("--status") { Description = "pending (default), accepted, rejected or all.", DefaultValueFactory = _ => "pending" };
        var page = new Option<int>("--page") { Description = "The page of 100 pairs, strongest evidence first (from 1).", DefaultValueFactory = _ => 1 };
        var command = new Command("list", "The pairs for review: pair id, the two case codes, match probability, status, merge id. No names.") { organisation, status, page };
        command.SetAction((parseResult, cancellationToken) => CliHost.RunAsync(parseResult, cancellationToken, async session =>
        {
            var statusText = parseResult.GetValue(status)!.Trim().ToLowerInvariant();
            if (!Statuses.Contains(statusText, StringComparer.Ordinal))
            {
                return await CliHost.ReportAsync(Problem.Invalid("--status", "Choice", $"'{statusText}' is none of {string.Join(", ", Statuses)}"));
            }
            var services = await session.OpenAsync();
            Guid? organisationId = null;
            if (parseResult.GetValue(organisation) is { } wanted)
            {
                var chosen = await CliHost.OrganisationAsync(services, wanted, cancellationToken);
                if (chosen.Problem is { } notChosen)
                {
                    return await CliHost.ReportAsync(notChosen);
                }
                organisationId = chosen.Value;
            }
            var query = new DuplicatePairQuery(statusText == "all" ? null : Enum.Parse<DuplicatePairStatus>(statusText, ignoreCase: true),
                OrganisationId: organisationId, Page: parseResult.GetValue(page), PageSize: 100);
            var result = await services.GetRequiredService<DuplicateService>().PairsAsync(query, CaseViewer.LocalOperator, cancellationToken);
            if (result.Problem is { } problem)
            {
                return await CliHost.ReportAsync(Options(problem));
            }
            var pairs = result.Value!;
            Console.WriteLine("pair\tleft_case\tright_case\tprobability\tlikely\tstatus\tmerge");
            foreach (var p in pairs.Items)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{p.Id}\t{p.LeftCaseCode}\t{p.RightCaseCode}\t{p.Probability:F4}\t{(p.Certain ? "yes" : "no")}\t{p.Status.ToString().ToLowerInvariant()}\t{p.MergeId?.ToString() ?? "-"}"));
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{pairs.TotalCount} pair(s); page {pairs.Page} of {pairs.PageCount}."));
            return 0;
        }));
        return command;
    }

    private static Command Accept()
    {
        var reason = new Option<string?>("--reason") { Description = $"Why they are one person (at most {DuplicateService.MaxReasonLength} characters); must not identify the person." };
        return Decision("accept", "The pair is one person: merge the two persons (undo with unmerge).", "pair-id", "The pair's id, as list prints it.",
            [reason], "nothing was merged", async (service, id, parseResult, cancellationToken) =>
                Line(await service.AcceptAsync(id, parseResult.GetValue(reason), CaseViewer.LocalOperator, cancellationToken), merge =>
                    $"Merged {merge.Members.Count} person(s) as one (merge {merge.Id}); undo with: ariadne duplicates unmerge {merge.Id}"));
    }

    private static Command Reject() =>
        Decision("reject", "The pair is two people: never proposed again nor merged.", "pair-id", "The pair's id, as list prints it.",
            [], "nothing was changed", async (service, id, _, cancellationToken) =>
                Line(await service.RejectAsync(id, CaseViewer.LocalOperator, cancellationToken), pair =>
                    $"Pair {pair.Id} ({pair.LeftCaseCode}, {pair.RightCaseCode}) rejected: two people."));

    private static Command Unmerge() =>
        Decision("unmerge", "Undo a merge: every person gets its previous cluster key back; the pair is pending again.", "merge-id",
            "The merge to undo (printed by accept; list --status accepted shows it).", [], "nothing was undone", async (service, id, _, cancellationToken) =>
                Line(await service.UnmergeAsync(id, CaseViewer.LocalOperator, cancellationToken), merge =>
                    $"Merge {merge.Id} undone: {merge.Members.Count} person(s) have their previous keys again."));

    /// <summary>
    /// A decision on one pair or merge named by its id (the argument <paramref name="argument"/>): the id is checked before the
    /// database is opened; <paramref name="decide"/> returns the line to print, or the service's problem (printed after <paramref name="nothingDone"/>).
    /// </summary>
    private static Command Decision(string name, string description, string argument, string argumentDescription, Option[] options, string nothingDone,
        Func<DuplicateService, Guid, ParseResult, CancellationToken, Task<Result<string>>> decide)
    {
        var id = new Argument<string>(argument) { Description = argumentDescription };
        var command = new Command(name, description) { id };
        foreach (var option in options)
        {
            command.Options.Add(option);
        }
        command.SetAction((parseResult, cancellationToken) => CliHost.RunAsync(parseResult, cancellationToken, async session =>
        {
            var parsed = ParseId(parseResult.GetValue(id), argument);
            if (parsed.Problem is { } bad)
            {
                return await CliHost.ReportAsync(bad);
            }
            var services = await session.OpenAsync();
            var result = await decide(services.GetRequiredService<DuplicateService>(), parsed.Value, parseResult, cancellationToken);
            if (result.Problem is { } problem)
            {
                return await CliHost.ReportAsync(Options(problem), nothingDone);
            }
            Console.WriteLine(result.Value);
            return 0;
        }));
        return command;
    }

    /// <summary>The line a successful decision prints, or its problem.</summary>
    private static Result<string> Line<T>(Result<T> result, Func<T, string> line) => result.Problem is { } problem ? problem : line(result.Value!);

    /// <summary>An id the user typed: Invalid naming <paramref name="parameter"/> when it is not one.</summary>
    private static Result<Guid> ParseId(string? text, string parameter) =>
        Guid.TryParse(text?.Trim(), out var id) ? id : Problem.Invalid(parameter, "Invalid", $"'{text}' is not an id (e.g. 3f2b8c1e-…, as list prints it)");

    /// <summary>The service's field names as the command's options, so that the message names what the user typed.</summary>
    private static Problem Options(Problem problem) => problem with
    {
        Errors = [.. problem.Errors.Select(e => e with
        {
            Field = e.Field switch
            {
                nameof(DuplicateRunRequest.Threshold) => "--threshold",
                nameof(DuplicateRunRequest.LowerBound) => "--lower-bound",
                nameof(DuplicatePairQuery.Page) => "--page",
                "Reason" => "--reason",
                _ => e.Field,
            },
        })],
    };
}
