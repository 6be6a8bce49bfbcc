using Ariadne.Core.Cases;
using Ariadne.Core.Data;
using Ariadne.Core.Protection;
using Ariadne.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Ariadne.Tests.Protection;

public sealed class KeyRotationTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Rotate_AToB_EveryKeyUnderBAndReadableUntilBIsRemoved(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var database = await TestDatabase.CreateAsync(provider);
        var organisation = await ProtectionTestData.AddOrganisationAsync(database);
        var ringA = TestKeys.Ring(TestKeys.EntryA);
        var ringAB = TestKeys.Ring(TestKeys.EntryA, TestKeys.EntryB);
        var ringB = TestKeys.Ring(TestKeys.EntryB);
        var ids = new List<Guid>();
        await using (var db = database.NewContext())
        {
            var cases = ProtectionTestData.Service(db, ringA);
            for (var i = 0; i < 5; i++)
            {
                var result = await cases.CreateAsync(ProtectionTestData.Distinctive(i.ToString(System.Globalization.CultureInfo.InvariantCulture)), organisation, CaseViewer.LocalOperator, ct);
                ids.Add(result.Value!.Id);
            }
        }

        var reported = new List<(int, int)>();
        int rotated;
        IReadOnlyList<(string KeyId, int Count)> status;
        await using (var db = database.NewContext())
        {
            var rotation = new KeyRotation(db, new IdentityVault(ringAB), []);
            rotated = await rotation.RotateAsync(batchSize: 2, new ListProgress(reported), ct);
            status = await rotation.StatusAsync(ct);
        }

        Assert.Equal(5, rotated);
        Assert.Equal([(2, 5), (4, 5), (5, 5)], reported);
        Assert.Equal([("test-b", 5)], status);
        foreach (var ring in new[] { ringAB, ringB })
        {
            await using var db = database.NewContext();
            var cases = ProtectionTestData.Service(db, ring);
            for (var i = 0; i < ids.Count; i++)
            {
                var read = await cases.GetAsync(ids[i], CaseViewer.LocalOperator, ct);
                Assert.Equal("Zyxwvutsrq" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), read!.Person.Identity!.GivenName);
                Assert.Equal(ProtectionTestData.Distinctive().Narrative, read.Narrative);
            }
            if (ring == ringAB)
            {
                // The blind-index key derives from the FIRST entry; the ring without A must keep it to look people up.
                Assert.Single(await cases.FindByDocumentAsync("passport", "QX-987654320", CaseViewer.LocalOperator, ct));
            }
        }

        var before = await SnapshotAsync(database);
        await using (var db = database.NewContext())
        {
            var cases = ProtectionTestData.Service(db, ringA);
            var error = await Assert.ThrowsAsync<KeyUnavailableException>(() => cases.GetAsync(ids[0], CaseViewer.LocalOperator, ct));
            Assert.Equal("test-b", error.KeyId);
            await Assert.ThrowsAsync<KeyUnavailableException>(() =>
                cases.UpdateAsync(ids[0], 1, ProtectionTestData.Distinctive() with { GivenName = "Overwritten" }, CaseViewer.LocalOperator, ct));
            await Assert.ThrowsAsync<KeyUnavailableException>(() => new KeyRotation(db, new IdentityVault(ringA), []).RotateAsync(2, null, ct));
        }
        Assert.Equal(before, await SnapshotAsync(database));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Rotate_NothingToDo_ReturnsZero(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var database = await TestDatabase.CreateAsync(provider);
        var organisation = await ProtectionTestData.AddOrganisationAsync(database);
        await using var db = database.NewContext();
        await ProtectionTestData.Service(db, TestKeys.Default).CreateAsync(ProtectionTestData.Distinctive(), organisation, CaseViewer.LocalOperator, ct);

        Assert.Equal(0, await new KeyRotation(db, TestKeys.Vault(), []).RotateAsync(1000, null, ct));
    }

    private static async Task<string> SnapshotAsync(TestDatabase database)
    {
        await using var db = database.NewContext();
        var keys = await db.PersonKeys.AsNoTracking().OrderBy(k => k.PersonId).ToListAsync(TestContext.Current.CancellationToken);
        var persons = await db.Persons.AsNoTracking().OrderBy(p => p.Id).Select(p => p.IdentityCiphertext).ToListAsync(TestContext.Current.CancellationToken);
        var versions = await db.Cases.AsNoTracking().OrderBy(c => c.Id).Select(c => c.Version).ToListAsync(TestContext.Current.CancellationToken);
        return string.Join("|", keys.Select(k => $"{k.PersonId}:{k.KekId}:{Convert.ToBase64String(k.WrappedKey)}"))
            + string.Join("|", persons.Select(p => Convert.ToBase64String(p ?? [])))
            + string.Join("|", versions);
    }

    private sealed class ListProgress(List<(int, int)> reported) : IProgress<(int Done, int Total)>
    {
        public void Report((int Done, int Total) value) => reported.Add(value);
    }
}
