using Ariadne.Core.Cases;

namespace Ariadne.Tests.Cases;

/// <summary>The asset ledger's status rules and totals (pure code, no app).</summary>
public sealed class AssetLedgerTests
{
    private static AssetStatusChange Step(AssetStatus status, int day, string authority = "Public prosecutor") =>
        new(status, new DateOnly(2026, 1, day), authority, "§ 111b StPO");

    [Theory]
    [InlineData(AssetStatus.Identified, AssetStatus.Frozen, true)]
    [InlineData(AssetStatus.Identified, AssetStatus.Seized, true)]
    [InlineData(AssetStatus.Frozen, AssetStatus.Confiscated, true)]
    [InlineData(AssetStatus.Seized, AssetStatus.ReturnedToVictim, true)]
    [InlineData(AssetStatus.Confiscated, AssetStatus.ReturnedToVictim, true)]
    [InlineData(AssetStatus.Frozen, AssetStatus.Released, true)]
    [InlineData(AssetStatus.Seized, AssetStatus.Frozen, false)]
    [InlineData(AssetStatus.Confiscated, AssetStatus.Released, false)]
    [InlineData(AssetStatus.Identified, AssetStatus.ReturnedToVictim, false)]
    [InlineData(AssetStatus.Released, AssetStatus.Frozen, false)]
    [InlineData(AssetStatus.ReturnedToVictim, AssetStatus.Confiscated, false)]
    [InlineData(AssetStatus.Frozen, AssetStatus.Frozen, false)]
    public void CanMove_FollowsTheRecoveryPath(AssetStatus from, AssetStatus to, bool allowed) => Assert.Equal(allowed, AssetLedger.CanMove(from, to));

    [Fact]
    public void Check_NamesEachBadStepByField_Totals_PerStatusAndCurrency()
    {
        Assert.Empty(AssetLedger.Check([Step(AssetStatus.Identified, 1), Step(AssetStatus.Frozen, 2), Step(AssetStatus.Seized, 2), Step(AssetStatus.Confiscated, 20)]));
        Assert.Equal([("history", "an entry needs at least its first status")], AssetLedger.Check([]));
        Assert.Equal(
            [("history[0].status", "an entry cannot begin as Released"), ("history[1].authority", "required"), ("history[1].status", "cannot move from Released to Frozen"),
             ("history[1].on", "2026-01-01 is before the previous change (2026-01-05)")],
            AssetLedger.Check([Step(AssetStatus.Released, 5), Step(AssetStatus.Frozen, 1, " ")]));

        var totals = AssetLedger.Totals(
        [
            new AssetValue(AssetStatus.Frozen, 1200.50m, "eur"), new AssetValue(AssetStatus.Frozen, 800m, "EUR"), new AssetValue(AssetStatus.Frozen, 50m, "USD"),
            new AssetValue(AssetStatus.Identified, 30_000m, "EUR"), new AssetValue(AssetStatus.ReturnedToVictim, 500m, "EUR"),
        ]);
        Assert.Equal(
            [new AssetTotal(AssetStatus.Identified, "EUR", 30_000m, 1), new AssetTotal(AssetStatus.Frozen, "EUR", 2000.50m, 2), new AssetTotal(AssetStatus.Frozen, "USD", 50m, 1),
             new AssetTotal(AssetStatus.ReturnedToVictim, "EUR", 500m, 1)],
            totals);
    }
}
