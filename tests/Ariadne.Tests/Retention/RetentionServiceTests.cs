using Ariadne.Core;
using Ariadne.Core.Audit;
using Ariadne.Core.Cases;
using Ariadne.Core.Common;
using Ariadne.Core.Data;
using Ariadne.Core.Erasure;
using Ariadne.Core.Protection;
using Ariadne.Core.Referral.National;
using Ariadne.Core.Referral.Transnational;
using Ariadne.Core.Retention;
using Ariadne.Tests.Infrastructure;
using Ariadne.Tests.Protection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Ariadne.Tests.Retention;

/// <summary>
/// The retention policy against a real database on both providers, with a fake clock: seven cases, one per rule, are
/// created on <see cref="Start"/> and the policy (5 years) is previewed and applied a little over five years later.
/// </summary>
public sealed class RetentionServiceTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 10, 9, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Later = Start.AddYears(5).AddDays(1);

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task PreviewThenApply_SevenCases_DueErasedOthersKeptAuditedIdempotent(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var database = await TestDatabase.CreateAsync(provider);
        var time = new FakeTimeProvider(Start);
        await using var services = Services(database, time);
        var seeded = await SeedAsync(database, services, time);
        time.SetUtcNow(Later);

        RetentionPreview preview;
        await using (var scope = services.CreateAsyncScope())
        {
            preview = await scope.ServiceProvider.GetRequiredService<RetentionService>().PreviewAsync(ct);
        }

        Assert.Equal(new RetentionPreview(Later.UtcDateTime, 5, DueLifecycleClosed: 1, DueCaseClosed: 1, HeldByLegalHold: 1,
            DueWithinLookahead: 1, AlreadyErased: 1, ExpiredRevealGrants: 1, NextDueAtUtc: Start.AddDays(60).AddYears(5).UtcDateTime), preview);
        await using (var db = database.NewContext())
        {
            Assert.Equal(6, await db.PersonKeys.CountAsync(ct));
        }

        RetentionResult first, second;
        await using (var scope = services.CreateAsyncScope())
        {
            first = await scope.ServiceProvider.GetRequiredService<RetentionService>().ApplyAsync(null, null, ct);
        }
        await using (var scope = services.CreateAsyncScope())
        {
            second = await scope.ServiceProvider.GetRequiredService<RetentionService>().ApplyAsync(null, null, ct);
        }

        Assert.Equal(new RetentionResult(Erased: 2, Skipped: 0, RevealGrantsPurged: 1), first);
        Assert.Equal(new RetentionResult(Erased: 0, Skipped: 0, RevealGrantsPurged: 0), second);
        await using (var db = database.NewContext())
        {
            var persons = await db.Cases.AsNoTracking().Include(c => c.Person).ThenInclude(p => p.Key)
                .ToDictionaryAsync(c => c.CaseCode, c => c, ct);
            foreach (var code in new[] { "R-CLOSED", "R-LIFECYCLE" })
            {
                var erased = persons[code];
                Assert.Null(erased.Person.Key);
                Assert.Null(erased.Person.IdentityCiphertext);
                Assert.Null(erased.Person.NameDobIndex);
                Assert.Null(erased.Person.DocumentIndex);
                Assert.Null(erased.NarrativeCiphertext);
                Assert.Equal(Later.UtcDateTime, erased.Person.IdentityErasedAtUtc);
                Assert.Equal("retention", erased.Person.IdentityErasureReason);
                // The statistical record stays.
                Assert.Equal("female", erased.Person.Sex);
                Assert.Equal(1991, erased.Person.YearOfBirth);
                Assert.Equal(["NG"], erased.Person.Citizenships);
                Assert.Equal(["sexual-exploitation"], erased.Exploitation.Forms);
                Assert.Equal(34, erased.AgeAtIdentification);
            }
            foreach (var code in new[] { "R-HELD", "R-ACTIVE", "R-NRM-OPEN", "R-RECENT" })
            {
                Assert.NotNull(persons[code].Person.Key);
                Assert.NotNull(persons[code].Person.IdentityCiphertext);
                Assert.Null(persons[code].Person.IdentityErasedAtUtc);
            }
            Assert.Equal(Start.UtcDateTime, persons["R-ERASED"].Person.IdentityErasedAtUtc);
            Assert.Equal("request of 2026-01-10", persons["R-ERASED"].Person.IdentityErasureReason);
            Assert.Equal([seeded.LiveGrant], await db.RevealGrants.Select(g => g.Id).ToListAsync(ct));

            var erasures = await db.AuditEntries.AsNoTracking().Where(e => e.Action == AuditActions.CaseErase && e.Reason == "retention")
                .OrderBy(e => e.Sequence).ToListAsync(ct);
            Assert.Equal(new[] { persons["R-CLOSED"].Id, persons["R-LIFECYCLE"].Id }.Select(i => i.ToString()).Order(), erasures.Select(e => e.SubjectId!).Order());
            Assert.All(erasures, e => Assert.Equal(AuditOutcomes.Success, e.Outcome));
            Assert.Contains("\"rule\":\"lifecycle-closed\"", erasures.Single(e => e.SubjectId == persons["R-LIFECYCLE"].Id.ToString()).Details, StringComparison.Ordinal);
            Assert.Equal(2, await db.AuditEntries.CountAsync(e => e.Action == AuditActions.Retention, ct));
        }
        await using (var scope = services.CreateAsyncScope())
        {
            Assert.True((await scope.ServiceProvider.GetRequiredService<AuditLog>().VerifyAsync(null, ct)).IsIntact);
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Apply_TwoNodesAtOnce_EachDueCaseErasedAndAuditedOnce(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var database = await TestDatabase.CreateAsync(provider);
        var time = new FakeTimeProvider(Start);
        await using var nodeA = Services(database, time);
        await using var nodeB = Services(database, time);
        await SeedAsync(database, nodeA, time);
        time.SetUtcNow(Later);

        async Task<RetentionResult> RunAsync(ServiceProvider node)
        {
            await using var scope = node.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<RetentionService>().ApplyAsync(null, null, ct);
        }
        var results = await Task.WhenAll(Task.Run(() => RunAsync(nodeA), ct), Task.Run(() => RunAsync(nodeB), ct));

        Assert.Equal(2, results.Sum(r => r.Erased));
        await using var db = database.NewContext();
        Assert.Equal(2, await db.AuditEntries.CountAsync(e => e.Action == AuditActions.CaseErase && e.Reason == "retention", ct));
        Assert.Equal(2, await db.Persons.CountAsync(p => p.IdentityErasureReason == "retention", ct));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Apply_PolicyOff_NothingErasedExpiredGrantsStillPurged(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var database = await TestDatabase.CreateAsync(provider);
        var time = new FakeTimeProvider(Start);
        await using var services = Services(database, time, identityYears: 0);
        await SeedAsync(database, services, time);
        time.SetUtcNow(Later.AddYears(20));

        await using var scope = services.CreateAsyncScope();
        var retention = scope.ServiceProvider.GetRequiredService<RetentionService>();
        var preview = await retention.PreviewAsync(ct);
        var result = await retention.ApplyAsync(null, null, ct);

        Assert.Equal(0, preview.Due + preview.HeldByLegalHold + preview.DueWithinLookahead);
        Assert.Equal(new RetentionResult(0, 0, 2), result);
        await using var db = database.NewContext();
        Assert.Equal(6, await db.PersonKeys.CountAsync(ct));
    }

    internal static ServiceProvider Services(TestDatabase database, TimeProvider time, int identityYears = 5)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddAriadneCore(new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build(), database.Options);
        services.AddSingleton(time);
        services.AddSingleton<IKeyEncryptionKeyProvider>(TestKeys.Default);
        services.Configure<RetentionOptions>(o => o.IdentityYears = identityYears);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
    }

    internal sealed record Seeded(Guid LiveGrant);

    /// <summary>
    /// Seven cases at <see cref="Start"/>: closed (due), closed under a legal hold, active, lifecycle closed with the case
    /// still active (due), lifecycle open with the case closed, erased on request, and closed but changed 60 days later;
    /// plus an expired and a live reveal grant.
    /// </summary>
    internal static async Task<Seeded> SeedAsync(TestDatabase database, ServiceProvider services, FakeTimeProvider time)
    {
        var ct = TestContext.Current.CancellationToken;
        var organisation = await ProtectionTestData.AddOrganisationAsync(database);
        var ids = new Dictionary<string, Guid>();
        await using (var scope = services.CreateAsyncScope())
        {
            var cases = scope.ServiceProvider.GetRequiredService<CaseService>();
            foreach (var (code, status) in new[]
            {
                ("R-CLOSED", "closed"), ("R-HELD", "closed"), ("R-ACTIVE", "active"), ("R-LIFECYCLE", "active"),
                ("R-NRM-OPEN", "closed"), ("R-ERASED", "closed"), ("R-RECENT", "closed"),
            })
            {
                var input = ProtectionTestData.Distinctive(code) with { CaseCode = code, Status = status, IdentificationDate = new DateOnly(2025, 12, 1) };
                var created = await cases.CreateAsync(input, organisation, CaseViewer.LocalOperator, ct);
                Assert.True(created.Succeeded, created.ToString());
                ids[code] = created.Value!.Id;
            }
            var erasure = scope.ServiceProvider.GetRequiredService<ErasureService>();
            Assert.True((await erasure.SetLegalHoldAsync(ids["R-HELD"], true, CaseViewer.LocalOperator, ct)).Succeeded);
            Assert.True((await erasure.EraseAsync(ids["R-ERASED"], CaseViewer.LocalOperator, "request of 2026-01-10", ct)).Succeeded);
        }
        var liveGrant = Guid.CreateVersion7();
        await using (var db = database.NewContext())
        {
            db.Set<NrmCase>().AddRange(
                new NrmCase { CaseId = ids["R-LIFECYCLE"], OrganisationId = organisation, Jurisdiction = "generic", State = "closed", EnteredStateAtUtc = Start.UtcDateTime },
                new NrmCase { CaseId = ids["R-NRM-OPEN"], OrganisationId = organisation, Jurisdiction = "generic", State = "identified", EnteredStateAtUtc = Start.UtcDateTime });
            db.RevealGrants.AddRange(
                RevealGrant.For(Guid.NewGuid(), ids["R-ACTIVE"], Start.UtcDateTime),
                new RevealGrant { Id = liveGrant, UserId = Guid.NewGuid(), CaseId = ids["R-ACTIVE"], GrantedAtUtc = Start.UtcDateTime, ExpiresAtUtc = Later.UtcDateTime.AddHours(1) });
            await db.SaveChangesAsync(ct);
        }
        time.Advance(TimeSpan.FromDays(60));
        await using (var db = database.NewContext())
        {
            // A correction 60 days after closure restarts the period.
            var recent = await db.Cases.SingleAsync(c => c.Id == ids["R-RECENT"], ct);
            recent.UpdatedAtUtc = time.GetUtcNow().UtcDateTime;
            recent.Version++;
            await db.SaveChangesAsync(ct);
        }
        return new Seeded(liveGrant);
    }
}
