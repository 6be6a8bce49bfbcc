using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Ariadne.Core.Cases;
using Ariadne.Core.Consent;
using Ariadne.Core.Data;
using Ariadne.Core.Users;
using Ariadne.Tests.Cases;
using Ariadne.Tests.Infrastructure;

namespace Ariadne.Tests.Consent;

public sealed class ConsentApiTests
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Consent_RecordCheckWithdraw_GateFollowsTheRecord(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        var client = await app.ClientAsAsync("worker", "NGO A", Roles.CaseWorker);
        var shelter = await app.AddUserAsync("shelter-worker", "Synthetic Shelter", Roles.CaseWorker);
        var created = await (await client.PostAsJsonAsync("/api/v1/cases", CaseApiTests.ValidInput(), Json, TestContext.Current.CancellationToken))
            .Content.ReadFromJsonAsync<CaseDto>(Json, TestContext.Current.CancellationToken);
        var consents = $"/api/v1/cases/{created!.Id}/consents";
        var referralCheck = $"{consents}/check?purpose=Referral&recipientOrganisationId={shelter.OrganisationId}";

        Assert.False((await client.GetFromJsonAsync<ConsentDecision>(referralCheck, Json, TestContext.Current.CancellationToken))!.Allowed);

        var recorded = await client.PostAsJsonAsync(consents,
            new ConsentInput(ConsentPurpose.Referral, shelter.OrganisationId, new DateOnly(2026, 6, 1), ConsentMethod.Written, "Information sheet read with an interpreter"),
            Json, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Created, recorded.StatusCode);
        var record = await recorded.Content.ReadFromJsonAsync<ConsentRecord>(Json, TestContext.Current.CancellationToken);
        Assert.True((await client.GetFromJsonAsync<ConsentDecision>(referralCheck, Json, TestContext.Current.CancellationToken))!.Allowed);

        var withdrawn = await client.PostAsJsonAsync($"{consents}/{record!.Id}/withdraw", new { withdrawnOn = "2026-06-15", note = "Changed mind" }, Json, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, withdrawn.StatusCode);
        Assert.False((await client.GetFromJsonAsync<ConsentDecision>(referralCheck, Json, TestContext.Current.CancellationToken))!.Allowed);

        var again = await client.PostAsJsonAsync($"{consents}/{record.Id}/withdraw", new { }, Json, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        var list = await client.GetFromJsonAsync<List<ConsentRecord>>(consents, Json, TestContext.Current.CancellationToken);
        Assert.Equal(new DateOnly(2026, 6, 15), Assert.Single(list!).WithdrawnOn);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Consent_InvalidInput_NamesTheFields(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        var client = await app.ClientAsAsync("worker", "NGO A", Roles.CaseWorker);
        var created = await (await client.PostAsJsonAsync("/api/v1/cases", CaseApiTests.ValidInput(), Json, TestContext.Current.CancellationToken))
            .Content.ReadFromJsonAsync<CaseDto>(Json, TestContext.Current.CancellationToken);

        var response = await client.PostAsJsonAsync($"/api/v1/cases/{created!.Id}/consents",
            new ConsentInput(ConsentPurpose.Referral, null, new DateOnly(2027, 1, 1), ConsentMethod.Oral, null), Json, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("errors");
        Assert.True(errors.TryGetProperty("givenOn", out _));
        Assert.True(errors.TryGetProperty("recipientOrganisationId", out _));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Consent_CaseOfAnotherOrganisation_404(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        var owner = await app.ClientAsAsync("worker-a", "NGO A", Roles.CaseWorker);
        var stranger = await app.ClientAsAsync("worker-b", "NGO B", Roles.CaseWorker);
        var created = await (await owner.PostAsJsonAsync("/api/v1/cases", CaseApiTests.ValidInput(), Json, TestContext.Current.CancellationToken))
            .Content.ReadFromJsonAsync<CaseDto>(Json, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/api/v1/cases/{created!.Id}/consents", TestContext.Current.CancellationToken)).StatusCode);
        var post = await stranger.PostAsJsonAsync($"/api/v1/cases/{created.Id}/consents",
            new ConsentInput(ConsentPurpose.Contact, null, new DateOnly(2026, 6, 1), ConsentMethod.Oral, null), Json, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
    }
}
