using System.Globalization;
using System.Text.Json.Nodes;
using Ariadne.Core.Data;
using Ariadne.Core.Statistics.Releases;
using Ariadne.Core.Users;
using Ariadne.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Ariadne.Tests.Statistics;

/// <summary>
/// The differencing attack: two case tables whose filters differ by a small group (here the three men in forced
/// labour), subtracted cell by cell, must not give a count below the threshold.
/// </summary>
public sealed class DifferencingTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task FilteredTable_DiffersByASmallGroup_DifferenceRevealsNothingBelowThreshold(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await TestApp.StartAsync(provider);
        var analyst = await app.AddUserAsync("stats-analyst", "Statistics Office", Roles.Analyst);
        // 7 women (sexual exploitation), 3 men (forced labour).
        await StatisticsFixtures.SeedCasesAsync(app, analyst.OrganisationId);
        await using var scope = app.Services.CreateAsyncScope();
        var releases = scope.ServiceProvider.GetRequiredService<ReleaseService>();

        // All cases: the 3 men are "<5". Then all cases except forced labour: without protection its total (7)
        // subtracted from the first total (10) gives the 3 men back.
        var (_, all) = await releases.PublishAsync(CaseTableProducer.KindName, Parse("""{"dimensions":["sex"]}"""), "json", ct);
        var (second, filtered) = await releases.PublishAsync(CaseTableProducer.KindName, Parse("""{"dimensions":["sex"],"filters":{"form":["sexual-exploitation"]}}"""), "json", ct);

        Assert.Equal("<5", Cell(all, "male"));
        Assert.Equal("10", Cell(all, "Total"));
        Assert.Equal("x", Cell(filtered, "Total"));
        foreach (var row in filtered.Rows)
        {
            var earlier = Cell(all, row[0]);
            if (long.TryParse(row[1], CultureInfo.InvariantCulture, out var b) && long.TryParse(earlier, CultureInfo.InvariantCulture, out var a))
            {
                var difference = Math.Abs(a - b);
                Assert.True(difference == 0 || difference >= 5, $"{row[0]}: {a} − {b} reveals {difference}");
            }
        }
        Assert.Contains("earlier release", filtered.Method, StringComparison.Ordinal);

        // A later release does not change the reproduction of the second.
        await releases.PublishAsync(CaseTableProducer.KindName, Parse("""{"dimensions":["sex"],"filters":{"year":["2023"]}}"""), "json", ct);
        var reproduced = await releases.ReproduceAsync(second.Id, ct);
        Assert.True(reproduced!.Identical);
    }

    [Fact]
    public async Task ForgedCutoff_DoesNotSkipEarlierReleases()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await TestApp.StartAsync(DatabaseProvider.Sqlite);
        var analyst = await app.AddUserAsync("stats-analyst", "Statistics Office", Roles.Analyst);
        await StatisticsFixtures.SeedCasesAsync(app, analyst.OrganisationId);
        await using var scope = app.Services.CreateAsyncScope();
        var releases = scope.ServiceProvider.GetRequiredService<ReleaseService>();

        await releases.PublishAsync(CaseTableProducer.KindName, Parse("""{"dimensions":["sex"]}"""), "json", ct);
        var (_, filtered) = await releases.PublishAsync(CaseTableProducer.KindName,
            Parse("""{"dimensions":["sex"],"filters":{"form":["sexual-exploitation"]},"differencingBefore":"2000-01-01T00:00:00.0000000Z"}"""), "json", ct);

        Assert.Equal("x", Cell(filtered, "Total"));
    }

    private static JsonObject Parse(string json) => (JsonObject)JsonNode.Parse(json)!;

    private static string Cell(ReleaseTable table, string sex) => table.Rows.Single(r => r[0] == sex)[1];
}
