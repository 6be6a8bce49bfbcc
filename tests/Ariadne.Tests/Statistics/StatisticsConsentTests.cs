using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ariadne.Core.Cases;
using Ariadne.Core.Common;
using Ariadne.Core.Consent;
using Ariadne.Core.Data;
using Ariadne.Core.ImportExport.Ctdc;
using Ariadne.Core.Publishing;
using Ariadne.Core.Statistics.Releases;
using Ariadne.Core.Users;
using Ariadne.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Ariadne.Tests.Statistics;

/// <summary>
/// Consent to statistics is enforced (opt-out): a case whose person refused or withdrew it is not counted in tables or
/// microdata, and the number left out is reported; a case never asked, or asked again after a withdrawal, counts.
/// </summary>
public sealed class StatisticsConsentTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task RefusedStatisticsConsent_CaseNotCounted_AndExcludedCountReported(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await TestApp.StartAsync(provider);
        var analyst = await app.AddUserAsync("stats-analyst", "Statistics Office", Roles.Analyst);
        await StatisticsFixtures.SeedCasesAsync(app, analyst.OrganisationId);
        await StatisticsFixtures.SetSettingsAsync(app, minimumThreshold: 0);
        var women = await WomenAsync(app);
        var day = new DateOnly(2024, 1, 10);
        // Refused: a statistics consent recorded and withdrawn on the same day.
        await ConsentAsync(app, women[0], day, withdraw: true);
        // Consented: counts.
        await ConsentAsync(app, women[1], day, withdraw: false);
        // Withdrew, then consented again: counts.
        await ConsentAsync(app, women[2], day, withdraw: true);
        await ConsentAsync(app, women[2], day.AddDays(3), withdraw: false);
        // Another purpose withdrawn: irrelevant to statistics.
        await ConsentAsync(app, women[3], day, withdraw: true, ConsentPurpose.Contact);

        var table = await ProduceAsync(app, CaseTableProducer.KindName, """{"dimensions":["sex"],"threshold":0}""");
        var microdata = await ProduceAsync(app, CtdcKAnonymisedProducer.KindName, """{"k":2}""");
        var client = await app.BearerClientAsync(analyst);
        var api = await client.GetFromJsonAsync<JsonElement>("/api/v1/statistics/tables?dimensions=sex&threshold=0", ct);

        Assert.Equal("6", table.Rows.Single(r => r[0] == "female")[1]);
        Assert.Equal("9", table.Rows.Single(r => r[0] == "Total")[1]);
        Assert.Equal(1, table.ExcludedByConsent);
        Assert.Contains("Consent: 1 persons left out", table.Method, StringComparison.Ordinal);
        Assert.Equal(9, microdata.Microdata!.InputRecords);
        Assert.Equal(1, microdata.ExcludedByConsent);
        Assert.Equal(1, api.GetProperty("excludedByConsent").GetInt32());
        Assert.Contains("female,6", api.GetProperty("rows").EnumerateArray().Select(r => string.Join(",", r.EnumerateArray().Select(c => c.GetString()))));
    }

    [Fact]
    public async Task NoStatisticsConsentRecorded_EveryCaseCounts()
    {
        await using var app = await TestApp.StartAsync(DatabaseProvider.Sqlite);
        var analyst = await app.AddUserAsync("stats-analyst", "Statistics Office", Roles.Analyst);
        await StatisticsFixtures.SeedCasesAsync(app, analyst.OrganisationId);

        var table = await ProduceAsync(app, CaseTableProducer.KindName, """{"dimensions":["sex"],"threshold":0}""");

        Assert.Equal("10", table.Rows.Single(r => r[0] == "Total")[1]);
        Assert.Equal(0, table.ExcludedByConsent);
    }

    private static async Task<List<Guid>> WomenAsync(TestApp app)
    {
        await using var db = app.NewContext();
        return await db.Cases.Where(c => c.Sex == "female").OrderBy(c => c.Id).Select(c => c.Id).ToListAsync(TestContext.Current.CancellationToken);
    }

    private static async Task ConsentAsync(TestApp app, Guid caseId, DateOnly given, bool withdraw, ConsentPurpose purpose = ConsentPurpose.Statistics)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var scope = app.Services.CreateAsyncScope();
        var consents = scope.ServiceProvider.GetRequiredService<ConsentService>();
        var recorded = await consents.RecordAsync(caseId, new ConsentInput(purpose, null, given, ConsentMethod.Written, null), CaseViewer.LocalOperator, ct);
        Assert.True(recorded.Succeeded, recorded.ToString());
        if (withdraw)
        {
            var withdrawn = await consents.WithdrawAsync(caseId, recorded.Value!.Id, given, "Refused.", CaseViewer.LocalOperator, ct);
            Assert.True(withdrawn.Succeeded, withdrawn.ToString());
        }
    }

    private static async Task<ReleaseTable> ProduceAsync(TestApp app, string kind, string parameters)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var producer = scope.ServiceProvider.GetServices<IReleaseProducer>().Single(p => p.Kind == kind);
        return await producer.ProduceAsync((JsonObject)JsonNode.Parse(parameters)!, TestContext.Current.CancellationToken);
    }
}
