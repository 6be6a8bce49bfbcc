using System.Net;
using Ariadne.Core.Cases;
using Ariadne.Core.Data;
using Ariadne.Core.FollowUp;
using Ariadne.Core.Users;
using Ariadne.Tests.Infrastructure;
using Ariadne.Tests.Pages;
using Ariadne.Tests.Statistics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Ariadne.Tests.FollowUp;

/// <summary>
/// The results framework through the server-rendered forms (no JavaScript), English and German in one app: an unknown
/// dimension is refused naming it, a computed indicator is computed now and shows its suppressed cell, a reported
/// indicator gets a value typed the German way, a second coordinator approves it, and the progress chart (SVG with a
/// title) and its tables follow.
/// </summary>
public sealed class IndicatorPagesTests
{
    [Fact]
    public async Task Coordinators_DefineComputeReportAndApprove_InEnglishAndGerman()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await TestApp.StartAsync(DatabaseProvider.Sqlite);
        var first = await app.AddUserAsync("page-in-coordinator", "National Coordination", Roles.Coordinator);
        var second = await app.AddUserAsync("page-in-coordinator2", "National Coordination", Roles.Coordinator);
        await StatisticsFixtures.SeedCasesAsync(app, first.OrganisationId);
        Guid framework, item;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var service = scope.ServiceProvider.GetRequiredService<FollowUpService>();
            framework = (await service.CreateFrameworkAsync(new FrameworkInput(FrameworkKind.NationalActionPlan, "NAP", "Plan"), CaseViewer.LocalOperator, ct)).Value!.Id;
            item = (await service.CreateItemAsync(framework, new ItemInput("1", "Identification"), CaseViewer.LocalOperator, ct)).Value;
        }
        var en = await PageRenderingTests.SignedInClientAsync(app, first, "en");
        var de = await PageRenderingTests.SignedInClientAsync(app, second, "de");

        Assert.Contains($"/FollowUp/Indicators/{framework}", await en.GetStringAsync($"/FollowUp/Framework/{framework}", ct), StringComparison.Ordinal);
        Assert.Contains("No indicators yet.", await en.GetStringAsync($"/FollowUp/Indicators/{framework}", ct), StringComparison.Ordinal);
        var computed = new Dictionary<string, string>
        {
            ["Indicator.Subject"] = $"item:{item}",
            ["Indicator.Code"] = "ID-1",
            ["Indicator.Title"] = "Persons identified",
            ["Indicator.Kind"] = "Computed",
            ["Indicator.Query"] = IndicatorQueries.PersonsIdentified,
            ["Indicator.Dimensions"] = "sex, colour",
        };
        var refused = await PageRenderingTests.PostFormAsync(en, $"/FollowUp/Indicators/{framework}?handler=Define", computed);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("colour", await refused.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        computed["Indicator.Dimensions"] = "sex";
        var defined = await PageRenderingTests.PostFormAsync(en, $"/FollowUp/Indicators/{framework}?handler=Define", computed);
        Assert.Equal(HttpStatusCode.Redirect, defined.StatusCode);
        var computedPath = defined.Headers.Location!.OriginalString;
        var computedNow = await PageRenderingTests.PostFormAsync(en, computedPath + "?handler=Compute", new() { ["From"] = "2023-01-01", ["To"] = "2023-12-31" });
        Assert.Equal(HttpStatusCode.Redirect, computedNow.StatusCode);
        var computedPage = await en.GetStringAsync(computedPath, ct);
        Assert.Contains("sex=male", computedPage, StringComparison.Ordinal);
        Assert.Contains("&lt;5", computedPage, StringComparison.Ordinal);
        Assert.Contains("Query persons-identified, release", computedPage, StringComparison.Ordinal);
        Assert.Contains("<title id=\"chart-title\">Progress of ID-1", computedPage, StringComparison.Ordinal);

        var defineReported = await PageRenderingTests.PostFormAsync(en, $"/FollowUp/Indicators/{framework}?handler=Define", new()
        {
            ["Indicator.Subject"] = $"item:{item}",
            ["Indicator.Code"] = "SH-1",
            ["Indicator.Title"] = "Shelter places",
            ["Indicator.TitleDe"] = "Schutzplätze",
            ["Indicator.Kind"] = "Reported",
            ["Indicator.Unit"] = "places",
            ["Indicator.BaselineValue"] = "10",
            ["Indicator.BaselineOn"] = "2025-01-01",
            ["Indicator.MilestoneValue"] = "20",
            ["Indicator.MilestoneOn"] = "2025-12-31",
            ["Indicator.TargetValue"] = "40",
            ["Indicator.TargetOn"] = "2027-12-31",
        });
        Assert.Equal(HttpStatusCode.Redirect, defineReported.StatusCode);
        var reportedPath = defineReported.Headers.Location!.OriginalString;
        var reported = await PageRenderingTests.PostFormAsync(en, reportedPath + "?handler=Report", new()
        {
            ["PeriodStart"] = "2025-01-01",
            ["PeriodEnd"] = "2025-12-31",
            ["Value"] = "24.5",
            ["EvidenceUrl"] = "https://example.org/shelters-2025",
        });
        Assert.Equal(HttpStatusCode.Redirect, reported.StatusCode);
        Guid valueId;
        await using (var db = app.NewContext())
        {
            valueId = await db.Set<IndicatorValue>().Where(v => v.Query == null).Select(v => v.Id).SingleAsync(ct);
        }
        // The one who entered it does not approve it; the German page of the second coordinator shows it waiting.
        Assert.Contains("Another coordinator decides a value you entered.",
            await (await PageRenderingTests.PostFormAsync(en, reportedPath + "?handler=Approve", new() { ["valueId"] = valueId.ToString() })).Content.ReadAsStringAsync(ct),
            StringComparison.Ordinal);
        var waiting = await de.GetStringAsync(reportedPath, ct);
        Assert.Contains("Schutzplätze", waiting, StringComparison.Ordinal);
        Assert.Contains("wartet auf Bestätigung", waiting, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await PageRenderingTests.PostFormAsync(de, reportedPath + "?handler=Approve", new() { ["valueId"] = valueId.ToString() })).StatusCode);
        var germanValue = await PageRenderingTests.PostFormAsync(de, reportedPath + "?handler=Report", new()
        {
            ["PeriodStart"] = "2026-01-01",
            ["PeriodEnd"] = "2026-06-30",
            ["Value"] = "1.030,5",
        });
        Assert.Equal(HttpStatusCode.Redirect, germanValue.StatusCode);

        var german = await de.GetStringAsync(reportedPath, ct);
        Assert.Contains("Fortschritt von SH-1", german, StringComparison.Ordinal);
        Assert.Contains("class=\"actual-point\"", german, StringComparison.Ordinal);
        Assert.Contains("class=\"target\"", german, StringComparison.Ordinal);
        Assert.Contains("erreicht (145", german, StringComparison.Ordinal);
        Assert.Contains("24,5", german, StringComparison.Ordinal);
        Assert.Contains("1.030,5", german, StringComparison.Ordinal);
        Assert.Contains("31.12.2025", german, StringComparison.Ordinal);
        var english = await en.GetStringAsync(reportedPath, ct);
        Assert.Contains("met (145", english, StringComparison.Ordinal);
        Assert.Contains("waiting for approval", english, StringComparison.Ordinal);
        var list = await de.GetStringAsync($"/FollowUp/Indicators/{framework}", ct);
        Assert.Contains("Indikatoren von NAP", list, StringComparison.Ordinal);
        Assert.Contains("24,5", list, StringComparison.Ordinal);
        // The item's page links to its indicators (in German: "Indikatoren"); an item without any says so.
        var itemPage = await de.GetStringAsync($"/FollowUp/Item/{item}", ct);
        Assert.Contains("id=\"indicator-links\"", itemPage, StringComparison.Ordinal);
        Assert.Contains(computedPath, itemPage, StringComparison.Ordinal);
        await using (var db = app.NewContext())
        {
            Assert.Equal(1030.5m, await db.Set<IndicatorValue>().Where(v => v.State == IndicatorValueState.Submitted).Select(v => v.Value).SingleAsync(ct));
        }
    }
}
