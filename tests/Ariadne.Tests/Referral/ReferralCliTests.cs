using System.Text.Json;
using Ariadne.Core.Cases;
using Ariadne.Core.Common;
using Ariadne.Core.Data;
using Ariadne.Core.Organisations;
using Ariadne.Core.Referral.National;
using Ariadne.Core.Referral.Transnational;
using Ariadne.Core.Statistics.Releases;
using Ariadne.Tests.Audit;
using Ariadne.Tests.Cases;
using Ariadne.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Ariadne.Tests.Referral;

/// <summary><c>ariadne referral …</c> as the local operator (who holds every role on a case), on both providers.</summary>
[Collection(nameof(ConsoleCapture))]
public sealed class ReferralCliTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task StatusTransitionDashboardStatistics_ExitCodesAndOutput(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        string code;
        await using (var db = database.NewContext())
        {
            var ngo = new Organisation { Id = Guid.NewGuid(), Name = "Synthetic NGO", Type = "ngo" };
            db.Add(ngo);
            var entity = CaseService.NewCase(CaseApiTests.ValidInput("C-CLI-" + Guid.NewGuid().ToString("N")[..6].ToUpperInvariant()), ngo.Id, DateTime.UtcNow, TestKeys.Vault());
            db.Add(entity);
            await db.SaveChangesAsync(Token);
            code = entity.CaseCode;
            // A presumed child: the referral needs no consent.
            var service = new NrmLifecycleService(db, TimeProvider.System, new RecordingAuditLog(), Jurisdictions.Default, new CaseTextVault(db, TestKeys.Vault(), TimeProvider.System));
            await service.StartAsync(entity.Id, "generic", presumedChild: true, CaseViewer.LocalOperator, Token);
            Assert.True((await service.TransitionAsync(entity.Id, new TransitionInput("refer", null, null), CaseViewer.LocalOperator, Token)).Succeeded);
        }
        var at = database.Options.ConnectionString;

        var status = await CliRunner.RunAsync("referral", "status", code.ToLowerInvariant(), "--database", at);
        Assert.True(status.Exit == 0, status.Error);
        Assert.Contains("State: referred", status.Output, StringComparison.Ordinal);
        Assert.Contains("reasonable-grounds-target", status.Output, StringComparison.Ordinal);
        Assert.Contains("rg-positive -> recovery\tallowed", status.Output, StringComparison.Ordinal);

        // By target state: the one step from here to "recovery" is the positive decision, which needs reasons.
        var noReason = await CliRunner.RunAsync("referral", "transition", code, "--to", "recovery", "--database", at);
        Assert.Equal(2, noReason.Exit);
        Assert.Contains("FieldRequired(reasons)", noReason.Error, StringComparison.Ordinal);
        var decided = await CliRunner.RunAsync("referral", "transition", code, "--to", "recovery", "--reason", "Credible account.", "--database", at);
        Assert.True(decided.Exit == 0, decided.Error);
        Assert.Equal("rg-positive: referred -> recovery", decided.Output.Trim());
        var early = await CliRunner.RunAsync("referral", "transition", code, "--to", "cg-positive", "--reason", "Too early.", "--database", at);
        Assert.Equal(2, early.Exit);
        Assert.Contains("PeriodNotElapsed(recovery", early.Error, StringComparison.Ordinal);
        Assert.Contains("GuardianRequired", early.Error, StringComparison.Ordinal);
        Assert.Equal(1, (await CliRunner.RunAsync("referral", "status", "C-NO-SUCH", "--database", at)).Exit);
        // A Core refusal of invalid input reaches the command line through the one mapping: the field and its message, exit 2.
        var tooLong = await CliRunner.RunAsync("referral", "best-interest", "record", code, "--outcome", "in-best-interest", "--reasons", new string('r', 20_000), "--database", at);
        Assert.Equal(2, tooLong.Exit);
        Assert.StartsWith("ariadne: Reasons: ", tooLong.Error.Trim(), StringComparison.Ordinal);

        var dashboard = await CliRunner.RunAsync("referral", "dashboard", "--json", "--database", at);
        Assert.True(dashboard.Exit == 0, dashboard.Error);
        var organisations = JsonDocument.Parse(dashboard.Output).RootElement;
        Assert.Equal("Synthetic NGO", organisations[0].GetProperty("organisation").GetString());
        Assert.Equal(0, organisations[0].GetProperty("overdue").GetInt32());
        Assert.Equal(2, (await CliRunner.RunAsync("referral", "dashboard", "--organisation", "Nobody", "--database", at)).Exit);

        // Below the default floor of 5 only after the administrator lowers it.
        Assert.Equal(0, (await CliRunner.RunAsync("--database", at, "releases", "settings", "--minimum-threshold", "0")).Exit);
        var statistics = await CliRunner.RunAsync("referral", "statistics", "--json", "--suppress", "0", "--database", at);
        Assert.True(statistics.Exit == 0, statistics.Error);
        var rg = JsonDocument.Parse(statistics.Output).RootElement.GetProperty("decisions")[0];
        Assert.Equal(("reasonable-grounds", 1), (rg.GetProperty("kind").GetString(), rg.GetProperty("decisions").GetInt32()));
        var suppressed = await CliRunner.RunAsync("referral", "statistics", "--database", at);
        Assert.Contains("reasonable-grounds\t<5", suppressed.Output, StringComparison.Ordinal);
        // A logged release: its id and method, and the consent line, on stderr.
        Assert.Contains("Release ", suppressed.Error, StringComparison.Ordinal);
        Assert.Contains("Consent: 0 left out", suppressed.Error, StringComparison.Ordinal);
        await using (var db = database.NewContext())
        {
            Assert.Equal(2, await db.StatisticsReleases.CountAsync(r => r.Kind == AssistanceStatisticsProducer.KindName, Token));
        }
    }
}
