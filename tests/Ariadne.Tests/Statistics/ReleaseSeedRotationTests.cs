using Ariadne.Core.Data;
using Ariadne.Core.Protection;
using Ariadne.Core.Statistics.Releases;
using Ariadne.Core.Users;
using Ariadne.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Ariadne.Tests.Statistics;

/// <summary>
/// A release's sealed noise seed follows key rotation (the statistics module plugs into Protection through
/// <see cref="IMasterKeyDependent"/>): re-sealed under the new key it opens to the same seed, so the release stays
/// reproducible once the old key leaves the ring.
/// </summary>
public sealed class ReleaseSeedRotationTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Rotation_ResealsTheSeedUnderTheActiveKey_SameSeed(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await TestApp.StartAsync(provider);
        var analyst = await app.AddUserAsync("seed-analyst", "Statistics Office", Roles.Analyst);
        await StatisticsFixtures.SeedCasesAsync(app, analyst.OrganisationId);
        var client = await app.BearerClientAsync(analyst);
        (await client.GetAsync("/api/v1/statistics/tables?dimensions=sex&noise=laplace&epsilon=0.5", ct)).EnsureSuccessStatusCode();

        var seeds = new ReleaseSeedMasterKeys();
        var both = TestKeys.Ring(TestKeys.EntryA, TestKeys.EntryB);
        await using var db = app.NewContext();
        var before = await db.StatisticsReleases.AsNoTracking().SingleAsync(r => r.SealedSeed != null, ct);
        Assert.Equal("test-a", before.SeedKekId);
        var seed = ReleaseSecrets.OpenSeed(both, before.Id, before.SeedKekId!, before.SealedSeed!);
        Assert.Equal(["test-a"], await seeds.KeyIdsAsync(db, ct));
        Assert.True(await seeds.SampleOpensAsync(db, both, "test-a", ct));
        Assert.Null(await seeds.SampleOpensAsync(db, both, "test-b", ct));

        Assert.Equal(1, await seeds.RewrapAsync(db, both, ct));
        Assert.Equal(0, await seeds.RewrapAsync(db, both, ct));

        await using var check = app.NewContext();
        var after = await check.StatisticsReleases.AsNoTracking().SingleAsync(r => r.Id == before.Id, ct);
        Assert.Equal("test-b", after.SeedKekId);
        Assert.Equal(seed, ReleaseSecrets.OpenSeed(TestKeys.Ring(TestKeys.EntryB), after.Id, after.SeedKekId!, after.SealedSeed!));
        Assert.True(await seeds.SampleOpensAsync(check, both, "test-b", ct));
    }
}
