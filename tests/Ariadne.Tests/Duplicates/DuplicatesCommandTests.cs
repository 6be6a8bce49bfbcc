using Ariadne.Core.Audit;
using Ariadne.Core.Cases;
using Ariadne.Core.Data;
using Ariadne.Core.Duplicates;
using Ariadne.Tests.ImportExport;
using Ariadne.Tests.Infrastructure;
using Ariadne.Tests.Protection;
using Microsoft.EntityFrameworkCore;

namespace Ariadne.Tests.Duplicates;

/// <summary>
/// <c>ariadne duplicates run|list|accept|unmerge|reject</c> on a small synthetic registry (two persons recorded twice with
/// a typing error): the run finds both pairs with a progress bar on stderr, the list names cases by code and never a
/// name, accept merges, unmerge restores, reject records two people; bad input names the parameter and changes nothing.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class DuplicatesCommandTests
{
    [Fact]
    public async Task RunListAcceptUnmergeReject_SmallRegistry_ThroughTheCommandLine()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var organisation = await ProtectionTestData.AddOrganisationAsync(database);
        var names = new List<string>();
        await using (var db = database.NewContext())
        {
            var now = DateTime.UtcNow;
            var registry = Enumerable.Range(0, 24).Select(i => (Input: DuplicateServiceTests.Synthetic(i), Code: $"C-CLI-{i:D3}")).ToList();
            foreach (var d in new[] { 4, 11 })
            {
                // The same person again, with two letters of the given name swapped.
                var given = registry[d].Input.GivenName!;
                registry.Add((registry[d].Input with { GivenName = given[..2] + given[3] + given[2] + given[4..] }, $"C-CLI-{d:D3}-2"));
            }
            foreach (var (input, code) in registry)
            {
                var entity = CaseService.NewCase(input, organisation, now, TestKeys.Vault());
                entity.CaseCode = code;
                db.Cases.Add(entity);
                names.Add(input.FamilyName!);
            }
            await db.SaveChangesAsync(ct);
        }
        var path = database.Options.ConnectionString.Replace("Data Source=", "", StringComparison.Ordinal).Split(';')[0];

        // Bad input: the parameter is named, nothing is stored.
        var badThreshold = await CliRunner.RunAsync("duplicates", "run", "--threshold", "1.5", "--database", path);
        Assert.True(badThreshold.Exit == 2, badThreshold.Error);
        Assert.Contains("--threshold", badThreshold.Error, StringComparison.Ordinal);
        var badStatus = await CliRunner.RunAsync("duplicates", "list", "--status", "maybe", "--database", path);
        Assert.True(badStatus.Exit == 2 && badStatus.Error.Contains("--status", StringComparison.Ordinal), badStatus.Error);
        var badPair = await CliRunner.RunAsync("duplicates", "accept", "not-an-id", "--database", path);
        Assert.True(badPair.Exit == 2 && badPair.Error.Contains("pair-id", StringComparison.Ordinal), badPair.Error);

        var run = await CliRunner.RunAsync("duplicates", "run", "--database", path);
        Assert.True(run.Exit == 0, run.Error);
        Assert.Contains("26 person(s)", run.Output, StringComparison.Ordinal);
        Assert.Contains("Comparing", run.Error, StringComparison.Ordinal);

        var list = await CliRunner.RunAsync("duplicates", "list", "--database", path);
        Assert.True(list.Exit == 0, list.Error);
        Assert.All(names, name => Assert.DoesNotContain(name, list.Output + list.Error, StringComparison.OrdinalIgnoreCase));
        var pending = Rows(list.Output);
        Assert.Equal(2, pending.Count);
        Assert.All(pending, row => Assert.Equal("pending", row[5]));
        Assert.Equal([["C-CLI-004", "C-CLI-004-2"], ["C-CLI-011", "C-CLI-011-2"]], pending.Select(r => new[] { r[1], r[2] }.Order().ToArray()).OrderBy(r => r[0]).ToArray());

        var accept = await CliRunner.RunAsync("duplicates", "accept", pending[0][0], "--reason", "same passport number", "--database", path);
        Assert.True(accept.Exit == 0, accept.Error);
        var accepted = Assert.Single(Rows((await CliRunner.RunAsync("duplicates", "list", "--status", "accepted", "--database", path)).Output));
        Assert.Equal(pending[0][0], accepted[0]);
        var mergeId = accepted[6];
        Assert.Contains(mergeId, accept.Output, StringComparison.Ordinal);
        await using (var db = database.NewContext())
        {
            Assert.Equal(2, await db.Persons.CountAsync(p => p.ClusterKey != null, ct));
        }

        var unmerge = await CliRunner.RunAsync("duplicates", "unmerge", mergeId, "--database", path);
        Assert.True(unmerge.Exit == 0, unmerge.Error);
        var again = await CliRunner.RunAsync("duplicates", "unmerge", mergeId, "--database", path);
        Assert.Equal(1, again.Exit);

        var reject = await CliRunner.RunAsync("duplicates", "reject", pending[1][0], "--database", path);
        Assert.True(reject.Exit == 0, reject.Error);
        var all = Rows((await CliRunner.RunAsync("duplicates", "list", "--status", "all", "--database", path)).Output);
        Assert.Equal(["pending", "rejected"], all.OrderBy(r => r[0] == pending[0][0] ? 0 : 1).Select(r => r[5]));

        await using (var db = database.NewContext())
        {
            Assert.False(await db.Persons.AnyAsync(p => p.ClusterKey != null, ct));
            Assert.Equal(1, await db.Set<PersonMerge>().CountAsync(m => m.UndoneAtUtc != null, ct));
            var actions = await db.AuditEntries.AsNoTracking().Select(e => e.Action).ToListAsync(ct);
            Assert.Contains(AuditActions.DuplicateRun, actions);
            Assert.Contains(AuditActions.PersonMerge, actions);
            Assert.Contains(AuditActions.PersonUnmerge, actions);
            Assert.Contains(AuditActions.DuplicateReject, actions);
        }
    }

    /// <summary>The rows of <c>list</c>'s tab-separated table (header and the closing count left out).</summary>
    private static List<string[]> Rows(string output) =>
        [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Skip(1).Select(l => l.Split('\t')).Where(r => r.Length == 7)];
}
