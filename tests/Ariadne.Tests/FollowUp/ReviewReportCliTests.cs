using Ariadne.Core.Data;
using Ariadne.Tests.Infrastructure;
using MiniExcelLibs;

namespace Ariadne.Tests.FollowUp;

/// <summary><c>ariadne followup report</c> and <c>followup report sdg</c>: the same report and SDG series as the page and the API, to a file or standard output.</summary>
public sealed class ReviewReportCliTests
{
    [Fact]
    public async Task Report_WritesXlsxInGerman_SdgJsonToStandardOutput_ABadDateExitsTwoNamingTheOption()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var at = database.Options.ConnectionString;
        var folder = Directory.CreateTempSubdirectory("ariadne-report-");
        try
        {
            var target = Path.Combine(folder.FullName, "report.xlsx");
            var written = await CliRunner.RunAsync("followup", "report", "--from", "2023-01-01", "--to", "2024-12-31", "--format", "xlsx", "--language", "de",
                "--out", target, "--database", at);
            Assert.True(written.Exit == 0, written.Error);
            await using (var xlsx = File.OpenRead(target))
            {
                Assert.Equal(["Bericht", "Rahmenwerke", "Verpflichtungen", "Maßnahmen", "Indikatoren", "Indikatorwerte", "Statistik", "SDG 16.2.2", "Antworten der Fragebögen"], xlsx.GetSheetNames());
                var cover = xlsx.Query(useHeaderRow: true, sheetName: "Bericht").Cast<IDictionary<string, object?>>().ToList();
                Assert.Equal("2024-12-31", cover.Single(r => (string?)r["Feld"] == "Bis")["Wert"]);
            }

            var sdg = await CliRunner.RunAsync("followup", "report", "sdg", "--from", "2023-01-01", "--to", "2023-12-31", "--database", at);
            Assert.True(sdg.Exit == 0, sdg.Error);
            Assert.Contains("\"totalElements\"", sdg.Output, StringComparison.Ordinal);
            Assert.Contains("\"VC_HTF_DETV\"", sdg.Output, StringComparison.Ordinal);

            var bad = await CliRunner.RunAsync("followup", "report", "--from", "2023-13-01", "--database", at);
            Assert.Equal(2, bad.Exit);
            Assert.Contains("--from must be a date yyyy-mm-dd", bad.Error, StringComparison.Ordinal);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
