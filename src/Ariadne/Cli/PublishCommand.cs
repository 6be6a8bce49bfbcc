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

    private static Command Ctdc()
    {
        var layout = new Option<string>("--layout") { Description = "k-anonymised (63 columns), synthetic-2024 (27 variables, k-anonymised) or dp-synthetic (27 variables, differentially private synthetic records).", Required = true };
        layout.AcceptOnlyFromAmong("k-anonymised", "synthetic-2024", "dp-synthetic");
        var anonymity = new PublishAnonymity();
        var privacy = new PublishPrivacy();
        var output = new PublishOutput();
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
        var anonymity = new PublishAnonymity();
        var output = new PublishOutput();
        var command = new Command("k-anonymous", "Case microdata (year, sex, ageBroad, citizenship, country, organisation type, status, transnationality, form), k-anonymised.") { output.File };
        anonymity.AddTo(command);
        command.SetAction((parseResult, cancellationToken) => CliHost.RunAsync(parseResult, cancellationToken, session => PublishAsync(session,
            CaseMicrodataProducer.KindName, anonymity.Parameters(parseResult), parseResult.GetValue(output.File)!, glotip: false, cancellationToken)));
        return command;
    }

    private static Command Glotip()
    {
        var threshold = new Option<int>("--threshold") { Description = "Counts from 1 to N-1 are shown as <N.", DefaultValueFactory = _ => 5 };
        var output = new PublishOutput();
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
