using System.Text.Json;
using Ariadne.Cli;
using Ariadne.Core.Audit;
using Ariadne.Core.Cases;
using Ariadne.Core.Data;
using Ariadne.Core.ImportExport;
using Ariadne.Core.ImportExport.Cases;
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

        var (exit, output, error) = await CliRunner.RunAsync("--database", database.Options.ConnectionString, "import", "cases", path);

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

        var (exit, output, error) = await CliRunner.RunAsync("--database", database.Options.ConnectionString, "import", "cases", path, "--skip-invalid");

        Assert.Equal(0, exit);
        Assert.Equal("", error);
        Assert.Contains("Imported 1 case(s)", output, StringComparison.Ordinal);
        Assert.Contains("1 row(s) rejected", output, StringComparison.Ordinal);
        Assert.True(File.Exists(files.PathOf("cases.rejected.csv")));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task ImportThenExport_PseudonymousByDefaultIdentityOnlyWithReason_Audited(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        using var files = new CaseFiles();
        var path = files.Csv("cases.csv", GoodRow("T-1"), GoodRow("T-2"));
        var db = database.Options.ConnectionString;

        Assert.Equal(0, (await CliRunner.RunAsync("--database", db, "import", "cases", path)).Exit);
        var pseudonymous = await CliRunner.RunAsync("--database", db, "export", "cases", "--format", "csv");
        var withoutReason = await CliRunner.RunAsync("--database", db, "export", "cases", "--format", "csv", "--with-identity");
        var csv = await CliRunner.RunAsync("--database", db, "export", "cases", "--format", "csv", "--with-identity", "--reason", "transfer to the national rapporteur");
        var json = files.PathOf("out.json");
        var toFile = await CliRunner.RunAsync("--database", db, "export", "cases", "--format", "json", "--output", json);
        var xlsxWithoutFile = await CliRunner.RunAsync("--database", db, "export", "cases", "--format", "xlsx");

        Assert.Equal(0, pseudonymous.Exit);
        Assert.Contains(Lines(pseudonymous.Output), l => l.StartsWith("T-1,active,,,female,,2000,25,,NG,2025-05-02,", StringComparison.Ordinal));
        Assert.DoesNotContain("Synthetic", pseudonymous.Output, StringComparison.Ordinal);
        Assert.Equal(1, withoutReason.Exit);
        Assert.Contains("--reason", withoutReason.Error, StringComparison.Ordinal);
        Assert.Equal("", withoutReason.Output);
        Assert.Equal(0, csv.Exit);
        var lines = Lines(csv.Output);
        Assert.Equal(string.Join(",", CaseFileLayout.ExportColumns), lines[0]);
        Assert.Equal(3, lines.Length);
        Assert.Contains(lines, l => l.StartsWith("T-1,active,Synthetic,Person,female,2000-03-01,2000,25,,NG,2025-05-02,", StringComparison.Ordinal));
        Assert.Equal(0, toFile.Exit);
        Assert.Equal(2, JsonSerializer.Deserialize<List<CaseDto>>(await File.ReadAllBytesAsync(json, TestContext.Current.CancellationToken), CaseExporter.Json)!.Count);
        Assert.Equal(1, xlsxWithoutFile.Exit);
        Assert.Single(Lines(xlsxWithoutFile.Error));
        await using var context = database.NewContext();
        var exports = await context.AuditEntries.Where(e => e.Action == AuditActions.Export).OrderBy(e => e.Sequence)
            .ToListAsync(TestContext.Current.CancellationToken);
        Assert.Equal(3, exports.Count);
        Assert.Null(exports[0].Reason);
        Assert.Equal("transfer to the national rapporteur", exports[1].Reason);
    }

    [Fact]
    public async Task ImportCases_MissingFile_Exit1OneLine()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var (exit, _, error) = await CliRunner.RunAsync("--database", database.Options.ConnectionString, "import", "cases", "/nonexistent/cases.csv");
        Assert.Equal(1, exit);
        Assert.StartsWith("ariadne: ", Assert.Single(Lines(error)), StringComparison.Ordinal);
    }

    /// <summary>
    /// Exports (with identity) and rejected rows are personal data: created 0600, and an older world-readable file
    /// written over is narrowed to 0600 too.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task ExportAndRejectsFiles_AreOwnerOnly(DatabaseProvider provider)
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "Unix file modes");
        await using var database = await TestDatabase.CreateAsync(provider);
        using var files = new CaseFiles();
        var path = files.Csv("cases.csv", GoodRow("T-1"), GoodRow("T-2").Replace(",female,", ",robot,", StringComparison.Ordinal));
        var worldReadable = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
        var rejects = files.PathOf("cases.rejected.csv");
        var overwritten = files.PathOf("old.json");
        await File.WriteAllTextAsync(rejects, "old", TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(overwritten, "old", TestContext.Current.CancellationToken);
        File.SetUnixFileMode(rejects, worldReadable);
        File.SetUnixFileMode(overwritten, worldReadable);
        var db = database.Options.ConnectionString;

        var import = await CliRunner.RunAsync("--database", db, "import", "cases", path, "--skip-invalid");
        var csv = files.PathOf("identity.csv");
        var identity = await CliRunner.RunAsync("--database", db, "export", "cases", "--format", "csv", "--with-identity", "--reason", "file mode test", "--output", csv);
        var json = await CliRunner.RunAsync("--database", db, "export", "cases", "--format", "json", "--output", overwritten);

        Assert.Equal(0, import.Exit);
        Assert.Equal(0, identity.Exit);
        Assert.Equal(0, json.Exit);
        const UnixFileMode ownerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        Assert.Equal(ownerOnly, File.GetUnixFileMode(rejects));
        Assert.Equal(ownerOnly, File.GetUnixFileMode(csv));
        Assert.Equal(ownerOnly, File.GetUnixFileMode(overwritten));
        Assert.Contains("robot", await File.ReadAllTextAsync(rejects, TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    // The CLI runs on the real clock: keep dates well in the past.
    private static string GoodRow(string code) => CaseFiles.GoodRow(code).Replace("2026-05-02", "2025-05-02", StringComparison.Ordinal);

    [Fact]
    public async Task ExportCsv_FormulaLikeText_IsEscapedForSpreadsheets_AndImportsBackUnchanged()
    {
        await using var first = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var second = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        using var files = new CaseFiles();
        var formula = "\"=HYPERLINK(\"\"http://example.invalid\"\",\"\"x\"\")\"";
        var row = CaseFiles.GoodRow("T-1")
            .Replace("Synthetic,Person", "@Synthetic,-Person", StringComparison.Ordinal)
            .Replace("A synthetic narrative.", formula, StringComparison.Ordinal);
        Assert.Equal(0, (await CliRunner.RunAsync("--database", first.Options.ConnectionString, "import", "cases", files.Csv("cases.csv", row))).Exit);

        var exported = files.PathOf("exported.csv");
        var export = await CliRunner.RunAsync("--database", first.Options.ConnectionString, "export", "cases", "--format", "csv", "--with-identity", "--reason", "round trip", "--output", exported);
        var text = await File.ReadAllTextAsync(exported, TestContext.Current.CancellationToken);
        var import = await CliRunner.RunAsync("--database", second.Options.ConnectionString, "import", "cases", exported);
        var again = await CliRunner.RunAsync("--database", second.Options.ConnectionString, "export", "cases", "--format", "csv", "--with-identity", "--reason", "round trip");

        Assert.Equal(0, export.Exit);
        Assert.Contains(",\"'@Synthetic\",\"'-Person\",", text, StringComparison.Ordinal);
        Assert.Contains("\"'=HYPERLINK(", text, StringComparison.Ordinal);
        Assert.DoesNotContain(",=HYPERLINK", text, StringComparison.Ordinal);
        Assert.Equal(0, import.Exit);
        // Everything up to the narrative (the columns after it hold ids of this database) is exported back identically.
        var upToNarrative = text.TrimStart('\uFEFF')[..(text.TrimStart('\uFEFF').IndexOf("\"\")\"", StringComparison.Ordinal) + 4)];
        Assert.StartsWith(upToNarrative, again.Output, StringComparison.Ordinal);
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
