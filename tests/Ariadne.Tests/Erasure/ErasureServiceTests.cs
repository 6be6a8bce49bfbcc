using Ariadne.Core;
using Ariadne.Core.Cases;
using Ariadne.Core.Common;
using Ariadne.Core.Data;
using Ariadne.Core.Erasure;
using Ariadne.Core.Protection;
using Ariadne.Core.Retention;
using Ariadne.Tests.Infrastructure;
using Ariadne.Tests.Protection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Ariadne.Tests.Erasure;

/// <summary>
/// Erasure is one service that modules plug into: a participant registered by a module is called with the person and
/// their cases on erasure on request and on shredding by the retention policy, and not at all under a legal hold.
/// </summary>
public sealed class ErasureServiceTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 10, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task AddAriadneCore_RegistersTheParticipantOfEveryModuleHoldingTextAboutAPerson()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var services = Services(database, new FakeTimeProvider(Start), new Recorder());
        await using var scope = services.CreateAsyncScope();

        var names = scope.ServiceProvider.GetServices<IErasureParticipant>().Select(p => p.GetType().Name).ToList();

        Assert.Contains("ScreeningErasureParticipant", names);
        Assert.Contains("ConsentErasureParticipant", names);
        Assert.Contains("ReferralErasureParticipant", names);
        Assert.Contains("AttachmentErasureParticipant", names);
        Assert.Contains("CaseWorkErasureParticipant", names);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task EraseOnRequest_CaseWork_NotesDeletedTaskTitlesDropped_OtherCasesUntouched(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var services = Services(database, new FakeTimeProvider(Start), new Recorder());
        var (caseId, _) = await CreateAsync(database, services, "E-WORK", "active");
        var (otherId, _) = await CreateAsync(database, services, "E-OTHER", "active");
        await using (var db = database.NewContext())
        {
            foreach (var id in new[] { caseId, otherId })
            {
                db.Add(new CaseTask { Id = Guid.NewGuid(), CaseId = id, TitleCiphertext = [1, 2, 3], DueOn = new DateOnly(2026, 2, 1), AssigneeUserId = Guid.NewGuid(), CreatedAtUtc = Start.UtcDateTime });
                db.Add(new CaseNote { Id = Guid.NewGuid(), CaseId = id, TextCiphertext = [4, 5, 6], NotedOn = new DateOnly(2026, 1, 9), CreatedAtUtc = Start.UtcDateTime });
            }
            await db.SaveChangesAsync(ct);
        }

        Result result;
        await using (var scope = services.CreateAsyncScope())
        {
            result = await scope.ServiceProvider.GetRequiredService<ErasureService>().EraseAsync(caseId, CaseViewer.LocalOperator, "request of 2026-01-10", ct);
        }

        Assert.True(result.Succeeded, result.ToString());
        await using (var db = database.NewContext())
        {
            Assert.False(await db.Set<CaseNote>().AnyAsync(n => n.CaseId == caseId, ct));
            var task = await db.Set<CaseTask>().AsNoTracking().SingleAsync(t => t.CaseId == caseId, ct);
            Assert.Null(task.TitleCiphertext);
            Assert.Equal(new DateOnly(2026, 2, 1), task.DueOn);
            Assert.NotNull((await db.Set<CaseNote>().AsNoTracking().SingleAsync(n => n.CaseId == otherId, ct)).TextCiphertext);
            Assert.NotNull((await db.Set<CaseTask>().AsNoTracking().SingleAsync(t => t.CaseId == otherId, ct)).TitleCiphertext);
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task EraseOnRequest_ParticipantOfAModule_CalledWithThePersonAndTheirCase(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var database = await TestDatabase.CreateAsync(provider);
        var recorder = new Recorder();
        await using var services = Services(database, new FakeTimeProvider(Start), recorder);
        var (caseId, personId) = await CreateAsync(database, services, "E-REQUEST", "active");

        Result result;
        await using (var scope = services.CreateAsyncScope())
        {
            result = await scope.ServiceProvider.GetRequiredService<ErasureService>().EraseAsync(caseId, CaseViewer.LocalOperator, "request of 2026-01-10", ct);
        }

        Assert.True(result.Succeeded, result.ToString());
        var call = Assert.Single(recorder.Calls);
        Assert.Equal(personId, call.PersonId);
        Assert.Equal([caseId], call.CaseIds);
        await using var db = database.NewContext();
        Assert.Equal(0, await db.PersonKeys.CountAsync(ct));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task RetentionShredding_ParticipantOfAModule_CalledForTheDuePerson(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var database = await TestDatabase.CreateAsync(provider);
        var recorder = new Recorder();
        var time = new FakeTimeProvider(Start);
        await using var services = Services(database, time, recorder);
        var (caseId, personId) = await CreateAsync(database, services, "E-RETAIN", "closed");
        time.SetUtcNow(Start.AddYears(5).AddDays(1));

        RetentionResult result;
        await using (var scope = services.CreateAsyncScope())
        {
            result = await scope.ServiceProvider.GetRequiredService<RetentionService>().ApplyAsync(null, null, ct);
        }

        Assert.Equal(1, result.Erased);
        var call = Assert.Single(recorder.Calls);
        Assert.Equal(personId, call.PersonId);
        Assert.Equal([caseId], call.CaseIds);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task LegalHold_EraseRefusedAndRetentionSkips_NoParticipantCalledNothingTouched(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var database = await TestDatabase.CreateAsync(provider);
        var recorder = new Recorder();
        var time = new FakeTimeProvider(Start);
        await using var services = Services(database, time, recorder);
        var (caseId, _) = await CreateAsync(database, services, "E-HELD", "closed");
        await using (var scope = services.CreateAsyncScope())
        {
            Assert.True((await scope.ServiceProvider.GetRequiredService<ErasureService>().SetLegalHoldAsync(caseId, true, CaseViewer.LocalOperator, ct)).Succeeded);
        }
        byte[] wrappedKey;
        await using (var db = database.NewContext())
        {
            wrappedKey = (await db.PersonKeys.SingleAsync(ct)).WrappedKey;
        }

        Result erased;
        await using (var scope = services.CreateAsyncScope())
        {
            erased = await scope.ServiceProvider.GetRequiredService<ErasureService>().EraseAsync(caseId, CaseViewer.LocalOperator, "request of 2026-01-10", ct);
        }
        time.SetUtcNow(Start.AddYears(5).AddDays(1));
        RetentionResult retained;
        await using (var scope = services.CreateAsyncScope())
        {
            retained = await scope.ServiceProvider.GetRequiredService<RetentionService>().ApplyAsync(null, null, ct);
        }

        Assert.Equal(ProblemKind.Refused, erased.Problem?.Kind);
        Assert.Equal("LegalHold", Assert.Single(erased.Problem!.Refusals).Code);
        Assert.Equal(0, retained.Erased);
        Assert.Empty(recorder.Calls);
        await using (var db = database.NewContext())
        {
            Assert.Equal(wrappedKey, (await db.PersonKeys.SingleAsync(ct)).WrappedKey);
            var person = await db.Persons.AsNoTracking().SingleAsync(ct);
            Assert.NotNull(person.IdentityCiphertext);
            Assert.Null(person.IdentityErasedAtUtc);
        }
    }

    private static ServiceProvider Services(TestDatabase database, TimeProvider time, Recorder recorder)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddAriadneCore(new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build(), database.Options);
        services.AddSingleton(time);
        services.AddSingleton<IKeyEncryptionKeyProvider>(TestKeys.Default);
        services.Configure<RetentionOptions>(o => o.IdentityYears = 5);
        // A module of its own, plugged in the way Screening, Consent and Referral plug in.
        services.AddSingleton(recorder);
        services.AddScoped<IErasureParticipant, RecordingParticipant>();
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
    }

    private static async Task<(Guid CaseId, Guid PersonId)> CreateAsync(TestDatabase database, ServiceProvider services, string code, string status)
    {
        var ct = TestContext.Current.CancellationToken;
        var organisation = await ProtectionTestData.AddOrganisationAsync(database);
        await using var scope = services.CreateAsyncScope();
        var input = ProtectionTestData.Distinctive(code) with { CaseCode = code, Status = status, IdentificationDate = new DateOnly(2025, 12, 1) };
        var created = await scope.ServiceProvider.GetRequiredService<CaseService>().CreateAsync(input, organisation, CaseViewer.LocalOperator, ct);
        Assert.True(created.Succeeded, created.ToString());
        return (created.Value!.Id, created.Value.Person.Id);
    }

    private sealed record Call(Guid PersonId, IReadOnlyList<Guid> CaseIds);

    private sealed class Recorder
    {
        public List<Call> Calls { get; } = [];
    }

    private sealed class RecordingParticipant(Recorder recorder) : IErasureParticipant
    {
        public async Task ShredAsync(ErasureSubject subject, CancellationToken cancellationToken) =>
            recorder.Calls.Add(new Call(subject.PersonId, await subject.CaseIds.ToListAsync(cancellationToken)));
    }
}
