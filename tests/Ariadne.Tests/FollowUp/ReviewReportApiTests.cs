using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Ariadne.Analytics.FollowUp;
using Ariadne.Core.Audit;
using Ariadne.Core.Data;
using Ariadne.Core.FollowUp;
using Ariadne.Core.FollowUp.Reports;
using Ariadne.Core.Statistics.Releases;
using Ariadne.Core.Users;
using Ariadne.Tests.Infrastructure;
using Ariadne.Tests.Statistics;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;

namespace Ariadne.Tests.FollowUp;

/// <summary>
/// Issue 18, item 6 through <c>/api/v1/followup/reports</c> on both databases: the review report of a small seeded plan
/// (known answers for items, measures, indicators with their standing, the period's values with their release), its
/// GRETA-style tables with suppressed cells that cannot be worked back from the totals, XLSX/CSV/JSON in English and
/// German, and SDG 16.2.2 from the cases as UN SDG API-shaped JSON and Open SDG CSV.
/// </summary>
public sealed class ReviewReportApiTests
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task AnnualReport_KnownAnswers_SuppressedCellsNotRecoverable_FilesInBothLanguages_AndSdgFromCases(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await TestApp.StartAsync(provider, settings: new Dictionary<string, string?> { ["Statistics:Country"] = "DEU" });
        var coordinator = await app.ClientAsAsync("rr-coordinator", "National Coordination", Roles.Coordinator);
        var analyst = await app.ClientAsAsync("rr-analyst", "Rapporteur Office", Roles.Analyst);
        var admin = await app.ClientAsAsync("rr-admin", "National Coordination", Roles.Administrator);
        var focalUser = await app.AddUserAsync("rr-focal", "Labour Inspectorate", Roles.CaseWorker);
        var focal = await app.BearerClientAsync(focalUser);
        await StatisticsFixtures.SeedCasesAsync(app, focalUser.OrganisationId);

        var framework = await Read<FrameworkSummary>(await coordinator.PostAsJsonAsync("/api/v1/followup/frameworks",
            new FrameworkInput(FrameworkKind.NationalActionPlan, "NAP-2023", "National action plan 2023–2026", TitleDe: "Nationaler Aktionsplan 2023–2026", Cycle: "2023"), Json, ct));
        var item = await Read<Guid>(await coordinator.PostAsJsonAsync($"/api/v1/followup/frameworks/{framework.Id}/items",
            new ItemInput("1", "Labour inspection", TitleDe: "Arbeitsinspektion", Acceptance: AcceptanceStatus.Accepted, Themes: "labour"), Json, ct));
        var measure = await Read<Guid>(await coordinator.PostAsJsonAsync($"/api/v1/followup/items/{item}/measures",
            new MeasureInput("Inspect farms", focalUser.OrganisationId, StartOn: new DateOnly(2023, 1, 1), DueOn: new DateOnly(2026, 3, 1)), Json, ct));
        await Read<Guid>(await focal.PostAsJsonAsync($"/api/v1/followup/measures/{measure}/evidence", new EvidenceInput("https://example.org/inspections", "Inspection plan"), Json, ct));
        var reported = await Read<Guid>(await coordinator.PostAsJsonAsync("/api/v1/followup/indicators", new IndicatorInput(null, measure, "INS-1", "Farm inspections",
            IndicatorKind.Reported, "inspections", TitleDe: "Betriebskontrollen", BaselineValue: 10, BaselineOn: new DateOnly(2022, 1, 1), BaselineSource: "Annual report 2021",
            Targets: [new TargetInput(TargetKind.Milestone, new DateOnly(2023, 12, 31), 20), new TargetInput(TargetKind.Target, new DateOnly(2027, 12, 31), 40)]), Json, ct));
        var value = await Read<Guid>(await focal.PostAsJsonAsync($"/api/v1/followup/indicators/{reported}/values",
            new IndicatorValueInput(new DateOnly(2023, 1, 1), new DateOnly(2023, 12, 31), 24, EvidenceUrl: "https://example.org/inspections-2023"), Json, ct));
        await Read<IndicatorValueView>(await coordinator.PostAsync($"/api/v1/followup/indicator-values/{value}/approve", null, ct));
        var computed = await Read<Guid>(await coordinator.PostAsJsonAsync("/api/v1/followup/indicators", new IndicatorInput(item, null, "ID-1", "Persons identified",
            IndicatorKind.Computed, Query: IndicatorQueries.PersonsIdentified, Dimensions: ["sex"]), Json, ct));
        await Read<List<IndicatorValueView>>(await coordinator.PostAsJsonAsync($"/api/v1/followup/indicators/{computed}/compute",
            new ComputeInput(new DateOnly(2023, 1, 1), new DateOnly(2023, 12, 31)), Json, ct));

        // The annual report 2023 as JSON (the model), read by an analyst (a rapporteur).
        var url = $"/api/v1/followup/reports?frameworkId={framework.Id}&from=2023-01-01&to=2023-12-31";
        var report = await Read<ReviewReport>(await analyst.GetAsync(url + "&format=json&language=en", ct));
        Assert.Equal((new DateOnly(2023, 1, 1), new DateOnly(2023, 12, 31), "rr-analyst"), (report.From, report.To, report.GeneratedBy));
        var reportItem = Assert.Single(report.Items);
        Assert.Equal(("NAP-2023", "1", "Labour inspection", AcceptanceStatus.Accepted, 1, 0, 1),
            (reportItem.Framework, reportItem.Number, reportItem.Title, reportItem.Acceptance, reportItem.Measures, reportItem.Completed, reportItem.Overdue));
        var reportMeasure = Assert.Single(report.Measures);
        Assert.Equal(("Inspect farms", "Labour Inspectorate", MeasureStatus.Planned, true, "https://example.org/inspections"),
            (reportMeasure.Title, reportMeasure.Lead, reportMeasure.Status, reportMeasure.Overdue, Assert.Single(reportMeasure.Evidence).Url));
        Assert.Equal(["ID-1", "INS-1"], report.Indicators.Select(i => i.Code));
        var inspections = report.Indicators[1];
        Assert.Equal((10m, "Inspect farms", ReviewReportService.Open), (inspections.BaselineValue, inspections.Measure, inspections.Standing));
        Assert.Equal([(TargetKind.Milestone, "24", ReviewReportService.Met), (TargetKind.Target, "24", ReviewReportService.Open)],
            inspections.Targets.Select(t => (t.Kind, t.Actual, t.Standing)));
        Assert.Equal(("24", (Guid?)null), (Assert.Single(inspections.Values).Display, inspections.Values[0].ReleaseId));
        var identified = report.Indicators[0];
        Assert.Equal([("Total", "10"), ("sex=female", "x"), ("sex=male", "<5")], identified.Values.Select(v => (v.Cell, v.Display)));
        Assert.All(identified.Values, v => Assert.NotNull(v.ReleaseId));
        Assert.Contains("\"query\":\"persons-identified\"", identified.Values[0].Parameters, StringComparison.Ordinal);
        Assert.Equal(ReviewReportService.NoTarget, identified.Standing);

        // GRETA-style tables: one release per year and dimension; 7 women and 3 men, all presumed (status possible), none identified.
        Assert.Equal(ReviewReportService.StatisticsDimensions, report.Statistics.Select(s => s.Dimension));
        var bySex = report.Statistics.Single(s => s.Dimension == "sex");
        Assert.Equal([("Total", "10", "0"), ("Female", "x", "0"), ("Male", "<5", "0")], bySex.Rows.Select(r => (r.Label, r.Presumed, r.Identified)));
        // The attack: no small count follows from a published total and the other published cells of a single-valued dimension.
        foreach (var table in report.Statistics.Where(s => s.Dimension is "sex" or "ageGroup"))
        {
            foreach (var column in new Func<ReportStatisticsRow, string>[] { r => r.Presumed, r => r.Identified })
            {
                var total = column(table.Rows[0]);
                var parts = table.Rows.Skip(1).Select(column).ToList();
                Assert.False(IsNumber(total) && parts.Count(p => !IsNumber(p)) == 1, $"{table.Dimension}: one suppressed cell beside a published total");
                Assert.DoesNotContain(parts.Append(total), p => IsNumber(p) && decimal.Parse(p, CultureInfo.InvariantCulture) is > 0 and < 5);
            }
        }
        var sdg = report.Sdg.Where(o => o.Series == UnSdgSeries.Number.Code).ToDictionary(o => (o.Dimensions["Sex"], o.Dimensions["Age"]), o => (o.Value, o.ValueType));
        Assert.Equal(("10", "Float"), sdg[("BOTHSEX", "ALLAGE")]);
        Assert.Equal(("<5", UnSdgSeries.Suppressed), sdg[("MALE", "ALLAGE")]);
        Assert.Equal(("x", UnSdgSeries.Suppressed), sdg[("FEMALE", "18Y+")]);

        // XLSX: a sheet per section, headings in the request's language.
        using var xlsx = new MemoryStream(await (await analyst.GetAsync(url + "&format=xlsx&language=de", ct)).Content.ReadAsByteArrayAsync(ct));
        Assert.Equal(["Bericht", "Rahmenwerke", "Verpflichtungen", "Maßnahmen", "Indikatoren", "Indikatorwerte", "Statistik", "SDG 16.2.2", "Antworten der Fragebögen"], xlsx.GetSheetNames());
        var measures = xlsx.Query(useHeaderRow: true, sheetName: "Maßnahmen").Cast<IDictionary<string, object?>>().ToList();
        Assert.Equal(("Inspect farms", "Labour Inspectorate", "geplant", "ja"),
            ((string?)measures[0]["Titel"], (string?)measures[0]["Federführende Institution"], (string?)measures[0]["Status"], (string?)measures[0]["Überfällig"]));
        var items = xlsx.Query(useHeaderRow: true, sheetName: "Verpflichtungen").Cast<IDictionary<string, object?>>().Single();
        Assert.Equal(("Arbeitsinspektion", "angenommen"), ((string?)items["Titel"], (string?)items["Annahme"]));

        // CSV: one table, the section first, the union of the sections' columns.
        var csv = (await (await analyst.GetAsync(url + "&format=csv", ct)).Content.ReadAsStringAsync(ct)).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("section,Field,Value,Code,Kind,Title,", csv[0], StringComparison.Ordinal);
        Assert.Equal(["report", "frameworks", "items", "measures", "indicators", "values", "statistics", "sdg"], csv.Skip(1).Select(l => l.Split(',')[0]).Distinct());
        Assert.Contains(csv, l => l.StartsWith("statistics,", StringComparison.Ordinal) && l.Contains(",Sex,Male,<5,0,", StringComparison.Ordinal));
        var html = await (await analyst.GetAsync(url + "&format=html&language=de", ct)).Content.ReadAsStringAsync(ct);
        Assert.Contains("<h2>Maßnahmen</h2>", html, StringComparison.Ordinal);

        // SDG 16.2.2 from the cases: UN SDG API-shaped JSON and the Open SDG CSV.
        using var api = JsonDocument.Parse(await (await coordinator.GetAsync("/api/v1/followup/reports/sdg-16-2-2?from=2023-01-01&to=2023-12-31", ct)).Content.ReadAsStringAsync(ct));
        var data = api.RootElement.GetProperty("data").EnumerateArray().ToList();
        Assert.Equal(api.RootElement.GetProperty("totalElements").GetInt32(), data.Count);
        var all = data.Single(o => o.GetProperty("series").GetString() == "VC_HTF_DETVR" && o.GetProperty("dimensions").GetProperty("Sex").GetString() == "BOTHSEX"
            && o.GetProperty("dimensions").GetProperty("Age").GetString() == "ALLAGE");
        Assert.Equal(("16.2.2", "276", "Germany", 2023, "PER_100000_POP"), (all.GetProperty("indicator")[0].GetString(), all.GetProperty("geoAreaCode").GetString(),
            all.GetProperty("geoAreaName").GetString(), all.GetProperty("timePeriodStart").GetInt32(), all.GetProperty("attributes").GetProperty("Units").GetString()));
        Assert.Matches(@"^0\.0[0-9]{2}$", all.GetProperty("value").GetString());
        Assert.DoesNotContain(data, o => o.GetProperty("valueType").GetString() == "Float" && decimal.Parse(o.GetProperty("value").GetString()!, CultureInfo.InvariantCulture) is > 0 and < 1
            && o.GetProperty("series").GetString() == "VC_HTF_DETV");
        var open = (await (await coordinator.GetAsync("/api/v1/followup/reports/sdg-16-2-2?from=2023-01-01&to=2023-12-31&format=csv", ct)).Content.ReadAsStringAsync(ct))
            .Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("Year,Series,Units,Sex,Age,Observation status,Value", open[0]);
        Assert.Contains("2023,VC_HTF_DETV,Number,,,,10", open);
        Assert.Contains("2023,VC_HTF_DETV,Number,Male,,Suppressed (<5),", open);

        // Refusals: not a reader; a period backwards; an unknown format.
        Assert.Equal(HttpStatusCode.Forbidden, (await admin.GetAsync(url, ct)).StatusCode);
        var backwards = await analyst.GetAsync($"/api/v1/followup/reports?from=2024-01-01&to=2023-12-31", ct);
        Assert.Contains("the period ends before it starts", await backwards.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await analyst.GetAsync(url + "&format=pdf", ct)).StatusCode);

        await using var db = app.NewContext();
        // Four generations of the report (JSON, XLSX, CSV, HTML) and two of SDG 16.2.2 (the administrator is refused by the API's role check before the service).
        Assert.Equal(6, await db.AuditEntries.CountAsync(e => e.Action == AuditActions.FollowUpReport && e.Outcome == AuditOutcomes.Success, ct));
        var releaseIds = report.Statistics.Select(s => s.ReleaseId).ToList();
        Assert.Equal(4, await db.StatisticsReleases.CountAsync(r => releaseIds.Contains(r.Id) && r.Kind == IndicatorQueryProducer.KindName, ct));
    }

    private static bool IsNumber(string text) => decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out _);

    private static async Task<T> Read<T>(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {text}");
        return JsonSerializer.Deserialize<T>(text, Json)!;
    }
}
