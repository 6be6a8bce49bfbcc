using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Xml.Linq;
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

        // goAML: an alert of a rule the generic profile maps to an indicator, downloaded as XML with every alert transaction.
        string[] mapped = ["R1", "R2", "R4", "R7", "R8", "R9", "R13", "R16", "fan_out", "cycle", "scatter_gather", "gather_scatter"];
        var all = await client.GetFromJsonAsync<JsonElement>("/api/v1/finance/alerts?pageSize=200", ct);
        var reportable = all.GetProperty("items").EnumerateArray()
            .First(a => mapped.Contains(a.GetProperty("rule").GetString()) || mapped.Contains(a.GetProperty("typology").GetString()));
        var reportableId = reportable.GetProperty("id").GetGuid();
        var view = await client.GetFromJsonAsync<JsonElement>($"/api/v1/finance/alerts/{reportableId}", ct);
        var header = new { rentityId = 4711, reportCode = "SAR", currencyCodeLocal = "EUR", institutionName = "Synthetic Bank AG", address = "Musterstrasse 1", city = "Musterstadt", countryCode = "DE" };
        var goaml = await client.PostAsJsonAsync($"/api/v1/finance/alerts/{reportableId}/goaml", header, ct);
        Assert.Equal(HttpStatusCode.OK, goaml.StatusCode);
        Assert.Equal("application/xml", goaml.Content.Headers.ContentType?.MediaType);
        Assert.Equal($"str-{reportable.GetProperty("code").GetString()}.xml", goaml.Content.Headers.ContentDisposition?.FileNameStar ?? goaml.Content.Headers.ContentDisposition?.FileName);
        var xml = XDocument.Parse(await goaml.Content.ReadAsStringAsync(ct));
        Assert.Equal("SAR", xml.Root!.Element("report_code")?.Value);
        Assert.Equal("api-investigator", xml.Root.Element("reporting_person")?.Element("last_name")?.Value);
        var numbers = xml.Root.Elements("transaction").Select(t => t.Element("transactionnumber")!.Value).ToHashSet();
        var expected = view.GetProperty("transactions").EnumerateArray().Select(t => t.GetProperty("externalId").GetInt64().ToString(CultureInfo.InvariantCulture)).ToList();
        Assert.NotEmpty(expected);
        Assert.All(expected, n => Assert.Contains(n, numbers));
        var invalid = await client.PostAsJsonAsync($"/api/v1/finance/alerts/{reportableId}/goaml", header with { rentityId = 0, countryCode = "" }, ct);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var problems = await invalid.Content.ReadAsStringAsync(ct);
        Assert.Contains("report/rentity_id", problems, StringComparison.Ordinal);
        Assert.Contains("report/location/country_code", problems, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsJsonAsync($"/api/v1/finance/alerts/{Guid.NewGuid()}/goaml", header, ct)).StatusCode);
    }
}
