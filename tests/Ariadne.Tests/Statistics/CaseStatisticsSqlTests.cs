using System.Globalization;
using System.Linq.Expressions;
using Ariadne.Core.Cases;
using Ariadne.Core.CodeLists;
using Ariadne.Core.Consent;
using Ariadne.Core.Data;
using Ariadne.Core.Statistics;
using Ariadne.Core.Users;
using Ariadne.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Ariadne.Tests.Statistics;

/// <summary>
/// The raw SQL grouped read of <see cref="CaseStatistics"/> (one statement per provider, issue 15) returns the same groups
/// as the EF Core LINQ query it replaced (kept here as the oracle), and, ranked by person (issue 16), the same first cases
/// and cases set aside as a plain in-memory ranking: on generated cases with consents refused and persons sharing
/// cluster keys, on both providers.
/// </summary>
public sealed class CaseStatisticsSqlTests
{
    /// <summary>Sets of needed source columns (in <c>CaseStatistics.Source</c> order) to compare.</summary>
    private static readonly bool[][] Needs =
    [
        [true, true, true, true, true, true, true, true, true],
        [true, true, false, false, false, false, false, false, false],
        [false, false, false, true, true, false, false, false, false],
        [false, false, true, false, false, true, true, true, true],
    ];

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task RawSqlGroups_EqualTheLinqGroups(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await SeedAsync(provider);
        await using var db = app.NewContext();

        foreach (var need in Needs)
        {
            var sql = await CaseStatistics.ReadGroupsAsync(db, need, byPerson: false, ct);
            var (oracle, excluded) = await LinqOracle.GroupsAsync(db, need, null, ct);

            Assert.Equal(Normalise(oracle), Normalise(sql.Where(g => !g.Refused)));
            Assert.Equal(excluded, sql.Where(g => g.Refused).Sum(g => g.Cases));
            Assert.True(excluded > 0);
            Assert.All(sql, g => Assert.True(g.First));
        }
        var records = await CaseStatistics.LoadAsync(db, CodeListRegistry.Default, ct);
        Assert.Equal(Cases - Refusals, records.Records.Weights!.Sum());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task RawSqlGroups_ByPerson_EqualTheFirstCaseOfEachCluster(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await SeedAsync(provider);
        await using var db = app.NewContext();
        var (first, aside) = await LinqOracle.FirstCasesAsync(db, ct);
        Assert.True(aside.Count >= 20, $"{aside.Count} cases set aside");

        foreach (var need in Needs)
        {
            var sql = await CaseStatistics.ReadGroupsAsync(db, need, byPerson: true, ct);
            var (firstGroups, _) = await LinqOracle.GroupsAsync(db, need, first, ct);
            var (asideGroups, _) = await LinqOracle.GroupsAsync(db, need, aside, ct);

            Assert.Equal(Normalise(firstGroups), Normalise(sql.Where(g => !g.Refused && g.First)));
            Assert.Equal(Normalise(asideGroups), Normalise(sql.Where(g => !g.Refused && !g.First)));
            Assert.Equal(Refusals, sql.Where(g => g.Refused).Sum(g => g.Cases));
        }
        var records = await CaseStatistics.LoadAsync(db, CodeListRegistry.Default, CaseStatistics.Dimensions, byPerson: true, ct);
        Assert.Equal(first.Count, records.FirstCases!.Weights!.Sum());
        Assert.Equal(aside.Count, records.SetAside!.Weights!.Sum());
        Assert.Equal(first.Count + aside.Count, records.Cases.Weights!.Sum());
        // The three record sets share their labels, so that their tables line up cell by cell.
        Assert.All(CaseStatistics.Dimensions, d => Assert.Equal(records.Cases[d].Labels, records.SetAside![d].Labels));
    }

    private const int Cases = 160;
    private const int Refusals = 7;

    /// <summary>
    /// 160 generated cases; 7 refused statistics consent; persons in linkage clusters of 2–4 (every third person, keys
    /// "l:run:0" … "l:run:16"), one pair through a merge (a survivor without a key and a person keyed "p:" + its id), and
    /// two cases of one cluster on the same day (the tie broken by case id).
    /// </summary>
    private static async Task<TestApp> SeedAsync(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        var app = await TestApp.StartAsync(provider);
        var analyst = await app.AddUserAsync("sql-analyst", "Statistics Office", Roles.Analyst);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var service = scope.ServiceProvider.GetRequiredService<CaseService>();
            var today = DateOnly.FromDateTime(TestApp.Now.UtcDateTime);
            foreach (var input in new Core.DemoData.DemoCaseGenerator(7, today, CodeListRegistry.Default).Generate(Cases))
            {
                var created = await service.CreateAsync(input, analyst.OrganisationId, CaseViewer.LocalOperator, ct);
                Assert.True(created.Succeeded, created.ToString());
            }
            var consents = scope.ServiceProvider.GetRequiredService<ConsentService>();
            await using var read = app.NewContext();
            var ids = await read.Cases.OrderBy(c => c.CaseCode).Select(c => c.Id).ToListAsync(ct);
            foreach (var id in ids.Where((_, i) => i % 23 == 5).Take(Refusals))
            {
                var day = new DateOnly(2026, 1, 10);
                var recorded = await consents.RecordAsync(id, new ConsentInput(ConsentPurpose.Statistics, null, day, ConsentMethod.Written, null), CaseViewer.LocalOperator, ct);
                Assert.True(recorded.Succeeded, recorded.ToString());
                Assert.True((await consents.WithdrawAsync(id, recorded.Value!.Id, day, "Refused.", CaseViewer.LocalOperator, ct)).Succeeded);
            }
        }
        await using var db = app.NewContext();
        var cases = await db.Cases.Include(c => c.Person).OrderBy(c => c.CaseCode).ToListAsync(ct);
        Assert.Equal(Refusals, await db.Set<ConsentRecord>().CountAsync(ct));
        for (var i = 0; i < cases.Count; i += 3)
        {
            cases[i].Person.ClusterKey = "l:run:" + (i / 3 % 17).ToString(CultureInfo.InvariantCulture);
        }
        // A merge: the survivor keeps no key, the merged person is keyed by it.
        cases[1].Person.ClusterKey = null;
        cases[2].Person.ClusterKey = "p:" + cases[1].Person.Id.ToString("D");
        // Two cases of cluster l:run:0 on one day: the lower case id comes first.
        cases[51].IdentificationDate = cases[0].IdentificationDate;
        cases[51].Person.ClusterKey = "l:run:0";
        await db.SaveChangesAsync(ct);
        return app;
    }

    private static List<string> Normalise(IEnumerable<CaseStatistics.Group> groups) =>
        [.. groups.GroupBy(g => g with { Refused = false, First = true, Cases = 0 })
            .Select(g => $"{g.Key.Year}|{g.Key.Sex}|{g.Key.Age}|{g.Key.Forms}|{g.Key.Citizenships}|{g.Key.Country}|{g.Key.OrganisationType}|{g.Key.Status}|{g.Key.Transnationality}={g.Sum(x => x.Cases)}")
            .Order(StringComparer.Ordinal)];

    /// <summary>The EF Core LINQ grouped read that <see cref="CaseStatistics"/> used before the raw SQL (the oracle), and an in-memory ranking by person.</summary>
    private static class LinqOracle
    {
        /// <summary>The groups of the counted cases (restricted to <paramref name="only"/> when given) and the number refused.</summary>
        public static async Task<(List<CaseStatistics.Group> Groups, int Excluded)> GroupsAsync(AppDbContext db, bool[] need, IReadOnlySet<Guid>? only, CancellationToken ct)
        {
            var refusedIds = (await StatisticsConsent.RefusedAsync(db, ct)).ToList();
            var cases = db.Cases.AsNoTracking();
            var counted = refusedIds.Count == 0 ? cases : cases.Where(c => !refusedIds.Contains(c.Id));
            if (only is not null)
            {
                var kept = only.ToList();
                counted = counted.Where(c => kept.Contains(c.Id));
            }
            var groups = await counted
                .GroupBy(Specialise(KeyTemplate, need))
                .Select(g => new { g.Key, Persons = g.Count() })
                .ToListAsync(ct);
            var excluded = refusedIds.Count == 0 ? 0 : await cases.CountAsync(c => refusedIds.Contains(c.Id), ct);
            return ([.. groups.Select(g => new CaseStatistics.Group(g.Key.Year, g.Key.Sex, g.Key.Age, g.Key.Forms, g.Key.Citizenships, g.Key.Country,
                g.Key.OrganisationType, g.Key.Status, g.Key.Transnationality, false, true, g.Persons))], excluded);
        }

        /// <summary>The counted cases that come first in their person's cluster (by date, then id as text), and the others.</summary>
        public static async Task<(HashSet<Guid> First, HashSet<Guid> Aside)> FirstCasesAsync(AppDbContext db, CancellationToken ct)
        {
            var refused = await StatisticsConsent.RefusedAsync(db, ct);
            var rows = await db.Cases.AsNoTracking().Select(c => new { c.Id, c.IdentificationDate, c.Person.ClusterKey, PersonId = c.Person.Id }).ToListAsync(ct);
            var first = new HashSet<Guid>();
            var aside = new HashSet<Guid>();
            foreach (var cluster in rows.Where(r => !refused.Contains(r.Id)).GroupBy(r => r.ClusterKey ?? "p:" + r.PersonId.ToString("D")))
            {
                var ordered = cluster.OrderBy(r => r.IdentificationDate).ThenBy(r => r.Id.ToString("D"), StringComparer.Ordinal).ToList();
                first.Add(ordered[0].Id);
                aside.UnionWith(ordered.Skip(1).Select(r => r.Id));
            }
            return (first, aside);
        }

        private static readonly Expression<Func<Case, bool[], GroupKey>> KeyTemplate = (c, need) => new GroupKey
        {
            Year = need[0] ? c.IdentificationDate.Year : 0,
            Sex = need[1] ? c.Sex : "",
            Age = need[2] ? c.AgeAtIdentification : null,
            Forms = need[3] ? c.FormsKey : "",
            Citizenships = need[4] ? c.CitizenshipsKey : "",
            Country = need[5] ? c.Exploitation.CountryOfExploitation : null,
            OrganisationType = need[6] ? c.DetectingOrganisationType : "",
            Status = need[7] ? c.TraffickingStatus : "",
            Transnationality = need[8] ? c.Transnationality : Transnationality.Unknown,
        };

        private sealed class GroupKey
        {
            public int Year { get; init; }

            public string Sex { get; init; } = "";

            public int? Age { get; init; }

            public string Forms { get; init; } = "";

            public string Citizenships { get; init; } = "";

            public string? Country { get; init; }

            public string OrganisationType { get; init; } = "";

            public string Status { get; init; } = "";

            public Transnationality Transnationality { get; init; }
        }

        private static Expression<Func<Case, GroupKey>> Specialise(Expression<Func<Case, bool[], GroupKey>> template, bool[] need) =>
            Expression.Lambda<Func<Case, GroupKey>>(new Choose(template.Parameters[1], need).Visit(template.Body), template.Parameters[0]);

        private sealed class Choose(ParameterExpression flags, bool[] need) : ExpressionVisitor
        {
            protected override Expression VisitConditional(ConditionalExpression node) =>
                node.Test is BinaryExpression { NodeType: ExpressionType.ArrayIndex, Left: var array, Right: var index } && array == flags
                    ? Visit(need[Convert.ToInt32(((ConstantExpression)(index is UnaryExpression u ? u.Operand : index)).Value, CultureInfo.InvariantCulture)] ? node.IfTrue : node.IfFalse)
                    : base.VisitConditional(node);
        }
    }
}
