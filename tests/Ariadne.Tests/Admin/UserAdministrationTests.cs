using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Ariadne.Core.Audit;
using Ariadne.Core.Data;
using Ariadne.Core.Tokens;
using Ariadne.Core.Users;
using Ariadne.Tests.Infrastructure;
using Ariadne.Tests.Pages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Ariadne.Tests.Admin;

/// <summary>
/// User administration through the API and the pages (one Core service behind both): create with a one-time password,
/// change roles and organisation, disable (no sign-in, no token), reset password and second factor, last sign-in, and
/// the guards that keep the installation administrable.
/// </summary>
public sealed class UserAdministrationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private static readonly Dictionary<string, string?> ManySignIns = new() { ["RateLimits:SignInPerMinute"] = "1000" };

    private sealed record UserJson(Guid Id, string UserName, Guid OrganisationId, string OrganisationName, string[] Roles, bool Enabled,
        bool TwoFactorEnabled, bool MustChangePassword, DateTime? LastSignInAtUtc);

    private sealed record CreatedJson(UserJson User, string? OneTimePassword);

    private sealed record ResetJson(string OneTimePassword);

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Create_OneTimePassword_UserSignsInMustChangeIt_LastSignInRecorded_Audited(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider, settings: ManySignIns);
        var admin = await app.AddUserAsync("adm-creator", "Administration Office", Roles.Administrator);
        var target = await app.AddUserAsync("adm-org-holder", "Shelter North", twoFactor: false, Roles.Analyst);
        var client = await app.BearerClientAsync(admin);

        var response = await client.PostAsJsonAsync("/api/v1/users",
            new { userName = "new-analyst", organisationId = target.OrganisationId, roles = new[] { Roles.Analyst } }, Ct);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = (await response.Content.ReadFromJsonAsync<CreatedJson>(Json, Ct))!;
        Assert.Equal("Shelter North", created.User.OrganisationName);
        Assert.Equal([Roles.Analyst], created.User.Roles);
        Assert.True(created.User.MustChangePassword);
        Assert.Null(created.User.LastSignInAtUtc);
        Assert.NotNull(created.OneTimePassword);

        var signIn = await app.AnonymousClient().PostAsJsonAsync("/api/v1/auth/token", new { userName = "new-analyst", password = created.OneTimePassword }, Ct);
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);

        var listed = (await client.GetFromJsonAsync<UserJson[]>("/api/v1/users", Json, Ct))!.Single(u => u.UserName == "new-analyst");
        Assert.Equal(TestApp.Now.UtcDateTime, listed.LastSignInAtUtc);
        Assert.True(listed.Enabled);
        Assert.False(listed.TwoFactorEnabled);
        await using var db = app.NewContext();
        Assert.True(await db.AuditEntries.AnyAsync(e => e.Action == AuditActions.UserCreate && e.SubjectId == created.User.Id.ToString(), Ct));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Create_Invalid_EachFieldNamed_NothingStored(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        var admin = await app.AddUserAsync("adm-invalid", "Administration Office", Roles.Administrator);
        var client = await app.BearerClientAsync(admin);

        var response = await client.PostAsJsonAsync("/api/v1/users",
            new { userName = "adm-invalid", organisationId = Guid.NewGuid(), roles = new[] { "Wizard" }, password = "short" }, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var errors = problem.GetProperty("errors");
        foreach (var field in new[] { "userName", "organisationId", "roles" })
        {
            Assert.True(errors.TryGetProperty(field, out _), field);
        }
        await using var db = app.NewContext();
        Assert.Equal(2, await db.Users.CountAsync(Ct));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Guards_NoSelfDisable_LastAdministratorKeepsRoleAndAccount(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider, settings: ManySignIns);
        var admin = await app.AddUserAsync("adm-guard", "Administration Office", Roles.Administrator);
        var client = await app.BearerClientAsync(admin);
        var firstAdmin = (await client.GetFromJsonAsync<UserJson[]>("/api/v1/users", Json, Ct))!.Single(u => u.UserName == "admin");

        var self = await client.PostAsync($"/api/v1/users/{admin.Id}/disable", null, Ct);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, self.StatusCode);
        Assert.Contains(UserAdministration.SelfDisable, await self.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);

        // Another administrator exists ("admin", made at the first start): that one may be disabled …
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync($"/api/v1/users/{firstAdmin.Id}/disable", null, Ct)).StatusCode);
        // … and now this one is the last enabled administrator: it keeps the role.
        var demote = await client.PutAsJsonAsync($"/api/v1/users/{admin.Id}", new { roles = new[] { Roles.Coordinator } }, Ct);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, demote.StatusCode);
        Assert.Contains(UserAdministration.LastAdministrator, await demote.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);

        // The service refuses to disable the last administrator whoever asks (the command line has no actor).
        await using var scope = app.Services.CreateAsyncScope();
        var refused = await scope.ServiceProvider.GetRequiredService<UserAdministration>().SetEnabledAsync(admin.Id, false, null, Ct);
        Assert.Equal(UserAdministration.LastAdministrator, refused.Problem!.Refusals.Single().Code);

        var me = (await client.GetFromJsonAsync<UserJson>($"/api/v1/users/{admin.Id}", Json, Ct))!;
        Assert.Contains(Roles.Administrator, me.Roles);
        Assert.True(me.Enabled);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Disabled_CannotSignIn_NorUseASessionOrAccessToken_UntilEnabled(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider, settings: ManySignIns);
        var admin = await app.AddUserAsync("adm-disabler", "Administration Office", Roles.Administrator);
        var worker = await app.AddUserAsync("adm-worker", "Shelter North", Roles.CaseWorker);
        var client = await app.BearerClientAsync(admin);
        var session = await app.BearerClientAsync(worker);
        var token = await PersonalTokenClientAsync(app, worker);
        Assert.Equal(HttpStatusCode.OK, (await token.GetAsync("/api/v1/cases", Ct)).StatusCode);

        var disabled = await client.PostAsync($"/api/v1/users/{worker.Id}/disable", null, Ct);

        Assert.Equal(HttpStatusCode.OK, disabled.StatusCode);
        Assert.False((await disabled.Content.ReadFromJsonAsync<UserJson>(Json, Ct))!.Enabled);
        Assert.Equal(HttpStatusCode.Unauthorized, (await session.GetAsync("/api/v1/cases", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await token.GetAsync("/api/v1/cases", Ct)).StatusCode);
        var signIn = await app.AnonymousClient().PostAsJsonAsync("/api/v1/auth/token",
            new { userName = worker.UserName, password = TestApp.Password, twoFactorCode = app.TotpCode(worker.AuthenticatorKey!) }, Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, signIn.StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync($"/api/v1/users/{worker.Id}/enable", null, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await token.GetAsync("/api/v1/cases", Ct)).StatusCode);
        await using var db = app.NewContext();
        var changes = await db.AuditEntries.Where(e => e.Action == AuditActions.UserUpdate && e.SubjectId == worker.Id.ToString()).CountAsync(Ct);
        Assert.Equal(2, changes);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task ResetPassword_OldOneStops_OneTimePasswordMustBeChanged_ResetSecondFactor_ChangeRolesAndOrganisation(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider, settings: ManySignIns);
        var admin = await app.AddUserAsync("adm-resetter", "Administration Office", Roles.Administrator);
        var worker = await app.AddUserAsync("adm-forgetful", "Shelter North", Roles.CaseWorker);
        var other = await app.AddUserAsync("adm-elsewhere", "Shelter South", twoFactor: false, Roles.CaseWorker);
        var client = await app.BearerClientAsync(admin);

        var reset = await client.PostAsync($"/api/v1/users/{worker.Id}/reset-password", null, Ct);
        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        var otp = (await reset.Content.ReadFromJsonAsync<ResetJson>(Json, Ct))!.OneTimePassword;
        var old = await app.AnonymousClient().PostAsJsonAsync("/api/v1/auth/token",
            new { userName = worker.UserName, password = TestApp.Password, twoFactorCode = app.TotpCode(worker.AuthenticatorKey!) }, Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, old.StatusCode);

        var secondFactor = await client.PostAsync($"/api/v1/users/{worker.Id}/reset-second-factor", null, Ct);
        Assert.False((await secondFactor.Content.ReadFromJsonAsync<UserJson>(Json, Ct))!.TwoFactorEnabled);
        // Without a second factor the one-time password alone signs in (and the user is then asked to set up an app).
        var fresh = await app.AnonymousClient().PostAsJsonAsync("/api/v1/auth/token", new { userName = worker.UserName, password = otp }, Ct);
        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);

        var changed = await client.PutAsJsonAsync($"/api/v1/users/{worker.Id}",
            new { roles = new[] { Roles.CaseWorker, Roles.Coordinator }, organisationId = other.OrganisationId }, Ct);
        var user = (await changed.Content.ReadFromJsonAsync<UserJson>(Json, Ct))!;
        Assert.Equal("Shelter South", user.OrganisationName);
        Assert.Equal([Roles.CaseWorker, Roles.Coordinator], user.Roles);
        Assert.True(user.MustChangePassword);
    }

    [Theory]
    [InlineData("en", "User name")]
    [InlineData("de", "Benutzername")]
    public async Task Pages_CreateShowsTheOneTimePasswordOnce_EditRefusesSelfDisableInWords(string culture, string userNameLabel)
    {
        await using var app = await TestApp.StartAsync(DatabaseProvider.Sqlite, settings: ManySignIns);
        var admin = await app.AddUserAsync("adm-pages", "Administration Office", Roles.Administrator);
        var client = await PageRenderingTests.SignedInClientAsync(app, admin, culture);
        var form = PageRenderingTests.Parser.ParseDocument(await client.GetStringAsync("/Admin/Users/Create", Ct));
        Assert.Equal(userNameLabel, form.QuerySelector("label[for=Input_UserName]")!.TextContent.Trim());
        var organisation = form.QuerySelectorAll("#Input_OrganisationId option").Single(o => o.TextContent.Trim() == "Administration Office").GetAttribute("value")!;

        var invalid = await PageRenderingTests.PostFormAsync(client, "/Admin/Users/Create", new() { ["Input.UserName"] = "page-made", ["Input.OrganisationId"] = organisation });
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.NotNull(PageRenderingTests.Parser.ParseDocument(await invalid.Content.ReadAsStringAsync(Ct)).QuerySelector("#Input_Roles-error"));

        var created = await PageRenderingTests.PostFormAsync(client, "/Admin/Users/Create",
            new() { ["Input.UserName"] = "page-made", ["Input.OrganisationId"] = organisation, ["Input.Roles"] = Roles.Auditor });
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        Assert.Contains("no-store", created.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
        var page = PageRenderingTests.Parser.ParseDocument(await created.Content.ReadAsStringAsync(Ct));
        var otp = page.QuerySelector("code.secret")!.TextContent;
        Assert.Equal(20, otp.Length);
        Assert.DoesNotContain(otp, await client.GetStringAsync("/Admin/Users", Ct), StringComparison.Ordinal);

        var self = await PageRenderingTests.PostFormAsync(client, $"/Admin/Users/Edit/{admin.Id}", new(), $"/Admin/Users/Edit/{admin.Id}?handler=Disable");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, self.StatusCode);
        var refusal = PageRenderingTests.Parser.ParseDocument(await self.Content.ReadAsStringAsync(Ct)).QuerySelector(".error-summary")!.TextContent;
        Assert.Contains(culture == "de" ? "eigenes Konto" : "your own account", refusal, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("en", "The password is too short: use at least 12 characters.")]
    [InlineData("de", "Das Passwort ist zu kurz: Verwenden Sie mindestens 12 Zeichen.")]
    public async Task Pages_CreateWithAShortPassword_IdentitysMessageInTheUsersLanguage_NothingStored(string culture, string message)
    {
        await using var app = await TestApp.StartAsync(DatabaseProvider.Sqlite, settings: ManySignIns);
        var admin = await app.AddUserAsync("adm-short", "Administration Office", Roles.Administrator);
        var client = await PageRenderingTests.SignedInClientAsync(app, admin, culture);
        var form = PageRenderingTests.Parser.ParseDocument(await client.GetStringAsync("/Admin/Users/Create", Ct));
        var organisation = form.QuerySelectorAll("#Input_OrganisationId option").Single(o => o.TextContent.Trim() == "Administration Office").GetAttribute("value")!;

        var refused = await PageRenderingTests.PostFormAsync(client, "/Admin/Users/Create",
            new() { ["Input.UserName"] = "short-pass", ["Input.OrganisationId"] = organisation, ["Input.Roles"] = Roles.Auditor, ["Input.Password"] = "kurz" });

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var error = PageRenderingTests.Parser.ParseDocument(await refused.Content.ReadAsStringAsync(Ct)).QuerySelector("#Input_Password-error")!.TextContent;
        Assert.Contains(message, error, StringComparison.Ordinal);
        await using var db = app.NewContext();
        Assert.False(await db.Users.AnyAsync(u => u.UserName == "short-pass", Ct));
    }

    /// <summary>The common-password check (not Identity's own) answers in the user's language too, at the password field.</summary>
    [Theory]
    [InlineData("en", "password123456", "The password is too common or too easy to guess")]
    [InlineData("de", "password123456", "Das Passwort ist zu verbreitet oder zu leicht zu erraten")]
    [InlineData("en", "xx-common-pass-xx", "The password must not contain the user name.")]
    [InlineData("de", "xx-common-pass-xx", "Das Passwort darf den Benutzernamen nicht enthalten.")]
    public async Task Pages_CreateWithACommonPassword_TheCheckSpeaksTheUsersLanguage_NothingStored(string culture, string password, string message)
    {
        await using var app = await TestApp.StartAsync(DatabaseProvider.Sqlite, settings: ManySignIns);
        var admin = await app.AddUserAsync("adm-common", "Administration Office", Roles.Administrator);
        var client = await PageRenderingTests.SignedInClientAsync(app, admin, culture);
        var form = PageRenderingTests.Parser.ParseDocument(await client.GetStringAsync("/Admin/Users/Create", Ct));
        var organisation = form.QuerySelectorAll("#Input_OrganisationId option").Single(o => o.TextContent.Trim() == "Administration Office").GetAttribute("value")!;

        var refused = await PageRenderingTests.PostFormAsync(client, "/Admin/Users/Create",
            new() { ["Input.UserName"] = "common-pass", ["Input.OrganisationId"] = organisation, ["Input.Roles"] = Roles.Auditor, ["Input.Password"] = password });

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var error = PageRenderingTests.Parser.ParseDocument(await refused.Content.ReadAsStringAsync(Ct)).QuerySelector("#Input_Password-error")!.TextContent;
        Assert.Contains(message, error, StringComparison.Ordinal);
        await using var db = app.NewContext();
        Assert.False(await db.Users.AnyAsync(u => u.UserName == "common-pass", Ct));
    }

    private static async Task<HttpClient> PersonalTokenClientAsync(TestApp app, TestApp.TestUser user)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<PersonalAccessTokenService>()
            .CreateAsync(user.Id, new TokenRequest("admin-test", [TokenScopes.CasesRead], null), Ct);
        var client = app.AnonymousClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", result.Value!.TokenString);
        return client;
    }
}
