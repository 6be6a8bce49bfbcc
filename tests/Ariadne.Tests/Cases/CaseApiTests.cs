using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Ariadne.Core.Cases;
using Ariadne.Core.Common;
using Ariadne.Core.Data;
using Ariadne.Core.Users;
using Ariadne.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Ariadne.Tests.Cases;

public sealed class CaseApiTests
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    internal static CaseInput ValidInput(string? caseCode = null) => new()
    {
        CaseCode = caseCode,
        GivenName = "Synthetic",
        FamilyName = "Person",
        Sex = "female",
        DateOfBirth = new DateOnly(2000, 3, 1),
        Citizenships = ["NG"],
        IdentificationDate = new DateOnly(2026, 5, 2),
        TraffickingStatus = "possible",
        DetectingOrganisationType = "ngo",
        CountryOfExploitation = "DE",
        AgeAtExploitationStart = 22,
        ExploitationForms = ["sexual-exploitation"],
        MeansOfControl = ["debt-bondage", "withholds-documents"],
    };

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Create_ValidInput_StoredAndReadBackWithDerivedFields(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        var client = await app.ClientAsAsync("worker", "NGO A", Roles.CaseWorker);

        var created = await client.PostAsJsonAsync("/api/v1/cases", ValidInput(), Json, TestContext.Current.CancellationToken);
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        var dto = await created.Content.ReadFromJsonAsync<CaseDto>(Json, TestContext.Current.CancellationToken);
        Assert.NotNull(dto);
        Assert.Matches("^C-", dto.CaseCode);
        Assert.Equal(26, dto.AgeAtIdentification);
        Assert.Equal(AgeGroup.Adult, dto.AgeGroup);
        Assert.Equal(Transnationality.Transnational, dto.Transnationality);
        Assert.Equal(2000, dto.YearOfBirth);

        var read = await client.GetAsync(created.Headers.Location, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal("\"1\"", read.Headers.ETag?.Tag);
        var again = await read.Content.ReadFromJsonAsync<CaseDto>(Json, TestContext.Current.CancellationToken);
        Assert.Equal(["debt-bondage", "withholds-documents"], again!.MeansOfControl);
        Assert.Equal(new DateOnly(2000, 3, 1), again.DateOfBirth);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Create_InvalidFields_ProblemDetailsNameEachFieldAndNothingStored(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        var client = await app.ClientAsAsync("worker", "NGO A", Roles.CaseWorker);
        var input = ValidInput() with
        {
            Sex = "robot",
            IdentificationDate = new DateOnly(2027, 1, 1),
            Citizenships = ["XX"],
            GivenName = new string('a', CaseRules.MaxNameLength + 1),
        };

        var response = await client.PostAsJsonAsync("/api/v1/cases", input, Json, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        var errors = problem.GetProperty("errors");
        Assert.Contains("robot", errors.GetProperty("sex")[0].GetString(), StringComparison.Ordinal);
        Assert.Contains("future", errors.GetProperty("identificationDate")[0].GetString(), StringComparison.Ordinal);
        Assert.Contains("XX", errors.GetProperty("citizenships")[0].GetString(), StringComparison.Ordinal);
        Assert.True(errors.TryGetProperty("givenName", out _));
        await using var db = app.NewContext();
        Assert.Equal(0, db.Cases.Count());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Update_StaleVersion_409AndNothingOverwritten(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        var client = await app.ClientAsAsync("worker", "NGO A", Roles.CaseWorker);
        var created = await (await client.PostAsJsonAsync("/api/v1/cases", ValidInput(), Json, TestContext.Current.CancellationToken))
            .Content.ReadFromJsonAsync<CaseDto>(Json, TestContext.Current.CancellationToken);

        var first = await PutAsync(client, created!.Id, created.ToInput() with { Narrative = "first edit" }, "\"1\"");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("\"2\"", first.Headers.ETag?.Tag);

        var stale = await PutAsync(client, created.Id, created.ToInput() with { Narrative = "stale edit" }, "\"1\"");
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        var problem = await stale.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Equal(2, problem.GetProperty("currentVersion").GetInt32());

        var current = await client.GetFromJsonAsync<CaseDto>($"/api/v1/cases/{created.Id}", Json, TestContext.Current.CancellationToken);
        Assert.Equal("first edit", current!.Narrative);
        Assert.Equal(2, current.Version);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Update_WithoutIfMatch_428(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        var client = await app.ClientAsAsync("worker", "NGO A", Roles.CaseWorker);
        var created = await (await client.PostAsJsonAsync("/api/v1/cases", ValidInput(), Json, TestContext.Current.CancellationToken))
            .Content.ReadFromJsonAsync<CaseDto>(Json, TestContext.Current.CancellationToken);

        var response = await PutAsync(client, created!.Id, created.ToInput(), null);

        Assert.Equal(HttpStatusCode.PreconditionRequired, response.StatusCode);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Get_CaseOfAnotherOrganisation_404ForCaseWorkerAndVisibleToCoordinator(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        var owner = await app.ClientAsAsync("worker-a", "NGO A", Roles.CaseWorker);
        var stranger = await app.ClientAsAsync("worker-b", "NGO B", Roles.CaseWorker);
        var coordinator = await app.ClientAsAsync("coordinator", "Coordination", Roles.Coordinator);
        var created = await (await owner.PostAsJsonAsync("/api/v1/cases", ValidInput(), Json, TestContext.Current.CancellationToken))
            .Content.ReadFromJsonAsync<CaseDto>(Json, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/api/v1/cases/{created!.Id}", TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await PutAsync(stranger, created.Id, created.ToInput(), "\"1\"")).StatusCode);
        var list = await stranger.GetFromJsonAsync<PagedResult<CaseSummary>>("/api/v1/cases", Json, TestContext.Current.CancellationToken);
        Assert.Equal(0, list!.TotalCount);
        Assert.Equal(HttpStatusCode.OK, (await coordinator.GetAsync($"/api/v1/cases/{created.Id}", TestContext.Current.CancellationToken)).StatusCode);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Endpoints_WithoutCaseRole_401Or403(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        var anonymous = app.AnonymousClient();
        var analyst = await app.ClientAsAsync("analyst", "Statistics Office", Roles.Analyst);

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/cases", TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await analyst.GetAsync("/api/v1/cases", TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await analyst.PostAsJsonAsync("/api/v1/cases", ValidInput(), Json, TestContext.Current.CancellationToken)).StatusCode);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task List_FiltersSortAndPages(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        var client = await app.ClientAsAsync("worker", "NGO A", Roles.CaseWorker);
        for (var i = 0; i < 12; i++)
        {
            var input = ValidInput() with
            {
                Sex = i % 3 == 0 ? "male" : "female",
                DateOfBirth = null,
                AgeAtIdentification = i % 2 == 0 ? 15 : 30,
                AgeAtExploitationStart = null,
                IdentificationDate = new DateOnly(2025, 1, 1).AddDays(i * 10),
                ExploitationForms = i % 4 == 0 ? ["forced-labour"] : ["sexual-exploitation", "forced-labour"],
                Citizenships = i % 2 == 0 ? ["RO"] : ["VN", "FR"],
            };
            var response = await client.PostAsJsonAsync("/api/v1/cases", input, Json, TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        }

        async Task<PagedResult<CaseSummary>> ListAsync(string query) =>
            (await client.GetFromJsonAsync<PagedResult<CaseSummary>>("/api/v1/cases?" + query, Json, TestContext.Current.CancellationToken))!;

        Assert.Equal(4, (await ListAsync("sex=male")).TotalCount);
        Assert.Equal(6, (await ListAsync("ageGroup=minor")).TotalCount);
        Assert.Equal(9, (await ListAsync("form=sexual-exploitation")).TotalCount);
        Assert.Equal(6, (await ListAsync("citizenship=FR")).TotalCount);
        Assert.Equal(3, (await ListAsync("identifiedFrom=2025-01-11&identifiedTo=2025-01-31")).TotalCount);
        Assert.Equal(2, (await ListAsync("sex=male&ageGroup=minor")).TotalCount);

        var page = await ListAsync("sort=identificationDate&desc=false&page=2&pageSize=5");
        Assert.Equal(12, page.TotalCount);
        Assert.Equal(3, page.PageCount);
        Assert.Equal(5, page.Items.Count);
        Assert.Equal(new DateOnly(2025, 2, 20), page.Items[0].IdentificationDate);
        Assert.True(page.Items.Zip(page.Items.Skip(1)).All(p => p.First.IdentificationDate <= p.Second.IdentificationDate));

        var code = page.Items[0].CaseCode;
        var found = await ListAsync("search=" + code[..6].ToLowerInvariant());
        Assert.Contains(found.Items, s => s.CaseCode == code);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task List_BadParameters_ProblemNamesEachParameter(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        var client = await app.ClientAsAsync("worker", "NGO A", Roles.CaseWorker);

        var response = await client.GetAsync("/api/v1/cases?sex=robot&identifiedFrom=2025-13-01&page=0&sort=name", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("errors");
        Assert.True(errors.TryGetProperty("sex", out _));
        Assert.True(errors.TryGetProperty("identifiedFrom", out _));
        Assert.True(errors.TryGetProperty("page", out _));
        Assert.True(errors.TryGetProperty("sort", out _));
    }

    [Fact]
    public async Task List_UserWithOneTimePassword_403UntilChanged()
    {
        await using var app = await TestApp.StartAsync(DatabaseProvider.Sqlite);
        await app.AddUserAsync("fresh", "NGO A", twoFactor: false, Roles.Coordinator);
        var client = app.AnonymousClient();
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<AppUser>>();
            var user = await users.FindByNameAsync("fresh");
            user!.MustChangePassword = true;
            await users.UpdateAsync(user);
        }
        var token = await app.AnonymousClient().PostAsJsonAsync("/api/v1/auth/token", new { userName = "fresh", password = TestApp.Password }, TestContext.Current.CancellationToken);
        var body = await token.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        client.DefaultRequestHeaders.Authorization = new("Bearer", body.GetProperty("accessToken").GetString());

        var response = await client.GetAsync("/api/v1/cases", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task OpenApiDocument_DescribesTheCaseEndpoints()
    {
        await using var app = await TestApp.StartAsync(DatabaseProvider.Sqlite);
        var document = await app.AnonymousClient().GetFromJsonAsync<JsonElement>("/openapi/v1.json", TestContext.Current.CancellationToken);
        var paths = document.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/v1/cases", out _));
        Assert.True(paths.TryGetProperty("/api/v1/cases/{id}", out _));
    }

    private static Task<HttpResponseMessage> PutAsync(HttpClient client, Guid id, CaseInput input, string? ifMatch)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/cases/{id}") { Content = JsonContent.Create(input, options: Json) };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }
        return client.SendAsync(request, TestContext.Current.CancellationToken);
    }
}
