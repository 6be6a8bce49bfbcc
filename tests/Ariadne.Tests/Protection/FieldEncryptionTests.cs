using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Ariadne.Core.Cases;
using Ariadne.Core.Common;
using Ariadne.Core.Data;
using Ariadne.Core.Users;
using Ariadne.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Ariadne.Tests.Protection;

/// <summary>Identifying data is sealed at rest, readable through the API, and findable through the blind indexes.</summary>
public sealed class FieldEncryptionTests
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task CreateAndUpdate_DistinctiveValues_NoPlaintextInTheDatabase(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await TestApp.StartAsync(provider);
        var client = await app.ClientAsAsync("worker", "NGO A", Roles.CaseWorker);

        var created = await client.PostAsJsonAsync("/api/v1/cases", ProtectionTestData.Distinctive(), Json, ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var dto = (await created.Content.ReadFromJsonAsync<CaseDto>(Json, ct))!;
        var update = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/cases/{dto.Id}")
        {
            Content = JsonContent.Create(dto.ToInput() with { Phone = "+49 30 5550199 22" }, options: Json),
        };
        update.Headers.IfMatch.Add(new("\"1\""));
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(update, ct)).StatusCode);

        var read = (await client.GetFromJsonAsync<CaseDto>($"/api/v1/cases/{dto.Id}", Json, ct))!;
        Assert.Equal("Zyxwvutsrq", read.GivenName);
        Assert.Equal("Qponmlkjih", read.FamilyName);
        Assert.Equal(["Aliasvwxyz"], read.Aliases);
        Assert.Equal(new DateOnly(1991, 7, 23), read.DateOfBirth);
        Assert.Equal("QX-98765432", read.DocumentNumber);
        Assert.Equal("+49 30 5550199 22", read.Phone);
        Assert.Equal("zyxwvutsrq@example.org", read.Email);
        Assert.Equal("Plaintextweg 4711, Nirgendwo", read.Address);
        Assert.Equal(ProtectionTestData.Distinctive().Narrative, read.Narrative);
        Assert.Equal(1991, read.YearOfBirth);

        var found = ProtectionTestData.Find(await ProtectionTestData.DatabaseBytesAsync(app.Database), ProtectionTestData.Secrets);

        Assert.Empty(found);
    }

    /// <summary>
    /// Privacy finding: free text outside the vault was stored in plaintext. Every free-text field about a person is now
    /// sealed: no marker is anywhere in the database (tables, audit log, indexes), a colleague without a reveal sees
    /// only "sealed", and after a reveal the texts open again.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task FreeText_EveryField_NoPlaintextInTheDatabaseAndOpenOnlyAfterAReveal(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await TestApp.StartAsync(provider);
        var written = await FreeTextData.WriteEveryFieldAsync(app);

        var found = ProtectionTestData.Find(await ProtectionTestData.DatabaseBytesAsync(app.Database), FreeTextData.Markers);
        var colleague = FreeTextData.Worker(written.OrganisationId);
        var (hidden, hiddenSealed) = await FreeTextData.ReadAllAsync(app, written, colleague);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var cases = scope.ServiceProvider.GetRequiredService<CaseReveal>();
            Assert.True((await cases.RevealAsync(written.AdultCaseId, colleague, "preparing the prosecutor's notice", ct)).Succeeded);
            Assert.True((await cases.RevealAsync(written.ChildCaseId, colleague, "preparing the referral", ct)).Succeeded);
        }
        var (revealed, revealedSealed) = await FreeTextData.ReadAllAsync(app, written, colleague);

        Assert.Empty(found);
        Assert.All(hidden, Assert.Null);
        Assert.All(hiddenSealed, Assert.True);
        Assert.Equal(FreeTextData.Markers.Order(StringComparer.Ordinal), revealed.OfType<string>().Order(StringComparer.Ordinal));
        Assert.All(revealedSealed, Assert.False);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Lookup_NameAndDateOfBirthOrDocument_FindsOnlyTheMatchingVisibleCase(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await TestApp.StartAsync(provider);
        var client = await app.ClientAsAsync("worker", "NGO A", Roles.CaseWorker);
        var target = (await (await client.PostAsJsonAsync("/api/v1/cases", ProtectionTestData.Distinctive() with { FamilyName = "van der Bérg" }, Json, ct))
            .Content.ReadFromJsonAsync<CaseDto>(Json, ct))!;
        await client.PostAsJsonAsync("/api/v1/cases", ProtectionTestData.Distinctive("x") with { FamilyName = "van der Bérg", DateOfBirth = new DateOnly(1991, 7, 24) }, Json, ct);
        var otherOrganisation = await app.ClientAsAsync("other", "NGO B", Roles.CaseWorker);

        var byName = await LookupAsync(client, "?familyName=VAN%20DER%20%20berg&givenName=zyxwvutsrq&dateOfBirth=1991-07-23");
        var byDocument = await LookupAsync(client, "?documentType=Passport&documentNumber=qx%209876%205432");
        var wrongDate = await LookupAsync(client, "?familyName=van%20der%20Berg&givenName=Zyxwvutsrq&dateOfBirth=1991-07-22");
        var notVisible = await LookupAsync(otherOrganisation, "?familyName=van%20der%20Berg&givenName=Zyxwvutsrq&dateOfBirth=1991-07-23");

        Assert.Equal([new CaseReference(target.Id, target.CaseCode)], byName);
        Assert.Equal([new CaseReference(target.Id, target.CaseCode)], byDocument);
        Assert.Empty(wrongDate);
        Assert.Empty(notVisible);
        var invalid = await client.GetAsync("/api/v1/persons/lookup?familyName=X&dateOfBirth=23.07.1991", ct);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Read_MasterKeyNotConfigured_503NamingTheKeyAndNothingChanged(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await TestApp.StartAsync(provider);
        var client = await app.ClientAsAsync("worker", "NGO A", Roles.CaseWorker);
        var dto = (await (await client.PostAsJsonAsync("/api/v1/cases", ProtectionTestData.Distinctive(), Json, ct)).Content.ReadFromJsonAsync<CaseDto>(Json, ct))!;
        await using (var db = app.NewContext())
        {
            await db.PersonKeys.ExecuteUpdateAsync(s => s.SetProperty(k => k.KekId, "retired-2024"), ct);
        }
        var before = await SnapshotAsync(app);

        var read = await client.GetAsync($"/api/v1/cases/{dto.Id}", ct);
        var update = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/cases/{dto.Id}") { Content = JsonContent.Create(dto.ToInput() with { GivenName = "Overwritten" }, options: Json) };
        update.Headers.IfMatch.Add(new("\"1\""));
        var updated = await client.SendAsync(update, ct);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, read.StatusCode);
        var problem = await read.Content.ReadFromJsonAsync<ProblemDetails>(ct);
        Assert.Equal("Key retired-2024 unavailable", problem!.Title);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, updated.StatusCode);
        Assert.Equal(before, await SnapshotAsync(app));
        var list = await client.GetAsync("/api/v1/cases", ct);
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
    }

    private static async Task<List<CaseReference>> LookupAsync(HttpClient client, string query)
    {
        var response = await client.GetAsync("/api/v1/persons/lookup" + query, TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        return (await response.Content.ReadFromJsonAsync<List<CaseReference>>(Json, TestContext.Current.CancellationToken))!;
    }

    /// <summary>Every stored protected byte and version, to prove that nothing was written.</summary>
    internal static async Task<string> SnapshotAsync(TestApp app)
    {
        await using var db = app.NewContext();
        var persons = await db.Persons.AsNoTracking().OrderBy(p => p.Id).Select(p => new { p.Id, p.IdentityCiphertext, p.NameDobIndex }).ToListAsync(TestContext.Current.CancellationToken);
        var keys = await db.PersonKeys.AsNoTracking().OrderBy(k => k.PersonId).ToListAsync(TestContext.Current.CancellationToken);
        var cases = await db.Cases.AsNoTracking().OrderBy(c => c.Id).Select(c => new { c.Id, c.Version, c.NarrativeCiphertext }).ToListAsync(TestContext.Current.CancellationToken);
        return string.Join("|", persons.Select(p => $"{p.Id}:{Convert.ToBase64String(p.IdentityCiphertext ?? [])}:{Convert.ToBase64String(p.NameDobIndex ?? [])}"))
            + string.Join("|", keys.Select(k => $"{k.PersonId}:{k.KekId}:{Convert.ToBase64String(k.WrappedKey)}"))
            + string.Join("|", cases.Select(c => $"{c.Id}:{c.Version}:{Convert.ToBase64String(c.NarrativeCiphertext ?? [])}"));
    }
}
