using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Ariadne.Core.Cases;
using Ariadne.Core.Common;
using Ariadne.Core.Data;
using Ariadne.Core.Protection;
using Ariadne.Core.Referral.National;
using Ariadne.Core.Referral.Transnational;
using Ariadne.Core.Users;
using Ariadne.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Ariadne.Tests.Pages.PageRenderingTests;

namespace Ariadne.Tests.Referral;

/// <summary>
/// Transnational referral through the pages, between two installations (two apps, each with its own database and
/// master keys): keys exchanged as PEM files, consent recorded, the package signed and downloaded in one, verified and
/// imported in the other; a replay and a tampered package refused.
/// </summary>
public sealed class TransnationalPageTests
{
    private const string Berlin = "Synthetic NGO Berlin";
    private const string Vienna = "Synthetic Shelter Vienna";

    private static readonly Dictionary<string, string?> ManySignIns = new() { ["RateLimits:SignInPerMinute"] = "1000" };

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Package_SentFromOneInstallation_VerifiedAndImportedInTheOther_ReplayAndTamperingRefused()
    {
        await using var a = await InstallationAsync(Berlin, "DE", TestKeys.Ring(TestKeys.EntryA));
        await using var b = await InstallationAsync(Vienna, "AT", TestKeys.Ring(TestKeys.EntryB));
        var adminA = await SignedInClientAsync(a.App, a.Admin, "en");
        var adminB = await SignedInClientAsync(b.App, b.Admin, "en");

        // Each administrator creates the organisation's signing key and downloads its public key.
        var (pemA, fingerprintA) = await CreateAndDownloadKeyAsync(adminA);
        var (pemB, _) = await CreateAndDownloadKeyAsync(adminB);

        // B registers A from the .pem file; A registers B from the pasted key.
        var addedA = await PostMultipartAsync(adminB, "/Referral/Partners?handler=Add",
            [new("Input.Name", Berlin), new("Input.CountryCode", "DE"), new("Input.Type", "ngo")], ("Input.PublicKeyFile", "berlin.pem", pemA));
        Assert.Equal(HttpStatusCode.Redirect, addedA.StatusCode);
        var addedB = await PostFormAsync(adminA, "/Referral/Partners?handler=Add",
            new() { ["Input.Name"] = Vienna, ["Input.CountryCode"] = "AT", ["Input.Type"] = "ngo", ["Input.PublicKey"] = pemB });
        Assert.Equal(HttpStatusCode.Redirect, addedB.StatusCode);
        var partnersB = Parser.ParseDocument(await adminB.GetStringAsync("/Referral/Partners", Token));
        var row = partnersB.QuerySelectorAll("table tbody tr").Single();
        Assert.Equal(Berlin, row.QuerySelector("th")!.TextContent);
        Assert.Equal(["Germany", "NGO", fingerprintA], row.QuerySelectorAll("td").Take(3).Select(td => td.TextContent.Trim()));
        Assert.Contains("Active", row.TextContent, StringComparison.Ordinal);

        // In A: a case of an adult; sending it without consent is refused, in the user's language.
        var caseId = await CreateCaseAsync(a.App, a.Worker.OrganisationId);
        var viennaInA = await OrganisationIdAsync(a.App, Vienna);
        var workerDe = await SignedInClientAsync(a.App, a.Worker, "de");
        var send = $"/Referral/SendPackage/{caseId}";
        Fields request = [new("ToOrganisationId", viennaInA.ToString()), new("Services", "medical"), new("Services", "legal-aid")];
        var refused = await PostPairsAsync(workerDe, send, request);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var refusedPage = Parser.ParseDocument(await refused.Content.ReadAsStringAsync(Token));
        Assert.Contains($"Der Verweis an {Vienna} ist nicht abgedeckt", refusedPage.QuerySelector("#BestInterest-error")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(refusedPage.QuerySelector(".error-summary"));

        // The case worker records the person's consent to the referral to the partner, then sends.
        var worker = await SignedInClientAsync(a.App, a.Worker, "en");
        var consent = await PostFormAsync(worker, $"/Cases/Consents/{caseId}?handler=Record", new()
        {
            ["Input.Purpose"] = "Referral",
            ["Input.RecipientOrganisationId"] = viennaInA.ToString(),
            ["Input.GivenOn"] = "2026-06-01",
            ["Input.Method"] = "Written",
        });
        Assert.Equal(HttpStatusCode.Redirect, consent.StatusCode);
        var lifecycle = Parser.ParseDocument(await worker.GetStringAsync($"/Referral/Lifecycle/{caseId}", Token));
        Assert.NotNull(lifecycle.QuerySelector($"a[href='{send}']"));
        var sent = await PostPairsAsync(worker, send, request);
        Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
        Assert.Equal("application/jose", sent.Content.Headers.ContentType?.MediaType);
        var sentCase = await GetCaseAsync(a.App, caseId);
        Assert.Equal($"referral-{sentCase.CaseCode}-20260615.jws", sent.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        var package = await sent.Content.ReadAsStringAsync(Token);
        Assert.Equal(3, package.Split('.').Length);
        Assert.Equal("female", JsonNode.Parse(JwsParts.Payload(package))!["sex"]!.GetValue<string>());

        // In B: a case worker of the receiving organisation imports the file; the signature is verified.
        var workerB = await SignedInClientAsync(b.App, b.Worker, "en");
        var imported = await PostMultipartAsync(workerB, "/Referral/Transnational", [], ("PackageFile", "package.json", package));
        Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
        var result = Parser.ParseDocument(await imported.Content.ReadAsStringAsync(Token)).QuerySelector("#import-result")!;
        Assert.Contains("Signature verified", result.TextContent, StringComparison.Ordinal);
        Assert.Contains($"{Berlin} (Germany)", result.TextContent, StringComparison.Ordinal);
        Assert.Contains(fingerprintA, result.TextContent, StringComparison.Ordinal);
        var caseLink = result.QuerySelector("a[href^='/Cases/Details/']")!.GetAttribute("href")!;
        var receivedCase = await GetCaseAsync(b.App, Guid.Parse(caseLink["/Cases/Details/".Length..]));
        Assert.Equal(b.Worker.OrganisationId, receivedCase.OrganisationId);
        Assert.Equal(sentCase.Person.Sex, receivedCase.Person.Sex);
        Assert.Equal(sentCase.Exploitation.Forms, receivedCase.Exploitation.Forms);
        Assert.Equal(HttpStatusCode.OK, (await workerB.GetAsync(caseLink, Token)).StatusCode);

        // The list shows the package with the sender's reference, the services and the consent evidence.
        var list = Parser.ParseDocument(await workerB.GetStringAsync("/Referral/Transnational", Token)).QuerySelectorAll("table tbody tr").Single();
        Assert.Contains(sentCase.CaseCode, list.TextContent, StringComparison.Ordinal);
        Assert.Contains("Medical care", list.TextContent, StringComparison.Ordinal);
        Assert.Contains("Referral to an organisation", list.TextContent, StringComparison.Ordinal);
        Assert.NotNull(list.QuerySelector($"a[href='{caseLink}']"));

        // The same file again: already imported. The content changed by one value: the signature no longer matches.
        var again = await PostMultipartAsync(workerB, "/Referral/Transnational", [], ("PackageFile", "package.json", package));
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        Assert.Contains("This package was already imported.", ErrorOf(await again.Content.ReadAsStringAsync(Token), "PackageFile"), StringComparison.Ordinal);
        var tampered = Tamper(package);
        var forged = await PostPairsAsync(workerB, "/Referral/Transnational", [new("PackageText", tampered)]);
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        var forgedPage = await forged.Content.ReadAsStringAsync(Token);
        Assert.Contains("The signature does not match the content", ErrorOf(forgedPage, "PackageText"), StringComparison.Ordinal);
        Assert.Contains("changed after it was signed", Parser.ParseDocument(forgedPage).QuerySelector("#refusal-detail")!.TextContent, StringComparison.Ordinal);
        await using (var db = b.App.NewContext())
        {
            Assert.Equal(1, await db.Cases.CountAsync(Token));
            Assert.Equal(1, await db.Set<ReceivedReferralPackage>().CountAsync(Token));
        }

        // A child needs no consent but a best-interest decision, which the package carries as its evidence.
        var childId = await CreateCaseAsync(a.App, a.Worker.OrganisationId, new DateOnly(2012, 1, 1));
        Assert.Contains("This is a child's case", Parser.ParseDocument(await worker.GetStringAsync($"/Referral/SendPackage/{childId}", Token)).QuerySelector("#BestInterest-hint")!.TextContent, StringComparison.Ordinal);
        var withoutDecision = await PostPairsAsync(worker, $"/Referral/SendPackage/{childId}", [new("ToOrganisationId", viennaInA.ToString()), new("Services", "child-protection")]);
        Assert.NotNull(Parser.ParseDocument(await withoutDecision.Content.ReadAsStringAsync(Token)).QuerySelector("#BestInterest-error"));
        // The best-interest decision is a record (who, when, reasons, guardian, outcome), made on the consents page.
        Assert.Equal(HttpStatusCode.Redirect, (await PostPairsAsync(worker, $"/Cases/Consents/{childId}?handler=BestInterest",
        [
            new("Decision.DecidedOn", "2026-06-15"), new("Decision.Outcome", "ReferralInBestInterest"), new("Decision.GuardianType", "AppointedGuardian"),
            new("Decision.Reasons", "Return to the family assessed as safe by the child-protection services"),
        ])).StatusCode);
        Assert.Contains("in favour of a referral is on record", Parser.ParseDocument(await worker.GetStringAsync($"/Referral/SendPackage/{childId}", Token)).QuerySelector("#BestInterest")!.TextContent, StringComparison.Ordinal);
        var child = await PostPairsAsync(worker, $"/Referral/SendPackage/{childId}", [new("ToOrganisationId", viennaInA.ToString()), new("Services", "child-protection")]);
        Assert.Equal("application/jose", child.Content.Headers.ContentType?.MediaType);
        b.App.Time.Advance(TimeSpan.FromMinutes(1));
        var childImported = await PostMultipartAsync(workerB, "/Referral/Transnational", [], ("PackageFile", "child.json", await child.Content.ReadAsStringAsync(Token)));
        Assert.Equal(HttpStatusCode.OK, childImported.StatusCode);
        var newest = Parser.ParseDocument(await workerB.GetStringAsync("/Referral/Transnational", Token)).QuerySelector("table tbody tr")!;
        Assert.Contains("Child protection", newest.TextContent, StringComparison.Ordinal);
        Assert.Contains("Best-interest decision for a child", newest.TextContent, StringComparison.Ordinal);
        Assert.Contains("A child (presumed one while the age is uncertain)", newest.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("A child (presumed", Parser.ParseDocument(await workerB.GetStringAsync("/Referral/Transnational", Token))
            .QuerySelectorAll("table tbody tr")[1].TextContent, StringComparison.Ordinal);

        // German: the page, the list and its labels; every control labelled, no resource key shown.
        var workerBDe = await SignedInClientAsync(b.App, b.Worker, "de");
        var german = Parser.ParseDocument(await workerBDe.GetStringAsync("/Referral/Transnational", Token));
        Assert.Equal("Grenzüberschreitende Verweispakete", german.QuerySelector("h1")!.TextContent);
        Assert.Contains("Weitervermittlung an eine Organisation", german.QuerySelector("table tbody")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Deutschland", german.QuerySelector("table tbody")!.TextContent, StringComparison.Ordinal);
        await AssertWellFormedAsync(workerBDe, "/Referral/Transnational");
        await AssertWellFormedAsync(await SignedInClientAsync(b.App, b.Admin, "de"), "/Referral/Partners");
        await AssertWellFormedAsync(workerDe, send, inNavigation: false);
    }

    [Fact]
    public async Task Partners_BadKeyOrOwnKey_RefusedNextToTheField_RevokedKeyNoLongerTrusted()
    {
        await using var a = await InstallationAsync(Berlin, "DE", TestKeys.Ring(TestKeys.EntryA));
        var admin = await SignedInClientAsync(a.App, a.Admin, "en");

        var bad = await PostFormAsync(admin, "/Referral/Partners?handler=Add",
            new() { ["Input.Name"] = Vienna, ["Input.CountryCode"] = "AT", ["Input.Type"] = "ngo", ["Input.PublicKey"] = "-----BEGIN PUBLIC KEY-----\nnot a key\n-----END PUBLIC KEY-----" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var page = await bad.Content.ReadAsStringAsync(Token);
        Assert.Contains("This is not a usable partner public key.", ErrorOf(page, "Input_PublicKey"), StringComparison.Ordinal);
        var document = Parser.ParseDocument(page);
        Assert.Equal("true", document.QuerySelector("#Input_PublicKey")!.GetAttribute("aria-invalid"));
        Assert.NotNull(document.QuerySelector(".error-summary a[href='#Input_PublicKey']"));
        // The form keeps what was typed.
        Assert.Equal(Vienna, document.QuerySelector("#Input_Name")!.GetAttribute("value"));

        var noCountry = await PostFormAsync(admin, "/Referral/Partners?handler=Add", new() { ["Input.Name"] = Vienna, ["Input.Type"] = "ngo", ["Input.PublicKey"] = "x" });
        Assert.Contains("Choose the partner's country.", ErrorOf(await noCountry.Content.ReadAsStringAsync(Token), "Input_CountryCode"), StringComparison.Ordinal);

        // The installation's own key is not a partner's.
        var (own, _) = await CreateAndDownloadKeyAsync(admin);
        var ownKey = await PostFormAsync(admin, "/Referral/Partners?handler=Add",
            new() { ["Input.Name"] = Vienna, ["Input.CountryCode"] = "AT", ["Input.Type"] = "ngo", ["Input.PublicKey"] = own });
        Assert.Contains("own signing keys", ErrorOf(await ownKey.Content.ReadAsStringAsync(Token), "Input_PublicKey"), StringComparison.Ordinal);

        // A partner key, registered then revoked: the row says so and has no revoke form any more.
        await using var b = await InstallationAsync(Vienna, "AT", TestKeys.Ring(TestKeys.EntryB));
        var (pemB, fingerprintB) = await CreateAndDownloadKeyAsync(await SignedInClientAsync(b.App, b.Admin, "en"));
        Assert.Equal(HttpStatusCode.Redirect, (await PostFormAsync(admin, "/Referral/Partners?handler=Add",
            new() { ["Input.Name"] = Vienna, ["Input.CountryCode"] = "AT", ["Input.Type"] = "ngo", ["Input.PublicKey"] = pemB })).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await PostFormAsync(admin, "/Referral/Partners?handler=Revoke",
            new() { ["keyId"] = fingerprintB, ["reason"] = "Key reported lost" })).StatusCode);
        var row = Parser.ParseDocument(await admin.GetStringAsync("/Referral/Partners", Token)).QuerySelectorAll("table tbody tr").Single();
        Assert.Contains("Revoked on", row.TextContent, StringComparison.Ordinal);
        Assert.Null(row.QuerySelector("form"));

        // The organisation's own country: a bad code is refused next to the select; a good one is saved and shown selected.
        var badCountry = await PostFormAsync(admin, "/Referral/Partners?handler=Country", new() { ["ownCountry"] = "XX" });
        Assert.Equal(HttpStatusCode.BadRequest, badCountry.StatusCode);
        Assert.Contains("Choose the country your organisation works in.", ErrorOf(await badCountry.Content.ReadAsStringAsync(Token), "OwnCountry"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await PostFormAsync(admin, "/Referral/Partners?handler=Country", new() { ["ownCountry"] = "AT" })).StatusCode);
        Assert.Equal("AT", Parser.ParseDocument(await admin.GetStringAsync("/Referral/Partners", Token)).QuerySelector("#OwnCountry option[selected]")!.GetAttribute("value"));
        await using (var db = a.App.NewContext())
        {
            Assert.Equal("AT", db.Organisations.Single(o => o.Name == Berlin).CountryCode);
        }

        // Rotation: a new key with a new fingerprint.
        Assert.Equal(HttpStatusCode.Redirect, (await PostFormAsync(admin, "/Referral/Partners?handler=Rotate", [])).StatusCode);
        var (rotated, _) = await DownloadKeyAsync(admin);
        Assert.NotEqual(own, rotated);
    }

    [Fact]
    public async Task Partners_AnotherOrganisationChosen_ItsKeyAndCountryManaged_OwnUntouched_UnknownNotFound()
    {
        await using var a = await InstallationAsync(Berlin, "DE", TestKeys.Ring(TestKeys.EntryA));
        var other = await a.App.AddUserAsync("other-worker", "Synthetic Other NGO", Roles.CaseWorker);
        var admin = await SignedInClientAsync(a.App, a.Admin, "en");
        var query = $"/Referral/Partners?organisation={other.OrganisationId}";

        // The chooser lists the organisations of the installation, the administrator's own selected by default.
        var page = Parser.ParseDocument(await admin.GetStringAsync("/Referral/Partners", Token));
        var listed = page.QuerySelectorAll("#organisation option").Select(o => o.TextContent).ToList();
        Assert.Contains(Berlin, listed);
        Assert.Contains("Synthetic Other NGO", listed);
        Assert.Equal(Berlin, page.QuerySelector("#organisation option[selected]")!.TextContent);

        // The other organisation chosen: its key created and rotated, its country set; every form returns to it.
        Assert.Contains("Synthetic Other NGO has no signing key yet", await admin.GetStringAsync(query, Token), StringComparison.Ordinal);
        var created = await PostFormAsync(admin, "/Referral/Partners?handler=Create", new() { ["organisation"] = other.OrganisationId.ToString() });
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        Assert.Contains($"organisation={other.OrganisationId}", created.Headers.Location!.OriginalString, StringComparison.Ordinal);
        var chosen = Parser.ParseDocument(await admin.GetStringAsync(query, Token));
        Assert.Equal("Synthetic Other NGO", chosen.QuerySelector("#organisation option[selected]")!.TextContent);
        var first = chosen.QuerySelector("dl code")!.TextContent;
        Assert.Equal(HttpStatusCode.Redirect, (await PostFormAsync(admin, "/Referral/Partners?handler=Rotate", new() { ["organisation"] = other.OrganisationId.ToString() })).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await PostFormAsync(admin, "/Referral/Partners?handler=Country", new() { ["organisation"] = other.OrganisationId.ToString(), ["ownCountry"] = "PL" })).StatusCode);
        var download = await admin.GetAsync(query + "&handler=PublicKey", Token);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        await using (var scope = a.App.Services.CreateAsyncScope())
        {
            var keys = scope.ServiceProvider.GetRequiredService<PartnerKeys>();
            var otherKey = await keys.SigningKeyAsync(other.OrganisationId, create: false, Token);
            Assert.NotNull(otherKey);
            Assert.NotEqual(first, otherKey.KeyId);
            Assert.Equal("PL", otherKey.CountryCode);
            Assert.Equal(otherKey.PublicKeyPem.Trim(), (await download.Content.ReadAsStringAsync(Token)).Trim());
            // The administrator's own organisation is untouched.
            Assert.Null(await keys.SigningKeyAsync(a.Admin.OrganisationId, create: false, Token));
        }
        await using (var db = a.App.NewContext())
        {
            Assert.Equal("DE", db.Organisations.Single(o => o.Name == Berlin).CountryCode);
            // Created and rotated: two audited keys of the other organisation, by the administrator.
            var audited = await db.AuditEntries.Where(e => e.Action == Ariadne.Core.Audit.AuditActions.SigningKeyCreate && e.SubjectId == other.OrganisationId.ToString())
                .Select(e => e.ActorUserId).ToListAsync(Token);
            Assert.Equal([a.Admin.Id, a.Admin.Id], audited);
        }

        // An organisation that does not exist: 404 on the page, and nothing created for it.
        var unknown = Guid.NewGuid();
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/Referral/Partners?organisation={unknown}", Token)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await PostFormAsync(admin, "/Referral/Partners?handler=Create", new() { ["organisation"] = unknown.ToString() })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await PostFormAsync(admin, "/Referral/Partners?handler=Country", new() { ["organisation"] = unknown.ToString(), ["ownCountry"] = "PL" })).StatusCode);

        // German: the chooser is labelled in German.
        var german = Parser.ParseDocument(await (await SignedInClientAsync(a.App, a.Admin, "de")).GetStringAsync(query, Token));
        Assert.Equal("Organisation dieser Installation", german.QuerySelector("label[for=organisation]")!.TextContent);
    }

    [Fact]
    public async Task SendPackage_CaseOfAnotherOrganisation_NotFound_AndNoPartnerRefused()
    {
        await using var a = await InstallationAsync(Berlin, "DE", TestKeys.Ring(TestKeys.EntryA));
        var other = await a.App.AddUserAsync("other-worker", "Synthetic Other NGO", Roles.CaseWorker);
        var caseId = await CreateCaseAsync(a.App, other.OrganisationId);
        var worker = await SignedInClientAsync(a.App, a.Worker, "en");
        Assert.Equal(HttpStatusCode.NotFound, (await worker.GetAsync($"/Referral/SendPackage/{caseId}", Token)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await worker.GetAsync($"/Referral/SendPackage/{Guid.NewGuid()}", Token)).StatusCode);

        // Own case, but the chosen organisation is no partner and no service is chosen: both refusals, by field.
        var own = await CreateCaseAsync(a.App, a.Worker.OrganisationId);
        var page = await worker.GetStringAsync($"/Referral/SendPackage/{own}", Token);
        Assert.Contains("No partner organisation is registered", page, StringComparison.Ordinal);
        var refused = await PostPairsAsync(worker, $"/Referral/SendPackage/{own}", [new("ToOrganisationId", other.OrganisationId.ToString())]);
        var document = await refused.Content.ReadAsStringAsync(Token);
        Assert.Contains("Synthetic Other NGO is not a registered partner organisation", ErrorOf(document, "ToOrganisationId"), StringComparison.Ordinal);
        Assert.Contains("Choose at least one service.", ErrorOf(document, "Services"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Transnational_FileOverOneMebibyte_RefusedUnread_CoordinatorSeesTheListWithoutTheForm()
    {
        await using var a = await InstallationAsync(Berlin, "DE", TestKeys.Ring(TestKeys.EntryA));
        var worker = await SignedInClientAsync(a.App, a.Worker, "en");
        var large = await PostMultipartAsync(worker, "/Referral/Transnational", [], ("PackageFile", "large.json", new string(' ', ReferralPackages.MaxPackageBytes + 1)));
        Assert.Equal(HttpStatusCode.BadRequest, large.StatusCode);
        Assert.Contains("The file has 1,048,577 bytes; a package has at most 1,048,576.", ErrorOf(await large.Content.ReadAsStringAsync(Token), "PackageFile"), StringComparison.Ordinal);
        var empty = await PostPairsAsync(worker, "/Referral/Transnational", [new("PackageText", " ")]);
        Assert.Contains("Choose a package file or paste the package.", ErrorOf(await empty.Content.ReadAsStringAsync(Token), "PackageFile"), StringComparison.Ordinal);
        var unsigned = await PostPairsAsync(worker, "/Referral/Transnational", [new("PackageText", "eyJhbGciOiJub25lIn0.e30.")]);
        Assert.Contains("The package is not signed", ErrorOf(await unsigned.Content.ReadAsStringAsync(Token), "PackageText"), StringComparison.Ordinal);

        var coordinator = await SignedInClientAsync(a.App, await a.App.AddUserAsync("de-coordinator", "National Coordination", Roles.Coordinator), "en");
        var page = Parser.ParseDocument(await coordinator.GetStringAsync("/Referral/Transnational", Token));
        Assert.Null(page.QuerySelector("main form"));
        Assert.Contains("Only case workers import packages.", page.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("No package received yet.", page.QuerySelector("table tbody td")!.TextContent);
    }

    private sealed record Installation(TestApp App, TestApp.TestUser Admin, TestApp.TestUser Worker) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => App.DisposeAsync();
    }

    /// <summary>Form fields in order; a name may repeat (checkboxes).</summary>
    private sealed class Fields : List<KeyValuePair<string, string>>;

    private static async Task<Installation> InstallationAsync(string organisation, string country, MasterKeyRing keys)
    {
        var app = await TestApp.StartAsync(DatabaseProvider.Sqlite, keys: keys, settings: ManySignIns);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<AccountBootstrap>().EnsureOrganisationAsync(organisation, "ngo", country, Token);
        }
        var prefix = country.ToLowerInvariant();
        return new Installation(app, await app.AddUserAsync(prefix + "-admin", organisation, Roles.Administrator), await app.AddUserAsync(prefix + "-worker", organisation, Roles.CaseWorker));
    }

    private static async Task<(string Pem, string Fingerprint)> CreateAndDownloadKeyAsync(HttpClient admin)
    {
        Assert.Contains("has no signing key yet", await admin.GetStringAsync("/Referral/Partners", Token), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await PostFormAsync(admin, "/Referral/Partners?handler=Create", [])).StatusCode);
        return await DownloadKeyAsync(admin);
    }

    private static async Task<(string Pem, string Fingerprint)> DownloadKeyAsync(HttpClient admin)
    {
        var page = Parser.ParseDocument(await admin.GetStringAsync("/Referral/Partners", Token));
        var fingerprint = page.QuerySelector("dl code")!.TextContent;
        Assert.Matches("^[0-9a-f]{64}$", fingerprint);
        var download = await admin.GetAsync("/Referral/Partners?handler=PublicKey", Token);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("application/x-pem-file", download.Content.Headers.ContentType?.MediaType);
        Assert.Equal($"ariadne-public-key-{fingerprint[..16]}.pem", download.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        var pem = await download.Content.ReadAsStringAsync(Token);
        Assert.StartsWith("-----BEGIN PUBLIC KEY-----", pem, StringComparison.Ordinal);
        Assert.Equal(pem.Trim(), page.QuerySelector("pre")!.TextContent.Trim());
        return (pem, fingerprint);
    }

    private static async Task<Guid> CreateCaseAsync(TestApp app, Guid organisationId, DateOnly? dateOfBirth = null)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var input = dateOfBirth is null ? Cases.CaseApiTests.ValidInput() : Cases.CaseApiTests.ValidInput() with { DateOfBirth = dateOfBirth, AgeAtExploitationStart = null };
        var created = await scope.ServiceProvider.GetRequiredService<CaseService>().CreateAsync(input, organisationId, CaseViewer.LocalOperator, Token);
        Assert.True(created.Succeeded, created.ToString());
        return created.Value!.Id;
    }

    private static async Task<Case> GetCaseAsync(TestApp app, Guid caseId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<CaseService>().GetAsync(caseId, CaseViewer.LocalOperator, Token))!;
    }

    private static async Task<Guid> OrganisationIdAsync(TestApp app, string name)
    {
        await using var db = app.NewContext();
        return await db.Organisations.Where(o => o.Name == name).Select(o => o.Id).SingleAsync(Token);
    }

    /// <summary>Changes one value inside the signed content (the sex), keeping the header and signature as they were.</summary>
    private static string Tamper(string package)
    {
        var content = JsonNode.Parse(JwsParts.Payload(package))!;
        Assert.Equal("female", content["sex"]!.GetValue<string>());
        content["sex"] = "male";
        return JwsParts.WithPayload(package, content.ToJsonString());
    }

    private static string ErrorOf(string html, string control) =>
        Parser.ParseDocument(html).QuerySelector($"#{control}-error")?.TextContent ?? $"(no error for {control})";

    private static async Task<string> TokenAsync(HttpClient client, string path) =>
        Parser.ParseDocument(await client.GetStringAsync(path.Split('?')[0], Token)).QuerySelector("main form input[name='__RequestVerificationToken']")?.GetAttribute("value")
            ?? throw new InvalidOperationException($"{path} has no antiforgery token.");

    /// <summary>Posts a form whose fields may repeat (checkboxes), with the page's antiforgery token.</summary>
    private static async Task<HttpResponseMessage> PostPairsAsync(HttpClient client, string path, Fields fields)
    {
        var all = new List<KeyValuePair<string, string>>(fields) { new("__RequestVerificationToken", await TokenAsync(client, path)) };
        return await client.PostAsync(path, new FormUrlEncodedContent(all), Token);
    }

    /// <summary>Posts a multipart form with one file, as a browser uploads it.</summary>
    private static async Task<HttpResponseMessage> PostMultipartAsync(HttpClient client, string path, Fields fields, (string Name, string FileName, string Text) file)
    {
        using var content = new MultipartFormDataContent
        {
            { new StringContent(await TokenAsync(client, path)), "__RequestVerificationToken" },
        };
        foreach (var (name, value) in fields)
        {
            content.Add(new StringContent(value), name);
        }
        var bytes = new ByteArrayContent(Encoding.UTF8.GetBytes(file.Text));
        bytes.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        content.Add(bytes, file.Name, file.FileName);
        return await client.PostAsync(path, content, Token);
    }

    private static async Task AssertWellFormedAsync(HttpClient client, string path, bool inNavigation = true)
    {
        var response = await client.GetAsync(path, Token);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {response.StatusCode}");
        var document = Parser.ParseDocument(await response.Content.ReadAsStringAsync(Token));
        var keys = ResourceKeys();
        var untranslated = document.Body!.GetDescendants().OfType<IText>().Select(t => t.Text.Trim()).Where(keys.Contains).ToList();
        Assert.True(untranslated.Count == 0, $"{path} shows resource keys: {string.Join(", ", untranslated)}");
        foreach (var control in document.QuerySelectorAll("input, select, textarea").Where(c => c.GetAttribute("type") is not ("hidden" or "submit")))
        {
            Assert.True(control.Id is not null && document.QuerySelector($"label[for='{control.Id}']") is not null, $"{path}: control {control.GetAttribute("name")} has no label");
        }
        foreach (var form in document.QuerySelectorAll("form").OfType<IHtmlFormElement>().Where(f => string.Equals(f.Method, "post", StringComparison.OrdinalIgnoreCase)))
        {
            Assert.NotNull(form.QuerySelector("input[name='__RequestVerificationToken']"));
        }
        if (inNavigation)
        {
            Assert.Equal("page", document.QuerySelector($"nav a[href='{path}']")?.GetAttribute("aria-current"));
        }
    }
}
