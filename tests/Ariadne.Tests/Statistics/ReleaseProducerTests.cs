using System.Globalization;
using System.Text.Json.Nodes;
using Ariadne.Core.Data;
using Ariadne.Core.Statistics.Releases;
using Ariadne.Core.Users;
using Ariadne.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Ariadne.Tests.Statistics;

/// <summary>The producers behind the statistics pages: deterministic, and SDG 16.2.2 rates as computed by hand.</summary>
public sealed class ReleaseProducerTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Producers_SameParameters_SameTableAndFingerprints(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        var user = await app.AddUserAsync("stats-analyst", "Statistics Office", Roles.Analyst);
        await StatisticsFixtures.SeedCasesAsync(app, user.OrganisationId);
        await StatisticsFixtures.SeedGlotipAsync(app);
        (string Kind, string Parameters)[] cases =
        [
            (CaseTableProducer.KindName, """{"dimensions":["sex","form"],"noise":"gaussian","epsilon":0.7,"seed":42}"""),
            (Sdg1622Producer.KindName, """{"by":"sex","noise":"laplace","seed":7}"""),
            (GlotipCountryProducer.KindName, """{"iso3":"DEU","dimension":"by form of exploitation"}"""),
        ];
        foreach (var (kind, text) in cases)
        {
            var first = await ProduceAsync(app, kind, text);
            var second = await ProduceAsync(app, kind, text);

            Assert.Equal(first.Fingerprint(), second.Fingerprint());
            Assert.Equal(first.InputSha256, second.InputSha256);
            Assert.Equal(first.EffectiveParameters.ToJsonString(), second.EffectiveParameters.ToJsonString());
            Assert.NotEmpty(first.Rows);
        }
        var glotip = await ProduceAsync(app, GlotipCountryProducer.KindName, """{"iso3":"DEU","dimension":"by form of exploitation"}""");
        string[][] expected = [["2022", "Forced labour", "Total", "Total", "<5"], ["2022", "Sexual exploitation", "Total", "Total", "12"]];
        Assert.Equal(expected, glotip.Rows);
    }

    [Fact]
    public async Task Sdg1622_RatePer100000_EqualsTheHandComputedFigure_AndSuppressesWithItsCount()
    {
        await using var app = await TestApp.StartAsync(DatabaseProvider.Sqlite);
        var user = await app.AddUserAsync("stats-analyst", "Statistics Office", Roles.Analyst);
        await StatisticsFixtures.SeedCasesAsync(app, user.OrganisationId);
        var population = ShippedPopulation("DEU", 2023);

        var open = await ProduceAsync(app, Sdg1622Producer.KindName, """{"by":"sex","threshold":0}""");
        var protectedRates = await ProduceAsync(app, Sdg1622Producer.KindName, """{"by":"sex"}""");

        Assert.Equal(["countryOfExploitation", "year", "sex", "victims", "population", "rate_per_100000"], open.Columns);
        // 7 women in Germany in 2023: 7 / population × 100,000, to three decimals.
        var female = open.Rows.Single(r => r[0] == "DE" && r[1] == "2023" && r[2] == "female");
        Assert.Equal("7", female[3]);
        Assert.Equal(population.ToString(CultureInfo.InvariantCulture), female[4]);
        Assert.Equal(83_287_273, population);
        Assert.Equal("0.008", female[5]); // 700,000 / 83,287,273 = 0.0084
        var total = open.Rows.Single(r => r[0] == "DE" && r[1] == "2023" && r[2] == "Total");
        Assert.Equal("0.012", total[5]); // 1,000,000 / 83,287,273 = 0.0120
        Assert.Equal("", open.Rows.Single(r => r[0] == "DE" && r[1] == "Total" && r[2] == "Total")[5]);
        var male = protectedRates.Rows.Single(r => r[0] == "DE" && r[1] == "2023" && r[2] == "male");
        Assert.Equal(["<5", "<5"], new[] { male[3], male[5] });
        Assert.Contains("rate suppressed", protectedRates.Method, StringComparison.Ordinal);
    }

    private static async Task<ReleaseTable> ProduceAsync(TestApp app, string kind, string parameters)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var producer = scope.ServiceProvider.GetServices<IReleaseProducer>().Single(p => p.Kind == kind);
        return await producer.ProduceAsync((JsonObject)JsonNode.Parse(parameters)!, TestContext.Current.CancellationToken);
    }

    /// <summary>The population straight from the shipped World Bank file, not through <c>PopulationTable</c>.</summary>
    private static long ShippedPopulation(string alpha3, int year)
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "Ariadne.slnx")))
        {
            root = Path.GetDirectoryName(root)!;
        }
        var line = File.ReadLines(Path.Combine(root, "src", "Ariadne.Core", "Statistics", "Data", "population.csv"))
            .Single(l => l.Contains($",{alpha3},{year.ToString(CultureInfo.InvariantCulture)},", StringComparison.Ordinal));
        return long.Parse(line.Split(',')[^1], CultureInfo.InvariantCulture);
    }
}
