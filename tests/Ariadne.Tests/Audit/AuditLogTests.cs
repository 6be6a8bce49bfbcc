using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Ariadne.Core.Audit;
using Ariadne.Core.Cases;
using Ariadne.Core.Common;
using Ariadne.Core.Data;
using Ariadne.Core.Users;
using Ariadne.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace Ariadne.Tests.Audit;

/// <summary>The audit log in the database, on every provider: appends, triggers, and what the product records (issue #3).</summary>
public sealed class AuditLogTests
{
    /// <summary>A given name no other test uses, so finding it anywhere in the audit log is a leak.</summary>
    private const string DistinctiveGivenName = "Zephyrine-Audit-Synthetic";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task AppendAsync_FourParallelAppenders_OneValidChainOf200(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var log = NewLog(database);

        await Task.WhenAll(Enumerable.Range(0, 4).Select(worker => Task.Run(async () =>
        {
            for (var i = 0; i < 50; i++)
            {
                await log.AppendAsync(new AuditRecord(AuditActions.CaseUpdate, AuditOutcomes.Success, "case", $"W{worker}-{i}"), TestContext.Current.CancellationToken);
            }
        }, TestContext.Current.CancellationToken)));

        var result = await log.VerifyAsync(null, TestContext.Current.CancellationToken);
        Assert.True(result.IsIntact, result.Describe());
        Assert.Equal(200, result.EntryCount);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Triggers_UpdateOrDelete_Refused(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var log = NewLog(database);
        await log.AppendAsync(new AuditRecord(AuditActions.SignIn, AuditOutcomes.Success), TestContext.Current.CancellationToken);
        await using var db = database.NewContext();

        await Assert.ThrowsAnyAsync<Exception>(() => db.Database.ExecuteSqlRawAsync(
            """UPDATE "AuditEntries" SET "Outcome" = 'failed'""", TestContext.Current.CancellationToken));
        await Assert.ThrowsAnyAsync<Exception>(() => db.Database.ExecuteSqlRawAsync(
            """DELETE FROM "AuditEntries" """, TestContext.Current.CancellationToken));
        await Assert.ThrowsAnyAsync<Exception>(() => db.AuditEntries.ExecuteUpdateAsync(s => s.SetProperty(e => e.Reason, "rewritten"), TestContext.Current.CancellationToken));

        var entry = Assert.Single(await db.AuditEntries.AsNoTracking().ToListAsync(TestContext.Current.CancellationToken));
        Assert.Equal(AuditOutcomes.Success, entry.Outcome);
        Assert.True((await log.VerifyAsync(null, TestContext.Current.CancellationToken)).IsIntact);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task ApiSignInAndCaseWrites_AuditedWithActorActionOutcome_NoIdentifyingData(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        var client = await app.ClientAsAsync("audit-worker", "Synthetic Shelter", Roles.CaseWorker);
        var input = CaseApiTestsInput();
        var created = await (await client.PostAsJsonAsync("/api/v1/cases", input, Json, TestContext.Current.CancellationToken))
            .Content.ReadFromJsonAsync<CaseDto>(Json, TestContext.Current.CancellationToken);
        var update = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/cases/{created!.Id}")
        {
            Content = JsonContent.Create(input with { Narrative = "Synthetic narrative, changed." }, options: Json),
        };
        update.Headers.TryAddWithoutValidation("If-Match", "\"1\"");
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(update, TestContext.Current.CancellationToken)).StatusCode);
        var wrong = await app.AnonymousClient().PostAsJsonAsync("/api/v1/auth/token", new { userName = "audit-worker", password = "not-the-password" }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);

        await using var db = app.NewContext();
        var entries = await db.AuditEntries.AsNoTracking().OrderBy(e => e.Sequence).ToListAsync(TestContext.Current.CancellationToken);
        var worker = await db.Users.SingleAsync(u => u.UserName == "audit-worker", TestContext.Current.CancellationToken);

        var signIn = Assert.Single(entries, e => e.Action == AuditActions.SignIn);
        Assert.Equal((worker.Id, "audit-worker", AuditOutcomes.Success), (signIn.ActorUserId!.Value, signIn.ActorName, signIn.Outcome));
        var failed = Assert.Single(entries, e => e.Action == AuditActions.SignInFailed);
        Assert.Equal(("audit-worker", AuditOutcomes.Failed), (failed.ActorName, failed.Outcome));
        var create = Assert.Single(entries, e => e.Action == AuditActions.CaseCreate);
        Assert.Equal(("audit-worker", worker.OrganisationId, AuditOutcomes.Success, created.Id.ToString()),
            (create.ActorName, create.ActorOrganisationId!.Value, create.Outcome, create.SubjectId));
        Assert.Contains(created.CaseCode, create.Details, StringComparison.Ordinal);
        var changed = Assert.Single(entries, e => e.Action == AuditActions.CaseUpdate);
        Assert.Equal(("audit-worker", created.Id.ToString()), (changed.ActorName, changed.SubjectId));
        Assert.Contains(entries, e => e.Action == AuditActions.UserCreate && e.SubjectId == worker.Id.ToString());
        Assert.Contains(entries, e => e.Action == AuditActions.RoleChange && e.Details!.Contains(Roles.CaseWorker, StringComparison.Ordinal));
        Assert.True(AuditChain.Verify(entries).IsIntact);

        var everyValue = string.Join("\n", entries.SelectMany(e => new[]
        {
            e.ActorName, e.Action, e.SubjectType, e.SubjectId, e.Reason, e.FromAddress, e.Outcome, e.Details,
            e.AtUtc.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        }));
        Assert.DoesNotContain(DistinctiveGivenName, everyValue, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("2000-03-01", everyValue, StringComparison.Ordinal);
        Assert.DoesNotContain("Synthetic narrative", everyValue, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task AuditApi_AuditorListsAndVerifies_CaseWorkerForbidden(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        var auditor = await app.ClientAsAsync("audit-auditor", "Synthetic Oversight", Roles.Auditor);
        var worker = await app.ClientAsAsync("audit-worker", "Synthetic Shelter", Roles.CaseWorker);

        var page = await auditor.GetFromJsonAsync<PagedResult<AuditEntry>>("/api/v1/audit?action=sign-in&pageSize=1", Json, TestContext.Current.CancellationToken);
        var verify = await (await auditor.PostAsync("/api/v1/audit/verify", null, TestContext.Current.CancellationToken))
            .Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        var invalid = await auditor.GetAsync("/api/v1/audit?from=yesterday", TestContext.Current.CancellationToken);

        Assert.Equal(2, page!.TotalCount);
        var newest = Assert.Single(page.Items);
        Assert.Equal("audit-worker", newest.ActorName);
        Assert.True(verify.GetProperty("intact").GetBoolean());
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await worker.GetAsync("/api/v1/audit", TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await worker.PostAsync("/api/v1/audit/verify", null, TestContext.Current.CancellationToken)).StatusCode);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task ListAsync_Filters_ByActionActorOutcomeDateAndSubject(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var time = new FakeTimeProvider(TestApp.Now);
        var log = new AuditLog(database.Options, time, new LocalOperatorAuditContext(), TestKeys.Default);
        await log.AppendAsync(new AuditRecord(AuditActions.SignIn, AuditOutcomes.Success, Actor: new AuditActor(null, "alpha", null)), TestContext.Current.CancellationToken);
        time.Advance(TimeSpan.FromDays(2));
        await log.AppendAsync(new AuditRecord(AuditActions.CaseCreate, AuditOutcomes.Success, "case", "id-1",
            Details: new Dictionary<string, string> { ["caseCode"] = "AUD-0001" }), TestContext.Current.CancellationToken);
        await log.AppendAsync(new AuditRecord(AuditActions.SignInFailed, AuditOutcomes.Failed, Actor: new AuditActor(null, "beta", null)), TestContext.Current.CancellationToken);
        var ct = TestContext.Current.CancellationToken;
        var today = DateOnly.FromDateTime(TestApp.Now.UtcDateTime);

        Assert.Equal(1, (await log.ListAsync(new AuditQuery(Action: AuditActions.SignIn), ct)).TotalCount);
        Assert.Equal(1, (await log.ListAsync(new AuditQuery(Actor: "bet"), ct)).TotalCount);
        Assert.Equal(1, (await log.ListAsync(new AuditQuery(Actor: AuditActor.LocalOperatorPrefix), ct)).TotalCount);
        Assert.Equal(1, (await log.ListAsync(new AuditQuery(Outcome: AuditOutcomes.Failed), ct)).TotalCount);
        Assert.Equal(1, (await log.ListAsync(new AuditQuery(From: today, To: today), ct)).TotalCount);
        Assert.Equal(2, (await log.ListAsync(new AuditQuery(From: today.AddDays(1)), ct)).TotalCount);
        Assert.Equal(1, (await log.ListAsync(new AuditQuery(Subject: "AUD-0001"), ct)).TotalCount);
        Assert.Equal(1, (await log.ListAsync(new AuditQuery(Subject: "id-1"), ct)).TotalCount);
        var second = await log.ListAsync(new AuditQuery(Page: 2, PageSize: 2), ct);
        Assert.Equal((3, 2, 1L), (second.TotalCount, second.PageCount, Assert.Single(second.Items).Sequence));
    }

    internal static AuditLog NewLog(TestDatabase database) =>
        new(database.Options, new FakeTimeProvider(TestApp.Now), new LocalOperatorAuditContext(), TestKeys.Default);

    private static CaseInput CaseApiTestsInput() => Cases.CaseApiTests.ValidInput() with { GivenName = DistinctiveGivenName };
}
