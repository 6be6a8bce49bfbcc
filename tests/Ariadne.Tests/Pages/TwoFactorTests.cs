using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AngleSharp.Html.Parser;
using Ariadne.Core.Data;
using Ariadne.Core.Users;
using Ariadne.Tests.Infrastructure;

namespace Ariadne.Tests.Pages;

public sealed class TwoFactorTests
{
    [Fact]
    public async Task CaseWorker_WithoutSecondFactor_MustEnrolThenSignsInWithCode()
    {
        await using var app = await TestApp.StartAsync(DatabaseProvider.Sqlite);
        await app.AddUserAsync("tf-worker", "Synthetic NGO", twoFactor: false, Roles.CaseWorker);
        var client = await PageRenderingTests.SignedInClientAsync(app, "tf-worker", "en");

        var blocked = await client.GetAsync("/Cases", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Redirect, blocked.StatusCode);
        Assert.StartsWith("/Account/TwoFactor", blocked.Headers.Location?.OriginalString, StringComparison.Ordinal);

        var enrolment = new HtmlParser().ParseDocument(await client.GetStringAsync("/Account/TwoFactor", TestContext.Current.CancellationToken));
        var key = enrolment.QuerySelector("#shared-key")!.TextContent;
        Assert.StartsWith("otpauth://totp/Ariadne:tf-worker?secret=", enrolment.QuerySelector("#authenticator-uri")!.TextContent, StringComparison.Ordinal);
        var wrong = await PageRenderingTests.PostFormAsync(client, "/Account/TwoFactor", new() { ["Code"] = "000000" });
        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        var enrolled = await PageRenderingTests.PostFormAsync(client, "/Account/TwoFactor", new() { ["Code"] = app.TotpCode(key) });
        Assert.Equal(HttpStatusCode.Redirect, enrolled.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/Cases", TestContext.Current.CancellationToken)).StatusCode);

        var fresh = await PageRenderingTests.SignedInClientAsync(app, "tf-worker", "en", twoFactorKey: key);
        Assert.Equal(HttpStatusCode.OK, (await fresh.GetAsync("/Cases", TestContext.Current.CancellationToken)).StatusCode);
    }

    [Fact]
    public async Task TokenEndpoint_TwoFactorUser_NeedsTheCode()
    {
        await using var app = await TestApp.StartAsync(DatabaseProvider.Sqlite);
        var key = (await app.AddUserAsync("tf-api", "Synthetic NGO", Roles.CaseWorker)).AuthenticatorKey;
        var client = app.AnonymousClient();

        var withoutCode = await client.PostAsJsonAsync("/api/v1/auth/token", new { userName = "tf-api", password = TestApp.Password }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Unauthorized, withoutCode.StatusCode);
        Assert.Contains("Two-factor", (await withoutCode.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("title").GetString(), StringComparison.Ordinal);

        var wrongCode = await client.PostAsJsonAsync("/api/v1/auth/token", new { userName = "tf-api", password = TestApp.Password, twoFactorCode = "000000" }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongCode.StatusCode);

        var withCode = await client.PostAsJsonAsync("/api/v1/auth/token", new { userName = "tf-api", password = TestApp.Password, twoFactorCode = app.TotpCode(key!) }, TestContext.Current.CancellationToken);
        Assert.True(withCode.StatusCode == HttpStatusCode.OK, await withCode.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Api_CaseWorkerWithoutSecondFactor_403()
    {
        await using var app = await TestApp.StartAsync(DatabaseProvider.Sqlite);
        await app.AddUserAsync("tf-none", "Synthetic NGO", twoFactor: false, Roles.CaseWorker);
        var client = app.AnonymousClient();
        var token = await client.PostAsJsonAsync("/api/v1/auth/token", new { userName = "tf-none", password = TestApp.Password }, TestContext.Current.CancellationToken);
        var body = await token.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        client.DefaultRequestHeaders.Authorization = new("Bearer", body.GetProperty("accessToken").GetString());

        var response = await client.GetAsync("/api/v1/cases", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }
}
