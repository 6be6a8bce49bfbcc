using System.Text.Json;
using Ariadne.Cli;
using Ariadne.Core.Cases;
using Ariadne.Core.Data;
using Ariadne.Core.ImportExport;
using Ariadne.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Ariadne.Tests.ImportExport;

[Collection(ConsoleCollection.Name)]
public sealed class ImportExportCommandTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task ImportCases_InvalidRow_Exit2ErrorLinesAndNothingStored(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        using var files = new CaseFiles();
        var path = files.Csv("cases.csv", GoodRow("T-1"), GoodRow("T-2").Replace(",female,", ",robot,", StringComparison.Ordinal));

        var (exit, output, error) = await RunAsync("--database", database.Options.ConnectionString, "import", "cases", path);

        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.Equal(
            ["row 3, column sex: 'robot' is not a code of the sex list.", "ariadne: 1 invalid row(s) in cases.csv; nothing was imported."],
            Lines(error));
        await using var db = database.NewContext();
        Assert.Equal(0, await db.Cases.CountAsync(TestContext.Current.CancellationToken));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task ImportCases_SkipInvalid_Exit0CountsAndRejectsFile(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        using var files = new CaseFiles();
        var path = files.Csv("cases.csv", GoodRow("T-1"), GoodRow("T-2").Replace(",female,", ",robot,", StringComparison.Ordinal));

        var (exit, output, error) = await RunAsync("--database", database.Options.ConnectionString, "import", "cases", path, "--skip-invalid");

        Assert.Equal(0, exit);
        Assert.Equal("", error);
        Assert.Contains("Imported 1 case(s)", output, StringComparison.Ordinal);
        Assert.Contains("1 row(s) rejected", output, StringComparison.Ordinal);
        Assert.True(File.Exists(files.PathOf("cases.rejected.csv")));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task ImportThenExport_CsvToStdoutAndJsonToFile_Exit0(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        using var files = new CaseFiles();
        var path = files.Csv("cases.csv", GoodRow("T-1"), GoodRow("T-2"));
        var db = database.Options.ConnectionString;

        Assert.Equal(0, (await RunAsync("--database", db, "import", "cases", path)).Exit);
        var csv = await RunAsync("--database", db, "export", "cases", "--format", "csv");
        var json = files.PathOf("out.json");
        var toFile = await RunAsync("--database", db, "export", "cases", "--format", "json", "--output", json);
        var xlsxWithoutFile = await RunAsync("--database", db, "export", "cases", "--format", "xlsx");

        Assert.Equal(0, csv.Exit);
        var lines = Lines(csv.Output);
        Assert.Equal(string.Join(",", CaseFileLayout.ExportColumns), lines[0]);
        Assert.Equal(3, lines.Length);
        Assert.Contains(lines, l => l.StartsWith("T-1,active,Synthetic,Person,female,2000-03-01,2000,25,,NG,2025-05-02,", StringComparison.Ordinal));
        Assert.Equal(0, toFile.Exit);
        Assert.Equal(2, JsonSerializer.Deserialize<List<CaseDto>>(await File.ReadAllBytesAsync(json, TestContext.Current.CancellationToken), CaseExporter.Json)!.Count);
        Assert.Equal(1, xlsxWithoutFile.Exit);
        Assert.Single(Lines(xlsxWithoutFile.Error));
    }

    [Fact]
    public async Task ImportCases_MissingFile_Exit1OneLine()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var (exit, _, error) = await RunAsync("--database", database.Options.ConnectionString, "import", "cases", "/nonexistent/cases.csv");
        Assert.Equal(1, exit);
        Assert.StartsWith("ariadne: ", Assert.Single(Lines(error)), StringComparison.Ordinal);
    }

    // The CLI runs on the real clock: keep dates well in the past.
    private static string GoodRow(string code) => CaseFiles.GoodRow(code).Replace("2026-05-02", "2025-05-02", StringComparison.Ordinal);

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static async Task<(int Exit, string Output, string Error)> RunAsync(params string[] args)
    {
        var (stdout, stderr) = (Console.Out, Console.Error);
        using var output = new StringWriter();
        using var error = new StringWriter();
        Console.SetOut(output);
        Console.SetError(error);
        try
        {
            var exit = await AriadneCommand.Create().Parse(args).InvokeAsync(cancellationToken: TestContext.Current.CancellationToken);
            return (exit, output.ToString(), error.ToString());
        }
        finally
        {
            Console.SetOut(stdout);
            Console.SetError(stderr);
        }
    }
}
