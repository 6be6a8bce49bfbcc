using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Ariadne.Cases;
using Ariadne.Core.Data;
using Ariadne.Core.Users;
using Ariadne.Tests.Infrastructure;

namespace Ariadne.Tests.Web;

/// <summary>The OpenAPI document against the real responses, and the API reference page offering nothing that calls another host.</summary>
public sealed partial class OpenApiDocumentTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task CaseList_DocumentsEveryQueryParameterTheHandlerReads()
    {
        await using var app = await TestApp.StartAsync(DatabaseProvider.Sqlite);
        var client = await app.ClientAsAsync("openapi-worker", "Synthetic NGO", Roles.CaseWorker);
        var document = await app.AnonymousClient().GetFromJsonAsync<JsonElement>("/openapi/v1.json", Token);

        var parameters = document.GetProperty("paths").GetProperty("/api/v1/cases").GetProperty("get").GetProperty("parameters").EnumerateArray()
            .Where(p => p.GetProperty("in").GetString() == "query")
            .ToDictionary(p => p.GetProperty("name").GetString()!, p => p.GetProperty("schema").GetProperty("type").GetString()!);

        Assert.Equal(CaseQueryParser.Parameters.Select(p => p.Name).Order(StringComparer.Ordinal), parameters.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("search", parameters.Keys);
        Assert.Equal("integer", parameters["page"]);
        // Each documented parameter is read by the handler: a bad value is refused naming it, a good one is accepted.
        foreach (var (name, type) in parameters)
        {
            var bad = name is "search" ? null : type == "boolean" ? "maybe" : type == "integer" ? "0" : name.StartsWith("identified", StringComparison.Ordinal) ? "yesterday" : "no-such-code";
            if (bad is null)
            {
                continue;
            }
            var response = await client.GetAsync($"/api/v1/cases?{name}={bad}", Token);
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{name}={bad}: {response.StatusCode}");
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Token);
            Assert.True(problem.GetProperty("errors").TryGetProperty(name, out _), $"{name} is not named in the problem");
        }
        var valid = await client.GetAsync("/api/v1/cases?search=ab&sex=female&identifiedFrom=2020-01-01&sort=caseCode&desc=false&page=1&pageSize=5", Token);
        Assert.Equal(HttpStatusCode.OK, valid.StatusCode);
    }

    [Fact]
    public async Task TokenEndpoint_DocumentsTheCamelCasePropertiesItReturns()
    {
        await using var app = await TestApp.StartAsync(DatabaseProvider.Sqlite);
        var user = await app.AddUserAsync("openapi-analyst", "Statistics Office", Roles.Analyst);
        var document = await app.AnonymousClient().GetFromJsonAsync<JsonElement>("/openapi/v1.json", Token);
        var post = document.GetProperty("paths").GetProperty("/api/v1/auth/token").GetProperty("post");
        var schema = post.GetProperty("responses").GetProperty("200").GetProperty("content").GetProperty("application/json").GetProperty("schema");
        if (schema.TryGetProperty("$ref", out var reference))
        {
            schema = document.GetProperty("components").GetProperty("schemas").GetProperty(reference.GetString()!.Split('/')[^1]);
        }
        var documented = schema.GetProperty("properties").EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal);

        var response = await app.AnonymousClient().PostAsJsonAsync("/api/v1/auth/token", new { userName = user.UserName, password = TestApp.Password, twoFactorCode = user.AuthenticatorKey is { } key ? app.TotpCode(key) : null }, Token);

        response.EnsureSuccessStatusCode();
        var returned = (await response.Content.ReadFromJsonAsync<JsonElement>(Token)).EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("accessToken", returned);
        Assert.All(returned, name => Assert.Contains(name, documented));
        Assert.DoesNotContain("access_token", post.GetRawText(), StringComparison.Ordinal);
        Assert.Contains("accessToken", post.GetProperty("summary").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApiReference_OffersNothingThatCallsAnotherHost()
    {
        await using var app = await TestApp.StartAsync(DatabaseProvider.Sqlite);

        var response = await app.AnonymousClient().GetAsync("/api/docs", Token);
        if (response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.MovedPermanently && response.Headers.Location is { } location)
        {
            Assert.False(location.IsAbsoluteUri && location.Host != "localhost", location.ToString());
            response = await app.AnonymousClient().GetAsync(new Uri(response.RequestMessage!.RequestUri!, location), Token);
        }

        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.RequestMessage?.RequestUri}: {response.StatusCode}");
        var html = await response.Content.ReadAsStringAsync(Token);
        // Scripts and styles come from this site; the configuration turns off the request client, its proxy, the AI agent, MCP, CDN fonts and telemetry.
        Assert.DoesNotMatch(SourceFromAnotherHost(), html);
        foreach (var setting in new[] { "\"hideTestRequestButton\":true", "\"hideClientButton\":true", "\"withDefaultFonts\":false", "\"telemetry\":false" })
        {
            Assert.Contains(setting, html.Replace(" ", "", StringComparison.Ordinal), StringComparison.Ordinal);
        }
        Assert.DoesNotContain("proxyUrl\":\"http", html.Replace(" ", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("connect-src 'self'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
    }

    [GeneratedRegex("""(src|href)\s*=\s*["']https?://""", RegexOptions.IgnoreCase)]
    private static partial Regex SourceFromAnotherHost();
}
