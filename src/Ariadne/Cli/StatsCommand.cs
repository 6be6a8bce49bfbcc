using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Ariadne.Analytics.Disclosure;
using Ariadne.Analytics.Statistics;
using Ariadne.Core.CodeLists;
using Ariadne.Core.Data;
using Ariadne.Core.Statistics;
using MiniExcelLibs;

namespace Ariadne.Cli;

/// <summary>
/// <c>ariadne stats --source glotip --indicator NAME --by year --format csv</c>: per-year sums of the GLOTIP country
/// totals with the number of countries reporting. <c>ariadne stats --source cases --by sex,ageGroup,form [--suppress 5]
/// --format csv|json|xlsx [--output FILE]</c>: a disaggregation of the case records with every subtotal, after disclosure
/// control (small cells "&lt;5", complementary cells "x"); the method is written to stderr (csv, xlsx) or into the JSON.
/// <c>ariadne stats --source screenings --by outcome,form</c>: the same for the stored screenings (aggregates only).
/// </summary>
public static class StatsCommand
{
    public static Command Create()
    {
        var source = new Option<string>("--source") { Description = "glotip, cases or screenings.", Required = true };
        source.AcceptOnlyFromAmong("glotip", "cases", "screenings");
        var indicator = new Option<string>("--indicator") { Description = "The GLOTIP indicator.", DefaultValueFactory = _ => "Detected trafficking victims" };
        var by = new Option<string>("--by") { Description = $"Comma-separated dimensions (cases: {string.Join(", ", CaseStatistics.Dimensions)}; screenings: {string.Join(", ", ScreeningStatistics.Dimensions)}; glotip: year).", DefaultValueFactory = _ => "year" };
        var suppress = new Option<int>("--suppress") { Description = "Counts from 1 to N-1 are suppressed (shown as <N); 0 turns suppression off.", DefaultValueFactory = _ => 5 };
        var format = new Option<string>("--format") { Description = "csv, json or xlsx.", DefaultValueFactory = _ => "csv" };
        format.AcceptOnlyFromAmong("csv", "json", "xlsx");
        var output = new Option<FileInfo?>("--output") { Description = "The file to write (default: standard output; required for xlsx)." };
        var stats = new Command("stats", "Print statistics with disclosure control applied.") { source, indicator, by, suppress, format, output };
        stats.SetAction((parseResult, cancellationToken) => CliHost.RunAsync(async () =>
        {
            var kind = parseResult.GetValue(format)!;
            var file = parseResult.GetValue(output);
            if (kind == "xlsx" && file is null)
            {
                throw new ArgumentException("--format xlsx writes a file: name it with --output FILE.xlsx.");
            }
            var dimensions = parseResult.GetValue(by)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            await using var provider = CliHost.Build(CliOptions.ResolveDatabase(parseResult));
            await using var scope = provider.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            await DataServiceCollectionExtensions.MigrateAsync(db, cancellationToken);
            List<string[]> table;
            string method;
            if (parseResult.GetValue(source) == "glotip")
            {
                if (dimensions is not ["year"])
                {
                    await Console.Error.WriteLineAsync("ariadne: GLOTIP statistics are by year only (--by year).");
                    return 2;
                }
                var totals = await new GlotipStore(db).YearTotalsAsync(parseResult.GetValue(indicator)!, cancellationToken);
                table = [["year", "total", "countries_reporting", "countries_suppressed"],
                    .. totals.Select(t => new[] { Invariant(t.Year), Invariant(t.Sum), Invariant(t.CountriesReporting), Invariant(t.SuppressedCountries) })];
                method = "Sum of the published country totals (dimension, category, sex and age 'Total'); countries published as <5 are counted as reporting but not in the total.";
            }
            else if (parseResult.GetValue(source) == "screenings")
            {
                try
                {
                    (table, method) = await ScreeningStatistics.TableAsync(db, scope.ServiceProvider.GetRequiredService<CodeListRegistry>(), dimensions,
                        parseResult.GetValue(suppress), cancellationToken);
                }
                catch (ArgumentException e) when (e.ParamName == "by")
                {
                    await Console.Error.WriteLineAsync($"ariadne: --by: {e.Message[..e.Message.IndexOf(" (Parameter", StringComparison.Ordinal)]}");
                    return 2;
                }
            }
            else
            {
                var unknown = dimensions.Where(d => !CaseStatistics.Dimensions.Contains(d, StringComparer.OrdinalIgnoreCase)).ToList();
                if (dimensions.Length == 0 || unknown.Count > 0)
                {
                    await Console.Error.WriteLineAsync($"ariadne: unknown dimension(s) {string.Join(", ", unknown)}; use {string.Join(", ", CaseStatistics.Dimensions)}.");
                    return 2;
                }
                var records = await CaseStatistics.LoadAsync(db, scope.ServiceProvider.GetRequiredService<CodeListRegistry>(), cancellationToken);
                var counts = Disaggregation.Count(records, dimensions);
                var published = DisclosureControl.Protect(counts, new DisclosureOptions { Threshold = parseResult.GetValue(suppress) });
                table = [[.. published.Dimensions.Select(d => d.Name), "persons"]];
                for (var i = 0; i < published.Values.Count; i++)
                {
                    var at = published.Coordinates(i);
                    table.Add([.. at.Select((index, d) => published.Dimensions[d].Label(index)), published.Display(i)]);
                }
                method = published.Method;
            }
            if (kind == "json")
            {
                var json = JsonSerializer.Serialize(new
                {
                    columns = table[0],
                    rows = table.Skip(1),
                    method,
                }, new JsonSerializerOptions { WriteIndented = true });
                await Write(file, json + Environment.NewLine);
                return 0;
            }
            await Console.Error.WriteLineAsync(method);
            if (kind == "xlsx")
            {
                var rows = table.Skip(1).Select(r => table[0].Select((c, i) => (c, v: r[i])).ToDictionary(p => p.c, p => (object?)p.v));
                await MiniExcel.SaveAsAsync(file!.FullName, rows, overwriteFile: true, cancellationToken: cancellationToken);
                return 0;
            }
            var csv = new StringBuilder();
            foreach (var row in table)
            {
                csv.AppendLine(string.Join(",", row.Select(Quote)));
            }
            await Write(file, csv.ToString());
            return 0;
        }));
        return stats;
    }

    private static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Quote(string cell) =>
        cell.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + cell.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : cell;

    private static async Task Write(FileInfo? file, string text)
    {
        if (file is null)
        {
            await Console.Out.WriteAsync(text);
            return;
        }
        await File.WriteAllTextAsync(file.FullName, text, new UTF8Encoding(true));
    }
}
