using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Ariadne.Core.Audit;
using Ariadne.Core.Data;
using Ariadne.Core.Referral.National;
using Ariadne.Core.Users;
using Ariadne.Tests.Infrastructure;
using Ariadne.Tests.Pages;
using Microsoft.EntityFrameworkCore;

namespace Ariadne.Tests.Admin;

/// <summary>
/// Organisation administration through the API and the pages (one Core service behind both): create, change type and
/// country, the services offered with their capacity, every invalid field named, audited, in English and German.
/// </summary>
public sealed class OrganisationAdministrationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private sealed record OrganisationJson(Guid Id, string Name, string Type, string? CountryCode);

    private sealed record OfferJson(string Service, int? Capacity);

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Api_Create_ChangeTypeAndCountry_SetServices_InvalidFieldsNamed_NothingStored_Audited(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        var client = await app.BearerClientAsync(await app.AddUserAsync("org-admin", "Administration Office", Roles.Administrator));

        var created = await client.PostAsJsonAsync("/api/v1/organisations", new { name = "Harbour North", type = "ngo", countryCode = "de" }, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var organisation = (await created.Content.ReadFromJsonAsync<OrganisationJson>(Json, Ct))!;
        Assert.Equal(("ngo", "DE"), (organisation.Type, organisation.CountryCode));

        var changed = await client.PutAsJsonAsync($"/api/v1/organisations/{organisation.Id}", new { name = "Harbour North", type = "shelter", countryCode = "AT" }, Ct);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Equal(("shelter", "AT"), (await changed.Content.ReadFromJsonAsync<OrganisationJson>(Json, Ct))! is var c ? (c.Type, c.CountryCode) : default);

        var offers = await client.PutAsJsonAsync($"/api/v1/organisations/{organisation.Id}/services",
            new[] { new { service = "safe-accommodation", capacity = (int?)12 }, new { service = "medical", capacity = (int?)null } }, Ct);
        Assert.Equal(HttpStatusCode.OK, offers.StatusCode);
        var listed = (await client.GetFromJsonAsync<OfferJson[]>($"/api/v1/organisations/{organisation.Id}/services", Json, Ct))!;
        Assert.Equal([new OfferJson("medical", null), new OfferJson("safe-accommodation", 12)], listed);

        var invalid = await client.PostAsJsonAsync("/api/v1/organisations", new { name = "", type = "castle", countryCode = "XX" }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Equal("application/problem+json", invalid.Content.Headers.ContentType?.MediaType);
        var errors = (await invalid.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors");
        Assert.True(errors.TryGetProperty("name", out _) && errors.TryGetProperty("type", out _) && errors.TryGetProperty("countryCode", out _), errors.ToString());

        var invalidOffer = await client.PutAsJsonAsync($"/api/v1/organisations/{organisation.Id}/services",
            new[] { new { service = "medical", capacity = (int?)(ServiceOfferAdministration.MaxCapacity + 1) } }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, invalidOffer.StatusCode);
        var offerErrors = (await invalidOffer.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors");
        Assert.Contains(offerErrors.EnumerateObject(), e => e.Name.Equals("capacity[0]", StringComparison.OrdinalIgnoreCase));

        var unknown = await client.PutAsJsonAsync($"/api/v1/organisations/{Guid.NewGuid()}", new { name = "Nowhere", type = "ngo" }, Ct);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);

        await using var db = app.NewContext();
        Assert.Equal(2, await db.Set<ServiceOffer>().CountAsync(o => o.OrganisationId == organisation.Id, Ct));
        Assert.False(await db.Organisations.AnyAsync(o => o.Type == "castle", Ct));
        Assert.Equal(3, await db.AuditEntries.CountAsync(e => e.Action == AuditActions.OrganisationChange && e.SubjectId == organisation.Id.ToString(), Ct));
    }

    [Theory]
    [InlineData("en", "Give the organisation's name.", "Choose the organisation's type.", "The capacity must be a whole number from 0 to 100000.")]
    [InlineData("de", "Geben Sie den Namen der Organisation an.", "Wählen Sie die Art der Organisation.", "Die Kapazität muss eine ganze Zahl von 0 bis 100000 sein.")]
    public async Task Pages_Create_Edit_Services_EachErrorNamesItsField(string culture, string nameMessage, string typeMessage, string capacityMessage)
    {
        await using var app = await TestApp.StartAsync(DatabaseProvider.Sqlite);
        var admin = await app.AddUserAsync("org-pages", "Administration Office", Roles.Administrator);
        var client = await PageRenderingTests.SignedInClientAsync(app, admin, culture);

        var invalid = await PageRenderingTests.PostFormAsync(client, "/Admin/Organisations", new() { ["Input.Name"] = "", ["Input.Type"] = "", ["Input.CountryCode"] = "XX" });
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var refused = PageRenderingTests.Parser.ParseDocument(await invalid.Content.ReadAsStringAsync(Ct));
        Assert.NotNull(refused.QuerySelector("#Input_Name-error"));
        Assert.NotNull(refused.QuerySelector("#Input_Type-error"));
        Assert.NotNull(refused.QuerySelector("#Input_CountryCode-error"));
        // The summary at the top names each field: a bare "Enter a value." twice would not say which.
        var summary = refused.QuerySelector(".error-summary")!.TextContent;
        Assert.Contains(nameMessage, summary, StringComparison.Ordinal);
        Assert.Contains(typeMessage, summary, StringComparison.Ordinal);

        var created = await PageRenderingTests.PostFormAsync(client, "/Admin/Organisations", new() { ["Input.Name"] = "Page Shelter", ["Input.Type"] = "ngo", ["Input.CountryCode"] = "" });
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var edit = created.Headers.Location!.OriginalString;
        Assert.StartsWith("/Admin/Organisations/Edit/", edit, StringComparison.Ordinal);

        var saved = await PageRenderingTests.PostFormAsync(client, edit, new() { ["Input.Name"] = "Page Shelter", ["Input.Type"] = "shelter", ["Input.CountryCode"] = "AT" }, edit + "?handler=Save");
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var page = PageRenderingTests.Parser.ParseDocument(await client.GetStringAsync(edit, Ct));
        Assert.Equal("shelter", page.QuerySelector("#Input_Type option[selected]")!.GetAttribute("value"));
        Assert.Equal("AT", page.QuerySelector("#Input_CountryCode option[selected]")!.GetAttribute("value"));

        // A capacity Core refuses is shown next to that service's capacity field, in the user's language.
        var tooMany = await PageRenderingTests.PostFormAsync(client, edit,
            new() { ["Services"] = "safe-accommodation", ["Capacity[safe-accommodation]"] = "100001" }, edit + "?handler=Services");
        Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);
        var tooManyPage = PageRenderingTests.Parser.ParseDocument(await tooMany.Content.ReadAsStringAsync(Ct));
        Assert.Contains(capacityMessage, tooManyPage.GetElementById("Capacity[safe-accommodation]-error")?.TextContent ?? "(no error at the field)", StringComparison.Ordinal);

        var offered = await PageRenderingTests.PostFormAsync(client, edit,
            new() { ["Services"] = "safe-accommodation", ["Capacity[safe-accommodation]"] = "8" }, edit + "?handler=Services");
        Assert.Equal(HttpStatusCode.Redirect, offered.StatusCode);
        await using var db = app.NewContext();
        var id = Guid.Parse(edit.Split('/')[^1]);
        Assert.Equal(8, (await db.Set<ServiceOffer>().SingleAsync(o => o.OrganisationId == id, Ct)).Capacity);
    }
}
