using System.CommandLine;
using System.Text.Json.Nodes;
using Ariadne.Core.Statistics;
using Ariadne.Core.Statistics.Releases;

namespace Ariadne.Cli;

/// <summary>
/// <c>ariadne stats --source glotip --indicator NAME --by year --format csv</c>: per-year sums of the GLOTIP country
/// totals with the number of countries reporting. <c>ariadne stats --source cases --by sex,ageGroup,form
/// [--filter year=2023,2024] [--suppress 5] [--round 5] [--noise laplace --epsilon 1] --format csv|json|xlsx
/// [--output FILE]</c>: a disaggregation of the case records with every subtotal, after disclosure control (small cells
/// "&lt;5", complementary cells "x"). Every run is a logged release (see <c>ariadne releases</c>); its id and method are
/// written to stderr (csv, xlsx) or into the JSON. <c>ariadne stats --source screenings --by outcome,form</c>: the same for
/// the stored screenings (aggregates only). The noise seed is drawn by the server and kept secret; <c>--seed</c> is for
/// local experiments only: such a release is logged as NOT PRIVATE and spends no budget. <c>--deduplicate [true|false]</c>
/// (cases): count each person once (issue 16); absent, once when any person is in a merge or linkage cluster; the mode
/// and the cases set aside (protected like a cell) are written to stderr.
/// </summary>
public static class StatsCommand
{
    /// <summary>The stderr line that says how many were left out for want of consent to statistics.</summary>
    internal static string ExcludedByConsent(int excluded) => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"Consent: {excluded} left out (the person refused or withdrew consent to statistics).");

    /// <summary>The stderr line that says how a case table counted: each person once (with the cases set aside, protected) or every case.</summary>
    internal static string Counting(bool deduplicated, string? setAside) => !deduplicated
        ? "Counted: every case (a person recorded in several cases counts in each)."
        : setAside is null
            ? "Counted: each person once; the number of cases set aside is not published with noise."
            : $"Counted: each person once; {setAside} cases set aside as the same person as another case.";

    public static Command Create()
    {
        var source = new Option<string>("--source") { Description = "glotip, cases or screenings.", Required = true };
        source.AcceptOnlyFromAmong("glotip", "cases", "screenings");
        var indicator = new Option<string>("--indicator") { Description = "The GLOTIP indicator.", DefaultValueFactory = _ => GlotipTotalsProducer.DefaultIndicator };
        var by = new Option<string>("--by") { Description = $"Comma-separated dimensions (cases: {string.Join(", ", CaseStatistics.Dimensions)}; screenings: {string.Join(", ", ScreeningStatistics.Dimensions)}; glotip: year).", DefaultValueFactory = _ => "year" };
        var filter = new Option<string[]>("--filter") { Description = "DIMENSION=VALUE[,VALUE…]: keep only these values (repeatable; cases only).", AllowMultipleArgumentsPerToken = false };
        var suppress = new Option<int?>("--suppress") { Description = "Counts from 1 to N-1 are suppressed (shown as <N); default 5, never below the administrator's minimum (ariadne releases settings)." };
        var round = new Option<int?>("--round") { Description = "Round every shown count to a multiple of this base." };
        var noise = new Option<string>("--noise") { Description = "none, laplace or gaussian (differential privacy).", DefaultValueFactory = _ => "none" };
        noise.AcceptOnlyFromAmong("none", "laplace", "gaussian");
        var epsilon = new Option<double?>("--epsilon") { Description = "The privacy-loss budget ε of the noise (default 1)." };
        var delta = new Option<double?>("--delta") { Description = "The δ of the Gaussian mechanism (default 1e-6)." };
        var seed = new Option<ulong?>("--seed") { Description = "NOT PRIVATE, local experiments only: a chosen seed of the noise (anyone who knows it can subtract the noise; the release is logged as not private). Omit it: the server draws a secret seed." };
        var deduplicate = new Option<bool?>("--deduplicate")
        {
            Description = "Cases: count each person once (the first case of each merge or linkage cluster); --deduplicate false counts every case. Default: once when any person is in a cluster.",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var format = new Option<string>("--format") { Description = "csv, json or xlsx.", DefaultValueFactory = _ => "csv" };
        format.AcceptOnlyFromAmong([.. ReleaseFormats.All]);
        var output = new Option<FileInfo?>("--output") { Description = "The file to write (default: standard output; required for xlsx)." };
        var stats = new Command("stats", "Print statistics with disclosure control applied; every run is a logged release.")
        {
            source, indicator, by, filter, suppress, round, noise, epsilon, delta, seed, deduplicate, format, output,
        };
        stats.SetAction((parseResult, cancellationToken) => CliHost.RunAsync(parseResult, cancellationToken, async session =>
        {
            var kind = parseResult.GetValue(format)!;
            var file = parseResult.GetValue(output);
            if (kind == "xlsx" && file is null)
            {
                await Console.Error.WriteLineAsync("ariadne: --format xlsx writes a file: name it with --output FILE.xlsx.");
                return 2;
            }
            var dimensions = parseResult.GetValue(by)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            string release;
            JsonObject parameters;
            // The dimensions and disclosure settings every records table (cases, screenings) takes.
            JsonObject Disaggregation() => new()
            {
                ["dimensions"] = new JsonArray([.. dimensions.Select(d => JsonValue.Create(d))]),
                ["threshold"] = parseResult.GetValue(suppress),
                ["roundingBase"] = parseResult.GetValue(round),
                ["noise"] = parseResult.GetValue(noise),
                ["epsilon"] = parseResult.GetValue(epsilon),
                ["delta"] = parseResult.GetValue(delta),
            };
            if (parseResult.GetValue(source) == "glotip")
            {
                if (dimensions is not ["year"])
                {
                    await Console.Error.WriteLineAsync("ariadne: GLOTIP statistics are by year only (--by year).");
                    return 2;
                }
                release = GlotipTotalsProducer.KindName;
                parameters = new JsonObject { ["indicator"] = parseResult.GetValue(indicator) };
            }
            else if (parseResult.GetValue(source) == "screenings")
            {
                release = ScreeningTableProducer.KindName;
                parameters = Disaggregation();
            }
            else
            {
                release = CaseTableProducer.KindName;
                var filters = new JsonObject();
                foreach (var text in parseResult.GetValue(filter) ?? [])
                {
                    var parts = text.Split('=', 2, StringSplitOptions.TrimEntries);
                    if (parts.Length != 2 || parts[0].Length == 0 || parts[1].Length == 0)
                    {
                        await Console.Error.WriteLineAsync($"ariadne: --filter '{text}' is not DIMENSION=VALUE[,VALUE…].");
                        return 2;
                    }
                    filters[parts[0]] = new JsonArray([.. parts[1].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(v => JsonValue.Create(v))]);
                }
                parameters = Disaggregation();
                parameters["filters"] = filters;
                // A bare --deduplicate is true; absent, the producer's default applies (and is logged).
                if (parseResult.GetResult(deduplicate) is { } given)
                {
                    parameters["deduplicate"] = given.Tokens.Count == 0 || parseResult.GetValue(deduplicate) != false;
                }
            }
            var services = await session.OpenAsync();
            var (logged, table) = await services.GetRequiredService<ReleaseService>().PublishAsync(release, parameters, kind, cancellationToken, parseResult.GetValue(seed));
            if (kind != "json")
            {
                await Console.Error.WriteLineAsync($"Release {logged.Id}: {logged.Method}");
            }
            else if (logged.SeedChosen)
            {
                await Console.Error.WriteLineAsync($"Release {logged.Id} is NOT PRIVATE: the noise seed was chosen with --seed.");
            }
            if (table.ExcludedByConsent is { } excluded)
            {
                await Console.Error.WriteLineAsync(StatsCommand.ExcludedByConsent(excluded));
            }
            if (table.Deduplicated is { } once)
            {
                await Console.Error.WriteLineAsync(Counting(once, table.SetAside));
            }
            if (file is not null)
            {
                await using var stream = file.Create();
                await ReleaseFormats.WriteAsync(table, logged, kind, stream, byteOrderMark: true, cancellationToken);
                return 0;
            }
            // Through Console.Out, which the caller may have redirected; statistics tables are small.
            using var buffer = new MemoryStream();
            await ReleaseFormats.WriteAsync(table, logged, kind, buffer, byteOrderMark: false, cancellationToken);
            await Console.Out.WriteAsync(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
            return 0;
        }));
        return stats;
    }
}
