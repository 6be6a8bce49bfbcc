using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Ariadne.Analytics.Screening;
using Ariadne.Core.Cases;
using Ariadne.Core.Screening;

namespace Ariadne.Cli;

/// <summary>
/// <c>ariadne instruments list | install FILE.json | impact FILE.json|ID@VERSION [--json]</c>: the screening instrument
/// versions with their verification marks; installing a national version (validated, then immutable); the impact
/// analysis of a candidate version over every stored screening. Exit 0: done; 2: the file or version is invalid or
/// unknown (each validation error on its own line, with its JSON path); 1: any other failure.
/// </summary>
public static class InstrumentsCommand
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static Command Create()
    {
        var command = new Command("instruments", "Screening instruments: list the versions, install a national version, analyse the impact of a candidate.");
        var json = new Option<bool>("--json") { Description = "Print JSON." };

        var list = new Command("list", "List the instrument versions and how sure each list's weights are.") { json };
        list.SetAction((parseResult, cancellationToken) => CliHost.RunAsync(parseResult, cancellationToken, async session =>
        {
            var services = await session.OpenAsync();
            var instruments = await services.GetRequiredService<InstrumentCatalogue>().ListAsync(cancellationToken);
            if (parseResult.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(instruments, Json));
                return 0;
            }
            foreach (var i in instruments)
            {
                Console.WriteLine($"{i.Key}\t{(i.Shipped ? "shipped" : "installed " + i.InstalledAtUtc?.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture))}\t{i.Title}");
                foreach (var l in i.Lists)
                {
                    Console.WriteLine($"  {l.Id}\t{(l.Verification == "verified" ? "verified" : "UNVERIFIED (" + l.Verification + ")")}");
                }
            }
            return 0;
        }));
        command.Subcommands.Add(list);

        var file = new Argument<FileInfo>("file") { Description = "The instrument version as JSON." };
        var install = new Command("install", "Validate an instrument version and install it; an existing ID@VERSION is refused.") { file };
        install.SetAction((parseResult, cancellationToken) => CliHost.RunAsync(parseResult, cancellationToken, async session =>
        {
            var path = parseResult.GetValue(file)!.FullName;
            var text = await File.ReadAllTextAsync(path, cancellationToken);
            var services = await session.OpenAsync();
            var result = await services.GetRequiredService<InstrumentCatalogue>().InstallAsync(text, CaseViewer.LocalOperator, cancellationToken);
            if (result.Problem is { } problem)
            {
                await WriteErrorsAsync(path, [.. problem.Errors.Select(e => new InstrumentError(e.Field, e.Message))]);
                return 2;
            }
            Console.WriteLine($"Installed {result.Value!.Key}.");
            return 0;
        }));
        command.Subcommands.Add(install);

        var candidate = new Argument<string>("candidate") { Description = "A candidate version as a JSON file (not installed), or ID@VERSION of an available one." };
        var impact = new Command("impact", "Re-score every stored screening under a candidate version and count how the recommendations would change.") { candidate, json };
        impact.SetAction((parseResult, cancellationToken) => CliHost.RunAsync(parseResult, cancellationToken, async session =>
        {
            var name = parseResult.GetValue(candidate)!;
            var services = await session.OpenAsync();
            var catalogue = services.GetRequiredService<InstrumentCatalogue>();
            CompiledInstrument? instrument;
            if (File.Exists(name))
            {
                (instrument, var errors) = catalogue.Validate(await File.ReadAllTextAsync(name, cancellationToken));
                if (instrument is null)
                {
                    await WriteErrorsAsync(name, errors);
                    return 2;
                }
            }
            else if ((instrument = await catalogue.FindAsync(name, cancellationToken)) is null)
            {
                await Console.Error.WriteLineAsync($"ariadne: no file and no instrument '{name}'.");
                return 2;
            }
            var report = await services.GetRequiredService<ScreeningService>().ImpactAsync(instrument, cancellationToken);
            Console.WriteLine(parseResult.GetValue(json) ? JsonSerializer.Serialize(report, Json) : Text(report));
            return 0;
        }));
        command.Subcommands.Add(impact);
        return command;
    }

    internal static string Text(ImpactReport report)
    {
        var lines = new List<string>
        {
            string.Create(CultureInfo.InvariantCulture, $"Impact of {report.Candidate}: {report.Total:N0} stored screenings, {report.Changed:N0} would change."),
        };
        lines.AddRange(report.Changes.Select(c => string.Create(CultureInfo.InvariantCulture, $"  {c.From} -> {c.To}: {c.Count:N0}{(c.From == c.To ? "" : " (changed)")}")));
        lines.AddRange(report.Skipped.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => string.Create(CultureInfo.InvariantCulture, $"  skipped ({s.Key}): {s.Value:N0}")));
        return string.Join(Environment.NewLine, lines);
    }

    private static async Task WriteErrorsAsync(string path, IReadOnlyList<InstrumentError> errors)
    {
        foreach (var error in errors)
        {
            await Console.Error.WriteLineAsync($"ariadne: {Path.GetFileName(path)}: {error.Path}: {error.Message}");
        }
    }
}
