using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Ariadne.Core.Cases;
using Ariadne.Core.Common;
using Ariadne.Core.Data;
using Ariadne.Core.Erasure;
using Ariadne.Core.Users;
using Ariadne.Tests.Infrastructure;
using Ariadne.Tests.Pages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Ariadne.Tests.Protection;

/// <summary>Erasure on request destroys the person's data key and keeps the statistical record; a legal hold blocks it.</summary>
public sealed class ErasureTests
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task EraseIdentity_LegalHoldThenReleased_RefusedThenIdentityGoneStatisticsKept(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await TestApp.StartAsync(provider);
        var client = await app.ClientAsAsync("worker", "NGO A", Roles.CaseWorker);
        var dto = (await (await client.PostAsJsonAsync("/api/v1/cases", ProtectionTestData.Distinctive(), Json, ct)).Content.ReadFromJsonAsync<CaseDto>(Json, ct))!;
        byte[] wrappedKey;
        await using (var db = app.NewContext())
        {
            wrappedKey = (await db.PersonKeys.SingleAsync(ct)).WrappedKey;
        }

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var cases = scope.ServiceProvider.GetRequiredService<ErasureService>();
            Assert.True((await cases.SetLegalHoldAsync(dto.Id, true, CaseViewer.LocalOperator, ct)).Succeeded);
            Assert.Equal(ProblemKind.Refused, (await cases.EraseAsync(dto.Id, CaseViewer.LocalOperator, "request of 2026-06-01", ct)).Problem?.Kind);
        }
        var held = (await client.GetFromJsonAsync<CaseDto>($"/api/v1/cases/{dto.Id}", Json, ct))!;
        Assert.Equal("Zyxwvutsrq", held.GivenName);
        Assert.True(held.LegalHold);

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var cases = scope.ServiceProvider.GetRequiredService<ErasureService>();
            await cases.SetLegalHoldAsync(dto.Id, false, CaseViewer.LocalOperator, ct);
            Assert.Equal(ProblemKind.Invalid, (await cases.EraseAsync(dto.Id, CaseViewer.LocalOperator, " ", ct)).Problem?.Kind);
            Assert.True((await cases.EraseAsync(dto.Id, CaseViewer.LocalOperator, "request of 2026-06-01", ct)).Succeeded);
        }

        var erased = (await client.GetFromJsonAsync<CaseDto>($"/api/v1/cases/{dto.Id}", Json, ct))!;
        Assert.Null(erased.GivenName);
        Assert.Null(erased.FamilyName);
        Assert.Empty(erased.Aliases);
        Assert.Null(erased.DateOfBirth);
        Assert.Null(erased.DocumentNumber);
        Assert.Null(erased.Phone);
        Assert.Null(erased.Email);
        Assert.Null(erased.Address);
        Assert.Null(erased.Narrative);
        Assert.Equal(TestApp.Now.UtcDateTime, erased.IdentityErasedAtUtc);
        Assert.Equal(dto.Sex, erased.Sex);
        Assert.Equal(1991, erased.YearOfBirth);
        Assert.Equal(dto.AgeAtIdentification, erased.AgeAtIdentification);
        Assert.Equal(dto.AgeGroup, erased.AgeGroup);
        Assert.Equal(dto.Citizenships, erased.Citizenships);
        Assert.Equal(dto.ExploitationForms, erased.ExploitationForms);
        Assert.Equal(dto.MeansOfControl, erased.MeansOfControl);
        Assert.Equal(dto.Transnationality, erased.Transnationality);
        await using (var db = app.NewContext())
        {
            Assert.Equal(0, await db.PersonKeys.CountAsync(ct));
            var person = await db.Persons.AsNoTracking().SingleAsync(ct);
            Assert.Null(person.IdentityCiphertext);
            Assert.Null(person.NameDobIndex);
            Assert.Null(person.DocumentIndex);
            Assert.Null((await db.Cases.AsNoTracking().SingleAsync(ct)).NarrativeCiphertext);
        }
        var lookup = await client.GetFromJsonAsync<List<CaseReference>>("/api/v1/persons/lookup?documentNumber=QX-98765432&documentType=passport", Json, ct);
        Assert.Empty(lookup!);
        if (provider == DatabaseProvider.Sqlite)
        {
            // secure_delete and the checkpoint leave no copy of the destroyed key in the file.
            var bytes = await ProtectionTestData.DatabaseBytesAsync(app.Database);
            Assert.True(bytes.AsSpan().IndexOf(wrappedKey) < 0, "the wrapped data key is still in the SQLite file");
        }
    }

    /// <summary>Every free-text field of the person's records is unreadable after erasure: key and ciphertexts gone, nothing opens, nothing left in the file.</summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task EraseIdentity_FreeTextOfEveryRecord_UnreadableAfterwards(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await TestApp.StartAsync(provider);
        var written = await FreeTextData.WriteEveryFieldAsync(app);
        var (before, _) = await FreeTextData.ReadAllAsync(app, written, CaseViewer.LocalOperator);
        Assert.Equal(FreeTextData.Markers.Length, before.OfType<string>().Count());

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var cases = scope.ServiceProvider.GetRequiredService<ErasureService>();
            Assert.True((await cases.EraseAsync(written.AdultCaseId, CaseViewer.LocalOperator, "request of 2026-06-01", ct)).Succeeded);
            Assert.True((await cases.EraseAsync(written.ChildCaseId, CaseViewer.LocalOperator, "request of 2026-06-01", ct)).Succeeded);
        }
        var (after, afterSealed) = await FreeTextData.ReadAllAsync(app, written, CaseViewer.LocalOperator);

        Assert.All(after, Assert.Null);
        Assert.All(afterSealed, Assert.False);
        await using (var db = app.NewContext())
        {
            Assert.Equal(0, await db.PersonKeys.CountAsync(ct));
            Assert.False(await db.Set<Core.Consent.ConsentRecord>().AnyAsync(r => r.NoteCiphertext != null || r.WithdrawalNoteCiphertext != null, ct));
            Assert.False(await db.Set<Core.Referral.National.NrmEvent>().AnyAsync(r => r.ReasonsCiphertext != null, ct));
            Assert.False(await db.Set<Core.Referral.National.ServiceReferral>().AnyAsync(r => r.SharedNoteCiphertext != null || r.ReasonCiphertext != null || r.OverrideReasonCiphertext != null, ct));
            Assert.False(await db.Set<Core.Referral.National.CooperationRecord>().AnyAsync(r => r.NoteCiphertext != null, ct));
            Assert.False(await db.Set<Core.Referral.National.NonPunishmentFlag>().AnyAsync(r => r.OffenceCiphertext != null || r.BasisCiphertext != null || r.ProceedingsReferenceCiphertext != null, ct));
            Assert.False(await db.Set<Core.Consent.BestInterestDecision>().AnyAsync(r => r.ReasonsCiphertext != null, ct));
            // The records themselves stay (dates, codes, outcomes): only their text is gone.
            Assert.True(await db.Set<Core.Referral.National.NonPunishmentFlag>().AnyAsync(ct));
        }
        Assert.Empty(ProtectionTestData.Find(await ProtectionTestData.DatabaseBytesAsync(app.Database), FreeTextData.Markers));
    }

    [Fact]
    public async Task ErasePage_EditorConfirmsWithReason_ErasedAndDetailsSayWhen()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await TestApp.StartAsync(DatabaseProvider.Sqlite);
        var user = await app.AddUserAsync("page-worker", "Synthetic NGO", Roles.CaseWorker);
        Guid id;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            id = (await scope.ServiceProvider.GetRequiredService<CaseService>()
                .CreateAsync(ProtectionTestData.Distinctive(), user.OrganisationId, CaseViewer.LocalOperator, ct)).Value!.Id;
        }
        var client = await PageRenderingTests.SignedInClientAsync(app, user, "en");
        var hidden = await client.GetStringAsync($"/Cases/Details/{id}", ct);
        Assert.DoesNotContain("Zyxwvutsrq", hidden, StringComparison.Ordinal);
        var withoutRevealReason = await PageRenderingTests.PostFormAsync(client, $"/Cases/Details/{id}?handler=Reveal", new() { ["RevealReason"] = " " });
        Assert.Equal(HttpStatusCode.BadRequest, withoutRevealReason.StatusCode);
        Assert.DoesNotContain("Zyxwvutsrq", await withoutRevealReason.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        var revealed = await PageRenderingTests.PostFormAsync(client, $"/Cases/Details/{id}?handler=Reveal", new() { ["RevealReason"] = "checking the erasure request" });
        Assert.Equal(HttpStatusCode.Redirect, revealed.StatusCode);
        var details = await client.GetStringAsync($"/Cases/Details/{id}", ct);
        Assert.Contains("Zyxwvutsrq", details, StringComparison.Ordinal);
        Assert.Contains($"/Cases/Erase/{id}", details, StringComparison.Ordinal);

        var withoutReason = await PageRenderingTests.PostFormAsync(client, $"/Cases/Erase/{id}", new() { ["ErasureReason"] = "" });
        Assert.Equal(HttpStatusCode.OK, withoutReason.StatusCode);
        var confirmed = await PageRenderingTests.PostFormAsync(client, $"/Cases/Erase/{id}", new() { ["ErasureReason"] = "request of 2026-06-01" });

        Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
        var after = await client.GetStringAsync($"/Cases/Details/{id}", ct);
        Assert.DoesNotContain("Zyxwvutsrq", after, StringComparison.Ordinal);
        Assert.Contains("was erased on", after, StringComparison.Ordinal);
        Assert.DoesNotContain($"/Cases/Erase/{id}", after, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DetailsPage_MasterKeyNotConfigured_RevealExplainsWhichKey()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await TestApp.StartAsync(DatabaseProvider.Sqlite);
        var user = await app.AddUserAsync("page-worker", "Synthetic NGO", Roles.CaseWorker);
        Guid id;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            id = (await scope.ServiceProvider.GetRequiredService<CaseService>()
                .CreateAsync(ProtectionTestData.Distinctive(), user.OrganisationId, CaseViewer.LocalOperator, ct)).Value!.Id;
        }
        await using (var db = app.NewContext())
        {
            await db.PersonKeys.ExecuteUpdateAsync(s => s.SetProperty(k => k.KekId, "retired-2024"), ct);
        }
        var client = await PageRenderingTests.SignedInClientAsync(app, user, "en");

        var details = await client.GetAsync($"/Cases/Details/{id}", ct);
        var reveal = await PageRenderingTests.PostFormAsync(client, $"/Cases/Details/{id}?handler=Reveal", new() { ["RevealReason"] = "preparing a referral" });

        Assert.Equal(HttpStatusCode.OK, details.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, reveal.StatusCode);
        Assert.Contains("retired-2024", await reveal.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
    }
}
