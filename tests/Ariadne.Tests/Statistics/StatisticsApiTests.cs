using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Ariadne.Core.Data;
using Ariadne.Core.Users;
using Ariadne.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

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

    /// <summary>
    /// The API's counts are those of a plain SQL <c>GROUP BY</c> over the same cases (issue 15 compares their speed, so
    /// they must count the same): 80 generated cases of several sexes and years, suppression off.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Table_SexByYear_CountsEqualADirectGroupBy(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await TestApp.StartAsync(provider);
        var analyst = await app.AddUserAsync("stats-analyst", "Statistics Office", Roles.Analyst);
        await StatisticsFixtures.SetSettingsAsync(app, minimumThreshold: 0);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var cases = scope.ServiceProvider.GetRequiredService<Core.Cases.CaseService>();
            var today = DateOnly.FromDateTime(TestApp.Now.UtcDateTime);
            foreach (var input in new Core.DemoData.DemoCaseGenerator(42, today, Core.CodeLists.CodeListRegistry.Default).Generate(80))
            {
                var created = await cases.CreateAsync(input, analyst.OrganisationId, Core.Cases.CaseViewer.LocalOperator, ct);
                Assert.True(created.Succeeded, created.ToString());
            }
        }
        var client = await app.BearerClientAsync(analyst);

        var table = await client.GetFromJsonAsync<JsonElement>("/api/v1/statistics/tables?dimensions=sex,year&threshold=0", ct);

        var api = table.GetProperty("rows").EnumerateArray().Select(r => r.EnumerateArray().Select(c => c.GetString()!).ToArray())
            .Where(r => r[0] != "Total" && r[1] != "Total" && r[2] != "0")
            .ToDictionary(r => (r[0], r[1]), r => int.Parse(r[2], System.Globalization.CultureInfo.InvariantCulture));
        var direct = new Dictionary<(string, string), int>();
        await using (var db = app.NewContext())
        {
            var connection = db.Database.GetDbConnection();
            await connection.OpenAsync(ct);
            await using var command = connection.CreateCommand();
            command.CommandText = provider == DatabaseProvider.Sqlite
                ? "SELECT \"Sex\", CAST(strftime('%Y', \"IdentificationDate\") AS INTEGER), COUNT(*) FROM \"Cases\" GROUP BY 1, 2"
                : "SELECT \"Sex\", CAST(EXTRACT(YEAR FROM \"IdentificationDate\") AS INTEGER), COUNT(*) FROM \"Cases\" GROUP BY 1, 2";
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                direct[(reader.GetString(0), Convert.ToInt32(reader.GetValue(1), System.Globalization.CultureInfo.InvariantCulture).ToString(System.Globalization.CultureInfo.InvariantCulture))] =
                    Convert.ToInt32(reader.GetValue(2), System.Globalization.CultureInfo.InvariantCulture);
            }
        }
        Assert.True(direct.Count >= 6, $"{direct.Count} groups");
        Assert.Equal(direct.OrderBy(d => d.Key).ToList(), api.OrderBy(d => d.Key).ToList());
        var total = table.GetProperty("rows").EnumerateArray().Single(r => r[0].GetString() == "Total" && r[1].GetString() == "Total")[2].GetString();
        Assert.Equal(80.ToString(System.Globalization.CultureInfo.InvariantCulture), total);
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
