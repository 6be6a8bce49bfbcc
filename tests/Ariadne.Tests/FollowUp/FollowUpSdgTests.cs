using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Ariadne.Core.Audit;
using Ariadne.Core.Data;
using Ariadne.Core.FollowUp;
using Ariadne.Core.Users;
using Ariadne.Tests.Audit;
using Ariadne.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Ariadne.Tests.FollowUp;

/// <summary>
/// SDG indicator 16.2.2 in the Open SDG CSV layout (issue 18, item 6): the UK file
/// (<c>tests/data/follow-up/sdg-16-2-2-uk.csv</c>, CRLF, values written as <c>303.0</c>, empty cells for totals) comes
/// back byte for byte through the reader and writer, the API and the CLI; a bad file names the line and column and
/// stores nothing.
/// </summary>
[Collection(nameof(ConsoleCapture))]
public sealed class FollowUpSdgTests
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private static byte[] UkFile => File.ReadAllBytes(TestData.Path("follow-up", "sdg-16-2-2-uk.csv"));

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task OpenSdgCsv_UkFile_RoundTripsByteForByte_AndSoDoesAnLfFileWithAByteOrderMark()
    {
        var (table, errors) = OpenSdgCsv.Read(new MemoryStream(UkFile));
        Assert.Empty(errors);
        Assert.Equal(["Year", "Series", "Sex", "Age", "Unit multiplier", "Units", "Observation status", "Value"], table!.Columns);
        Assert.Equal(429, table.Rows.Count);
        Assert.Equal(["2009", "Detected victims of human trafficking (Number)", "", "", "Units", "Number", "Normal value", "303.0"], table.Rows[0]);
        Assert.Equal(UkFile, await WriteAsync(table));

        // Another platform's file: LF, a byte-order mark, a column in other order, a quoted comma, an empty value.
        var other = Encoding.UTF8.GetBytes("\uFEFFSeries,Year,Value,Type of exploitation\n\"Victims, detected\",2020,12,Sexual exploitation\n\"Victims, detected\",2021,,\n");
        var (lf, lfErrors) = OpenSdgCsv.Read(new MemoryStream(other));
        Assert.Empty(lfErrors);
        Assert.Equal(("\n", true), (lf!.NewLine, lf.ByteOrderMark));
        Assert.Equal(other, await WriteAsync(lf));
    }

    [Fact]
    public void OpenSdgCsv_BadFile_EveryErrorNamesLineAndColumn_NoTable()
    {
        var csv = "Year,Sex,Value\r\n2020,Female,1.0\r\n20x1,Female,2.0\r\n2021,Male,many\r\n2021,Male\r\n2020,Female,3.0\r\n2022,=HYPERLINK(1),4\r\n";
        var (table, errors) = OpenSdgCsv.Read(new MemoryStream(Encoding.UTF8.GetBytes(csv)));
        Assert.Null(table);
        Assert.Equal(
        [
            "Line 3, column 'Year': '20x1' is not a year (four digits).",
            "Line 4, column 'Value': 'many' is not a number (digits, '.' as decimal point).",
            "Line 5, column 'line': 2 field(s); the header has 3.",
            "Line 6, column 'line': the same year and disaggregation as line 2.",
            "Line 7, column 'Sex': '=HYPERLINK(1)' starts with '=' (a spreadsheet formula).",
        ], errors.Select(e => e.Message));
        Assert.Equal(["Line 1, column 'Value': the required column is missing (Open SDG CSV: comma-separated, with the columns Year and Value)."],
            OpenSdgCsv.Read(new MemoryStream("Year;Value\n2020;1\n"u8.ToArray())).Errors.Select(e => e.Message).Where(m => m.Contains("'Value'", StringComparison.Ordinal)));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Api_CoordinatorImports_ReadersExportExactly_ABadFileStoresNothing(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        var coordinator = await app.ClientAsAsync("sdg-coordinator", "National Coordination", Roles.Coordinator);
        var analyst = await app.ClientAsAsync("sdg-analyst", "Rapporteur Office", Roles.Analyst);
        Assert.Equal(HttpStatusCode.NotFound, (await analyst.GetAsync("/api/v1/followup/sdg/16.2.2/csv", Token)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await analyst.GetAsync("/api/v1/followup/sdg/sixteen/csv", Token)).StatusCode);

        Assert.Equal(HttpStatusCode.Forbidden, (await analyst.PutAsync("/api/v1/followup/sdg/16.2.2/csv", Csv(UkFile), Token)).StatusCode);
        var imported = await coordinator.PutAsync("/api/v1/followup/sdg/16.2.2/csv", Csv(UkFile), Token);
        Assert.True(imported.IsSuccessStatusCode, await imported.Content.ReadAsStringAsync(Token));
        var summary = (await imported.Content.ReadFromJsonAsync<SdgDatasetSummary>(Json, Token))!;
        Assert.Equal((429, 2009, 2021, "indicator_16-2-2.csv", "sdg-coordinator"), (summary.Rows, summary.FirstYear, summary.LastYear, summary.FileName, summary.ImportedBy));

        var exported = await analyst.GetAsync("/api/v1/followup/sdg/16.2.2/csv", Token);
        Assert.Equal("text/csv", exported.Content.Headers.ContentType?.MediaType);
        Assert.Equal("indicator_16-2-2.csv", exported.Content.Headers.ContentDisposition?.FileName);
        Assert.Equal(UkFile, await exported.Content.ReadAsByteArrayAsync(Token));

        // All or nothing: a file with one bad line among good ones is refused whole and the UK data stay.
        var bad = Encoding.UTF8.GetString(UkFile).Replace("2013,Detected victims of human trafficking (Number),,,Units,Number,Normal value,1256.0",
            "2013,Detected victims of human trafficking (Number),,,Units,Number,Normal value,n/a", StringComparison.Ordinal);
        var refused = await coordinator.PutAsync("/api/v1/followup/sdg/16.2.2/csv", Csv(Encoding.UTF8.GetBytes(bad)), Token);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("Line 6, column 'Value': 'n/a' is not a number", await refused.Content.ReadAsStringAsync(Token), StringComparison.Ordinal);
        Assert.Equal(UkFile, await analyst.GetByteArrayAsync("/api/v1/followup/sdg/16.2.2/csv", Token));

        // A new import replaces the data.
        var replaced = (await (await coordinator.PutAsync("/api/v1/followup/sdg/16.2.2/csv", Csv("Year,Value\r\n2024,7\r\n"u8.ToArray()), Token))
            .Content.ReadFromJsonAsync<SdgDatasetSummary>(Json, Token))!;
        Assert.Equal((1, 2024), (replaced.Rows, replaced.FirstYear));
        await using var db = app.NewContext();
        Assert.Equal(1, await db.Set<SdgObservation>().CountAsync(Token));
        Assert.Equal(2, await db.AuditEntries.CountAsync(e => e.Action == AuditActions.FollowUpSdgImport && e.Outcome == AuditOutcomes.Success, Token));
        Assert.Equal(1, await db.AuditEntries.CountAsync(e => e.Action == AuditActions.FollowUpSdgImport && e.Outcome == AuditOutcomes.Denied, Token));
    }

    [Fact]
    public async Task Cli_ImportThenExport_GivesBackTheUkFile_ABadFileExitsTwoNamingTheLine()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var at = database.Options.ConnectionString;
        var folder = Directory.CreateTempSubdirectory("ariadne-sdg-");
        try
        {
            var imported = await CliRunner.RunAsync("followup", "sdg", "import", TestData.Path("follow-up", "sdg-16-2-2-uk.csv"), "--database", at);
            Assert.True(imported.Exit == 0, imported.Error);
            Assert.Contains("429 rows, 2009–2021", imported.Output, StringComparison.Ordinal);
            var target = Path.Combine(folder.FullName, "indicator_16-2-2.csv");
            var exported = await CliRunner.RunAsync("followup", "sdg", "export", "--output", target, "--database", at);
            Assert.True(exported.Exit == 0, exported.Error);
            Assert.Equal(UkFile, await File.ReadAllBytesAsync(target, Token));

            var bad = Path.Combine(folder.FullName, "bad.csv");
            await File.WriteAllTextAsync(bad, "Year,Value\n2020,1\nyear,2\n", Token);
            var refused = await CliRunner.RunAsync("followup", "sdg", "import", bad, "--database", at);
            Assert.Equal(2, refused.Exit);
            Assert.Contains("Line 3, column 'Year'", refused.Error, StringComparison.Ordinal);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static ByteArrayContent Csv(byte[] bytes)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new("text/csv");
        return content;
    }

    private static async Task<byte[]> WriteAsync(OpenSdgCsv.Table table)
    {
        using var output = new MemoryStream();
        await OpenSdgCsv.WriteAsync(table, output, Token);
        return output.ToArray();
    }
}
