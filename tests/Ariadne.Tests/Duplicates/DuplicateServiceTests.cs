using System.Text.Json;
using Ariadne.Core.Audit;
using Ariadne.Core.Cases;
using Ariadne.Core.Common;
using Ariadne.Core.Data;
using Ariadne.Core.Duplicates;
using Ariadne.Core.Erasure;
using Ariadne.Core.Jobs;
using Ariadne.Core.Protection;
using Ariadne.Core.Users;
using Ariadne.Tests.Cases;
using Ariadne.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Ariadne.Tests.Duplicates;

/// <summary>
/// Issue 16, item 1 inside the database: a run over an organisation's persons proposes pairs for review (nothing merged
/// unasked), decisions are labels (rejected: never proposed again nor clustered together), a merge sets cluster keys
/// that an un-merge restores exactly, and erasure takes the person's pairs away.
/// </summary>
public sealed class DuplicateServiceTests
{
    /// <summary>Invented syllables: the synthetic registry's names occur nowhere else.</summary>
    private static readonly string[] Syllables = ["bro", "kel", "mav", "tor", "zun", "pim", "raq", "vel", "sof", "dru", "gax", "hup"];

    private static CaseViewer Viewer(TestApp.TestUser user, params string[] roles) => new(user.Id, user.OrganisationId, roles.ToHashSet());

    /// <summary>Person i of the synthetic registry: distinct invented names, dates of birth and document numbers.</summary>
    internal static CaseInput Synthetic(int i) => CaseApiTests.ValidInput() with
    {
        FamilyName = Capitalise(Syllables[i % 12] + Syllables[(i / 12 + 5) % 12] + "ova"),
        GivenName = Capitalise(Syllables[(i * 7 + 3) % 12] + "ina"),
        DateOfBirth = new DateOnly(1975, 1, 1).AddDays(i * 211),
        DocumentType = "passport",
        DocumentNumber = "TD" + (400_000 + i * 7_919).ToString(System.Globalization.CultureInfo.InvariantCulture),
        Phone = null,
        Email = null,
    };

    private static string Capitalise(string s) => char.ToUpperInvariant(s[0]) + s[1..];

    /// <summary>
    /// Stores <paramref name="count"/> distinct persons in <paramref name="organisationId"/>, then for each duplicate
    /// index d a second case of person d with one typing error in the given name. Returns the case ids by person index
    /// (the originals), and of the copies.
    /// </summary>
    internal static async Task<(List<Guid> Originals, List<Guid> Copies)> RegistryAsync(TestApp app, Guid organisationId, int count, params int[] duplicates)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var vault = scope.ServiceProvider.GetRequiredService<IdentityVault>();
        var now = TestApp.Now.UtcDateTime;
        var originals = new List<Guid>();
        var copies = new List<Guid>();
        for (var i = 0; i < count; i++)
        {
            var entity = CaseService.NewCase(Synthetic(i), organisationId, now, vault);
            entity.CaseCode = $"C-DUP-{i:D4}";
            db.Cases.Add(entity);
            originals.Add(entity.Id);
        }
        foreach (var d in duplicates)
        {
            var input = Synthetic(d);
            var typo = input with { GivenName = input.GivenName![..2] + input.GivenName[3] + input.GivenName[2] + input.GivenName[4..] };
            var entity = CaseService.NewCase(typo, organisationId, now, vault);
            entity.CaseCode = $"C-DUP-{d:D4}-{copies.Count}";
            db.Cases.Add(entity);
            copies.Add(entity.Id);
        }
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        return (originals, copies);
    }

    private static async Task<Dictionary<Guid, Guid>> PersonsAsync(TestApp app)
    {
        await using var db = app.NewContext();
        return await db.Cases.AsNoTracking().Select(c => new { c.Id, PersonId = c.Person.Id }).ToDictionaryAsync(c => c.Id, c => c.PersonId, TestContext.Current.CancellationToken);
    }

    private static DuplicatePair? PairOf(IEnumerable<DuplicatePair> pairs, Guid personA, Guid personB) =>
        pairs.SingleOrDefault(p => (p.LeftPersonId == personA && p.RightPersonId == personB) || (p.LeftPersonId == personB && p.RightPersonId == personA));

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Run_TypoDuplicates_ProposedWithWaterfallNothingMergedNoPlaintextOneAuditEntry(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await TestApp.StartAsync(provider);
        var coordinator = await app.AddUserAsync("dedupe-coordinator", "NGO A", Roles.Coordinator);
        var (originals, copies) = await RegistryAsync(app, coordinator.OrganisationId, 60, 4, 17, 33);
        var persons = await PersonsAsync(app);
        await using var scope = app.Services.CreateAsyncScope();
        var service = scope.ServiceProvider.GetRequiredService<DuplicateService>();
        var stages = new List<string>();

        var run = await service.RunAsync(new DuplicateRunRequest(coordinator.OrganisationId), Viewer(coordinator, Roles.Coordinator),
            new SynchronousProgress(p => stages.Add(p.Stage)), ct);

        Assert.True(run.Succeeded, run.ToString());
        Assert.Equal(63, run.Value!.Persons);
        Assert.Contains("Comparing", stages);
        await using var db = app.NewContext();
        var pairs = await db.Set<DuplicatePair>().AsNoTracking().ToListAsync(ct);
        foreach (var (d, copy) in new[] { 4, 17, 33 }.Zip(copies))
        {
            var pair = PairOf(pairs, persons[originals[d]], persons[copy]);
            Assert.NotNull(pair);
            Assert.True(pair.Certain, $"pair of person {d}: p = {pair.Probability}");
            Assert.Equal(DuplicatePairStatus.Pending, pair.Status);
            var steps = JsonSerializer.Deserialize<List<WaterfallStep>>(pair.Waterfall, new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
            Assert.Equal("prior", steps[0].Comparison);
            Assert.Equal(pair.MatchWeight, steps.Sum(s => s.Weight), 1);
            Assert.Contains(steps, s => s.Comparison == PersonRecords.FamilyName);
        }
        Assert.All(pairs, p => Assert.True(p.Probability >= DuplicateService.DefaultLowerBound));
        var family = Synthetic(4).FamilyName!;
        Assert.All(pairs, p => Assert.DoesNotContain(family, p.Waterfall, StringComparison.OrdinalIgnoreCase));
        Assert.Equal(0, await db.Persons.CountAsync(p => p.ClusterKey != null, ct));
        var entry = Assert.Single(await db.AuditEntries.AsNoTracking().Where(e => e.Action == AuditActions.DuplicateRun).ToListAsync(ct));
        Assert.Equal("63", JsonDocument.Parse(entry.Details!).RootElement.GetProperty("persons").GetString());
        Assert.DoesNotContain(family, entry.Details!, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task AcceptAcceptUnmergeUnmerge_KeysRestoredExactly_LaterMergeUndoneFirst(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await TestApp.StartAsync(provider);
        var coordinator = await app.AddUserAsync("dedupe-coordinator", "NGO A", Roles.Coordinator);
        var viewer = Viewer(coordinator, Roles.Coordinator);
        // Person 5 three times (the original and two copies); person 9 twice.
        var (originals, copies) = await RegistryAsync(app, coordinator.OrganisationId, 40, 5, 5, 9);
        var persons = await PersonsAsync(app);
        var (a, b, c) = (persons[originals[5]], persons[copies[0]], persons[copies[1]]);
        await using var scope = app.Services.CreateAsyncScope();
        var service = scope.ServiceProvider.GetRequiredService<DuplicateService>();
        Assert.True((await service.RunAsync(new DuplicateRunRequest(coordinator.OrganisationId), viewer, null, ct)).Succeeded);
        List<DuplicatePair> pairs;
        await using (var db = app.NewContext())
        {
            pairs = await db.Set<DuplicatePair>().AsNoTracking().ToListAsync(ct);
        }
        var ab = PairOf(pairs, a, b)!;
        var bc = PairOf(pairs, b, c)!;
        var before = await KeysAsync(app);

        var first = await service.AcceptAsync(ab.Id, "same passport number", viewer, ct);
        Assert.True(first.Succeeded, first.ToString());
        var afterFirst = await KeysAsync(app);
        var second = await service.AcceptAsync(bc.Id, null, viewer, ct);
        Assert.True(second.Succeeded, second.ToString());
        var afterSecond = await KeysAsync(app);

        var key = "p:" + ab.LeftPersonId.ToString("D");
        Assert.Equal(key, afterFirst[a]);
        Assert.Equal(key, afterFirst[b]);
        Assert.Null(afterFirst[c]);
        Assert.Equal([key, key, key], new[] { afterSecond[a], afterSecond[b], afterSecond[c] });
        Assert.Equal(3, afterSecond.Count(k => k.Value is not null));

        var undoFirstTooEarly = await service.UnmergeAsync(first.Value!.Id, viewer, ct);
        Assert.Equal(ProblemKind.Conflict, undoFirstTooEarly.Problem?.Kind);
        Assert.Equal(afterSecond, await KeysAsync(app));

        Assert.True((await service.UnmergeAsync(second.Value!.Id, viewer, ct)).Succeeded);
        Assert.Equal(afterFirst, await KeysAsync(app));
        var undone = await service.UnmergePersonAsync(a, viewer, ct);
        Assert.True(undone.Succeeded, undone.ToString());
        Assert.Equal(before, await KeysAsync(app));
        Assert.Equal(ProblemKind.Conflict, (await service.UnmergeAsync(first.Value.Id, viewer, ct)).Problem?.Kind);

        await using (var db = app.NewContext())
        {
            Assert.Equal(DuplicatePairStatus.Pending, (await db.Set<DuplicatePair>().SingleAsync(p => p.Id == ab.Id, ct)).Status);
            Assert.Equal(2, await db.Set<PersonMerge>().CountAsync(m => m.UndoneAtUtc != null, ct));
            var actions = await db.AuditEntries.AsNoTracking().Where(e => e.Action == AuditActions.PersonMerge || e.Action == AuditActions.PersonUnmerge)
                .OrderBy(e => e.Sequence).Select(e => e.Action).ToListAsync(ct);
            Assert.Equal([AuditActions.PersonMerge, AuditActions.PersonMerge, AuditActions.PersonUnmerge, AuditActions.PersonUnmerge], actions);
        }
    }

    /// <summary>
    /// The two kinds of cluster key never undo each other (docs/linkage.md, "Merges and linkage keys"): merge, then a
    /// linkage round's import gives the whole merge cluster the linkage key, and the un-merge is then refused rather than
    /// restoring the keys from before the merge (which would drop the imported key); the other order, import then
    /// merge, is refused too. Either way every key stays as the import wrote it and no two humans share a key.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task MergeImportUnmerge_AndImportMerge_LinkageKeysNeverLostNorJoined(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await TestApp.StartAsync(provider);
        var coordinator = await app.AddUserAsync("clash-coordinator", "NGO A", Roles.Coordinator);
        var viewer = Viewer(coordinator, Roles.Coordinator);
        var (originals, copies) = await RegistryAsync(app, coordinator.OrganisationId, 20, 3, 7);
        var persons = await PersonsAsync(app);
        await using var scope = app.Services.CreateAsyncScope();
        var service = scope.ServiceProvider.GetRequiredService<DuplicateService>();
        Assert.True((await service.RunAsync(new DuplicateRunRequest(coordinator.OrganisationId), viewer, null, ct)).Succeeded);
        List<DuplicatePair> pairs;
        await using (var db = app.NewContext())
        {
            pairs = await db.Set<DuplicatePair>().AsNoTracking().ToListAsync(ct);
        }
        var merged = await service.AcceptAsync(PairOf(pairs, persons[originals[3]], persons[copies[0]])!.Id, null, viewer, ct);
        Assert.True(merged.Succeeded, merged.ToString());

        // A linkage round: every encoded record its own cluster; the merge cluster was encoded once.
        var agency = scope.ServiceProvider.GetRequiredService<Core.Linkage.AgencyLinkage>();
        var actor = new AuditActor(null, "clash test", null);
        using var output = new MemoryStream();
        Assert.True((await agency.EncodeAsync(coordinator.OrganisationId, [.. Ariadne.Tests.Linkage.AgencyLinkageTests.Secret], output, actor, null, ct)).Succeeded);
        var ids = System.Text.Encoding.UTF8.GetString(output.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => l.Split(',')[0]).ToList();
        var file = "record_id,cluster_id\n" + string.Join("", ids.Select((id, i) => $"{id},c{i}\n"));
        Assert.True((await agency.ImportClustersAsync(coordinator.OrganisationId, new MemoryStream(System.Text.Encoding.UTF8.GetBytes(file)), "ngo.csv", actor, ct)).Succeeded);
        var imported = await KeysAsync(app);
        Assert.All(imported.Values, k => Assert.StartsWith("l:", k, StringComparison.Ordinal));
        Assert.Equal(imported[persons[originals[3]]], imported[persons[copies[0]]]);
        Assert.Equal(imported.Count - 1, imported.Values.Distinct().Count());

        // Merge, import, un-merge: refused, nothing changed, the merge still stands.
        var undo = await service.UnmergeAsync(merged.Value!.Id, viewer, ct);
        Assert.Equal(ProblemKind.Conflict, undo.Problem?.Kind);
        Assert.Equal(imported, await KeysAsync(app));

        // Import, merge: refused, nothing changed.
        var second = await service.AcceptAsync(PairOf(pairs, persons[originals[7]], persons[copies[1]])!.Id, null, viewer, ct);
        Assert.Equal(ProblemKind.Refused, second.Problem?.Kind);
        Assert.Equal("LinkedAcrossAgencies", second.Problem!.Refusals.Single().Code);
        Assert.Equal(imported, await KeysAsync(app));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Reject_NeverProposedAgainAndNeverClusteredTogether(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await TestApp.StartAsync(provider);
        var coordinator = await app.AddUserAsync("dedupe-coordinator", "NGO A", Roles.Coordinator);
        var viewer = Viewer(coordinator, Roles.Coordinator);
        var (originals, copies) = await RegistryAsync(app, coordinator.OrganisationId, 40, 5, 5);
        var persons = await PersonsAsync(app);
        var (a, b, c) = (persons[originals[5]], persons[copies[0]], persons[copies[1]]);
        await using var scope = app.Services.CreateAsyncScope();
        var service = scope.ServiceProvider.GetRequiredService<DuplicateService>();
        Assert.True((await service.RunAsync(new DuplicateRunRequest(coordinator.OrganisationId), viewer, null, ct)).Succeeded);
        List<DuplicatePair> pairs;
        await using (var db = app.NewContext())
        {
            pairs = await db.Set<DuplicatePair>().AsNoTracking().ToListAsync(ct);
        }

        Assert.True((await service.RejectAsync(PairOf(pairs, a, b)!.Id, viewer, ct)).Succeeded);
        Assert.True((await service.AcceptAsync(PairOf(pairs, a, c)!.Id, null, viewer, ct)).Succeeded);
        var acrossRejected = await service.AcceptAsync(PairOf(pairs, b, c)!.Id, null, viewer, ct);
        var again = await service.RunAsync(new DuplicateRunRequest(coordinator.OrganisationId), viewer, null, ct);

        Assert.Equal(ProblemKind.Refused, acrossRejected.Problem?.Kind);
        Assert.Equal("CannotLink", Assert.Single(acrossRejected.Problem!.Refusals).Code);
        Assert.True(again.Succeeded, again.ToString());
        Assert.True(again.Value!.SettledPairs >= 2, $"settled {again.Value.SettledPairs}");
        await using (var db = app.NewContext())
        {
            var pending = await db.Set<DuplicatePair>().AsNoTracking().Where(p => p.Status == DuplicatePairStatus.Pending).ToListAsync(ct);
            Assert.Null(PairOf(pending, a, b));
            Assert.Null(PairOf(pending, a, c));
            Assert.Null(await db.Persons.Where(p => p.Id == b).Select(p => p.ClusterKey).SingleAsync(ct));
            Assert.Equal(DuplicatePairStatus.Rejected, (await db.Set<DuplicatePair>().SingleAsync(p => p.Id == PairOf(pairs, a, b)!.Id, ct)).Status);
        }
        var overview = (await service.OverviewAsync(coordinator.OrganisationId, viewer, ct)).Unwrap();
        Assert.Equal(1, overview.Labels.Accepted);
        Assert.Equal(1, overview.Labels.Rejected);
        Assert.Equal(0.5, overview.Labels.Precision);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Erase_PersonsCandidatePairsRemoved(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await TestApp.StartAsync(provider);
        var coordinator = await app.AddUserAsync("dedupe-coordinator", "NGO A", Roles.Coordinator);
        var (originals, copies) = await RegistryAsync(app, coordinator.OrganisationId, 40, 7, 12);
        var persons = await PersonsAsync(app);
        await using var scope = app.Services.CreateAsyncScope();
        var service = scope.ServiceProvider.GetRequiredService<DuplicateService>();
        Assert.True((await service.RunAsync(new DuplicateRunRequest(coordinator.OrganisationId), Viewer(coordinator, Roles.Coordinator), null, ct)).Succeeded);
        var erased = persons[copies[0]];

        var result = await scope.ServiceProvider.GetRequiredService<ErasureService>().EraseAsync(copies[0], CaseViewer.LocalOperator, "request of the person", ct);

        Assert.True(result.Succeeded, result.ToString());
        await using var db = app.NewContext();
        Assert.Equal(0, await db.Set<DuplicatePair>().CountAsync(p => p.LeftPersonId == erased || p.RightPersonId == erased, ct));
        Assert.NotNull(PairOf(await db.Set<DuplicatePair>().AsNoTracking().ToListAsync(ct), persons[originals[12]], persons[copies[1]]));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task CaseWorkerAnalyst_Forbidden_PersonsOfDifferentOrganisations_MergeRefused(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await TestApp.StartAsync(provider);
        var coordinator = await app.AddUserAsync("dedupe-coordinator", "NGO A", Roles.Coordinator);
        var worker = await app.AddUserAsync("dedupe-worker", "NGO A", Roles.CaseWorker);
        var analyst = await app.AddUserAsync("dedupe-analyst", "NGO A", Roles.Analyst);
        var other = await app.AddUserAsync("other-worker", "NGO B", Roles.CaseWorker);
        var mine = await CaseSearchTests.CreateAsync(app, coordinator.OrganisationId, Synthetic(1));
        var theirs = await CaseSearchTests.CreateAsync(app, other.OrganisationId, Synthetic(1));
        var persons = await PersonsAsync(app);
        await using var scope = app.Services.CreateAsyncScope();
        var service = scope.ServiceProvider.GetRequiredService<DuplicateService>();
        Guid pairId;
        await using (var db = app.NewContext())
        {
            var run = new DuplicateRun { Id = Guid.CreateVersion7(), OrganisationId = coordinator.OrganisationId, ActorName = "test", StartedAtUtc = TestApp.Now.UtcDateTime };
            var (left, right) = persons[mine].CompareTo(persons[theirs]) < 0 ? ((persons[mine], mine), (persons[theirs], theirs)) : ((persons[theirs], theirs), (persons[mine], mine));
            var pair = new DuplicatePair
            {
                Id = Guid.CreateVersion7(),
                RunId = run.Id,
                OrganisationId = coordinator.OrganisationId,
                LeftPersonId = left.Item1,
                LeftCaseId = left.Item2,
                RightPersonId = right.Item1,
                RightCaseId = right.Item2,
                Probability = 0.99,
                MatchWeight = 7,
                Certain = true,
                Waterfall = "[]",
            };
            db.AddRange(run, pair);
            await db.SaveChangesAsync(ct);
            pairId = pair.Id;
        }

        Assert.Equal(ProblemKind.Forbidden, (await service.RunAsync(new DuplicateRunRequest(worker.OrganisationId), Viewer(worker, Roles.CaseWorker), null, ct)).Problem?.Kind);
        Assert.Equal(ProblemKind.Forbidden, (await service.PairsAsync(new DuplicatePairQuery(), Viewer(analyst, Roles.Analyst), ct)).Problem?.Kind);
        Assert.Equal(ProblemKind.Forbidden, (await service.AcceptAsync(pairId, null, Viewer(worker, Roles.CaseWorker), ct)).Problem?.Kind);
        var refused = await service.AcceptAsync(pairId, null, Viewer(coordinator, Roles.Coordinator), ct);

        Assert.Equal(ProblemKind.Refused, refused.Problem?.Kind);
        Assert.Equal("DifferentOrganisations", Assert.Single(refused.Problem!.Refusals).Code);
        await using (var db = app.NewContext())
        {
            Assert.Equal(0, await db.Persons.CountAsync(p => p.ClusterKey != null, ct));
            Assert.Equal(DuplicatePairStatus.Pending, (await db.Set<DuplicatePair>().SingleAsync(p => p.Id == pairId, ct)).Status);
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task MergeCertain_MergesOnlyCertainPairs_SamePersonLinksOnTheCaseForWhoMaySeeThem(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await TestApp.StartAsync(provider);
        var coordinator = await app.AddUserAsync("dedupe-coordinator", "NGO A", Roles.Coordinator);
        var worker = await app.AddUserAsync("dedupe-worker", "NGO A", Roles.CaseWorker);
        var stranger = await app.AddUserAsync("stranger", "NGO B", Roles.CaseWorker);
        var (originals, copies) = await RegistryAsync(app, coordinator.OrganisationId, 40, 3, 21);
        await using var scope = app.Services.CreateAsyncScope();
        var service = scope.ServiceProvider.GetRequiredService<DuplicateService>();

        var run = await service.RunAsync(new DuplicateRunRequest(coordinator.OrganisationId, MergeCertain: true), Viewer(coordinator, Roles.Coordinator), null, ct);

        Assert.True(run.Succeeded, run.ToString());
        Assert.Equal(run.Value!.CertainPairs, run.Value.MergedPairs);
        Assert.True(run.Value.MergedPairs >= 2);
        var workerState = await service.CaseStateAsync(originals[3], Viewer(worker, Roles.CaseWorker), ct);
        Assert.Equal([copies[0]], workerState.SamePerson.Select(s => s.CaseId));
        Assert.Null(workerState.UndoableMergeId);
        Assert.NotNull((await service.CaseStateAsync(originals[3], Viewer(coordinator, Roles.Coordinator), ct)).UndoableMergeId);
        Assert.Empty((await service.CaseStateAsync(originals[3], Viewer(stranger, Roles.CaseWorker), ct)).SamePerson);
        var overview = (await service.OverviewAsync(coordinator.OrganisationId, Viewer(coordinator, Roles.Coordinator), ct)).Unwrap();
        Assert.Null(overview.Labels.Precision);
    }

    private static async Task<Dictionary<Guid, string?>> KeysAsync(TestApp app)
    {
        await using var db = app.NewContext();
        return await db.Persons.AsNoTracking().ToDictionaryAsync(p => p.Id, p => p.ClusterKey, TestContext.Current.CancellationToken);
    }

    private sealed class SynchronousProgress(Action<JobProgress> report) : IProgress<JobProgress>
    {
        public void Report(JobProgress value) => report(value);
    }
}
