using System.CommandLine;
using Ariadne.Core.Cases;
using Ariadne.Core.Common;
using Ariadne.Core.Erasure;

namespace Ariadne.Cli;

/// <summary><c>ariadne persons erase|hold CASECODE</c>: erasure on request (crypto-shredding) and legal holds.</summary>
public static class PersonsCommand
{
    public static Command Create()
    {
        var persons = new Command("persons", "The persons the cases are about: erasure of identifying data, legal holds.");
        var caseCode = new Argument<string>("case-code") { Description = "The case's code, e.g. C-7K3M-9QX2." };

        var reason = new Option<string>("--reason") { Description = "Why (e.g. the request's date); must not identify the person.", Required = true };
        var erase = new Command("erase", "Destroy the identifying data of the case's person (its data key); the non-identifying fields stay for statistics.") { caseCode, reason };
        erase.SetAction((parseResult, cancellationToken) => CliHost.RunAsync(parseResult, cancellationToken, async session =>
        {
            var code = parseResult.GetValue(caseCode)!;
            var services = await session.OpenAsync();
            var cases = services.GetRequiredService<CaseService>();
            if (await cases.FindIdByCodeAsync(code, CaseViewer.LocalOperator, cancellationToken) is not { } id)
            {
                throw new ArgumentException($"There is no case {code}.");
            }
            var result = await services.GetRequiredService<ErasureService>()
                .EraseAsync(id, CaseViewer.LocalOperator, parseResult.GetValue(reason)!, cancellationToken);
            switch (result.Problem?.Kind)
            {
                case null:
                    Console.WriteLine($"The identifying data of case {code} has been erased.");
                    return 0;
                case ProblemKind.Invalid:
                    await Console.Error.WriteLineAsync($"ariadne: --reason must be 1 to {CaseRules.MaxErasureReasonLength} characters. Nothing was erased.");
                    return 2;
                case ProblemKind.Refused:
                    await Console.Error.WriteLineAsync($"ariadne: case {code} is under a legal hold; release it first (ariadne persons hold {code} --release). Nothing was erased.");
                    return 1;
                default:
                    return await CliHost.ReportAsync(result.Problem, $"case {code} could not be erased, nothing was erased");
            }
        }));
        persons.Subcommands.Add(erase);

        var release = new Option<bool>("--release") { Description = "Release the hold instead of setting it." };
        var hold = new Command("hold", "Set (or with --release, release) the legal hold that blocks erasure.") { caseCode, release };
        hold.SetAction((parseResult, cancellationToken) => CliHost.RunAsync(parseResult, cancellationToken, async session =>
        {
            var code = parseResult.GetValue(caseCode)!;
            var services = await session.OpenAsync();
            var cases = services.GetRequiredService<CaseService>();
            if (await cases.FindIdByCodeAsync(code, CaseViewer.LocalOperator, cancellationToken) is not { } id)
            {
                throw new ArgumentException($"There is no case {code}.");
            }
            var on = !parseResult.GetValue(release);
            if ((await services.GetRequiredService<ErasureService>().SetLegalHoldAsync(id, on, CaseViewer.LocalOperator, cancellationToken)).Problem is { } problem)
            {
                return await CliHost.ReportAsync(problem, $"case {code}");
            }
            Console.WriteLine(on ? $"Case {code} is under a legal hold." : $"The legal hold on case {code} is released.");
            return 0;
        }));
        persons.Subcommands.Add(hold);
        return persons;
    }
}
