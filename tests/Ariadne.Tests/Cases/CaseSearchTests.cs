using System.Net;
using Ariadne.Core.Audit;
using Ariadne.Core.Cases;
using Ariadne.Core.Data;
using Ariadne.Core.Users;
using Ariadne.Tests.Infrastructure;
using Ariadne.Tests.Pages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Ariadne.Tests.Cases;

/// <summary>Issue 15, search: the case code anywhere and in any case, the person search page, the possible-duplicate warning.</summary>
public sealed class CaseSearchTests
{
    [Fact]
    public void SearchKey_LowerCaseAndHyphens_Normalised()
    {
        Assert.Equal("C7K3M9QX2", CaseCodes.SearchKey(" c-7k3m-9qx2 "));
        Assert.Equal("M9Q", CaseCodes.SearchKey("m - 9q"));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task List_SearchLowerCasePartFromTheMiddle_FindsTheCase(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await TestApp.StartAsync(provider);
        var worker = await app.AddUserAsync("search-worker", "NGO A", Roles.CaseWorker);
        await CreateAsync(app, worker.OrganisationId, CaseApiTests.ValidInput("C-7K3M-9QX2"));
        await CreateAsync(app, worker.OrganisationId, CaseApiTests.ValidInput("C-ABCD-EFGH") with { FamilyName = "Other" });
        await CreateAsync(app, worker.OrganisationId, CaseApiTests.ValidInput("ngo-2024-q7") with { FamilyName = "Third" });
        var viewer = new CaseViewer(worker.Id, worker.OrganisationId, new HashSet<string> { Roles.CaseWorker });

        await using var scope = app.Services.CreateAsyncScope();
        var cases = scope.ServiceProvider.GetRequiredService<CaseService>();
        foreach (var search in new[] { "m-9qx", "7k3m9q", "9QX2", "c-7k3m" })
        {
            var found = await cases.ListAsync(new CaseQuery { Search = search }, viewer, ct);
            Assert.Equal(["C-7K3M-9QX2"], found.Items.Select(i => i.CaseCode));
        }
        Assert.Equal(2, (await cases.ListAsync(new CaseQuery { Search = "c-" }, viewer, ct)).TotalCount);
        // An imported code in lower case is found by its upper-case text too.
        Assert.Equal(["ngo-2024-q7"], (await cases.ListAsync(new CaseQuery { Search = "GO-2024Q" }, viewer, ct)).Items.Select(i => i.CaseCode));
        Assert.Equal(0, (await cases.ListAsync(new CaseQuery { Search = "zz" }, viewer, ct)).TotalCount);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task FindPersonPage_NameAndDateOfBirth_OwnOrganisationsCaseOnlyAndAudited(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await TestApp.StartAsync(provider);
        var worker = await app.AddUserAsync("search-worker", "NGO A", Roles.CaseWorker);
        var stranger = await app.AddUserAsync("other-worker", "NGO B", Roles.CaseWorker);
        await CreateAsync(app, worker.OrganisationId, CaseApiTests.ValidInput("C-AAAA-0001"));
        await CreateAsync(app, stranger.OrganisationId, CaseApiTests.ValidInput("C-BBBB-0002"));
        var client = await PageRenderingTests.SignedInClientAsync(app, worker, "en");

        var response = await PageRenderingTests.PostFormAsync(client, "/Cases/FindPerson",
            new() { ["FamilyName"] = "PERSON", ["GivenName"] = "synthetic", ["DateOfBirth"] = "2000-03-01" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = PageRenderingTests.Parser.ParseDocument(await response.Content.ReadAsStringAsync(ct));
        var codes = page.QuerySelectorAll("#person-results tbody td.code").Select(td => td.TextContent.Trim()).ToList();
        Assert.Equal(["C-AAAA-0001"], codes);
        await using var db = app.NewContext();
        var lookup = await db.AuditEntries.AsNoTracking().SingleAsync(e => e.Action == AuditActions.PersonLookup, ct);
        Assert.Equal("search-worker", lookup.ActorName);
        Assert.Contains("\"matches\":\"1\"", lookup.Details, StringComparison.Ordinal);
        Assert.DoesNotContain("Person", lookup.Details + lookup.Reason, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task FindPersonPage_NoFamilyNameNoDate_ErrorsNameTheFields(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        var worker = await app.AddUserAsync("search-worker", "NGO A", Roles.CaseWorker);
        var client = await PageRenderingTests.SignedInClientAsync(app, worker, "de");

        var response = await PageRenderingTests.PostFormAsync(client, "/Cases/FindPerson", new() { ["GivenName"] = "x", ["DateOfBirth"] = "kein Datum" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = PageRenderingTests.Parser.ParseDocument(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Contains("Familienname", page.QuerySelector("#FamilyName-error")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Geburtsdatum", page.QuerySelector("#DateOfBirth-error")!.TextContent, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task CreatePage_KnownPerson_WarnsFirstAndCreatesOnlyWhenConfirmed(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await TestApp.StartAsync(provider);
        var worker = await app.AddUserAsync("search-worker", "NGO A", Roles.CaseWorker);
        await CreateAsync(app, worker.OrganisationId, CaseApiTests.ValidInput("C-AAAA-0001"));
        var client = await PageRenderingTests.SignedInClientAsync(app, worker, "en");
        Dictionary<string, string> Form() => new()
        {
            ["Input.Status"] = "active",
            ["Input.IdentificationDate"] = "2026-06-01",
            ["Input.DetectingOrganisationType"] = "ngo",
            ["Input.TraffickingStatus"] = "possible",
            ["Input.Sex"] = "female",
            ["Input.GivenName"] = "Synthetic",
            ["Input.FamilyName"] = "person",
            ["Input.DateOfBirth"] = "2000-03-01",
        };

        var warned = await PageRenderingTests.PostFormAsync(client, "/Cases/Create", Form());

        Assert.Equal(HttpStatusCode.OK, warned.StatusCode);
        var page = PageRenderingTests.Parser.ParseDocument(await warned.Content.ReadAsStringAsync(ct));
        Assert.Contains("C-AAAA-0001", page.QuerySelector(".duplicate-warning")!.TextContent, StringComparison.Ordinal);
        await using (var db = app.NewContext())
        {
            Assert.Equal(1, await db.Cases.CountAsync(ct));
        }

        var form = Form();
        form["ConfirmNotDuplicate"] = "true";
        var created = await PageRenderingTests.PostFormAsync(client, "/Cases/Create", form);

        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        await using (var db = app.NewContext())
        {
            Assert.Equal(2, await db.Cases.CountAsync(ct));
            var checks = await db.AuditEntries.AsNoTracking().Where(e => e.Action == AuditActions.PersonLookup).ToListAsync(ct);
            Assert.Single(checks);
            Assert.Contains("duplicate-check", checks[0].Details, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task CreatePage_PersonKnownOnlyToAnotherOrganisation_NoWarning(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await TestApp.StartAsync(provider);
        var worker = await app.AddUserAsync("search-worker", "NGO A", Roles.CaseWorker);
        var stranger = await app.AddUserAsync("other-worker", "NGO B", Roles.CaseWorker);
        await CreateAsync(app, stranger.OrganisationId, CaseApiTests.ValidInput("C-BBBB-0002"));
        var viewer = new CaseViewer(worker.Id, worker.OrganisationId, new HashSet<string> { Roles.CaseWorker });

        await using var scope = app.Services.CreateAsyncScope();
        var found = await scope.ServiceProvider.GetRequiredService<CaseService>().FindPossibleDuplicatesAsync(CaseApiTests.ValidInput(), viewer, ct);

        Assert.Empty(found);
    }

    internal static async Task<Guid> CreateAsync(TestApp app, Guid organisationId, CaseInput input)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<CaseService>()
            .CreateAsync(input, organisationId, CaseViewer.LocalOperator, TestContext.Current.CancellationToken);
        Assert.True(result.Succeeded, result.ToString());
        return result.Value!.Id;
    }
}
