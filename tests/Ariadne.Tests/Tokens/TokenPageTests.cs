using System.Net;
using System.Net.Http.Headers;
using Ariadne.Core.Audit;
using Ariadne.Core.Data;
using Ariadne.Core.Tokens;
using Ariadne.Core.Users;
using Ariadne.Tests.ImportExport;
using Ariadne.Tests.Infrastructure;
using Ariadne.Tests.Pages;
using Ariadne.Tests.Protection;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Ariadne.Tests.Tokens;

/// <summary>The token page and the declared scopes of the API.</summary>
public sealed class TokenPageTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Page_CreateShowsTheTokenOnce_ItWorks_ThenRevoke()
    {
        await using var app = await TestApp.StartAsync(DatabaseProvider.Sqlite);
        var user = await app.AddUserAsync("page-token-worker", "NGO A", Roles.CaseWorker);
        var client = await PageRenderingTests.SignedInClientAsync(app, user, "de");

        var created = await PageRenderingTests.PostFormAsync(client, "/Account/Tokens?handler=Create",
            new() { ["Input.Name"] = "Nachtexport", ["Input.Scopes"] = "cases:read", ["Input.Days"] = "5" });

        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        Assert.True(created.Headers.CacheControl?.NoStore);
        var page = PageRenderingTests.Parser.ParseDocument(await created.Content.ReadAsStringAsync(Ct));
        var token = page.QuerySelector("#created-token")?.GetAttribute("value");
        Assert.NotNull(token);
        Assert.StartsWith("ari_", token, StringComparison.Ordinal);
        Assert.Contains("Nachtexport", page.QuerySelector("table tbody")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Aktiv", page.QuerySelector("table tbody")!.TextContent, StringComparison.Ordinal);

        var api = app.AnonymousClient();
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/v1/cases", Ct)).StatusCode);

        var again = PageRenderingTests.Parser.ParseDocument(await client.GetStringAsync("/Account/Tokens", Ct));
        Assert.Null(again.QuerySelector("#created-token"));
        Assert.DoesNotContain(token[21..], again.DocumentElement.OuterHtml, StringComparison.Ordinal);

        var revokeAction = again.QuerySelector("form[action*='handler=Revoke']")!.GetAttribute("action")!;
        var revoked = await PageRenderingTests.PostFormAsync(client, "/Account/Tokens", new(), revokeAction);
        Assert.Equal(HttpStatusCode.Redirect, revoked.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync("/api/v1/cases", Ct)).StatusCode);
        var after = PageRenderingTests.Parser.ParseDocument(await client.GetStringAsync("/Account/Tokens", Ct));
        Assert.Null(after.QuerySelector("form[action*='handler=Revoke']"));
        Assert.Contains("Widerrufen", after.QuerySelector("table tbody")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Page_InvalidInput_ErrorsPerFieldAndNoToken()
    {
        await using var app = await TestApp.StartAsync(DatabaseProvider.Sqlite);
        var user = await app.AddUserAsync("page-invalid-auditor", "Audit Office", Roles.Auditor);
        var client = await PageRenderingTests.SignedInClientAsync(app, user, "en");

        var response = await PageRenderingTests.PostFormAsync(client, "/Account/Tokens?handler=Create", new() { ["Input.Name"] = "", ["Input.Days"] = "365" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = PageRenderingTests.Parser.ParseDocument(await response.Content.ReadAsStringAsync(Ct));
        Assert.NotNull(page.QuerySelector("[role=alert]"));
        Assert.NotNull(page.QuerySelector("#Input_Name-error"));
        Assert.NotNull(page.QuerySelector("#Input_Scopes-error"));
        Assert.NotNull(page.QuerySelector("#Input_Days-error"));
        Assert.Null(page.QuerySelector("#created-token"));
        await using var db = app.NewContext();
        Assert.Equal(0, await db.PersonalAccessTokens.CountAsync(Ct));
    }

    [Fact]
    public async Task Page_AdministratorSeesAndRevokesOthersTokens()
    {
        await using var app = await TestApp.StartAsync(DatabaseProvider.Sqlite);
        var worker = await app.AddUserAsync("owned-worker", "NGO A", Roles.CaseWorker);
        var token = await PersonalAccessTokenTests.TokenAsync(app, worker, TokenScopes.CasesRead);
        var admin = await app.AddUserAsync("page-admin", "Administration", Roles.Administrator);
        var client = await PageRenderingTests.SignedInClientAsync(app, admin, "en");

        var page = PageRenderingTests.Parser.ParseDocument(await client.GetStringAsync("/Account/Tokens", Ct));
        var tables = page.QuerySelectorAll("table");
        Assert.Equal(2, tables.Length);
        Assert.Contains("owned-worker", tables[1].TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain(token[21..], page.DocumentElement.OuterHtml, StringComparison.Ordinal);
        var action = tables[1].QuerySelector("form[action*='handler=Revoke']")!.GetAttribute("action")!;

        var revoked = await PageRenderingTests.PostFormAsync(client, "/Account/Tokens", new(), action);

        Assert.Equal(HttpStatusCode.Redirect, revoked.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await PersonalAccessTokenTests.TokenClient(app, token).GetAsync("/api/v1/cases", Ct)).StatusCode);
    }

    /// <summary>Fail closed, on purpose: only sign-in and token management declare no scope, so no token reaches them.</summary>
    [Fact]
    public async Task EveryApiEndpoint_DeclaresAKnownScope_ExceptSignInAndTokenManagement()
    {
        await using var app = await TestApp.StartAsync(DatabaseProvider.Sqlite);
        var declared = AuthorisationMatrixTests.DeclaredScopes(app);
        var api = app.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/v1/", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? ["*"]).Select(m => $"{m} {e.RoutePattern.RawText}"))
            .ToList();

        var without = api.Where(e => !declared.ContainsKey(e)).Order(StringComparer.Ordinal).ToList();
        // User and organisation administration accept no token at all (a leaked script token must not create an
        // administrator): they declare no scope, and UserAdministrationTests shows a token is refused there.
        // Linkage between agencies accepts no token either: a script token must not encode an organisation's identities
        // with a secret or rewrite persons' cluster keys (LinkageEndpoints).
        bool Administration(string e) => e.Contains(" /api/v1/users", StringComparison.Ordinal) || e.Contains(" /api/v1/organisations", StringComparison.Ordinal)
            || e.Contains(" /api/v1/linkage/", StringComparison.Ordinal);

        Assert.Equal(["DELETE /api/v1/tokens/{id:guid}", "GET /api/v1/tokens/", "POST /api/v1/auth/token", "POST /api/v1/tokens/"], without.Where(e => !Administration(e)));
        Assert.Contains(without, Administration);
        Assert.All(declared.Values, s => Assert.Contains(s, TokenScopes.All));
        Assert.Equal("cases:write", declared["POST /api/v1/cases/"]);
        Assert.Equal("cases:read", declared["GET /api/v1/cases/"]);
        Assert.Equal("cases:reveal", declared["POST /api/v1/cases/{id:guid}/reveal"]);
        Assert.Equal("referral", declared["GET /api/v1/nrm/dashboard"]);
    }
}
