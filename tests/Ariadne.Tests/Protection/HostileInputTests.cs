using System.Net;
using System.Text.Json;
using Ariadne.Core.Cases;
using Ariadne.Core.Common;
using Ariadne.Core.Data;
using Ariadne.Core.ImportExport.Cases;
using Ariadne.Core.Users;
using Ariadne.Tests.Cases;
using Ariadne.Tests.Infrastructure;
using Ariadne.Tests.Pages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Ariadne.Tests.Protection;

/// <summary>
/// SQL-injection and script payloads in every free-text field: stored as given (sealed), rendered escaped, and never
/// executed as SQL, whether stored or sent as a search.
/// </summary>
public sealed class HostileInputTests
{
    private const string Script = "<script>alert('given')</script>";
    private const string Image = "<img src=x onerror=alert(1)>";
    private const string Drop = "'; DROP TABLE \"Cases\"; --";
    private const string Always = "1' OR '1'='1";
    private const string Attribute = "\" onmouseover=\"alert(3)";
    private const string CloseTag = "</p><script>alert(2)</script>";

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task PayloadsInEveryTextField_StoredVerbatimRenderedEscapedNeverExecuted(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await TestApp.StartAsync(provider);
        var user = await app.AddUserAsync("hostile-worker", "NGO A", Roles.CaseWorker);
        var viewer = new CaseViewer(user.Id, user.OrganisationId, new HashSet<string> { Roles.CaseWorker });
        Guid id;
        await using (var scope = app.App.Services.CreateAsyncScope())
        {
            var result = await scope.ServiceProvider.GetRequiredService<CaseService>().CreateAsync(CaseApiTests.ValidInput() with
            {
                GivenName = Script,
                FamilyName = Drop,
                Aliases = [Always, Image],
                DocumentType = Attribute,
                DocumentNumber = Always,
                Address = Image,
                Narrative = CloseTag,
            }, user.OrganisationId, viewer, ct);
            Assert.True(result.Succeeded, result.ToString());
            id = result.Value!.Id;
        }
        var client = await PageRenderingTests.SignedInClientAsync(app, user, "en");

        var details = await client.GetStringAsync($"/Cases/Details/{id}", ct);
        var edit = await client.GetStringAsync($"/Cases/Edit/{id}", ct);
        var api = JsonSerializer.Deserialize<CaseDto>(await client.GetStringAsync($"/api/v1/cases/{id}", ct), Core.ImportExport.Cases.CaseExporter.Json)!;

        foreach (var html in new[] { details, edit })
        {
            Assert.DoesNotContain("<script>alert", html, StringComparison.Ordinal);
            Assert.DoesNotContain("<img src=x", html, StringComparison.Ordinal);
            Assert.DoesNotContain("\" onmouseover=\"", html, StringComparison.Ordinal);
            Assert.Contains("&lt;script&gt;alert(", html, StringComparison.Ordinal);
        }
        Assert.Contains("&lt;img src=x onerror=alert(1)&gt;", details, StringComparison.Ordinal);
        Assert.Equal(Script, api.GivenName);
        Assert.Equal(Drop, api.FamilyName);
        Assert.Equal([Always, Image], api.Aliases);
        Assert.Equal(Attribute, api.DocumentType);
        Assert.Equal(CloseTag, api.Narrative);

        foreach (var search in new[] { Drop, Always, "%", "_", Script })
        {
            var page = await client.GetAsync("/Cases?search=" + Uri.EscapeDataString(search), ct);
            var list = await client.GetAsync("/api/v1/cases?search=" + Uri.EscapeDataString(search), ct);
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Equal(HttpStatusCode.OK, list.StatusCode);
            Assert.Equal(0, JsonDocument.Parse(await list.Content.ReadAsStringAsync(ct)).RootElement.GetProperty("totalCount").GetInt32());
            Assert.DoesNotContain("<script>alert", await page.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        }
        await using var db = app.NewContext();
        Assert.Equal(1, await db.Cases.CountAsync(ct));
        Assert.Equal(1, await db.Persons.CountAsync(ct));
    }

    /// <summary>
    /// Transnational referral carries text from outside the installation: a partner's name, a package's fields (from a
    /// partner's signed package, which may be compromised) and a refused package's own format string. All rendered escaped.
    /// </summary>
    [Fact]
    public async Task TransnationalPayloads_PartnerNamePackageFieldsAndRefusalDetail_RenderedEscaped()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await TestApp.StartAsync(DatabaseProvider.Sqlite);
        var worker = await app.AddUserAsync("hostile-trm-worker", "NGO A", Roles.CaseWorker);
        var admin = await app.AddUserAsync("hostile-trm-admin", "NGO A", Roles.Administrator);
        using var partnerKey = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        await using (var scope = app.App.Services.CreateAsyncScope())
        {
            var added = await scope.ServiceProvider.GetRequiredService<Core.Referral.Transnational.PartnerKeys>().AddPartnerAsync(
                new Core.Referral.Transnational.PartnerInput(Script, "RO", "ngo", partnerKey.ExportSubjectPublicKeyInfoPem()), CaseViewer.LocalOperator, ct);
            Assert.True(added.Succeeded, added.Problem?.ToString());
        }
        var content = new Core.Referral.Transnational.ReferralPackageContent(Guid.NewGuid(), DateTimeOffset.UtcNow, Script, "RO", "NGO A", "DE", CloseTag,
            new DateOnly(2026, 5, 2), "ngo", "female", "adult", false, ["RO"], ["sexual-exploitation"], null, "possible", Image,
            [new Core.Referral.Transnational.PackageDecision(Attribute, Image, DateTimeOffset.UtcNow, null)], ["medical"],
            [new Core.Referral.Transnational.PackageConsent("Referral", new DateOnly(2026, 5, 1), Script, "NGO A", null), new Core.Referral.Transnational.PackageConsent(Image, new DateOnly(2026, 5, 1), "Written", Attribute, null)]);
        var workerClient = await PageRenderingTests.SignedInClientAsync(app, worker, "en");

        var imported = await PageRenderingTests.PostFormAsync(workerClient, "/Referral/Transnational", new() { ["PackageText"] = Core.Referral.Transnational.ReferralPackage.Export(content, partnerKey) });
        var refused = await PageRenderingTests.PostFormAsync(workerClient, "/Referral/Transnational",
            new() { ["PackageText"] = System.Buffers.Text.Base64Url.EncodeToString(System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(new { alg = "ES256", typ = Script })) + ".e30.AAAA" });
        var pages = new[]
        {
            await imported.Content.ReadAsStringAsync(ct),
            await refused.Content.ReadAsStringAsync(ct),
            await workerClient.GetStringAsync("/Referral/Transnational", ct),
            await (await PageRenderingTests.SignedInClientAsync(app, admin, "en")).GetStringAsync("/Referral/Partners", ct),
        };

        Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        foreach (var html in pages)
        {
            Assert.DoesNotContain("<script>alert", html, StringComparison.Ordinal);
            Assert.DoesNotContain("<img src=x", html, StringComparison.Ordinal);
            Assert.DoesNotContain("\" onmouseover=\"", html, StringComparison.Ordinal);
            Assert.Contains("&lt;script&gt;alert(", html, StringComparison.Ordinal);
        }
    }
}
