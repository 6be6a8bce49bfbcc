using System.IO.Compression;
using System.Text;
using Ariadne.Analytics.Estimation;
using Ariadne.Core.Audit;
using Ariadne.Core.Cases;
using Ariadne.Core.CodeLists;
using Ariadne.Core.Data;
using Ariadne.Core.Estimation;
using Ariadne.Core.Linkage;
using Ariadne.Core.Statistics;
using Ariadne.Core.Users;
using Ariadne.Tests.Cases;
using Ariadne.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Ariadne.Tests.Linkage;

/// <summary>
/// Issue 16's "Done when", through the Core services the pages, the API and the CLI call: three organisations in one
/// database each encode their persons with the shared secret, the operator matches the three files, each organisation
/// imports its result, and the cluster keys make one human being one key across the agencies; the multiple systems
/// estimate then comes out of the overlaps. Only synthetic people.
/// </summary>
public sealed class AgencyLinkageTests
{
    private static readonly string[] Given = ["Amara", "Bogdan", "Chiara", "Dmitri", "Esra", "Farid", "Greta", "Hamza", "Ilona", "Jonas", "Kemal", "Ludmila"];
    private static readonly string[] Family = ["Achterberg", "Brunnhuber", "Castellanos", "Dragomirova", "Eichenlaub", "Fitzgerald", "Grabowski", "Hoffmeister", "Ivanchenko", "Jovanovic"];
    internal static readonly string[] Agencies = ["Police Unit", "Helpline NGO", "Shelter East"];

    /// <summary>A synthetic population: human h is on agency a's list by a fixed rule; some records carry a typo.</summary>
    internal sealed record Human(int Index, string GivenName, string FamilyName, DateOnly DateOfBirth, bool[] OnList);

    internal static List<Human> Population(int count = 90)
    {
        var humans = new List<Human>();
        for (var h = 0; h < count; h++)
        {
            var onList = new[] { h % 2 == 0, h % 3 != 1, h % 5 < 2 };
            if (!onList.Any(x => x))
            {
                onList[h % 3] = true;
            }
            humans.Add(new Human(h, Given[h % Given.Length], Family[h * 7 % Family.Length] + (h >= 60 ? "-" + Family[h % Family.Length] : ""),
                new DateOnly(1970 + h % 35, 1 + h % 12, 1 + h * 11 % 28), onList));
        }
        return humans;
    }

    /// <summary>Creates each human's case at each agency whose list holds them (the shelter records a typo in every fourth family name); returns person id → human.</summary>
    internal static async Task<(Dictionary<Guid, int> HumanOf, Dictionary<string, Guid> Organisations)> SeedAsync(TestApp app, List<Human> humans)
    {
        var ct = TestContext.Current.CancellationToken;
        var organisations = new Dictionary<string, Guid>();
        var humanOf = new Dictionary<Guid, int>();
        await using var scope = app.Services.CreateAsyncScope();
        var cases = scope.ServiceProvider.GetRequiredService<CaseService>();
        for (var a = 0; a < Agencies.Length; a++)
        {
            var worker = await app.AddUserAsync("worker-" + a, Agencies[a], Roles.CaseWorker);
            organisations[Agencies[a]] = worker.OrganisationId;
            var viewer = new CaseViewer(worker.Id, worker.OrganisationId, new HashSet<string> { Roles.CaseWorker });
            foreach (var human in humans.Where(x => x.OnList[a]))
            {
                var family = a == 2 && human.Index % 4 == 0 ? human.FamilyName[..^1] + "x" : human.FamilyName;
                var result = await cases.CreateAsync(CaseApiTests.ValidInput() with
                {
                    AgeAtExploitationStart = null,
                    GivenName = human.GivenName,
                    FamilyName = family,
                    DateOfBirth = human.DateOfBirth,
                    Sex = human.Index % 2 == 0 ? "female" : "male",
                }, worker.OrganisationId, viewer, ct);
                Assert.True(result.Succeeded, result.ToString());
                var created = result.Value!;
                using var db = app.NewContext();
                humanOf[await db.Cases.Where(c => c.Id == created.Id).Select(c => c.Person.Id).SingleAsync(ct)] = human.Index;
            }
        }
        return (humanOf, organisations);
    }

    internal static readonly byte[] Secret = Encoding.UTF8.GetBytes("synthetic-shared-secret-of-three-agencies");

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task ThreeAgencies_EncodeMatchImport_OneKeyPerHuman_AndAnEstimateFromTheOverlaps(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await TestApp.StartAsync(provider);
        var humans = Population();
        var (humanOf, organisations) = await SeedAsync(app, humans);
        await using var scope = app.Services.CreateAsyncScope();
        var agency = scope.ServiceProvider.GetRequiredService<AgencyLinkage>();
        var actor = new AuditActor(null, "linkage test", null);

        // Each agency encodes with the same secret (a copy: the service zeroes what it is given).
        var uploads = new List<EncodingsUpload>();
        foreach (var (name, id) in organisations)
        {
            using var output = new MemoryStream();
            var encoded = await agency.EncodeAsync(id, [.. Secret], output, actor, null, ct);
            Assert.True(encoded.Succeeded, encoded.ToString());
            var text = Encoding.UTF8.GetString(output.ToArray());
            Assert.StartsWith(LinkageFiles.EncodingsHeader + "\n", text, StringComparison.Ordinal);
            Assert.DoesNotContain("Achterberg", text, StringComparison.OrdinalIgnoreCase);
            uploads.Add(new EncodingsUpload(name.Replace(' ', '-') + ".enc", output.ToArray()));
        }

        var matched = await scope.ServiceProvider.GetRequiredService<OperatorLinkage>().RunMatchAsync(uploads, 0.65, actor, null, ct);
        Assert.True(matched.Succeeded, matched.ToString());
        using var zip = new ZipArchive(new MemoryStream(matched.Value!.Zip));
        Assert.Equal(uploads.Select(u => Path.GetFileNameWithoutExtension(u.FileName) + ".csv").Order(), zip.Entries.Select(e => e.FullName).Order());

        foreach (var (name, id) in organisations)
        {
            var entry = zip.GetEntry(name.Replace(' ', '-') + ".csv")!;
            await using var stream = entry.Open();
            var imported = await agency.ImportClustersAsync(id, stream, entry.Name, actor, ct);
            Assert.True(imported.Succeeded, imported.ToString());
        }

        // One key per human being, across the three agencies; two humans never share one.
        using var db = app.NewContext();
        var keys = await db.Persons.AsNoTracking().Where(p => humanOf.Keys.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.ClusterKey, ct);
        Assert.All(keys.Values, k => Assert.StartsWith("l:" + AgencyLinkage.RoundTag(Secret) + ":", k, StringComparison.Ordinal));
        var keysOfHuman = humanOf.GroupBy(x => x.Value).ToDictionary(g => g.Key, g => g.Select(x => keys[x.Key]).Distinct().ToList());
        Assert.All(keysOfHuman, x => Assert.Single(x.Value));
        Assert.Equal(keysOfHuman.Count, keysOfHuman.Values.Select(v => v[0]).Distinct().Count());
        // The statistics, counting each person once, count each human being once across the three agencies.
        var counted = await CaseStatistics.LoadAsync(db, CodeListRegistry.Default, CaseStatistics.Dimensions, byPerson: true, ct);
        Assert.Equal(keysOfHuman.Count, counted.FirstCases!.Weights!.Sum());
        Assert.True(counted.Cases.Weights!.Sum() > keysOfHuman.Count);

        var estimate = await scope.ServiceProvider.GetRequiredService<LinkageOverlap>().EstimateAsync(null, OverlapLists.Organisation, MseSelection.Stepwise, actor, null, ct);
        Assert.True(estimate.Succeeded, estimate.ToString());
        var result = estimate.Value!;
        Assert.Equal(humans.Count, result.Counts.Observed);
        Assert.Equal(Agencies.Order(StringComparer.Ordinal), result.Counts.Lists);
        var bit = Agencies.Select(a => 1 << result.Counts.Lists.ToList().IndexOf(a)).ToArray();
        var truth = humans.GroupBy(h => h.OnList.Select((on, i) => on ? bit[i] : 0).Sum()).ToDictionary(g => g.Key, g => (long)g.Count());
        Assert.Equal(truth.OrderBy(x => x.Key), result.Counts.Counts.OrderBy(x => x.Key));
        Assert.NotNull(result.Result.Selected);
        Assert.True(result.Result.Selected!.Estimate >= humans.Count);
        Assert.True(result.Result.Selected.Lower <= result.Result.Selected.Estimate);

        var audited = await db.AuditEntries.AsNoTracking().Select(e => e.Action).ToListAsync(ct);
        Assert.Equal(3, audited.Count(a => a == AuditActions.LinkageEncode));
        Assert.Equal(3, audited.Count(a => a == AuditActions.LinkageImport));
        Assert.Single(audited, a => a == AuditActions.LinkageMatch);
        Assert.Single(audited, a => a == AuditActions.LinkageEstimate);
        Assert.DoesNotContain(await db.AuditEntries.AsNoTracking().Select(e => e.Details ?? "").ToListAsync(ct), d => d.Contains("Achterberg", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Encode_RecordIdsAreRandomPerRun_AndMapBackThroughThePseudonymTable(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await TestApp.StartAsync(provider);
        var (humanOf, organisations) = await SeedAsync(app, Population(12));
        await using var scope = app.Services.CreateAsyncScope();
        var agency = scope.ServiceProvider.GetRequiredService<AgencyLinkage>();
        var organisation = organisations[Agencies[0]];
        var first = await EncodeIdsAsync(agency, organisation);
        var second = await EncodeIdsAsync(agency, organisation);

        Assert.Equal(first.Count, second.Count);
        Assert.Empty(first.Intersect(second));
        Assert.All(first, id => Assert.DoesNotContain(humanOf.Keys, p => id.Contains(p.ToString("N"), StringComparison.OrdinalIgnoreCase) || id == p.ToString()));
        using var db = app.NewContext();
        var mapped = await db.Set<LinkagePseudonym>().AsNoTracking().Where(p => first.Contains(p.RecordId)).Select(p => p.PersonId).ToListAsync(ct);
        Assert.Equal(first.Count, mapped.Distinct().Count());
        Assert.All(mapped, p => Assert.Contains(p, humanOf.Keys));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Import_UnknownRecordOrIncompleteFile_NamedAndNothingChanged(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await TestApp.StartAsync(provider);
        var (_, organisations) = await SeedAsync(app, Population(12));
        await using var scope = app.Services.CreateAsyncScope();
        var agency = scope.ServiceProvider.GetRequiredService<AgencyLinkage>();
        var organisation = organisations[Agencies[0]];
        var ids = await EncodeIdsAsync(agency, organisation);
        var actor = new AuditActor(null, "linkage test", null);

        var unknown = "record_id,cluster_id\n" + string.Join("", ids.Select((id, i) => $"{id},{i}\n")) + "nosuchrecord,99\n";
        var refused = await agency.ImportClustersAsync(organisation, new MemoryStream(Encoding.UTF8.GetBytes(unknown)), "police.csv", actor, ct);
        Assert.Equal(Core.Common.ProblemKind.Invalid, refused.Problem?.Kind);
        Assert.Contains($"row {ids.Count + 2}", refused.Problem!.ToString(), StringComparison.Ordinal);
        Assert.Contains("nosuchrecord", refused.Problem.ToString(), StringComparison.Ordinal);

        var incomplete = "record_id,cluster_id\n" + string.Join("", ids.Skip(1).Select((id, i) => $"{id},{i}\n"));
        var partial = await agency.ImportClustersAsync(organisation, new MemoryStream(Encoding.UTF8.GetBytes(incomplete)), "police.csv", actor, ct);
        Assert.Equal(Core.Common.ProblemKind.Invalid, partial.Problem?.Kind);

        // Another organisation cannot import this organisation's run.
        var complete = "record_id,cluster_id\n" + string.Join("", ids.Select((id, i) => $"{id},{i}\n"));
        var foreign = await agency.ImportClustersAsync(organisations[Agencies[1]], new MemoryStream(Encoding.UTF8.GetBytes(complete)), "police.csv", actor, ct);
        Assert.Equal(Core.Common.ProblemKind.Invalid, foreign.Problem?.Kind);

        using var db = app.NewContext();
        Assert.False(await db.Persons.AnyAsync(p => p.ClusterKey != null, ct));

        var imported = await agency.ImportClustersAsync(organisation, new MemoryStream(Encoding.UTF8.GetBytes(complete)), "police.csv", actor, ct);
        Assert.True(imported.Succeeded, imported.ToString());
        Assert.Equal(ids.Count, await db.Persons.CountAsync(p => p.ClusterKey != null, ct));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task MergedPersons_EncodedOnce_AndTheImportReachesEveryMate(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await TestApp.StartAsync(provider);
        var (humanOf, organisations) = await SeedAsync(app, Population(6));
        var organisation = organisations[Agencies[1]];
        using (var db = app.NewContext())
        {
            // Two persons of this organisation merged inside the database (dedupe's "p:" key).
            var own = await db.Cases.Where(c => c.OrganisationId == organisation).OrderBy(c => c.Person.Id).Select(c => c.Person).Take(2).ToListAsync(ct);
            foreach (var person in own)
            {
                person.ClusterKey = "p:" + own[0].Id;
            }
            await db.SaveChangesAsync(ct);
        }
        await using var scope = app.Services.CreateAsyncScope();
        var agency = scope.ServiceProvider.GetRequiredService<AgencyLinkage>();
        using var output = new MemoryStream();
        var encoded = (await agency.EncodeAsync(organisation, [.. Secret], output, new AuditActor(null, "t", null), null, ct)).Value!;
        int persons;
        using (var db = app.NewContext())
        {
            persons = await db.Cases.CountAsync(c => c.OrganisationId == organisation, ct);
        }
        Assert.Equal(persons - 1, encoded.Records);
        var ids = Encoding.UTF8.GetString(output.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => l.Split(',')[0]).ToList();
        var file = "record_id,cluster_id\n" + string.Join("", ids.Select((id, i) => $"{id},c{i}\n"));
        var imported = await agency.ImportClustersAsync(organisation, new MemoryStream(Encoding.UTF8.GetBytes(file)), "ngo.csv", new AuditActor(null, "t", null), ct);
        Assert.True(imported.Succeeded, imported.ToString());
        Assert.Equal(persons, imported.Value!.Persons);
        using var check = app.NewContext();
        var keys = await check.Cases.Where(c => c.OrganisationId == organisation).OrderBy(c => c.Person.Id).Select(c => c.Person.ClusterKey).ToListAsync(ct);
        Assert.Equal(keys[0], keys[1]);
        Assert.Equal(persons - 1, keys.Distinct().Count());
    }

    [Fact]
    public async Task Match_OneAgencysFileHoldsOnlyItsOwnRecords_AndNoScores()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await TestApp.StartAsync(DatabaseProvider.Sqlite);
        var (_, organisations) = await SeedAsync(app, Population(20));
        await using var scope = app.Services.CreateAsyncScope();
        var agency = scope.ServiceProvider.GetRequiredService<AgencyLinkage>();
        var uploads = new List<(EncodingsUpload Upload, List<string> Ids)>();
        foreach (var (name, id) in organisations)
        {
            using var output = new MemoryStream();
            await agency.EncodeAsync(id, [.. Secret], output, new AuditActor(null, "t", null), null, ct);
            var ids = Encoding.UTF8.GetString(output.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => l.Split(',')[0]).ToList();
            uploads.Add((new EncodingsUpload(name.Replace(' ', '-') + ".enc", output.ToArray()), ids));
        }
        var matched = (await scope.ServiceProvider.GetRequiredService<OperatorLinkage>().RunMatchAsync([.. uploads.Select(u => u.Upload)], 0.65,
            new AuditActor(null, "t", null), null, ct)).Value!;
        using var zip = new ZipArchive(new MemoryStream(matched.Zip));
        foreach (var (upload, ids) in uploads)
        {
            using var reader = new StreamReader(zip.GetEntry(Path.GetFileNameWithoutExtension(upload.FileName) + ".csv")!.Open());
            var lines = (await reader.ReadToEndAsync(ct)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal("record_id,cluster_id", lines[0]);
            Assert.Equal(ids.Order(StringComparer.Ordinal), lines.Skip(1).Select(l => l.Split(',')[0]).Order(StringComparer.Ordinal));
            Assert.All(lines.Skip(1), l => Assert.Equal(2, l.Split(',').Length));
        }
    }

    [Fact]
    public async Task Match_TwoFilesWithOneName_RefusedNamingTheFile()
    {
        await using var app = await TestApp.StartAsync(DatabaseProvider.Sqlite);
        await using var scope = app.Services.CreateAsyncScope();
        var content = Encoding.UTF8.GetBytes(LinkageFiles.EncodingsHeader + "\n");
        var result = await scope.ServiceProvider.GetRequiredService<OperatorLinkage>().RunMatchAsync(
            [new EncodingsUpload("police.enc", content), new EncodingsUpload("police.csv", content)], 0.65, new AuditActor(null, "t", null), null,
            TestContext.Current.CancellationToken);
        Assert.Equal(Core.Common.ProblemKind.Invalid, result.Problem?.Kind);
        Assert.Contains("police.csv", result.Problem!.ToString(), StringComparison.Ordinal);
    }

    private static async Task<List<string>> EncodeIdsAsync(AgencyLinkage agency, Guid organisation)
    {
        using var output = new MemoryStream();
        var result = await agency.EncodeAsync(organisation, [.. Secret], output, new AuditActor(null, "t", null), null, TestContext.Current.CancellationToken);
        Assert.True(result.Succeeded, result.ToString());
        return [.. Encoding.UTF8.GetString(output.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => l.Split(',')[0])];
    }
}
