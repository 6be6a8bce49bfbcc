using System.Net.Http.Json;
using System.Text.Json;
using Ariadne.Core.Common;
using Ariadne.Core.Data;
using Ariadne.Core.Referral.National;
using Ariadne.Core.Referral.Transnational;
using Ariadne.Core.Statistics.Releases;
using Ariadne.Core.Users;
using Ariadne.Tests.Infrastructure;
using Ariadne.Tests.Statistics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Ariadne.Tests.Referral;

/// <summary>
/// The assistance statistics go through the release log (<c>assistance-statistics</c>): logged, audited,
/// reproducible, with medians shown only for groups of at least the threshold.
/// </summary>
public sealed class AssistanceStatisticsReleaseTests
{
    private static readonly DateTime Start = new(2026, 3, 2, 9, 0, 0, DateTimeKind.Utc);

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Publish_LoggedReproducible_SmallGroupMedianSuppressed(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await TestApp.StartAsync(provider);
        var analyst = await app.AddUserAsync("stats-analyst", "Statistics Office", Roles.Analyst);
        await SeedAsync(app, analyst.OrganisationId);

        await using var scope = app.Services.CreateAsyncScope();
        var releases = scope.ServiceProvider.GetRequiredService<ReleaseService>();
        var (release, table, report) = await AssistanceStatisticsProducer.PublishAsync(releases, 5, "json", ct);
        var reproduced = await releases.ReproduceAsync(release.Id, ct);
        var client = await app.BearerClientAsync(analyst);
        var api = await client.GetFromJsonAsync<JsonElement>("/api/v1/nrm/statistics", ct);

        // Seven reasonable-grounds decisions (median 4 days), three conclusive-grounds decisions: below the threshold,
        // so their count and median are suppressed with the same mark.
        Assert.Contains(["median_days", "reasonable-grounds", "", "4.0"], table.Rows);
        Assert.Contains(["decisions", "conclusive-grounds", "Total", "<5"], table.Rows);
        Assert.Contains(["median_days", "conclusive-grounds", "", "<5"], table.Rows);
        Assert.DoesNotContain(table.Rows, r => r[0] == "median_days" && r[1] == "conclusive-grounds" && r[3].Any(char.IsDigit) && r[3] != "<5");
        Assert.Equal((7, 4.0), (report.Decisions[0].Decisions, report.Decisions[0].MedianDays));
        Assert.Null(report.Decisions.Single(d => d.Kind == "conclusive-grounds").MedianDays);
        Assert.Equal(AssistanceStatisticsProducer.KindName, release.Kind);
        Assert.True(reproduced!.Identical);
        Assert.False(reproduced.InputChanged);
        Assert.Equal(7, api.GetProperty("decisions")[0].GetProperty("decisions").GetInt32());
        await using var db = app.NewContext();
        var logged = await db.StatisticsReleases.Where(r => r.Kind == AssistanceStatisticsProducer.KindName).Select(r => r.Id).ToListAsync(ct);
        Assert.Equal(2, logged.Count);
        Assert.Contains(api.GetProperty("release").GetGuid(), logged);
    }

    /// <summary>Ten cases in the mechanism: seven with a reasonable-grounds decision after 1, 2, 3, 4, 8, 12, 40 days, three of them also decided conclusively.</summary>
    private static async Task SeedAsync(TestApp app, Guid organisationId)
    {
        await StatisticsFixtures.SeedCasesAsync(app, organisationId);
        await using var db = app.NewContext();
        var cases = await db.Cases.OrderBy(c => c.Id).Select(c => c.Id).ToListAsync(TestContext.Current.CancellationToken);
        double[] days = [1, 2, 3, 4, 8, 12, 40];
        for (var i = 0; i < cases.Count; i++)
        {
            db.Add(new NrmCase { CaseId = cases[i], OrganisationId = organisationId, Jurisdiction = "generic", State = "referred", EnteredStateAtUtc = Start });
            if (i >= days.Length)
            {
                continue;
            }
            db.Add(Event(cases[i], "refer", "identified", "referred", Start));
            db.Add(Event(cases[i], "rg-positive", "referred", "recovery", Start.AddDays(days[i])));
            if (i < 3)
            {
                db.Add(Event(cases[i], "cg-positive", "recovery", "recognised", Start.AddDays(days[i] + 50)));
            }
        }
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
    }

    internal static NrmEvent Event(Guid caseId, string transition, string from, string to, DateTime at) => new()
    {
        Id = Guid.NewGuid(),
        CaseId = caseId,
        Transition = transition,
        FromState = from,
        ToState = to,
        AtUtc = at,
        ActorRoles = "case-worker",
    };
}
