using Ariadne.Core.FollowUp;
using Ariadne.Core.FollowUp.Reports;

namespace Ariadne.Tests.FollowUp;

/// <summary>The pure parts of the reports: the report's years, the SDG API's codes and the Open SDG rows, the CSV's flattening, and the headings in both languages.</summary>
public sealed class ReviewReportUnitTests
{
    [Fact]
    public void Years_OfAPeriod_AreClippedToIt()
    {
        Assert.Equal([(new DateOnly(2023, 3, 1), new DateOnly(2023, 12, 31)), (new DateOnly(2024, 1, 1), new DateOnly(2024, 12, 31)), (new DateOnly(2025, 1, 1), new DateOnly(2025, 2, 28))],
            ReviewReportService.Years(new DateOnly(2023, 3, 1), new DateOnly(2025, 2, 28)));
        Assert.Equal(new Dictionary<string, string> { ["traffickingStatus"] = "actual", ["sex"] = "male" }, ReviewReportService.Parse("traffickingStatus=actual;sex=male"));
        Assert.Empty(ReviewReportService.Parse("Total"));
    }

    [Fact]
    public void SdgSeries_MapCellsToTheApiCodes_AndKeepSuppressionMarks_NeverSmallNumbers()
    {
        Assert.Equal(new Dictionary<string, string> { ["Sex"] = "BOTHSEX", ["Age"] = "ALLAGE" }, UnSdgSeries.Dimensions(new Dictionary<string, string>()));
        Assert.Equal(new Dictionary<string, string> { ["Sex"] = "FEMALE", ["Age"] = "<18Y" },
            UnSdgSeries.Dimensions(new Dictionary<string, string> { ["sex"] = "female", ["ageGroup"] = "0 to 17 years" }));
        Assert.Null(UnSdgSeries.Dimensions(new Dictionary<string, string> { ["sex"] = "unknown" }));
        var release = Guid.CreateVersion7();
        var all = UnSdgSeries.Dimensions(new Dictionary<string, string>())!;
        var male = UnSdgSeries.Dimensions(new Dictionary<string, string> { ["sex"] = "male" })!;
        var shown = UnSdgSeries.Observation(UnSdgSeries.Number, 2025, "12", all, "276", "Germany", release);
        var hidden = UnSdgSeries.Observation(UnSdgSeries.Number, 2025, "<5", male, "276", "Germany", release);
        Assert.Equal(("VC_HTF_DETV", "Float", "NUMBER", "C"), (shown.Series, shown.ValueType, shown.Units, shown.Attributes["Nature"]));
        Assert.Equal(("<5", UnSdgSeries.Suppressed), (hidden.Value, hidden.ValueType));
        var table = UnSdgSeries.OpenSdgTable([shown, hidden]);
        Assert.Equal(UnSdgSeries.OpenSdgColumns, table.Columns);
        Assert.Equal(["2025", "VC_HTF_DETV", "Number", "", "", "", "12"], table.Rows[0]);
        Assert.Equal(["2025", "VC_HTF_DETV", "Number", "Male", "", "Suppressed (<5)", ""], table.Rows[1]);
    }

    [Fact]
    public async Task Csv_FlattensEverySection_WithTheSectionFirst_AndTheUnionOfColumns()
    {
        ReportSection[] sections =
        [
            new("a", "A", ["x", "y"], [["1", "2"]]),
            new("b", "B", ["y", "z"], [["3", "=cmd"]]),
        ];
        using var output = new MemoryStream();
        await ReviewReportFiles.WriteCsvAsync(sections, "section", output, TestContext.Current.CancellationToken);
        var text = System.Text.Encoding.UTF8.GetString(output.ToArray()).TrimStart('\uFEFF');
        Assert.Equal(["section,x,y,z", "a,1,2,", "b,,3,\"'=cmd\""], text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void Headings_HaveEnglishAndGerman()
    {
        foreach (var key in ReviewReportText.Keys)
        {
            Assert.False(string.IsNullOrWhiteSpace(ReviewReportText.For("en")[key]), key);
            Assert.False(string.IsNullOrWhiteSpace(ReviewReportText.For("de")[key]), key);
        }
        foreach (var status in Enum.GetNames<MeasureStatus>().Concat(Enum.GetNames<AcceptanceStatus>()))
        {
            Assert.NotEqual(status, ReviewReportText.For("de")[status]);
        }
        Assert.Equal(("Commitments", "Verpflichtungen"), (ReviewReportText.For("en")["items"], ReviewReportText.For("de")["items"]));
    }
}
