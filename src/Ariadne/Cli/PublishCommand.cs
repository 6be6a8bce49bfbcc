using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Ariadne.Core.Publishing;
using Ariadne.Core.Statistics.Releases;

namespace Ariadne.Cli;

/// <summary>
/// <c>ariadne publish ctdc --layout k-anonymised|synthetic-2024 [--k 11] [--quasi A,B] [--l N --sensitive COLUMN]
/// [--max-suppression 0.1] --output FILE.csv|xlsx|json</c>, <c>ariadne publish ctdc --layout dp-synthetic --epsilon E [--delta D]
/// [--seed S] [--order 1|2] --output FILE</c>, <c>ariadne publish k-anonymous --k K --quasi A,B …</c> and
/// <c>ariadne publish glotip [--threshold 5] --output FILE.xlsx|csv</c>: microdata and GLOTIP files, each a logged,
/// reproducible release (see <c>ariadne releases</c>). The release id, k, ℓ, suppression and information loss go to stderr.
/// </summary>
public static class PublishCommand
{
    public static Command Create()
    {
        var publish = new Command("publish", "Publish CTDC microdata, k-anonymous case microdata or a GLOTIP file; every run is a logged release.");
        publish.Subcommands.Add(Ctdc());
        publish.Subcommands.Add(KAnonymous());
        publish.Subcommands.Add(Glotip());
        return publish;
    }

    private static Output OutputOption() => new();

    private sealed class Output
    {
        public Option<FileInfo> File { get; } = new("--output") { Description = "The file to write: .csv, .xlsx or .json.", Required = true };
    }

    private sealed class Anonymity
    {
        public Option<int> K { get; } = new("--k") { Description = "Every released combination of quasi-identifiers is shared by at least k records.", DefaultValueFactory = _ => MicrodataProducer.DefaultK };

        public Option<string?> Quasi { get; } = new("--quasi") { Description = "Comma-separated quasi-identifier columns (default: year, sex/gender, ageBroad, citizenship, country of exploitation)." };

        public Option<int> L { get; } = new("--l") { Description = "Distinct ℓ-diversity of --sensitive (1 = off).", DefaultValueFactory = _ => 1 };

        public Option<string?> Sensitive { get; } = new("--sensitive") { Description = "The sensitive column for ℓ-diversity, e.g. typeOfExploitConcatenated or form." };

        public Option<double> MaxSuppression { get; } = new("--max-suppression") { Description = "The largest share of records that may be suppressed.", DefaultValueFactory = _ => MicrodataProducer.DefaultMaxSuppression };

        public void AddTo(Command command)
        {
            command.Options.Add(K);
            command.Options.Add(Quasi);
            command.Options.Add(L);
            command.Options.Add(Sensitive);
            command.Options.Add(MaxSuppression);
        }

        public JsonObject Parameters(ParseResult parseResult)
        {
            var parameters = new JsonObject
            {
                ["k"] = parseResult.GetValue(K),
                ["l"] = parseResult.GetValue(L),
                ["maxSuppression"] = parseResult.GetValue(MaxSuppression),
            };
            if (parseResult.GetValue(Quasi) is { } quasi)
            {
                parameters["quasiIdentifiers"] = new JsonArray([.. quasi.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(q => JsonValue.Create(q))]);
            }
            if (parseResult.GetValue(Sensitive) is { } sensitive)
            {
                parameters["sensitive"] = sensitive;
            }
            return parameters;
        }
    }

    /// <summary>The options of <c>--layout dp-synthetic</c>; numbers are read here (invariant culture) so that a bad value exits 2 naming its option.</summary>
    private sealed class Privacy
    {
        public Option<string?> Epsilon { get; } = new("--epsilon") { Description = "dp-synthetic: the privacy-loss budget ε of the whole release (required, > 0)." };

        public Option<string?> Delta { get; } = new("--delta") { Description = "dp-synthetic: δ (default 1e-6)." };

        public Option<string?> Seed { get; } = new("--seed") { Description = "dp-synthetic, NOT PRIVATE, local experiments only: a chosen random seed (anyone who knows it can undo the noise; the release is logged as not private). Omit it: the server draws a secret seed." };

        public Option<int> Order { get; } = new("--order") { Description = "dp-synthetic: 2 = 1-way and 2-way marginals (default), 1 = 1-way only.", DefaultValueFactory = _ => 2 };

        public void AddTo(Command command)
        {
            command.Options.Add(Epsilon);
            command.Options.Add(Delta);
            command.Options.Add(Seed);
            command.Options.Add(Order);
        }

        /// <summary>The release parameters and the chosen seed (null: drawn and kept secret), or the name of the first option whose value is not a number.</summary>
        public (JsonObject? Parameters, ulong? Seed, string? Bad) Parameters(ParseResult parseResult)
        {
            var parameters = new JsonObject { ["order"] = parseResult.GetValue(Order) };
            foreach (var (option, name) in new[] { (Epsilon, "epsilon"), (Delta, "delta") })
            {
                if (parseResult.GetValue(option) is { } text)
                {
                    if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
                    {
                        return (null, null, option.Name);
                    }
                    parameters[name] = value;
                }
            }
            ulong? chosen = null;
            if (parseResult.GetValue(Seed) is { } seed)
            {
                if (!ulong.TryParse(seed, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
                {
                    return (null, null, Seed.Name);
                }
                chosen = value;
            }
            return (parameters, chosen, null);
        }
    }

    private static Command Ctdc()
    {
        var layout = new Option<string>("--layout") { Description = "k-anonymised (63 columns), synthetic-2024 (27 variables, k-anonymised) or dp-synthetic (27 variables, differentially private synthetic records).", Required = true };
        layout.AcceptOnlyFromAmong("k-anonymised", "synthetic-2024", "dp-synthetic");
        var anonymity = new Anonymity();
        var privacy = new Privacy();
        var output = OutputOption();
        var command = new Command("ctdc", "The cases in a CTDC layout, k-anonymised (default k = 11), or differentially private synthetic records (--layout dp-synthetic --epsilon E).") { layout, output.File };
        anonymity.AddTo(command);
        privacy.AddTo(command);
        command.SetAction((parseResult, cancellationToken) => CliHost.RunAsync(parseResult, cancellationToken, async session =>
        {
            var chosen = parseResult.GetValue(layout);
            if (chosen != "dp-synthetic")
            {
                return await PublishAsync(session, chosen == "k-anonymised" ? CtdcKAnonymisedProducer.KindName : CtdcSynthetic2024Producer.KindName,
                    anonymity.Parameters(parseResult), parseResult.GetValue(output.File)!, glotip: false, cancellationToken);
            }
            var (parameters, seed, bad) = privacy.Parameters(parseResult);
            if (parameters is null)
            {
                await Console.Error.WriteLineAsync($"ariadne: {bad} must be a number.");
                return 2;
            }
            if (parameters["epsilon"] is null)
            {
                await Console.Error.WriteLineAsync("ariadne: --layout dp-synthetic needs --epsilon (the privacy-loss budget of the whole release, e.g. 1).");
                return 2;
            }
            return await PublishAsync(session, CtdcDpSyntheticProducer.KindName, parameters, parseResult.GetValue(output.File)!, glotip: false, cancellationToken, seed);
        }));
        return command;
    }

    private static Command KAnonymous()
    {
        var anonymity = new Anonymity();
        var output = OutputOption();
        var command = new Command("k-anonymous", "Case microdata (year, sex, ageBroad, citizenship, country, organisation type, status, transnationality, form), k-anonymised.") { output.File };
        anonymity.AddTo(command);
        command.SetAction((parseResult, cancellationToken) => CliHost.RunAsync(parseResult, cancellationToken, session => PublishAsync(session,
            CaseMicrodataProducer.KindName, anonymity.Parameters(parseResult), parseResult.GetValue(output.File)!, glotip: false, cancellationToken)));
        return command;
    }

    private static Command Glotip()
    {
        var threshold = new Option<int>("--threshold") { Description = "Counts from 1 to N-1 are shown as <N.", DefaultValueFactory = _ => 5 };
        var output = OutputOption();
        var command = new Command("glotip", "The case statistics in the UNODC GLOTIP long format (country totals by year, sex, age group and form).") { threshold, output.File };
        command.SetAction((parseResult, cancellationToken) => CliHost.RunAsync(parseResult, cancellationToken, session => PublishAsync(session,
            GlotipCasesProducer.KindName, new JsonObject { ["threshold"] = parseResult.GetValue(threshold) }, parseResult.GetValue(output.File)!, glotip: true, cancellationToken)));
        return command;
    }

    private static async Task<int> PublishAsync(CliSession session, string kind, JsonObject parameters, FileInfo file, bool glotip, CancellationToken cancellationToken, ulong? chosenSeed = null)
    {
        var format = file.Extension.TrimStart('.').ToLowerInvariant();
        if (!ReleaseFormats.All.Contains(format))
        {
            await Console.Error.WriteLineAsync($"ariadne: --output '{file.Name}' must end in .csv, .xlsx or .json.");
            return 2;
        }
        var services = await session.OpenAsync();
        var (release, table) = await services.GetRequiredService<ReleaseService>().PublishAsync(kind, parameters, format, cancellationToken, chosenSeed);
        await using (var stream = file.Create())
        {
            if (glotip && format == "xlsx")
            {
                // The published GLOTIP layout (banner, date, header), so that `ariadne import glotip` reads it back.
                GlotipCasesProducer.WriteWorkbook(table, release, stream);
            }
            else
            {
                await ReleaseFormats.WriteAsync(table, release, format, stream, byteOrderMark: true, cancellationToken);
            }
        }
        await Console.Error.WriteLineAsync($"Release {release.Id}: {table.Rows.Count} rows written to {file.Name}.");
        if (table.Microdata is { } m)
        {
            await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"k = {m.K}, l = {m.L}; suppressed {m.SuppressedRecords} of {m.InputRecords} records; information loss {m.InformationLoss:F4}."));
        }
        await Console.Error.WriteLineAsync(release.Method);
        if (table.ExcludedByConsent is { } excluded)
        {
            await Console.Error.WriteLineAsync(StatsCommand.ExcludedByConsent(excluded));
        }
        return 0;
    }
}
