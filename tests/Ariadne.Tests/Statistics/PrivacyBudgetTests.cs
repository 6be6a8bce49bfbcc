using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AngleSharp.Dom;
using Ariadne.Core.Data;
using Ariadne.Core.Statistics.Releases;
using Ariadne.Core.Users;
using Ariadne.Tests.Infrastructure;
using Ariadne.Tests.Pages;
using Microsoft.EntityFrameworkCore;

namespace Ariadne.Tests.Statistics;

/// <summary>
/// The privacy budget (zCDP ρ per dataset and period) and the administrator's disclosure floor through the API and the
/// pages: exhaustion and thresholds below the floor are refused naming the parameter, nothing is logged or spent then,
/// repeating a release spends nothing, and two web nodes together never overspend.
/// </summary>
public sealed class PrivacyBudgetTests
{
    private const string Noisy = "/api/v1/statistics/tables?dimensions=sex,year&noise=laplace&epsilon=1";

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Api_BudgetExhausted_409NamesEpsilon_NothingLoggedOrSpent_ReproduceSpendsNothing(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await TestApp.StartAsync(provider);
        var analyst = await app.AddUserAsync("stats-analyst", "Statistics Office", Roles.Analyst);
        await StatisticsFixtures.SeedCasesAsync(app, analyst.OrganisationId);
        var admin = await app.ClientAsAsync("stats-admin", "Statistics Office", Roles.Administrator);
        var client = await app.BearerClientAsync(analyst);

        var put = await admin.PutAsJsonAsync("/api/v1/statistics/settings", new { budgetRho = 0.75 }, ct);
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        // Laplace ε = 1 is ρ = 0.5: one fits, the second does not.
        var first = await client.GetAsync(Noisy, ct);
        var second = await client.GetAsync(Noisy, ct);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Equal("application/problem+json", second.Content.Headers.ContentType?.MediaType);
        var problem = await second.Content.ReadFromJsonAsync<JsonElement>(ct);
        Assert.Contains("epsilon", problem.GetProperty("errors").GetProperty("epsilon")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(0.5, problem.GetProperty("requestedRho").GetDouble(), 9);
        var release = (await first.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("release").GetGuid();
        var reproduced = await client.GetFromJsonAsync<JsonElement>($"/api/v1/statistics/releases/{release}/reproduce", ct);
        Assert.True(reproduced.GetProperty("identical").GetBoolean());
        // Without noise nothing is spent, so tables remain available.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/statistics/tables?dimensions=sex", ct)).StatusCode);

        var budget = await client.GetFromJsonAsync<JsonElement>("/api/v1/statistics/budget", ct);
        var cases = budget.EnumerateArray().Single(b => b.GetProperty("dataset").GetString() == PrivacyDatasets.Cases);
        Assert.Equal(0.5, cases.GetProperty("spentRho").GetDouble(), 9);
        Assert.Equal(0.25, cases.GetProperty("remainingRho").GetDouble(), 9);
        Assert.Equal(new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc), cases.GetProperty("periodStartUtc").GetDateTime().ToUniversalTime());
        await using var db = app.NewContext();
        var ledger = await db.PrivacyLedger.AsNoTracking().ToListAsync(ct);
        Assert.Equal(release, Assert.Single(ledger).ReleaseId);
        Assert.Equal(2, await db.StatisticsReleases.CountAsync(ct));
        Assert.Equal(0.5, (await db.StatisticsReleases.AsNoTracking().SingleAsync(r => r.Id == release, ct)).Rho, 9);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task TwoWebNodes_ConcurrentNoisyReleases_SpendNoMoreThanTheBudget(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var first = await TestApp.StartAsync(provider);
        await using var second = await TestApp.StartAsync(provider, sharedDatabase: first.Database);
        var analyst = await first.AddUserAsync("stats-analyst", "Statistics Office", Roles.Analyst);
        await StatisticsFixtures.SeedCasesAsync(first, analyst.OrganisationId);
        await StatisticsFixtures.SetSettingsAsync(first, budgetRho: 1.0);
        var clients = new[] { await first.BearerClientAsync(analyst), await second.BearerClientAsync(analyst) };

        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => clients[i % 2].GetAsync(Noisy, ct)));

        Assert.Equal(2, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        Assert.Equal(4, responses.Count(r => r.StatusCode == HttpStatusCode.Conflict));
        await using var db = first.NewContext();
        var ledger = await db.PrivacyLedger.AsNoTracking().ToListAsync(ct);
        Assert.Equal(1.0, ledger.Sum(e => e.Rho), 9);
        // Every spending belongs to a logged release, and every logged noisy release spent.
        var releases = await db.StatisticsReleases.AsNoTracking().Select(r => r.Id).ToListAsync(ct);
        Assert.Equal(releases.Order(), ledger.Select(e => e.ReleaseId).Order());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Api_ThresholdBelowTheFloor_400NamesThresholdAndFloor_AdministratorMovesTheFloor(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await TestApp.StartAsync(provider);
        var analyst = await app.AddUserAsync("stats-analyst", "Statistics Office", Roles.Analyst);
        await StatisticsFixtures.SeedCasesAsync(app, analyst.OrganisationId);
        var client = await app.BearerClientAsync(analyst);
        var admin = await app.ClientAsAsync("stats-admin", "Statistics Office", Roles.Administrator);

        foreach (var threshold in new[] { 0, 1, 4 })
        {
            var refused = await client.GetAsync($"/api/v1/statistics/tables?dimensions=sex&threshold={threshold}", ct);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            var message = (await refused.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("errors").GetProperty("threshold")[0].GetString()!;
            Assert.Contains("minimum suppression threshold is 5", message, StringComparison.Ordinal);
        }
        // The SDG producer takes the same parameter.
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/v1/statistics/tables?kind=sdg-16-2-2&threshold=0", ct)).StatusCode);
        await using (var db = app.NewContext())
        {
            Assert.Equal(0, await db.StatisticsReleases.CountAsync(ct));
        }

        // Analysts cannot change the settings; the administrator raises the floor to 7.
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PutAsJsonAsync("/api/v1/statistics/settings", new { minimumThreshold = 0 }, ct)).StatusCode);
        var invalid = await admin.PutAsJsonAsync("/api/v1/statistics/settings", new { periodMonths = 5 }, ct);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.True((await invalid.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("errors").TryGetProperty("periodMonths", out _));
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync("/api/v1/statistics/settings", new { minimumThreshold = 7 }, ct)).StatusCode);
        var settings = await admin.GetFromJsonAsync<JsonElement>("/api/v1/statistics/settings", ct);
        Assert.Equal(7, settings.GetProperty("minimumThreshold").GetInt32());

        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/v1/statistics/tables?dimensions=sex&threshold=5", ct)).StatusCode);
        // Without a threshold the floor applies: the 3 men are now "<7".
        var table = await client.GetFromJsonAsync<JsonElement>("/api/v1/statistics/tables?dimensions=sex", ct);
        Assert.Equal(7, table.GetProperty("parameters").GetProperty("threshold").GetInt32());
        Assert.Contains(table.GetProperty("rows").EnumerateArray(), r => r[0].GetString() == "male" && r[1].GetString() == "<7");
        Assert.DoesNotContain(table.GetProperty("rows").EnumerateArray(), r => r[1].GetString() is "1" or "2" or "3" or "4" or "5" or "6");
    }

    [Theory]
    [InlineData("en", "privacy budget")]
    [InlineData("de", "Privatsphäre-Budget")]
    public async Task Page_BudgetExhausted_ErrorNextToTheNoiseField_NothingPublished(string culture, string words)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await TestApp.StartAsync(DatabaseProvider.Sqlite);
        var coordinator = await app.AddUserAsync("stats-coordinator", "National Coordination", Roles.Coordinator);
        await StatisticsFixtures.SeedCasesAsync(app, coordinator.OrganisationId);
        await StatisticsFixtures.SetSettingsAsync(app, budgetRho: 0.2);
        var client = await PageRenderingTests.SignedInClientAsync(app, coordinator, culture);

        // One table per view with ε = 0.5: ρ = 0.125 fits once in 0.2, not twice.
        var fits = PageRenderingTests.Parser.ParseDocument(await client.GetStringAsync("/Statistics?dimensions=sex&noise=laplace&epsilon=0.5", ct));
        var refused = PageRenderingTests.Parser.ParseDocument(await client.GetStringAsync("/Statistics?dimensions=sex&noise=laplace&epsilon=0.5", ct));

        Assert.NotNull(fits.QuerySelector("table.statistics"));
        Assert.Contains("0.125", fits.QuerySelector("#budget-status")!.TextContent.Replace(',', '.'), StringComparison.Ordinal);
        Assert.Null(refused.QuerySelector("table.statistics"));
        var error = refused.QuerySelector("#noise-error")!.TextContent;
        Assert.Contains(words, error, StringComparison.Ordinal);
        Assert.Equal("true", refused.QuerySelector("#noise")!.GetAttribute("aria-invalid"));
        await using var db = app.NewContext();
        Assert.Equal(1, await db.StatisticsReleases.CountAsync(ct));
        Assert.Equal(1, await db.PrivacyLedger.CountAsync(ct));
    }

    [Theory]
    [InlineData("en", "minimum of 5")]
    [InlineData("de", "Minimum 5")]
    public async Task Page_ThresholdBelowTheFloor_ErrorNamesTheFloor_NothingPublished_NoSeedField(string culture, string words)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await TestApp.StartAsync(DatabaseProvider.Sqlite);
        var coordinator = await app.AddUserAsync("stats-coordinator", "National Coordination", Roles.Coordinator);
        await StatisticsFixtures.SeedCasesAsync(app, coordinator.OrganisationId);
        var client = await PageRenderingTests.SignedInClientAsync(app, coordinator, culture);

        var page = PageRenderingTests.Parser.ParseDocument(await client.GetStringAsync("/Statistics?dimensions=sex&threshold=0&seed=42", ct));

        Assert.Contains(words, page.QuerySelector("#threshold-error")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("5", page.QuerySelector("#threshold")!.GetAttribute("min"));
        Assert.Null(page.QuerySelector("#seed"));
        Assert.Null(page.QuerySelector("table.statistics"));
        await using var db = app.NewContext();
        Assert.Equal(0, await db.StatisticsReleases.CountAsync(ct));
    }

    [Theory]
    [InlineData("en")]
    [InlineData("de")]
    public async Task SettingsPage_AdministratorChangesFloorAndBudget_OthersRefused(string culture)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await TestApp.StartAsync(DatabaseProvider.Sqlite);
        var administrator = await app.AddUserAsync("stats-admin", "Statistics Office", Roles.Administrator);
        var analyst = await app.AddUserAsync("stats-analyst", "Statistics Office", Roles.Analyst);
        var client = await PageRenderingTests.SignedInClientAsync(app, administrator, culture);
        var keys = PageRenderingTests.ResourceKeys();

        var page = PageRenderingTests.Parser.ParseDocument(await client.GetStringAsync("/Statistics/Settings", ct));
        Assert.Equal("5", page.QuerySelector("#MinimumThreshold")!.GetAttribute("value"));
        Assert.DoesNotContain(page.Body!.GetDescendants().OfType<IText>().Select(t => t.Text.Trim()), keys.Contains);
        var bad = await PageRenderingTests.PostFormAsync(client, "/Statistics/Settings", new() { ["MinimumThreshold"] = "-1", ["BudgetRho"] = "lots", ["PeriodMonths"] = "12" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = PageRenderingTests.Parser.ParseDocument(await bad.Content.ReadAsStringAsync(ct));
        Assert.NotNull(errors.QuerySelector("#MinimumThreshold-error"));
        Assert.NotNull(errors.QuerySelector("#BudgetRho-error"));
        var saved = await PageRenderingTests.PostFormAsync(client, "/Statistics/Settings", new() { ["MinimumThreshold"] = "10", ["BudgetRho"] = "2.5", ["PeriodMonths"] = "3" });
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);

        await using (var db = app.NewContext())
        {
            var settings = await db.StatisticsSettings.AsNoTracking().SingleAsync(ct);
            Assert.Equal((10, 2.5, 3, "stats-admin"), (settings.MinimumThreshold, settings.BudgetRho, settings.PeriodMonths, settings.UpdatedBy));
            Assert.True(await db.AuditEntries.AnyAsync(e => e.Action == Core.Audit.AuditActions.StatisticsSettings, ct));
        }
        var analystClient = await PageRenderingTests.SignedInClientAsync(app, analyst, culture);
        var denied = await analystClient.GetAsync("/Statistics/Settings", ct);
        Assert.NotEqual(HttpStatusCode.OK, denied.StatusCode);
    }
}
