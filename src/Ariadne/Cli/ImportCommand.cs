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
            var path = parseResult.GetValue(file)!.FullName;
            if (!File.Exists(path))
            {
                throw new FileNotFoundException($"No file '{path}'.");
            }
            var services = await session.OpenAsync();
            var importer = services.GetRequiredService<CaseImporter>();
            var options = new CaseImportOptions { SkipInvalid = parseResult.GetValue(skipInvalid), Organisation = parseResult.GetValue(organisation) };
            var result = await RunWithProgressAsync(progress => importer.ImportAsync(path, options, progress, cancellationToken));
            return await ReportAsync(result, Path.GetFileName(path));
        }));
        var import = new Command("import", "Import records from files.");
        import.Subcommands.Add(cases);
        import.Subcommands.Add(CreateGlotip());
        import.Subcommands.Add(CreateCtdc());
        return import;
    }

    /// <summary>
    /// <c>ariadne import ctdc FILE.csv [--skip-invalid]</c>: replaces the stored CTDC Global Dataset records (a
    /// statistics table apart from case records) with the file. Exit 2 lists the invalid values with row and column and
    /// stores nothing, unless --skip-invalid (rejected rows go to FILE.rejected.csv with their reasons).
    /// </summary>
    private static Command CreateCtdc()
    {
        var file = new Argument<FileInfo>("file") { Description = "A CTDC Global Dataset CSV (63-column k-anonymised layout, ';' or ',' separated, -99 = missing)." };
        var skipInvalid = new Option<bool>("--skip-invalid")
        {
            Description = "Store the valid rows and write the rejected ones, with their reasons, to FILE.rejected.csv.",
        };
        var ctdc = new Command("ctdc", "Import CTDC k-anonymised microdata as statistics (kept apart from case records); all or nothing unless --skip-invalid.") { file, skipInvalid };
        ctdc.SetAction((parseResult, cancellationToken) => CliHost.RunAsync(parseResult, cancellationToken, async session =>
        {
            var path = parseResult.GetValue(file)!.FullName;
            if (!File.Exists(path))
            {
                throw new FileNotFoundException($"No file '{path}'.");
            }
            var services = await session.OpenAsync();
            var result = await services.GetRequiredService<Core.ImportExport.Ctdc.CtdcStore>()
                .ImportAsync(path, parseResult.GetValue(skipInvalid), cancellationToken);
            var name = Path.GetFileName(path);
            if (result.Stored == 0 && result.Errors.Count > 0)
            {
                foreach (var error in result.Errors.Take(MaxListedErrors))
                {
                    await Console.Error.WriteLineAsync(error.ToString());
                }
                if (result.Errors.Count > MaxListedErrors)
                {
                    await Console.Error.WriteLineAsync($"… and {result.Errors.Count - MaxListedErrors} more.");
                }
                var rows = result.Errors.Where(e => e.Row > 1).Select(e => e.Row).Distinct().Count();
                await Console.Error.WriteLineAsync(rows == 0
                    ? $"ariadne: {name} cannot be imported as it is; nothing was imported."
                    : $"ariadne: {rows} invalid row(s) in {name}; nothing was imported.");
                return 2;
            }
            Console.WriteLine(result.Rejected == 0
                ? $"Imported {result.Stored} CTDC record(s) from {name}."
                : $"Imported {result.Stored} CTDC record(s) from {name}; {result.Rejected} row(s) rejected, written with their reasons to {result.RejectsFile}.");
            return 0;
        }));
        return ctdc;
    }

    /// <summary>
    /// <c>ariadne import glotip FILE.xlsx</c>: replaces the stored GLOTIP country statistics with the file, all or
    /// nothing. Exit 2 lists the malformed values with their rows.
    /// </summary>
    private static Command CreateGlotip()
    {
        var file = new Argument<FileInfo>("file") { Description = "The UNODC GLOTIP long-format workbook (data_glotip.xlsx)." };
        var glotip = new Command("glotip", "Import UNODC GLOTIP country-level statistics (kept apart from case records); all or nothing.") { file };
        glotip.SetAction((parseResult, cancellationToken) => CliHost.RunAsync(parseResult, cancellationToken, async session =>
        {
            var path = parseResult.GetValue(file)!.FullName;
            if (!File.Exists(path))
            {
                throw new FileNotFoundException($"No file '{path}'.");
            }
            var services = await session.OpenAsync();
            var result = await services.GetRequiredService<Core.ImportExport.Glotip.GlotipStore>().ImportAsync(path, cancellationToken);
            if (result.Errors.Count > 0)
            {
                foreach (var error in result.Errors.Take(MaxListedErrors))
                {
                    await Console.Error.WriteLineAsync(error.ToString());
                }
                await Console.Error.WriteLineAsync($"ariadne: {result.Errors.Count} malformed value(s) in {Path.GetFileName(path)}; nothing was imported.");
                return 2;
            }
            Console.WriteLine($"Imported {result.Stored} GLOTIP statistics ({result.Suppressed} suppressed) from {Path.GetFileName(path)}.");
            return 0;
        }));
        return glotip;
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
            await WriteErrorsAsync(result.Errors);
            var rows = result.Errors.Where(e => e.Row > 1).Select(e => e.Row).Distinct().Count();
            await Console.Error.WriteLineAsync(rows == 0
                ? $"ariadne: {fileName} cannot be imported as it is; nothing was imported."
                : $"ariadne: {rows} invalid row(s) in {fileName}; nothing was imported.");
            return 2;
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

    private static async Task WriteErrorsAsync(IReadOnlyList<ImportError> errors)
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
