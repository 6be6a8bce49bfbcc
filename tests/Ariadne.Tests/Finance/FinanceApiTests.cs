using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Ariadne.Analytics.Finance;
using Ariadne.Core.Data;
using Ariadne.Core.Finance;
using Ariadne.Core.Users;
using Ariadne.Tests.Infrastructure;

namespace Ariadne.Tests.Finance;

/// <summary>
/// <c>/api/v1/finance</c> as a financial investigator, on one app: upload (parties sealed in the request, transactions as a
/// job), analysis as a job, the queue, one alert with its network, assignment, disposition and the report. The other roles'
/// refusals are rows of <c>AuthorisationMatrixTests</c>.
/// </summary>
public sealed class FinanceApiTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("ariadne-finapi-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Investigator_UploadAnalyseWorkReport_ThroughTheApiAndJobs()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await TestApp.StartAsync(DatabaseProvider.Sqlite);
        var client = await app.ClientAsAsync("api-investigator", "Synthetic FIU", Roles.FinancialInvestigator);
        var data = FinanceGenerator.Generate(300, 3000, 9);
        FinanceFiles.WriteGenerated(_folder, data);
        var parties = Path.Combine(_folder, FinancePartyGenerator.FileName);
        FinancePartyGenerator.Write(parties, FinancePartyGenerator.Generate([.. data.Accounts.Select(a => a.Id)], 9, 1).Parties);

        MultipartFormDataContent Form(string format)
        {
            var form = new MultipartFormDataContent { { new StringContent("API export"), "name" }, { new StringContent(format), "format" } };
            form.Add(new ByteArrayContent(File.ReadAllBytes(Path.Combine(_folder, FinanceFiles.TransactionsFile))), "transactions", "transactions.csv");
            form.Add(new ByteArrayContent(File.ReadAllBytes(Path.Combine(_folder, FinanceFiles.AccountsFile))), "accounts", "accounts.csv");
            form.Add(new ByteArrayContent(File.ReadAllBytes(parties)), "parties", "parties.csv");
            return form;
        }

        var refused = await client.PostAsync("/api/v1/finance/datasets", Form("csv"), ct);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("format", await refused.Content.ReadAsStringAsync(ct), StringComparison.OrdinalIgnoreCase);

        var upload = await client.PostAsync("/api/v1/finance/datasets", Form("amlsim"), ct);
        Assert.Equal(HttpStatusCode.Accepted, upload.StatusCode);
        Assert.Equal(1, await app.RunJobsAsync());
        var datasets = await client.GetFromJsonAsync<JsonElement>("/api/v1/finance/datasets", ct);
        var dataset = Assert.Single(datasets.EnumerateArray().ToList());
        Assert.Equal(("Imported", 3000, 300), (dataset.GetProperty("state").GetString(), dataset.GetProperty("transactions").GetInt32(), dataset.GetProperty("parties").GetInt32()));
        var id = dataset.GetProperty("id").GetGuid();

        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsync($"/api/v1/finance/datasets/{id}/analyse", null, ct)).StatusCode);
        Assert.Equal(1, await app.RunJobsAsync());
        var queue = await client.GetFromJsonAsync<JsonElement>("/api/v1/finance/alerts?rule=R6", ct);
        var alert = Assert.Single(queue.GetProperty("items").EnumerateArray().ToList()).GetProperty("id").GetGuid();
        var network = await client.GetFromJsonAsync<JsonElement>($"/api/v1/finance/alerts/{alert}/network", ct);
        Assert.Equal(3, network.GetProperty("nodes").EnumerateArray().Count(n => n.GetProperty("inAlert").GetBoolean()));
        Assert.DoesNotContain("Synthetic Lane", network.GetRawText(), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync($"/api/v1/finance/alerts/{alert}/assign", new { }, ct)).StatusCode);
        var disposed = await client.PostAsJsonAsync($"/api/v1/finance/alerts/{alert}/dispose", new { disposition = "TruePositive", note = "api test" }, ct);
        Assert.Equal(HttpStatusCode.OK, disposed.StatusCode);
        var report = await client.GetFromJsonAsync<JsonElement>("/api/v1/finance/report", ct);
        Assert.Equal(1.0, report.GetProperty("overall").GetProperty("precision").GetDouble());
    }
}
