using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Ariadne.Analytics.Screening;
using Ariadne.Core.Screening;
using Ariadne.Screening;

namespace Ariadne.Cli;

/// <summary>
/// <c>ariadne screen --instrument ID[@VERSION] ANSWERS.json [--json] [--language en|de]</c>: scores a screening and
/// prints the recommendation and its explanation. Exit 0: scored; 2: the instrument is unknown or the answers file is
/// invalid (the message names the field or indicator code); 1: any other failure (e.g. the file cannot be read).
/// </summary>
public static class ScreenCommand
{
    public static Command Create()
    {
        var answers = new Argument<FileInfo>("answers")
        {
            Description = "A JSON file: { \"form\": \"forced-labour\", \"ageAtStart\": 16, \"ageUncertain\": false, \"reasonsToBelieveChild\": false, \"answers\": { \"DR01\": \"yes\", … } }.",
        };
        var instrument = new Option<string>("--instrument")
        {
            Description = $"ID or ID@VERSION of the instrument (default {ShippedInstruments.DefaultId}, latest version); installed national versions are read from the database.",
            DefaultValueFactory = _ => ShippedInstruments.DefaultId,
        };
        var json = new Option<bool>("--json") { Description = "Print the result snapshot and the explanation as JSON." };
        var language = new Option<string>("--language") { Description = "en or de.", DefaultValueFactory = _ => "en" };
        language.AcceptOnlyFromAmong("en", "de");
        var command = new Command("screen", "Score an indicator-based screening (ILO/EC operational indicators) and explain the recommendation.")
        {
            answers, instrument, json, language,
        };
        command.SetAction((parseResult, cancellationToken) => CliHost.RunAsync(parseResult, cancellationToken, async session =>
        {
            var path = parseResult.GetValue(answers)!.FullName;
            if (!File.Exists(path))
            {
                throw new FileNotFoundException($"No file '{path}'.");
            }
            var text = await File.ReadAllTextAsync(path, cancellationToken);
            var key = parseResult.GetValue(instrument)!;
            var compiled = await FindInstrumentAsync(session, key, cancellationToken);
            if (compiled is null)
            {
                await Console.Error.WriteLineAsync($"ariadne: --instrument: no instrument '{key}'.");
                return 2;
            }
            ScreeningResult result;
            try
            {
                result = ScreeningScorer.Score(compiled, ScreeningRequestJson.Parse(text));
            }
            catch (ScreeningInputException e)
            {
                await Console.Error.WriteLineAsync($"ariadne: {Path.GetFileName(path)}: {e.Field}: {e.Reason}");
                return 2;
            }
            var renderer = ScreeningText.ForCulture(compiled.Instrument, CultureInfo.GetCultureInfo(parseResult.GetValue(language)!));
            Console.WriteLine(parseResult.GetValue(json) ? Json(result, renderer) : Text(result, renderer));
            return 0;
        }));
        return command;
    }

    /// <summary>A shipped version, else one installed in the database (only opened when needed).</summary>
    private static async Task<CompiledInstrument?> FindInstrumentAsync(CliSession session, string key, CancellationToken cancellationToken)
    {
        if (InstrumentCatalogue.FindShipped(key) is { } shipped)
        {
            return shipped;
        }
        // A SQLite file that does not exist holds no installed version: nothing is created for a look-up.
        if (Core.Data.SchemaState.IsMissingSqliteFile(session.Database))
        {
            return null;
        }
        var services = await session.OpenAsync();
        return await services.GetRequiredService<InstrumentCatalogue>().FindAsync(key, cancellationToken);
    }

    internal static string Text(ScreeningResult result, ScreeningText text)
    {
        var lines = new List<string>
        {
            $"{result.Instrument} · {text.Word(result.List)}" + (result.Unverified ? $" · {text.Word("unverified").ToUpperInvariant()}" : ""),
            text.Recommendation(result.Recommendation),
            "",
        };
        lines.AddRange(text.Lines(result).Select(l => "  - " + l));
        return string.Join(Environment.NewLine, lines);
    }

    internal static string Json(ScreeningResult result, ScreeningText text)
    {
        var node = JsonNode.Parse(ScreeningSnapshot.Serialise(result))!.AsObject();
        node["text"] = new JsonArray([.. text.Lines(result).Select(l => JsonValue.Create(l))]);
        return node.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }
}
