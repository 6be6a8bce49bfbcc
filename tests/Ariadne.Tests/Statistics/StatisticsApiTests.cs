using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Ariadne.Core.Data;
using Ariadne.Core.Users;
using Ariadne.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Ariadne.Tests.Statistics;

/// <summary><c>/api/v1/statistics</c>: tables as logged releases, the release log, reproduction, and 400s that name the parameter.</summary>
public sealed class StatisticsApiTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Table_ThenListAndReproduce_SameFiguresLoggedAndIdentical(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await TestApp.StartAsync(provider);
        var analyst = await app.AddUserAsync("stats-analyst", "Statistics Office", Roles.Analyst);
        await StatisticsFixtures.SeedCasesAsync(app, analyst.OrganisationId);
        var client = await app.BearerClientAsync(analyst);
        // Suppression off needs the administrator's floor at 0 first.
        await StatisticsFixtures.SetSettingsAsync(app, minimumThreshold: 0);

        var table = await client.GetFromJsonAsync<JsonElement>("/api/v1/statistics/tables?dimensions=sex,year&threshold=0&filter.form=forced-labour", ct);

        Assert.Equal(["sex", "year", "persons"], table.GetProperty("columns").EnumerateArray().Select(c => c.GetString()));
        var rows = table.GetProperty("rows").EnumerateArray().Select(r => string.Join(",", r.EnumerateArray().Select(c => c.GetString()))).ToList();
        Assert.Contains("male,2023,3", rows);
        Assert.Contains("female,2023,0", rows);
        Assert.Contains("Total,Total,3", rows);
        Assert.Contains("forced-labour", table.GetProperty("parameters").GetProperty("filters").GetProperty("form")[0].GetString(), StringComparison.Ordinal);
        var release = table.GetProperty("release").GetGuid();

        var list = await client.GetFromJsonAsync<JsonElement>("/api/v1/statistics/releases", ct);
        var reproduced = await client.GetFromJsonAsync<JsonElement>($"/api/v1/statistics/releases/{release}/reproduce", ct);
        var missing = await client.GetAsync($"/api/v1/statistics/releases/{Guid.NewGuid()}/reproduce", ct);

        Assert.Equal(release, list[0].GetProperty("id").GetGuid());
        Assert.Equal("json", list[0].GetProperty("format").GetString());
        Assert.Equal("stats-analyst", list[0].GetProperty("actor").GetString());
        Assert.True(reproduced.GetProperty("identical").GetBoolean());
        Assert.False(reproduced.GetProperty("inputChanged").GetBoolean());
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        await using var db = app.NewContext();
        Assert.Equal(1, await db.StatisticsReleases.CountAsync(ct));
    }

    [Theory]
    [InlineData("dimensions=sex,shoeSize", "dimensions")]
    [InlineData("dimensions=sex&threshold=many", "threshold")]
    [InlineData("dimensions=sex&noise=loud", "noise")]
    [InlineData("dimensions=sex&filter.colour=red", "filters.colour")]
    [InlineData("kind=microdata", "kind")]
    [InlineData("kind=sdg-16-2-2&by=shoeSize", "by")]
    [InlineData("kind=glotip-country&iso3=deu", "iso3")]
    public async Task Table_InvalidParameter_ProblemDetailsNameIt(string query, string parameter)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await TestApp.StartAsync(DatabaseProvider.Sqlite);
        var client = await app.ClientAsAsync("stats-coordinator", "National Coordination", Roles.Coordinator);

        var response = await client.GetAsync("/api/v1/statistics/tables?" + query, ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
        Assert.True(problem.GetProperty("errors").TryGetProperty(parameter, out _), problem.ToString());
        await using var db = app.NewContext();
        Assert.Equal(0, await db.StatisticsReleases.CountAsync(ct));
    }
}
