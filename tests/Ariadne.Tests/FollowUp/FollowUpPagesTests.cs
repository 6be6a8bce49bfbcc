using System.Net;
using Ariadne.Core.Data;
using Ariadne.Core.FollowUp;
using Ariadne.Core.Users;
using Ariadne.Tests.Infrastructure;
using Ariadne.Tests.Pages;
using Microsoft.EntityFrameworkCore;

namespace Ariadne.Tests.FollowUp;

/// <summary>
/// The follow-up through the server-rendered forms (no JavaScript), in English and German: a coordinator loads the
/// declaration and adds a measure (amount typed the page language's way), the lead institution's focal point reports
/// progress, the coordinator approves it from the dashboard's list; an analyst reads the measure without any form.
/// </summary>
public sealed class FollowUpPagesTests
{
    [Theory]
    [InlineData("en", "1500.50", "Political Declaration 2021", "Completed", "Awaiting approval", "summaries written for Ariadne")]
    [InlineData("de", "1.500,50", "Politische Erklärung 2021", "Abgeschlossen", "Wartet auf Freigabe", "für Ariadne verfasste Kurzfassungen")]
    public async Task Coordinator_LoadsDeclarationAddsMeasure_FocalPointReports_CoordinatorApproves(string culture, string amount, string title, string completed,
        string awaiting, string summaryNote)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await TestApp.StartAsync(DatabaseProvider.Sqlite);
        var coordinator = await app.AddUserAsync("page-fu-coordinator", "National Coordination", Roles.Coordinator);
        var focal = await app.AddUserAsync("page-fu-focal", "Ministry of Justice", Roles.CaseWorker);
        var analyst = await app.AddUserAsync("page-fu-analyst", "Rapporteur Office", Roles.Analyst);
        var client = await PageRenderingTests.SignedInClientAsync(app, coordinator, culture);

        var loaded = await PageRenderingTests.PostFormAsync(client, "/FollowUp?handler=LoadDeclaration", []);
        Assert.Equal(HttpStatusCode.Redirect, loaded.StatusCode);
        var frameworkPage = await client.GetStringAsync(loaded.Headers.Location!.OriginalString, ct);
        Assert.Contains(title, frameworkPage, StringComparison.Ordinal);

        Guid paragraph13;
        await using (var db = app.NewContext())
        {
            paragraph13 = await db.Set<CommitmentItem>().Where(i => i.Number == "13").Select(i => i.Id).SingleAsync(ct);
        }
        var itemPage = await client.GetStringAsync($"/FollowUp/Item/{paragraph13}", ct);
        Assert.Contains("Nichtbestrafung", itemPage, StringComparison.Ordinal);
        Assert.Contains(summaryNote, itemPage, StringComparison.Ordinal);

        var added = await PageRenderingTests.PostFormAsync(client, $"/FollowUp/Item/{paragraph13}?handler=AddMeasure", new()
        {
            ["Measure.Title"] = "Guidance on non-punishment for prosecutors",
            ["Measure.LeadOrganisationId"] = focal.OrganisationId.ToString(),
            ["Measure.BudgetAmount"] = amount,
            ["Measure.BudgetCurrency"] = "EUR",
            ["Measure.DueOn"] = "2026-07-01",
            ["Measure.Status"] = "Planned",
        });
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        var measurePath = added.Headers.Location!.OriginalString;
        Guid measureId;
        await using (var db = app.NewContext())
        {
            var measure = await db.Set<PlanMeasure>().SingleAsync(ct);
            Assert.Equal(1500.50m, measure.BudgetAmount);
            measureId = measure.Id;
        }
        Assert.Contains(measureId.ToString(), measurePath, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"submit-form\"", await client.GetStringAsync(measurePath, ct), StringComparison.Ordinal);

        var focalClient = await PageRenderingTests.SignedInClientAsync(app, focal, culture);
        Assert.Contains("href=\"/FollowUp\"", await focalClient.GetStringAsync("/", ct), StringComparison.Ordinal);
        var submitted = await PageRenderingTests.PostFormAsync(focalClient, $"{measurePath}?handler=Submit", new()
        {
            ["ProposedStatus"] = "Completed",
            ["Progress"] = "Guidance issued to every prosecutor's office.",
        });
        Assert.Equal(HttpStatusCode.Redirect, submitted.StatusCode);
        Assert.Contains(awaiting, await focalClient.GetStringAsync(measurePath, ct), StringComparison.Ordinal);

        var dashboard = await client.GetStringAsync("/FollowUp", ct);
        Assert.Contains($"/FollowUp/Measure/{measureId}", dashboard, StringComparison.Ordinal);
        Assert.Contains("id=\"awaiting\"", dashboard, StringComparison.Ordinal);
        var reportId = await ReportIdAsync(app, ct);
        var approved = await PageRenderingTests.PostFormAsync(client, $"{measurePath}?handler=Approve", new() { ["reportId"] = reportId.ToString() });
        Assert.Equal(HttpStatusCode.Redirect, approved.StatusCode);
        var after = await client.GetStringAsync(measurePath, ct);
        Assert.Contains(completed, after, StringComparison.Ordinal);
        Assert.Contains("id=\"history\"", after, StringComparison.Ordinal);

        var analystPage = await (await PageRenderingTests.SignedInClientAsync(app, analyst, culture)).GetStringAsync(measurePath, ct);
        Assert.Contains(completed, analystPage, StringComparison.Ordinal);
        Assert.DoesNotContain("<form method=\"post\"", analystPage.Split("<main", 2)[1].Split("</main>")[0], StringComparison.Ordinal);
    }

    private static async Task<Guid> ReportIdAsync(TestApp app, CancellationToken ct)
    {
        await using var db = app.NewContext();
        return await db.Set<ProgressReport>().Select(r => r.Id).SingleAsync(ct);
    }
}
