using Ariadne.Core.Data;
using Ariadne.Core.ImportExport.Glotip;
using Ariadne.Core.Statistics;
using Ariadne.Tests.Infrastructure;
using MiniExcelLibs;

namespace Ariadne.Tests.Statistics;

public sealed class GlotipTests
{
    private static string SharedFile => TestData.Path("ctdc", "data_glotip.xlsx");

    [Theory]
    [InlineData("1,013", 1013L, null)]
    [InlineData("12,345,678", 12345678L, null)]
    [InlineData("0", 0L, null)]
    [InlineData("<5", null, 5)]
    public void TryParseValue_PublishedForms_AreParsed(string text, long? value, int? below)
    {
        Assert.True(GlotipFile.TryParseValue(text, out var v, out var b));
        Assert.Equal(value, v);
        Assert.Equal(below, b);
        Assert.Equal(text, GlotipFile.FormatValue(v, b));
    }

    [Theory]
    [InlineData("1,01")]
    [InlineData("abc")]
    [InlineData("")]
    [InlineData("-3")]
    [InlineData("<x")]
    [InlineData("1.5")]
    public void TryParseValue_MalformedText_IsRejected(string text)
    {
        Assert.False(GlotipFile.TryParseValue(text, out _, out _));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Import_TheSharedFile_StoresEveryRowKeepsSuppressionAndRoundTrips(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var token = TestContext.Current.CancellationToken;
        await using var db = database.NewContext();

        var result = await new GlotipStore(db).ImportAsync(SharedFile, token);

        Assert.Empty(result.Errors);
        Assert.Equal(58_769, result.Stored);
        Assert.Equal(29_558, result.Suppressed);
        Assert.Equal(0, db.GlotipStatistics.Count(s => s.SuppressedBelow != null && s.Value != null));
        var exported = new MemoryStream();
        await new GlotipStore(db).ExportAsync(exported, "14/04/2025", token);
        exported.Position = 0;
        using var original = File.OpenRead(SharedFile);
        var expected = Cells(original);
        var actual = Cells(exported);
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 2; i < expected.Count; i++)
        {
            Assert.True(expected[i].SequenceEqual(actual[i]), $"row {i + 1}: {string.Join("|", expected[i])} became {string.Join("|", actual[i])}");
        }
        var totals = await new GlotipStore(db).YearTotalsAsync("Detected trafficking victims", token);
        Assert.Contains(totals, t => t.Year == 2020 && t.CountriesReporting > 50 && t.Sum > 10_000);
    }

    [Fact]
    public async Task Import_MalformedValues_AreReportedWithTheirRowsAndNothingIsStored()
    {
        var path = Path.Combine(Path.GetTempPath(), $"glotip-bad-{Guid.NewGuid():N}.xlsx");
        var rows = new List<Dictionary<string, object?>>
        {
            Row(GlotipFile.Columns),
            Row("DEU", "Germany", "Europe", "Western Europe", "Detected trafficking victims", "Total", "Total", "Total", "Total", 2020, "Counts", "1,013", "GLOTIP"),
            Row("DEU", "Germany", "Europe", "Western Europe", "Detected trafficking victims", "Total", "Total", "Total", "Total", 2021, "Counts", "1,01", "GLOTIP"),
            Row("AUT", "Austria", "Europe", "Western Europe", "Detected trafficking victims", "Total", "Total", "Total", "Total", "20x", "Counts", "<5", "GLOTIP"),
        };
        await MiniExcel.SaveAsAsync(path, rows, printHeader: false, cancellationToken: TestContext.Current.CancellationToken);
        try
        {
            await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
            await using var db = database.NewContext();

            var result = await new GlotipStore(db).ImportAsync(path, TestContext.Current.CancellationToken);

            Assert.Equal(0, result.Stored);
            Assert.Contains(result.Errors, e => e.Row == 3 && e.Column == "txtVALUE");
            Assert.Contains(result.Errors, e => e.Row == 4 && e.Column == "Year");
            Assert.Equal(0, db.GlotipStatistics.Count());
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static Dictionary<string, object?> Row(params object?[] cells) =>
        cells.Select((c, i) => (c, i)).ToDictionary(p => "c" + p.i, p => p.c);

    private static List<string[]> Cells(Stream xlsx) =>
        [.. xlsx.Query(useHeaderRow: false, excelType: ExcelType.XLSX)
            .Cast<IDictionary<string, object?>>()
            .Select(r => r.Values.Select(v => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture) ?? "").Take(13).ToArray())];
}
