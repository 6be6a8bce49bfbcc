using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Ariadne.Core.Cases;
using Ariadne.Core.Common;
using Ariadne.Core.Data;
using Ariadne.Core.ImportExport.Cases;
using Ariadne.Core.Referral.National;
using Ariadne.Core.Referral.Transnational;
using Ariadne.Core.Users;
using Ariadne.Tests.Cases;
using Ariadne.Tests.Infrastructure;

namespace Ariadne.Tests.Referral;

/// <summary>
/// The transnational referral API between two running installations (own databases, own master keys): key exchange,
/// export as a file download, import as a new case, and refusals as 422 problems naming the error.
/// </summary>
public sealed class TransnationalApiTests
{
    private static readonly JsonSerializerOptions Json = Core.ImportExport.Cases.CaseExporter.Json;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    /// <summary>
    /// The signing key's organisation parameter, as the partners page has it: administrators name any organisation,
    /// everyone else only their own (403, before anything says whether it exists); an unknown one is a 404 problem
    /// naming the parameter.
    /// </summary>
    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task SigningKey_OrganisationParameter_AdministratorAny_OthersOwnOnly_UnknownIs404NamingIt(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        var admin = await app.ClientAsAsync("key-admin", "Synthetic Coordination Office", Roles.Administrator);
        var ownWorker = await app.AddUserAsync("key-worker", "Synthetic NGO Berlin", Roles.CaseWorker);
        var shelter = await app.AddUserAsync("key-shelter", "Synthetic Shelter Hamburg", Roles.CaseWorker);
        var worker = await app.BearerClientAsync(ownWorker);

        var shelterKey = (await admin.GetFromJsonAsync<SigningKeyView>($"/api/v1/referral-signing-key?organisation={shelter.OrganisationId}", Json, Token))!;
        Assert.Equal("Synthetic Shelter Hamburg", shelterKey.OrganisationName);
        Assert.Equal("Synthetic Coordination Office", (await admin.GetFromJsonAsync<SigningKeyView>("/api/v1/referral-signing-key", Json, Token))!.OrganisationName);
        Assert.Equal("Synthetic NGO Berlin",
            (await worker.GetFromJsonAsync<SigningKeyView>($"/api/v1/referral-signing-key?organisation={ownWorker.OrganisationId}", Json, Token))!.OrganisationName);

        var other = await worker.GetAsync($"/api/v1/referral-signing-key?organisation={shelter.OrganisationId}", Token);
        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
        Assert.Equal("application/problem+json", other.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Forbidden, (await worker.GetAsync($"/api/v1/referral-signing-key?organisation={Guid.NewGuid()}", Token)).StatusCode);

        var unknown = await admin.GetAsync($"/api/v1/referral-signing-key?organisation={Guid.NewGuid()}", Token);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);
        Assert.Contains("organisation", (await unknown.Content.ReadFromJsonAsync<JsonElement>(Token)).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task ExchangeKeysExportImport_OverTheApi(DatabaseProvider provider)
    {
        await using var berlin = await TestApp.StartAsync(provider);
        await using var bucharest = await TestApp.StartAsync(provider, keys: TestKeys.Ring(TestKeys.EntryB));
        var berlinAdmin = await berlin.ClientAsAsync("berlin-admin", "Synthetic NGO Berlin", Roles.Administrator);
        var berlinWorker = await berlin.ClientAsAsync("berlin-worker", "Synthetic NGO Berlin", Roles.CaseWorker);
        var bucharestAdmin = await bucharest.ClientAsAsync("bucharest-admin", "Synthetic Shelter Bucharest", Roles.Administrator);
        var bucharestWorker = await bucharest.ClientAsAsync("bucharest-worker", "Synthetic Shelter Bucharest", Roles.CaseWorker);

        var badCountry = await berlinAdmin.PutAsJsonAsync("/api/v1/organisation/country", new { countryCode = "XX" }, Token);
        Assert.Equal(HttpStatusCode.BadRequest, badCountry.StatusCode);
        Assert.Contains("countryCode", await badCountry.Content.ReadAsStringAsync(Token), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NoContent, (await berlinAdmin.PutAsJsonAsync("/api/v1/organisation/country", new { countryCode = "DE" }, Token)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await bucharestAdmin.PutAsJsonAsync("/api/v1/organisation/country", new { countryCode = "RO" }, Token)).StatusCode);

        var berlinKey = (await berlinWorker.GetFromJsonAsync<SigningKeyView>("/api/v1/referral-signing-key", Json, Token))!;
        var bucharestKey = (await bucharestAdmin.GetFromJsonAsync<SigningKeyView>("/api/v1/referral-signing-key", Json, Token))!;
        Assert.Equal(("Synthetic NGO Berlin", "DE"), (berlinKey.OrganisationName, berlinKey.CountryCode));
        Assert.Equal(berlinKey.KeyId, (await berlinAdmin.GetFromJsonAsync<SigningKeyView>("/api/v1/referral-signing-key", Json, Token))!.KeyId);

        var badKey = await berlinAdmin.PostAsJsonAsync("/api/v1/referral-partners", new PartnerInput("Synthetic Shelter Bucharest", "RO", "shelter", "garbage"), Json, Token);
        Assert.Equal(HttpStatusCode.BadRequest, badKey.StatusCode);
        Assert.Contains("\"publicKey\"", await badKey.Content.ReadAsStringAsync(Token), StringComparison.Ordinal);
        var added = await berlinAdmin.PostAsJsonAsync("/api/v1/referral-partners", new PartnerInput("Synthetic Shelter Bucharest", "RO", "shelter", bucharestKey.PublicKeyPem), Json, Token);
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        var shelterAtBerlin = (await added.Content.ReadFromJsonAsync<PartnerView>(Json, Token))!;
        Assert.Equal(bucharestKey.KeyId, shelterAtBerlin.KeyId);
        Assert.Equal(HttpStatusCode.Created, (await bucharestAdmin.PostAsJsonAsync("/api/v1/referral-partners",
            new PartnerInput("Synthetic NGO Berlin", "DE", null, berlinKey.PublicKeyPem), Json, Token)).StatusCode);

        var created = await berlinWorker.PostAsJsonAsync("/api/v1/cases", CaseApiTests.ValidInput(), Json, Token);
        var caseDto = (await created.Content.ReadFromJsonAsync<CaseDto>(Json, Token))!;
        var export = new PackageRequest(shelterAtBerlin.OrganisationId, ["safe-accommodation"]);
        var noConsent = await berlinWorker.PostAsJsonAsync($"/api/v1/cases/{caseDto.Id}/referral-packages", export, Json, Token);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, noConsent.StatusCode);
        Assert.Contains("ConsentRequired", await noConsent.Content.ReadAsStringAsync(Token), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Created, (await berlinWorker.PostAsJsonAsync($"/api/v1/cases/{caseDto.Id}/consents",
            new { purpose = "Referral", recipientOrganisationId = shelterAtBerlin.OrganisationId, givenOn = "2026-06-01", method = "Written" }, Json, Token)).StatusCode);

        var file = await berlinWorker.PostAsJsonAsync($"/api/v1/cases/{caseDto.Id}/referral-packages", export, Json, Token);
        Assert.Equal(HttpStatusCode.OK, file.StatusCode);
        Assert.Equal("application/jose", file.Content.Headers.ContentType?.MediaType);
        Assert.Equal($"referral-{caseDto.CaseCode}-{berlin.Time.GetUtcNow():yyyyMMdd}.jws", file.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        var package = await file.Content.ReadAsStringAsync(Token);
        var signed = JwsParts.Payload(package);
        Assert.Contains($"\"caseReference\":\"{caseDto.CaseCode}\"", signed, StringComparison.Ordinal);
        Assert.DoesNotContain("2000-03-01", signed, StringComparison.Ordinal);
        Assert.DoesNotContain("\"Person\"", signed, StringComparison.Ordinal);

        // Only the organisation it is addressed to imports it; the coordinator cannot import at all.
        var wrongOrganisation = await (await bucharest.ClientAsAsync("bucharest-other", "Synthetic Police Bucharest", Roles.CaseWorker))
            .PostAsync("/api/v1/referral-packages", new StringContent(package, Encoding.UTF8, "application/json"), Token);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, wrongOrganisation.StatusCode);
        Assert.Contains("\"error\":\"NotAddressedHere\"", await wrongOrganisation.Content.ReadAsStringAsync(Token), StringComparison.Ordinal);

        var imported = await bucharestWorker.PostAsync("/api/v1/referral-packages", new StringContent(package, Encoding.UTF8, "application/json"), Token);
        Assert.Equal(HttpStatusCode.Created, imported.StatusCode);
        var received = (await imported.Content.ReadFromJsonAsync<ReceivedView>(Json, Token))!;
        Assert.Equal(caseDto.CaseCode, received.Content.CaseReference);
        var opened = (await bucharestWorker.GetFromJsonAsync<CaseDto>(imported.Headers.Location, Json, Token))!;
        Assert.Equal((caseDto.Sex, caseDto.Citizenships.Single(), caseDto.ExploitationForms.Single()), (opened.Sex, opened.Citizenships.Single(), opened.ExploitationForms.Single()));
        Assert.NotEqual(caseDto.CaseCode, opened.CaseCode);
        Assert.Null(opened.GivenName);

        var replay = await bucharestWorker.PostAsync("/api/v1/referral-packages", new StringContent(package, Encoding.UTF8, "application/json"), Token);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, replay.StatusCode);
        Assert.Contains("\"error\":\"AlreadyImported\"", await replay.Content.ReadAsStringAsync(Token), StringComparison.Ordinal);
        var list = (await bucharestWorker.GetFromJsonAsync<List<ReceivedView>>("/api/v1/referral-packages", Json, Token))!;
        Assert.Equal(opened.Id, Assert.Single(list).CaseId);

        Assert.Equal(HttpStatusCode.NoContent, (await bucharestAdmin.DeleteAsync($"/api/v1/referral-partners/{berlinKey.KeyId}?reason=lost", Token)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await bucharestAdmin.DeleteAsync($"/api/v1/referral-partners/{berlinKey.KeyId}", Token)).StatusCode);
        var partners = (await bucharestAdmin.GetFromJsonAsync<List<PartnerView>>("/api/v1/referral-partners", Json, Token))!;
        Assert.NotNull(Assert.Single(partners).RevokedAtUtc);
    }
}
