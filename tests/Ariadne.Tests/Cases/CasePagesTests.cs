using System.Net;
using Ariadne.Core.Consent;
using Ariadne.Core.Data;
using Ariadne.Core.Users;
using Ariadne.Tests.Infrastructure;
using Ariadne.Tests.Pages;
using Microsoft.EntityFrameworkCore;

namespace Ariadne.Tests.Cases;

/// <summary>Issue 15, the smaller points on the case pages.</summary>
public sealed class CasePagesTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Details_EraseIsADangerButtonApartFromEdit_RevealSaysUntilWhen(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await TestApp.StartAsync(provider);
        var worker = await app.AddUserAsync("page-worker", "NGO A", Roles.CaseWorker);
        var client = await PageRenderingTests.SignedInClientAsync(app, worker, "en");
        var caseId = await CaseSearchTests.CreateAsync(app, worker.OrganisationId, CaseApiTests.ValidInput());
        // Revealing gives the grant whose end the page must state (15 minutes after TestApp.Now, 10:00 UTC).
        var revealed = await PageRenderingTests.PostFormAsync(client, $"/Cases/Details/{caseId}?handler=Reveal", new() { ["RevealReason"] = "page test" });
        Assert.Equal(HttpStatusCode.Redirect, revealed.StatusCode);

        var page = PageRenderingTests.Parser.ParseDocument(await client.GetStringAsync($"/Cases/Details/{caseId}", ct));

        var erase = page.QuerySelector("#erase-link")!;
        Assert.Contains("danger", erase.ClassList);
        Assert.Null(erase.Closest(".page-actions"));
        Assert.NotNull(erase.Closest(".danger-zone"));
        Assert.Null(page.QuerySelector(".page-actions a[href*='/Cases/Erase/']"));
        Assert.Contains("10:15", page.QuerySelector("#revealed-until")!.TextContent, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Consent_NoChoicesMade_RefusedWithErrorsNamingTheFieldsAndNothingRecorded(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await TestApp.StartAsync(provider);
        var worker = await app.AddUserAsync("page-worker", "NGO A", Roles.CaseWorker);
        var client = await PageRenderingTests.SignedInClientAsync(app, worker, "de");
        var caseId = await CaseSearchTests.CreateAsync(app, worker.OrganisationId, CaseApiTests.ValidInput());
        var path = $"/Cases/Consents/{caseId}";

        var form = PageRenderingTests.Parser.ParseDocument(await client.GetStringAsync(path, ct));
        Assert.Equal("", form.QuerySelector("#Input_GivenOn")!.GetAttribute("value") ?? "");
        Assert.Equal("", form.QuerySelector("#Input_Purpose option[selected]")?.GetAttribute("value") ?? "");
        Assert.Equal("", form.QuerySelector("#Input_Method option[selected]")?.GetAttribute("value") ?? "");

        var response = await PageRenderingTests.PostFormAsync(client, path + "?handler=Record", new() { ["Input.Purpose"] = "", ["Input.Method"] = "", ["Input.GivenOn"] = "" });

        var page = PageRenderingTests.Parser.ParseDocument(await response.Content.ReadAsStringAsync(ct));
        Assert.Contains("Zweck", page.QuerySelector("#Input_Purpose-error")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Art der Einholung", page.QuerySelector("#Input_Method-error")!.TextContent, StringComparison.Ordinal);
        await using var db = app.NewContext();
        Assert.Equal(0, await db.Set<ConsentRecord>().CountAsync(ct));

        var recorded = await PageRenderingTests.PostFormAsync(client, path + "?handler=Record", new() { ["Input.Purpose"] = "Contact", ["Input.Method"] = "Oral", ["Input.GivenOn"] = "2026-06-01" });
        Assert.Equal(HttpStatusCode.Redirect, recorded.StatusCode);
        var after = PageRenderingTests.Parser.ParseDocument(await client.GetStringAsync(path, ct));
        Assert.Single(after.QuerySelectorAll(".status-message"));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task CreateForm_MissingSex_MessageNamesTheField(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        var worker = await app.AddUserAsync("page-worker", "NGO A", Roles.CaseWorker);
        var client = await PageRenderingTests.SignedInClientAsync(app, worker, "en");

        var response = await PageRenderingTests.PostFormAsync(client, "/Cases/Create", new()
        {
            ["Input.Status"] = "active",
            ["Input.IdentificationDate"] = "2026-06-01",
            ["Input.DetectingOrganisationType"] = "ngo",
            ["Input.TraffickingStatus"] = "possible",
        });

        var page = PageRenderingTests.Parser.ParseDocument(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        var error = page.QuerySelector("#Input_Sex-error")!.TextContent;
        Assert.Contains("Sex:", error, StringComparison.Ordinal);
    }
}
