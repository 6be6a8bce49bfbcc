using System.CommandLine;
using Ariadne.Core.ImportExport;
using Ariadne.Core.ImportExport.Cases;
using Spectre.Console;

namespace Ariadne.Cli;

/// <summary>
/// <c>ariadne import cases FILE.csv|FILE.xlsx [--skip-invalid] [--organisation NAME]</c>. Exit 0: stored; 2: invalid
/// rows (each listed on stderr) and nothing stored; 1: any other failure.
/// </summary>
public static class ImportCommand
{
    /// <summary>Errors listed on stderr before the rest are only counted.</summary>
    public const int MaxListedErrors = 200;

    public static Command Create()
    {
        var file = new Argument<FileInfo>("file") { Description = "A .csv (comma or semicolon separated, UTF-8) or .xlsx file in the case layout." };
        var skipInvalid = new Option<bool>("--skip-invalid")
        {
            Description = "Store the valid rows and write the rejected ones, with their reasons, to FILE.rejected.csv.",
        };
        var organisation = new Option<string?>("--organisation") { Description = "The existing organisation that owns the cases (required when there are several)." };
        var cases = new Command("cases", "Import case records from a CSV or XLSX file; all or nothing unless --skip-invalid.") { file, skipInvalid, organisation };
        cases.SetAction((parseResult, cancellationToken) => CliHost.RunAsync(parseResult, cancellationToken, async session =>
        {
            var path = ExistingFile(parseResult.GetValue(file)!);
            var services = await session.OpenAsync();
            var importer = services.GetRequiredService<CaseImporter>();
            var options = new CaseImportOptions { SkipInvalid = parseResult.GetValue(skipInvalid), Organisation = parseResult.GetValue(organisation) };
            var result = await RunWithProgressAsync(progress => importer.ImportAsync(path, options, progress, cancellationToken));
            return await ReportAsync(result, Path.GetFileName(path));
        }));
        var import = new Command("import", "Import records from files.");
        import.Subcommands.Add(cases);
        import.Subcommands.Add(ImportStatisticsCommands.Glotip());
        import.Subcommands.Add(ImportStatisticsCommands.Ctdc());
        return import;
    }

    private static async Task<CaseImportResult> RunWithProgressAsync(Func<IProgress<ImportProgress>?, Task<CaseImportResult>> import)
    {
        // Scripts and tests get clean output: the bar is drawn only on a terminal.
        if (Console.IsOutputRedirected || Console.IsErrorRedirected)
        {
            return await import(null);
        }
        return await AnsiConsole.Progress().StartAsync(async context =>
        {
            var reading = context.AddTask("Reading and checking", maxValue: 100);
            var storing = context.AddTask("Storing", autoStart: false);
            var result = await import(new InlineProgress<ImportProgress>(p =>
            {
                var task = p.Phase == ImportPhase.Reading ? reading : storing;
                if (p.Phase == ImportPhase.Storing && !storing.IsStarted)
                {
                    reading.Value = reading.MaxValue;
                    storing.StartTask();
                }
                task.MaxValue = Math.Max(p.Total, 1);
                task.Value = p.Done;
            }));
            reading.Value = reading.MaxValue;
            storing.Value = storing.MaxValue;
            return result;
        });
    }

    private static async Task<int> ReportAsync(CaseImportResult result, string fileName)
    {
        if (result.Outcome == CaseImportOutcome.Invalid)
        {
            return await RefuseAsync(result.Errors, fileName);
        }
        if (result.Stored == 0 && result.Rejected > 0)
        {
            await Console.Error.WriteLineAsync($"ariadne: all {result.Rejected} row(s) of {fileName} are invalid; nothing was imported (reasons in {result.RejectsFile}).");
            return 2;
        }
        Console.WriteLine(result.Rejected == 0
            ? $"Imported {result.Stored} case(s) from {fileName} for '{result.Organisation}'."
            : $"Imported {result.Stored} case(s) from {fileName} for '{result.Organisation}'; {result.Rejected} row(s) rejected, written with their reasons to {result.RejectsFile}.");
        return 0;
    }

    /// <summary>The full path of <paramref name="file"/>; a missing file is an error that names it.</summary>
    internal static string ExistingFile(FileInfo file) =>
        File.Exists(file.FullName) ? file.FullName : throw new FileNotFoundException($"No file '{file.FullName}'.");

    /// <summary>Lists <paramref name="errors"/> (at most <see cref="MaxListedErrors"/>) and the count of invalid rows on stderr; exit 2.</summary>
    internal static async Task<int> RefuseAsync(IReadOnlyList<ImportError> errors, string fileName)
    {
        await WriteErrorsAsync(errors);
        var rows = errors.Where(e => e.Row > 1).Select(e => e.Row).Distinct().Count();
        await Console.Error.WriteLineAsync(rows == 0
            ? $"ariadne: {fileName} cannot be imported as it is; nothing was imported."
            : $"ariadne: {rows} invalid row(s) in {fileName}; nothing was imported.");
        return 2;
    }

    internal static async Task WriteErrorsAsync(IReadOnlyList<ImportError> errors)
    {
        foreach (var error in errors.Take(MaxListedErrors))
        {
            await Console.Error.WriteLineAsync(error.ToString());
        }
        if (errors.Count > MaxListedErrors)
        {
            await Console.Error.WriteLineAsync($"… and {errors.Count - MaxListedErrors} more.");
        }
    }
}
