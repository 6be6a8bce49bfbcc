using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Ariadne.Analytics.Finance;
using Ariadne.Core.Data;
using Ariadne.Core.Finance;
using Ariadne.Core.Users;
using Ariadne.Tests.Infrastructure;

namespace Ariadne.Tests.Finance;

/// <summary>
/// <c>/api/v1/finance/lists</c> and <c>/api/v1/finance/settings</c> as a financial investigator, on one app: a bad list
/// refused as RFC 7807 naming file and line, an ad-identifier list without a legal basis refused, then stored, the
/// settings refused naming the field and then changed, and the analysis job raising R19 for the listed holder; the
/// settings' versions, one version's changes and an older version used again; the list retired (a reason required). The other
/// roles' refusals are rows of <c>AuthorisationMatrixTests</c>.
/// </summary>
public sealed class FinanceRuleListApiTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("ariadne-finlists-api-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Investigator_UploadsListsChangesSettings_AnalysisRaisesR19()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await TestApp.StartAsync(DatabaseProvider.Sqlite);
        var client = await app.ClientAsAsync("api-list-investigator", "Synthetic FIU", Roles.FinancialInvestigator);
        var data = FinanceGenerator.Generate(300, 3000, 9);
        FinanceFiles.WriteGenerated(_folder, data);
        var generated = FinancePartyGenerator.Generate([.. data.Accounts.Select(a => a.Id)], 9, 1, 0);
        var parties = Path.Combine(_folder, FinancePartyGenerator.FileName);
        FinancePartyGenerator.Write(parties, generated.Parties);
        var upload = new MultipartFormDataContent { { new StringContent("API export"), "name" }, { new StringContent("amlsim"), "format" } };
        upload.Add(new ByteArrayContent(File.ReadAllBytes(Path.Combine(_folder, FinanceFiles.TransactionsFile))), "transactions", "transactions.csv");
        upload.Add(new ByteArrayContent(File.ReadAllBytes(Path.Combine(_folder, FinanceFiles.AccountsFile))), "accounts", "accounts.csv");
        upload.Add(new ByteArrayContent(File.ReadAllBytes(parties)), "parties", "parties.csv");
        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsync("/api/v1/finance/datasets", upload, ct)).StatusCode);
        Assert.Equal(1, await app.RunJobsAsync());
        var imported = (await client.GetFromJsonAsync<JsonElement>("/api/v1/finance/datasets", ct)).EnumerateArray().Single();
        Assert.Equal("Imported", imported.GetProperty("state").GetString());
        var dataset = imported.GetProperty("id").GetGuid();

        MultipartFormDataContent List(string kind, string text, string? legalBasis)
        {
            var form = new MultipartFormDataContent { { new StringContent("API ads"), "name" }, { new StringContent(kind), "kind" }, { new StringContent("Synthetic OSINT unit"), "source" } };
            if (legalBasis is not null)
            {
                form.Add(new StringContent(legalBasis), "legalBasis");
            }
            form.Add(new ByteArrayContent(Encoding.UTF8.GetBytes(text)), "file", "ads.csv");
            return form;
        }
        var holder = generated.Parties[42];
        var refused = await client.PostAsync("/api/v1/finance/lists", List(FinanceRuleLists.AdIdentifiers, $"identifier\n{holder.Phone}\n{holder.Phone}\n", "Synthetic Act § 1"), ct);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Contains("ads.csv, line 3, column entry: listed twice (first on line 2)", await refused.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        var noBasis = await client.PostAsync("/api/v1/finance/lists", List(FinanceRuleLists.AdIdentifiers, $"{holder.Phone}\n", null), ct);
        Assert.Contains("legalBasis", await noBasis.Content.ReadAsStringAsync(ct), StringComparison.OrdinalIgnoreCase);

        var created = await client.PostAsync("/api/v1/finance/lists", List(FinanceRuleLists.AdIdentifiers, $"identifier\n{holder.Phone}\n", "Synthetic Act § 1"), ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var list = await created.Content.ReadFromJsonAsync<JsonElement>(ct);
        Assert.Equal((1, 1), (list.GetProperty("version").GetInt32(), list.GetProperty("entries").GetInt32()));
        var detail = await client.GetFromJsonAsync<JsonElement>(created.Headers.Location!.ToString(), ct);
        Assert.Equal(0, detail.GetProperty("entries").GetArrayLength());
        Assert.Single((await client.GetFromJsonAsync<JsonElement>("/api/v1/finance/lists", ct)).EnumerateArray());

        var bad = await client.PutAsJsonAsync("/api/v1/finance/settings", new { json = """{ "weights": { "R19": 2 } }""" }, ct);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.True((await bad.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("errors").TryGetProperty("weights.R19", out _));
        var good = await client.PutAsJsonAsync("/api/v1/finance/settings", new { json = """{ "weights": { "R19": 0.7 } }""" }, ct);
        Assert.Equal(HttpStatusCode.OK, good.StatusCode);
        Assert.Equal(1, (await client.GetFromJsonAsync<JsonElement>("/api/v1/finance/settings", ct)).GetProperty("version").GetInt32());

        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsync($"/api/v1/finance/datasets/{dataset}/analyse", null, ct)).StatusCode);
        Assert.Equal(1, await app.RunJobsAsync());
        var alert = (await client.GetFromJsonAsync<JsonElement>("/api/v1/finance/alerts?rule=R19", ct)).GetProperty("items").EnumerateArray().Single();
        Assert.Equal(0.7, alert.GetProperty("score").GetDouble(), 3);
        var view = await client.GetFromJsonAsync<JsonElement>($"/api/v1/finance/alerts/{alert.GetProperty("id").GetGuid()}", ct);
        Assert.Contains("ad-identifier list 'API ads' (version 1; source: Synthetic OSINT unit; legal basis: Synthetic Act § 1)", view.GetProperty("explanation").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(FinanceService.NormalisePhone(holder.Phone)!, view.GetRawText(), StringComparison.Ordinal);

        // The settings' history: versions, one version with its changes, an older version used again as a new one.
        Assert.Equal(HttpStatusCode.OK, (await client.PutAsJsonAsync("/api/v1/finance/settings", new { json = """{ "weights": { "R19": 0.8 } }""" }, ct)).StatusCode);
        var versions = await client.GetFromJsonAsync<JsonElement>("/api/v1/finance/settings/versions", ct);
        Assert.Equal([2, 1], versions.EnumerateArray().Select(v => v.GetProperty("version").GetInt32()));
        var second = await client.GetFromJsonAsync<JsonElement>("/api/v1/finance/settings/versions/2", ct);
        var change = second.GetProperty("changes").EnumerateArray().Single();
        Assert.Equal(("weights.R19", "0.7", "0.8"), (change.GetProperty("field").GetString(), change.GetProperty("before").GetString(), change.GetProperty("after").GetString()));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/v1/finance/settings/versions/7", ct)).StatusCode);
        var restored = await client.PostAsync("/api/v1/finance/settings/versions/1/restore", null, ct);
        Assert.Equal(HttpStatusCode.OK, restored.StatusCode);
        Assert.Equal(3, (await restored.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("version").GetInt32());

        // Retiring the list: a reason required (named), then retired; the list shows when and why.
        var listId = list.GetProperty("id").GetGuid();
        var noReason = await client.PostAsJsonAsync($"/api/v1/finance/lists/{listId}/retire", new { reason = "" }, ct);
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Contains((await noReason.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("errors").EnumerateObject(), e => e.Name.Equals("RetireReason", StringComparison.OrdinalIgnoreCase));
        var retired = await client.PostAsJsonAsync($"/api/v1/finance/lists/{listId}/retire", new { reason = "The source withdrew the scrape" }, ct);
        Assert.Equal(HttpStatusCode.OK, retired.StatusCode);
        var shown = (await client.GetFromJsonAsync<JsonElement>($"/api/v1/finance/lists/{listId}", ct)).GetProperty("current");
        Assert.Equal("The source withdrew the scrape", shown.GetProperty("retiredReason").GetString());
        Assert.NotEqual(JsonValueKind.Null, shown.GetProperty("retiredAtUtc").ValueKind);
    }
}
