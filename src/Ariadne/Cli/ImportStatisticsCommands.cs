using System.CommandLine;
using Ariadne.Core.ImportExport.Ctdc;
using Ariadne.Core.ImportExport.Glotip;

namespace Ariadne.Cli;

/// <summary>The <c>import</c> verbs of statistics kept apart from case records: GLOTIP country statistics and CTDC microdata.</summary>
public static class ImportStatisticsCommands
{
    /// <summary>
    /// <c>ariadne import ctdc FILE.csv [--skip-invalid]</c>: replaces the stored CTDC Global Dataset records (a
    /// statistics table apart from case records) with the file. Exit 2 lists the invalid values with row and column and
    /// stores nothing, unless --skip-invalid (rejected rows go to FILE.rejected.csv with their reasons).
    /// </summary>
    public static Command Ctdc()
    {
        var file = new Argument<FileInfo>("file") { Description = "A CTDC Global Dataset CSV (63-column k-anonymised layout, ';' or ',' separated, -99 = missing)." };
        var skipInvalid = new Option<bool>("--skip-invalid")
        {
            Description = "Store the valid rows and write the rejected ones, with their reasons, to FILE.rejected.csv.",
        };
        var ctdc = new Command("ctdc", "Import CTDC k-anonymised microdata as statistics (kept apart from case records); all or nothing unless --skip-invalid.") { file, skipInvalid };
        ctdc.SetAction((parseResult, cancellationToken) => CliHost.RunAsync(parseResult, cancellationToken, async session =>
        {
            var path = ImportCommand.ExistingFile(parseResult.GetValue(file)!);
            var services = await session.OpenAsync();
            var result = await services.GetRequiredService<CtdcStore>()
                .ImportAsync(path, parseResult.GetValue(skipInvalid), cancellationToken);
            var name = Path.GetFileName(path);
            if (result.Stored == 0 && result.Errors.Count > 0)
            {
                return await ImportCommand.RefuseAsync(result.Errors, name);
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
    public static Command Glotip()
    {
        var file = new Argument<FileInfo>("file") { Description = "The UNODC GLOTIP long-format workbook (data_glotip.xlsx)." };
        var glotip = new Command("glotip", "Import UNODC GLOTIP country-level statistics (kept apart from case records); all or nothing.") { file };
        glotip.SetAction((parseResult, cancellationToken) => CliHost.RunAsync(parseResult, cancellationToken, async session =>
        {
            var path = ImportCommand.ExistingFile(parseResult.GetValue(file)!);
            var services = await session.OpenAsync();
            var result = await services.GetRequiredService<GlotipStore>().ImportAsync(path, cancellationToken);
            if (result.Errors.Count > 0)
            {
                await ImportCommand.WriteErrorsAsync(result.Errors);
                await Console.Error.WriteLineAsync($"ariadne: {result.Errors.Count} malformed value(s) in {Path.GetFileName(path)}; nothing was imported.");
                return 2;
            }
            Console.WriteLine($"Imported {result.Stored} GLOTIP statistics ({result.Suppressed} suppressed) from {Path.GetFileName(path)}.");
            return 0;
        }));
        return glotip;
    }
}
