using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Ariadne.Analytics.Estimation;
using Ariadne.Core.Estimation;

namespace Ariadne.Cli;

/// <summary>
/// <c>ariadne estimate mse COUNTS.csv [--model main-effects|stepwise|bic] [--json]</c>: multiple systems estimation of
/// the persons no list detected. Reads no database. Exit 0 with the estimate (or, when no model's estimate exists, the
/// reasons and no number); 2 when the file is invalid (every row error listed).
/// </summary>
public static class EstimateCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("counts") { Description = "A CSV: one 0/1 column per list, then 'count'; one row per inclusion pattern (zero counts may be absent)." };
        var model = new Option<string>("--model") { Description = "How the reported model is chosen: main-effects, stepwise (SparseMSE's rule, p < 0.02) or bic.", DefaultValueFactory = _ => "stepwise" };
        model.AcceptOnlyFromAmong("main-effects", "stepwise", "bic");
        var json = new Option<bool>("--json") { Description = "Print the result as JSON: observed, selected {model, estimate, lower, upper}, models." };
        var mse = new Command("mse", "Multiple systems estimation (capture–recapture over 2 or more lists) with Poisson log-linear models and 95 % profile-likelihood intervals.") { file, model, json };
        mse.SetAction(async (parseResult, cancellationToken) =>
        {
            var path = ImportCommand.ExistingFile(parseResult.GetValue(file)!);
            var (counts, errors) = InclusionPatternFile.Read(path);
            if (counts is null)
            {
                return await ImportCommand.RefuseAsync(errors, Path.GetFileName(path));
            }
            var selection = MseReport.ParseSelection(parseResult.GetValue(model)) ?? MseSelection.Stepwise;
            var result = MultipleSystemsEstimation.Estimate(counts, selection);
            if (parseResult.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(MseReport.From(result), MseReport.Json));
            }
            else
            {
                WriteText(result);
            }
            if (result.Selected is null)
            {
                await Console.Error.WriteLineAsync("ariadne: no model's estimate exists for these counts; the lists overlap too little (see the reasons per model).");
            }
            return 0;
        });
        var estimate = new Command("estimate", "Estimate what no agency detected.");
        estimate.Subcommands.Add(mse);
        return estimate;
    }

    private static void WriteText(MseResult result)
    {
        var invariant = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(invariant, $"Observed: {result.Observed} persons on {result.Lists.Count} lists ({string.Join(", ", result.Lists)})."));
        if (result.Selected is { } s)
        {
            var upper = s.Upper is { } u ? u.ToString("F0", invariant) : "unbounded";
            Console.WriteLine($"Selected ({JsonNamingPolicy.KebabCaseLower.ConvertName(result.Selection.ToString())}): {s.Model}");
            Console.WriteLine(string.Create(invariant, $"Estimated total: {s.Estimate:F0} (95 % interval {s.Lower:F0} to {upper}); undetected {s.Undetected:F0}."));
        }
        else
        {
            Console.WriteLine("Selected: none; no model's estimate exists.");
        }
        Console.WriteLine($"Models fitted ({result.Models.Count}):");
        foreach (var fit in result.Models)
        {
            Console.WriteLine("  " + MultipleSystemsEstimation.Describe(fit));
        }
    }
}
