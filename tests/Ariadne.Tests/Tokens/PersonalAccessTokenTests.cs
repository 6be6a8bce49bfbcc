using System.Buffers.Text;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Ariadne.Core.Audit;
using Ariadne.Core.Cases;
using Ariadne.Core.Data;
using Ariadne.Core.Tokens;
using Ariadne.Core.Users;
using Ariadne.Tests.Cases;
using Ariadne.Tests.Infrastructure;
using Ariadne.Tokens;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Ariadne.Tests.Tokens;

/// <summary>Personal access tokens on the API: hashed at rest, scoped, expiring, revocable, and bound to the user's current roles (issue #3, point 6).</summary>
public sealed class PersonalAccessTokenTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Create_StoresOnlyTheHashOfTheSecret(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        var user = await app.AddUserAsync("hash-worker", "NGO A", Roles.CaseWorker);
        var client = await app.BearerClientAsync(user);

        var response = await client.PostAsJsonAsync("/api/v1/tokens", new { name = "nightly export", scopes = new[] { "cases:read" }, days = 10 }, Ct);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        var created = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var token = created.GetProperty("token").GetString()!;
        var secretText = token[(TokenFormat.Prefix.Length + TokenFormat.IdentifierLength + 1)..];
        var secret = Base64Url.DecodeFromChars(secretText);
        Assert.Equal(32, secret.Length);

        await using var db = app.NewContext();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = """SELECT * FROM "PersonalAccessTokens" """;
        await using var reader = await command.ExecuteReaderAsync(Ct);
        Assert.True(await reader.ReadAsync(Ct));
        byte[]? storedHash = null;
        for (var i = 0; i < reader.FieldCount; i++)
        {
            var value = reader.GetValue(i);
            if (value is byte[] bytes)
            {
                Assert.False(bytes.AsSpan().IndexOf(secret) >= 0, $"column {reader.GetName(i)} holds the secret");
                if (reader.GetName(i) == "SecretHash")
                {
                    storedHash = bytes;
                }
            }
            else
            {
                Assert.DoesNotContain(secretText, Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "", StringComparison.Ordinal);
            }
        }
        Assert.False(await reader.ReadAsync(Ct));
        // PostgreSQL runs one command per connection at a time: close the raw reader before the next query.
        await reader.DisposeAsync();
        Assert.Equal(SHA256.HashData(secret), storedHash);
        var audit = await db.AuditEntries.AsNoTracking().ToListAsync(Ct);
        Assert.Contains(audit, e => e.Action == AuditActions.TokenCreate && e.ActorUserId == user.Id && e.Details!.Contains(created.GetProperty("identifier").GetString()!, StringComparison.Ordinal));
        Assert.DoesNotContain(audit, e => (e.Details ?? "").Contains(secretText, StringComparison.Ordinal));
    }

    [Fact]
    public async Task InScope_CaseWorkerReadsOwnCase()
    {
        await using var app = await TestApp.StartAsync(DatabaseProvider.Sqlite);
        var user = await app.AddUserAsync("scope-worker", "NGO A", Roles.CaseWorker);
        var caseId = await CreateCaseAsync(app, user.OrganisationId);
        var client = TokenClient(app, await TokenAsync(app, user, TokenScopes.CasesRead));

        var list = await client.GetAsync("/api/v1/cases", Ct);
        var one = await client.GetFromJsonAsync<JsonElement>($"/api/v1/cases/{caseId}", Ct);

        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Equal(caseId, one.GetProperty("id").GetGuid());
        Assert.False(one.GetProperty("identityRevealed").GetBoolean());
    }

    [Fact]
    public async Task OutOfScope_403ProblemAndAudited()
    {
        await using var app = await TestApp.StartAsync(DatabaseProvider.Sqlite);
        var user = await app.AddUserAsync("narrow-worker", "NGO A", Roles.CaseWorker);
        var caseId = await CreateCaseAsync(app, user.OrganisationId);
        var client = TokenClient(app, await TokenAsync(app, user, TokenScopes.CasesRead));

        var write = await client.PostAsJsonAsync("/api/v1/cases", CaseApiTests.ValidInput(), Ct);
        var reveal = await client.PostAsJsonAsync($"/api/v1/cases/{caseId}/reveal", new { reason = "scope test" }, Ct);
        var screenings = await client.GetAsync($"/api/v1/cases/{caseId}/screenings", Ct);

        Assert.Equal(HttpStatusCode.Forbidden, write.StatusCode);
        Assert.Equal("application/problem+json", write.Content.Headers.ContentType?.MediaType);
        Assert.Equal(403, (await write.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("status").GetInt32());
        Assert.Equal(HttpStatusCode.Forbidden, reveal.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, screenings.StatusCode);
        await using var db = app.NewContext();
        Assert.Equal(1, await db.Cases.CountAsync(Ct));
        var denied = await db.AuditEntries.AsNoTracking().Where(e => e.Action == AuditActions.TokenUseDenied).ToListAsync(Ct);
        Assert.Equal(3, denied.Count);
        Assert.All(denied, e => Assert.Equal(user.Id, e.ActorUserId));
        Assert.Contains(denied, e => e.Details!.Contains("\"required\":\"cases:write\"", StringComparison.Ordinal));
        Assert.Contains(denied, e => e.Details!.Contains("\"required\":\"cases:reveal\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Intersection_AnalystTokenWithCasesRead_GetsNoCase()
    {
        await using var app = await TestApp.StartAsync(DatabaseProvider.Sqlite);
        var owner = await app.AddUserAsync("owner-worker", "NGO A", Roles.CaseWorker);
        var caseId = await CreateCaseAsync(app, owner.OrganisationId);
        var analyst = await app.AddUserAsync("scope-analyst", "NGO A", Roles.Analyst);
        var client = TokenClient(app, await TokenAsync(app, analyst, [.. TokenScopes.All]));

        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/v1/cases", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync($"/api/v1/cases/{caseId}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/v1/audit", Ct)).StatusCode);
    }

    [Fact]
    public async Task Expired_401WithProblemBody()
    {
        await using var app = await TestApp.StartAsync(DatabaseProvider.Sqlite);
        var user = await app.AddUserAsync("expiry-auditor", "Audit Office", Roles.Auditor);
        var client = TokenClient(app, await TokenAsync(app, user, [TokenScopes.AuditRead], days: 1));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/audit", Ct)).StatusCode);

        app.Time.Advance(TimeSpan.FromDays(1) - TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/audit", Ct)).StatusCode);
        app.Time.Advance(TimeSpan.FromSeconds(1));
        var expired = await client.GetAsync("/api/v1/audit", Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, expired.StatusCode);
        Assert.Equal("application/problem+json", expired.Content.Headers.ContentType?.MediaType);
        var problem = await expired.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(401, problem.GetProperty("status").GetInt32());
        Assert.Contains("expired", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("invalid_token", expired.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        await using var db = app.NewContext();
        Assert.Contains(await db.AuditEntries.AsNoTracking().Where(e => e.Action == AuditActions.TokenUseDenied).Select(e => e.Details).ToListAsync(Ct),
            d => d!.Contains("\"reason\":\"expired\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Revoked_401_AndOthersCannotRevoke()
    {
        await using var app = await TestApp.StartAsync(DatabaseProvider.Sqlite);
        var user = await app.AddUserAsync("revoke-auditor", "Audit Office", Roles.Auditor);
        var other = await app.AddUserAsync("other-auditor", "Audit Office", Roles.Auditor);
        var bearer = await app.BearerClientAsync(user);
        var created = await (await bearer.PostAsJsonAsync("/api/v1/tokens", new { name = "script", scopes = new[] { "audit:read" } }, Ct))
            .Content.ReadFromJsonAsync<JsonElement>(Ct);
        var id = created.GetProperty("id").GetGuid();
        var client = TokenClient(app, created.GetProperty("token").GetString()!);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/audit", Ct)).StatusCode);

        var byOther = await (await app.BearerClientAsync(other)).DeleteAsync($"/api/v1/tokens/{id}", Ct);
        Assert.Equal(HttpStatusCode.NotFound, byOther.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/audit", Ct)).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await bearer.DeleteAsync($"/api/v1/tokens/{id}", Ct)).StatusCode);
        var revoked = await client.GetAsync("/api/v1/audit", Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, revoked.StatusCode);
        Assert.Contains("revoked", (await revoked.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        var listed = await bearer.GetFromJsonAsync<JsonElement>("/api/v1/tokens", Ct);
        Assert.False(listed[0].GetProperty("active").GetBoolean());
        Assert.False(listed[0].TryGetProperty("secretHash", out _));
        await using var db = app.NewContext();
        Assert.Equal(1, await db.AuditEntries.CountAsync(e => e.Action == AuditActions.TokenRevoke && e.SubjectId == id.ToString(), Ct));
    }

    [Fact]
    public async Task UserLosesRole_TokenNoLongerReachesCases()
    {
        await using var app = await TestApp.StartAsync(DatabaseProvider.Sqlite);
        var user = await app.AddUserAsync("demoted-worker", "NGO A", Roles.CaseWorker);
        var client = TokenClient(app, await TokenAsync(app, user, TokenScopes.CasesRead));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/cases", Ct)).StatusCode);

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var appUser = (await users.FindByIdAsync(user.Id.ToString()))!;
            Assert.True((await users.RemoveFromRoleAsync(appUser, Roles.CaseWorker)).Succeeded);
            Assert.True((await users.AddToRoleAsync(appUser, Roles.Analyst)).Succeeded);
        }

        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/v1/cases", Ct)).StatusCode);
    }

    [Fact]
    public async Task UserLockedOut_401_UnlockedWorksAgain()
    {
        await using var app = await TestApp.StartAsync(DatabaseProvider.Sqlite);
        var user = await app.AddUserAsync("locked-worker", "NGO A", Roles.CaseWorker);
        var client = TokenClient(app, await TokenAsync(app, user, TokenScopes.CasesRead));

        // Far in the future: Identity may compare with the real clock rather than the test clock.
        await SetLockoutAsync(app, user, new DateTimeOffset(2100, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var locked = await client.GetAsync("/api/v1/cases", Ct);
        await SetLockoutAsync(app, user, null);
        var unlocked = await client.GetAsync("/api/v1/cases", Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, locked.StatusCode);
        Assert.Equal(HttpStatusCode.OK, unlocked.StatusCode);
    }

    [Fact]
    public async Task UserDeleted_401()
    {
        await using var app = await TestApp.StartAsync(DatabaseProvider.Sqlite);
        var user = await app.AddUserAsync("deleted-worker", "NGO A", Roles.CaseWorker);
        var client = TokenClient(app, await TokenAsync(app, user, TokenScopes.CasesRead));

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            Assert.True((await users.DeleteAsync((await users.FindByIdAsync(user.Id.ToString()))!)).Succeeded);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/cases", Ct)).StatusCode);
    }

    [Theory]
    [InlineData("/Cases")]
    [InlineData("/Audit")]
    [InlineData("/Account/Tokens")]
    [InlineData("/Account/ChangePassword")]
    public async Task CookiePages_NotOpenedByAToken(string path)
    {
        await using var app = await TestApp.StartAsync(DatabaseProvider.Sqlite);
        var user = await app.AddUserAsync("page-worker", "NGO A", Roles.CaseWorker, Roles.Auditor);
        var client = TokenClient(app, await TokenAsync(app, user, [.. TokenScopes.All]));

        var response = await client.GetAsync(path, Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task TokenEndpoints_NotReachableWithAToken()
    {
        await using var app = await TestApp.StartAsync(DatabaseProvider.Sqlite);
        var user = await app.AddUserAsync("meta-worker", "NGO A", Roles.CaseWorker);
        var client = TokenClient(app, await TokenAsync(app, user, [.. TokenScopes.All]));

        var list = await client.GetAsync("/api/v1/tokens", Ct);
        var create = await client.PostAsJsonAsync("/api/v1/tokens", new { name = "child", scopes = new[] { "cases:read" } }, Ct);

        Assert.Equal(HttpStatusCode.Forbidden, list.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, create.StatusCode);
        await using var db = app.NewContext();
        Assert.Equal(1, await db.PersonalAccessTokens.CountAsync(Ct));
    }

    [Theory]
    [InlineData("ari_0123456789abcdef_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("ari_not-a-token")]
    public async Task UnknownToken_401(string token)
    {
        await using var app = await TestApp.StartAsync(DatabaseProvider.Sqlite);

        var response = await TokenClient(app, token).GetAsync("/api/v1/cases", Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    /// <summary>Refused tokens are authenticated before the rate limit; the audit log gets one entry a minute per source, not one per request.</summary>
    [Fact]
    public async Task UnknownTokenFlood_OneAuditEntryAMinute_TheNextCarriesTheRepeats()
    {
        await using var app = await TestApp.StartAsync(DatabaseProvider.Sqlite);
        var client = TokenClient(app, "ari_0123456789abcdef_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
        async Task<List<string?>> DeniedAsync()
        {
            await using var db = app.NewContext();
            return await db.AuditEntries.AsNoTracking().Where(e => e.Action == AuditActions.TokenUseDenied).OrderBy(e => e.Sequence).Select(e => e.Details).ToListAsync(Ct);
        }

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/cases", Ct)).StatusCode);
        }
        var first = await DeniedAsync();
        app.Time.Advance(DenialAuditThrottle.Window);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/cases", Ct)).StatusCode);
        var after = await DeniedAsync();

        Assert.Single(first);
        Assert.DoesNotContain("repeats", first[0], StringComparison.Ordinal);
        Assert.Equal(2, after.Count);
        Assert.Contains("\"repeats\":\"4\"", after[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task WrongSecretForAKnownIdentifier_401()
    {
        await using var app = await TestApp.StartAsync(DatabaseProvider.Sqlite);
        var user = await app.AddUserAsync("guess-worker", "NGO A", Roles.CaseWorker);
        var token = await TokenAsync(app, user, TokenScopes.CasesRead);
        var forged = token[..^4] + (token[^4..] == "AAAA" ? "BBBB" : "AAAA");

        Assert.Equal(HttpStatusCode.Unauthorized, (await TokenClient(app, forged).GetAsync("/api/v1/cases", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await TokenClient(app, token).GetAsync("/api/v1/cases", Ct)).StatusCode);
    }

    [Fact]
    public async Task LastUsed_WrittenAtMostOnceAMinute()
    {
        await using var app = await TestApp.StartAsync(DatabaseProvider.Sqlite);
        var user = await app.AddUserAsync("used-worker", "NGO A", Roles.CaseWorker);
        var client = TokenClient(app, await TokenAsync(app, user, TokenScopes.CasesRead));

        await client.GetAsync("/api/v1/cases", Ct);
        app.Time.Advance(TimeSpan.FromSeconds(30));
        await client.GetAsync("/api/v1/cases", Ct);
        var afterTwo = await LastUsedAsync(app);
        app.Time.Advance(TimeSpan.FromSeconds(30));
        await client.GetAsync("/api/v1/cases", Ct);
        var afterThree = await LastUsedAsync(app);

        Assert.Equal(TestApp.Now.UtcDateTime, afterTwo);
        Assert.Equal(TestApp.Now.UtcDateTime.AddMinutes(1), afterThree);
    }

    [Fact]
    public async Task CreateApi_InvalidInput_400WithFieldErrors()
    {
        await using var app = await TestApp.StartAsync(DatabaseProvider.Sqlite);
        var client = await app.BearerClientAsync(await app.AddUserAsync("invalid-worker", "NGO A", Roles.CaseWorker));

        var response = await client.PostAsJsonAsync("/api/v1/tokens", new { name = "", scopes = new[] { "cases:everything" }, days = 91 }, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors");
        Assert.True(errors.TryGetProperty("name", out _));
        Assert.True(errors.TryGetProperty("scopes", out _));
        Assert.True(errors.TryGetProperty("days", out _));
        await using var db = app.NewContext();
        Assert.Equal(0, await db.PersonalAccessTokens.CountAsync(Ct));
    }

    [Fact]
    public async Task CreateApi_DefaultLifetime30Days_MaxConfigurable()
    {
        await using var app = await TestApp.StartAsync(DatabaseProvider.Sqlite, settings: new Dictionary<string, string?> { ["PersonalAccessTokens:MaxLifetimeDays"] = "7" });
        var client = await app.BearerClientAsync(await app.AddUserAsync("life-auditor", "Audit Office", Roles.Auditor));

        var tooLong = await client.PostAsJsonAsync("/api/v1/tokens", new { name = "a", scopes = new[] { "audit:read" }, days = 8 }, Ct);
        var byDefault = await client.PostAsJsonAsync("/api/v1/tokens", new { name = "b", scopes = new[] { "audit:read" } }, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Equal(HttpStatusCode.Created, byDefault.StatusCode);
        // The default (30) is capped at the configured maximum.
        Assert.Equal(TestApp.Now.UtcDateTime.AddDays(7), (await byDefault.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("expiresAtUtc").GetDateTime());
    }

    [Fact]
    public async Task Administrator_ListsAndRevokesAnybodysTokens_OthersMayNot()
    {
        await using var app = await TestApp.StartAsync(DatabaseProvider.Sqlite);
        var worker = await app.AddUserAsync("listed-worker", "NGO A", Roles.CaseWorker);
        var token = await TokenAsync(app, worker, TokenScopes.CasesRead);
        var admin = await app.BearerClientAsync(await app.AddUserAsync("token-admin", "Administration", Roles.Administrator));
        var workerClient = await app.BearerClientAsync(worker);

        var all = await admin.GetFromJsonAsync<JsonElement>("/api/v1/tokens?all=true", Ct);
        var byUser = await admin.GetFromJsonAsync<JsonElement>("/api/v1/tokens?user=listed-worker", Ct);
        var workerAll = await workerClient.GetAsync("/api/v1/tokens?all=true", Ct);
        var id = byUser[0].GetProperty("id").GetGuid();
        var revoked = await admin.DeleteAsync($"/api/v1/tokens/{id}", Ct);

        Assert.Equal(1, all.GetArrayLength());
        Assert.Equal("listed-worker", byUser[0].GetProperty("userName").GetString());
        Assert.DoesNotContain(token[21..], all.GetRawText(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, workerAll.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await TokenClient(app, token).GetAsync("/api/v1/cases", Ct)).StatusCode);
    }

    internal static async Task<string> TokenAsync(TestApp app, TestApp.TestUser user, params string[] scopes) =>
        await TokenAsync(app, user, scopes, days: null);

    internal static async Task<string> TokenAsync(TestApp app, TestApp.TestUser user, string[] scopes, int? days)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<PersonalAccessTokenService>()
            .CreateAsync(user.Id, new TokenRequest("test token", scopes, days), Ct);
        Assert.True(result.Succeeded, result.ToString());
        return result.Value!.TokenString;
    }

    internal static HttpClient TokenClient(TestApp app, string token)
    {
        var client = app.AnonymousClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static async Task<Guid> CreateCaseAsync(TestApp app, Guid organisationId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<CaseService>()
            .CreateAsync(CaseApiTests.ValidInput(), organisationId, CaseViewer.LocalOperator, Ct);
        return result.Value!.Id;
    }

    private static async Task SetLockoutAsync(TestApp app, TestApp.TestUser user, DateTimeOffset? until)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        Assert.True((await users.SetLockoutEndDateAsync((await users.FindByIdAsync(user.Id.ToString()))!, until)).Succeeded);
    }

    private static async Task<DateTime?> LastUsedAsync(TestApp app)
    {
        await using var db = app.NewContext();
        return await db.PersonalAccessTokens.Select(t => t.LastUsedAtUtc).SingleAsync(Ct);
    }
}
