using Ariadne.Core.Data;
using Ariadne.Core.ImportExport.Ctdc;
using Ariadne.Core.Publishing;
using Ariadne.Tests.ImportExport;
using Ariadne.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Ariadne.Tests.Publishing;

/// <summary><c>ariadne import ctdc</c>: the CTDC file quirks, all-or-nothing with row and column errors, and the round trip from <c>publish ctdc</c>.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class CtdcImportTests
{
    private static string Row(string year = "2019", string gender = "Female", string age = "18--20", string citizenship = "CO", string country = "US", string flag = "1")
    {
        var values = CtdcLayouts.KAnonymisedColumns.Select(c => c switch
        {
            "yearOfRegistration" => year,
            "Datasource" => "Case Management",
            "gender" => gender,
            "ageBroad" => age,
            "majorityStatus" => "Adult",
            "citizenship" => citizenship,
            "CountryOfExploitation" => country,
            "isSexualExploit" => flag,
            "typeOfExploitConcatenated" => "\"Forced labour;Sexual exploitation\"",
            _ when c.EndsWith("Concatenated", StringComparison.Ordinal) || c == "RecruiterRelationship" => "",
            _ when c.StartsWith("is", StringComparison.Ordinal) || c.StartsWith("meansOf", StringComparison.Ordinal)
                || c.StartsWith("typeOf", StringComparison.Ordinal) || c.StartsWith("recruiterRelation", StringComparison.Ordinal) => "-99",
            _ => "-99",
        });
        return ";" + string.Join(";", values);
    }

    private static string CtdcHeader() => CtdcLayouts.TermsOfUseCell + ";" + string.Join(";", CtdcLayouts.KAnonymisedColumns);

    [Fact]
    public async Task ImportCtdc_TheCtdcFileFormat_StoresEveryRowWithMissingValuesAsNull()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        using var files = new CaseFiles();
        var file = files.Write("ctdc.csv", string.Join("\n", CtdcHeader(), Row(), Row(gender: "Male", age: "-99"), Row(year: "2002", country: "00")) + "\n", byteOrderMark: true);

        var (exit, output, error) = await CliRunner.RunAsync("--database", database.Options.ConnectionString, "import", "ctdc", file);

        Assert.True(exit == 0, error);
        Assert.Contains("Imported 3 CTDC record(s)", output, StringComparison.Ordinal);
        await using var context = database.NewContext();
        var records = await context.CtdcRecords.OrderBy(r => r.SourceRow).ToListAsync(TestContext.Current.CancellationToken);
        Assert.Equal([2, 3, 4], records.Select(r => r.SourceRow));
        Assert.Equal("Female", records[0].Gender);
        Assert.Equal("18--20", records[0].AgeBroad);
        Assert.Null(records[1].AgeBroad);
        Assert.Equal("00", records[2].CountryOfExploitation);
        Assert.Equal("Forced labour;Sexual exploitation", records[0].TypeOfExploit);
        Assert.Contains("\"isSexualExploit\":\"1\"", records[0].ValuesJson, StringComparison.Ordinal);
        Assert.DoesNotContain("-99", records[0].ValuesJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ImportCtdc_InvalidValues_Exit2ListsRowAndColumnAndStoresNothing_SkipInvalidWritesTheRejects()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        using var files = new CaseFiles();
        var file = files.Write("bad.csv", string.Join("\n", CtdcHeader(), Row(), Row(gender: "Robot"), Row(flag: "2"), Row() + ";extra") + "\n");
        var db = database.Options.ConnectionString;

        var refused = await CliRunner.RunAsync("--database", db, "import", "ctdc", file);
        int before;
        await using (var context = database.NewContext())
        {
            before = await context.CtdcRecords.CountAsync(TestContext.Current.CancellationToken);
        }
        var skipped = await CliRunner.RunAsync("--database", db, "import", "ctdc", file, "--skip-invalid");

        Assert.Equal(2, refused.Exit);
        Assert.Contains("row 3, column gender: 'Robot'", refused.Error, StringComparison.Ordinal);
        Assert.Contains("row 4, column isSexualExploit: '2'", refused.Error, StringComparison.Ordinal);
        Assert.Contains("row 5, column row: 65 fields, the header has 64", refused.Error, StringComparison.Ordinal);
        Assert.Contains("3 invalid row(s)", refused.Error, StringComparison.Ordinal);
        Assert.Equal(0, before);
        Assert.Equal(0, skipped.Exit);
        Assert.Contains("Imported 1 CTDC record(s)", skipped.Output, StringComparison.Ordinal);
        var rejects = File.ReadAllLines(files.PathOf("bad.rejected.csv"));
        Assert.Equal(4, rejects.Length);
        Assert.Contains("gender: 'Robot' is not Male, Female", rejects[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task ImportCtdc_QuotedLineBreakInACell_IsOneRecordAndLaterRowsKeepTheirSpreadsheetRowNumbers()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        using var files = new CaseFiles();
        // Row 2 holds a quoted line break inside a cell: one record over two physical lines, as a spreadsheet shows it.
        var broken = Row().Replace("\"Forced labour;Sexual exploitation\"", "\"Forced labour;\nSexual exploitation\"", StringComparison.Ordinal);
        var file = files.Write("ctdc.csv", string.Join("\n", CtdcHeader(), broken, Row(gender: "Robot")) + "\n");

        var (exit, _, error) = await CliRunner.RunAsync("--database", database.Options.ConnectionString, "import", "ctdc", file);

        Assert.Equal(2, exit);
        Assert.Contains("row 3, column gender: 'Robot'", error, StringComparison.Ordinal);
        Assert.Contains("1 invalid row(s)", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ImportCtdc_NotTheLayout_Exit2NamesTheMissingColumns()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        using var files = new CaseFiles();
        var file = files.Write("other.csv", "yearOfRegistration,gender\n2019,Female\n");

        var (exit, _, error) = await CliRunner.RunAsync("--database", database.Options.ConnectionString, "import", "ctdc", file);

        Assert.Equal(2, exit);
        Assert.Contains("missing Datasource, ageBroad", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PublishCtdcKAnonymised_ThenImport_GivesTheSameCountsBySexAgeBroadAndCountry()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        using var files = new CaseFiles();
        var db = database.Options.ConnectionString;
        Assert.Equal(0, (await CliRunner.RunAsync("--database", db, "import", "cases", files.Csv("cases.csv", PublishCliTestsData.Cases()))).Exit);
        var published = files.PathOf("ctdc.csv");
        Assert.Equal(0, (await CliRunner.RunAsync("--database", db, "publish", "ctdc", "--layout", "k-anonymised", "--k", "3", "--output", published)).Exit);

        var import = await CliRunner.RunAsync("--database", db, "import", "ctdc", published);

        Assert.True(import.Exit == 0, import.Error);
        var (columns, rows) = PublishCliTests.ReadCsv(published);
        int Col(string name) => Array.IndexOf(columns, name);
        var expected = rows.GroupBy(r => (r[Col("gender")], r[Col("ageBroad")], r[Col("CountryOfExploitation")])).ToDictionary(g => g.Key, g => g.Count());
        await using var context = database.NewContext();
        var stored = (await context.CtdcRecords.ToListAsync(TestContext.Current.CancellationToken))
            .GroupBy(r => (r.Gender ?? "-99", r.AgeBroad ?? "-99", r.CountryOfExploitation ?? "-99")).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(expected.OrderBy(p => p.Key), stored.OrderBy(p => p.Key));
        Assert.True(rows.Count >= 60, $"{rows.Count} rows published");
    }
}
