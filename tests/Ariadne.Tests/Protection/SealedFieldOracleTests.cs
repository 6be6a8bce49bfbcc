using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Ariadne.Core.Audit;
using Ariadne.Core.Cases;
using Ariadne.Core.Data;
using Ariadne.Core.Users;
using Ariadne.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Ariadne.Tests.Protection;

/// <summary>
/// Sealed fields cannot be read through side channels: validation answers carry no value derived from them, and the
/// blind-index lookup is audited and rationed.
/// </summary>
public sealed class SealedFieldOracleTests
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    /// <summary>
    /// The attack of security finding 2: a colleague without a reveal sends edits with an impossible age and chosen
    /// identification dates; each answer used to say "…which gives 34", and a binary search found the date of birth.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Update_ChosenIdentificationDatesWithoutReveal_AnswersIdenticalNoAgeAndEachAudited(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await TestApp.StartAsync(provider);
        var author = await app.ClientAsAsync("author", "NGO A", Roles.CaseWorker);
        var created = (await (await author.PostAsJsonAsync("/api/v1/cases", ProtectionTestData.Distinctive() with { AgeAtExploitationStart = null }, Json, ct))
            .Content.ReadFromJsonAsync<CaseDto>(Json, ct))!;
        var colleague = await app.ClientAsAsync("colleague", "NGO A", Roles.CaseWorker);
        var hidden = (await colleague.GetFromJsonAsync<CaseDto>($"/api/v1/cases/{created.Id}", Json, ct))!;
        Assert.Null(hidden.DateOfBirth);

        // Born 1991-07-23: these dates give 33, 34, 28 and 30; the impossible age 90 contradicts each of them.
        DateOnly[] chosen = [new(2025, 7, 22), new(2025, 7, 23), new(2020, 1, 1), new(2021, 12, 31)];
        var answers = new List<string>();
        foreach (var date in chosen)
        {
            var put = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/cases/{created.Id}")
            {
                Content = JsonContent.Create(hidden.ToInput() with { AgeAtIdentification = 90, IdentificationDate = date }, options: Json),
            };
            put.Headers.IfMatch.Add(new("\"1\""));
            var response = await colleague.SendAsync(put, ct);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var errors = JsonNode.Parse(await response.Content.ReadAsStringAsync(ct))!["errors"]!.ToJsonString();
            answers.Add(errors);
        }

        Assert.Single(answers.Distinct(StringComparer.Ordinal));
        Assert.Contains("ageAtIdentification", answers[0], StringComparison.Ordinal);
        foreach (var age in new[] { "33", "34", "28", "30" })
        {
            Assert.DoesNotContain(age, answers[0], StringComparison.Ordinal);
        }
        await using var db = app.NewContext();
        var refusals = await db.AuditEntries.AsNoTracking()
            .Where(e => e.Action == AuditActions.CaseUpdate && e.Outcome == AuditOutcomes.Failed && e.SubjectId == created.Id.ToString()).ToListAsync(ct);
        Assert.Equal(chosen.Length, refusals.Count);
        Assert.All(refusals, e => Assert.Contains("AgeAtIdentification:Contradiction", e.Details, StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_AgeRulesAgainstADateOfBirth_MessagesAndArgumentsCarryNoDerivedAge()
    {
        var born = new DateOnly(1991, 7, 23);
        var input = Cases.CaseApiTests.ValidInput() with
        {
            DateOfBirth = born,
            IdentificationDate = new DateOnly(2025, 7, 23),
            AgeAtIdentification = null,
            AgeAtExploitationStart = 40,
            MinorAtIdentification = true,
        };

        var errors = CaseRules.Validate(input, Core.CodeLists.CodeListRegistry.Default, new DateOnly(2026, 1, 1));
        var mismatch = CaseRules.Validate(input with { AgeAtIdentification = 90, AgeAtExploitationStart = null, MinorAtIdentification = null },
            Core.CodeLists.CodeListRegistry.Default, new DateOnly(2026, 1, 1));

        Assert.Contains(errors, e => e.Field == nameof(CaseInput.MinorAtIdentification));
        Assert.Contains(errors, e => e.Field == nameof(CaseInput.AgeAtExploitationStart));
        Assert.Contains(mismatch, e => e.Field == nameof(CaseInput.AgeAtIdentification));
        foreach (var error in errors.Concat(mismatch))
        {
            Assert.DoesNotContain("34", error.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(error.Arguments, a => a is 34);
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Lookup_EachAuditedWithoutValues_BurstRefusedWith429(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await TestApp.StartAsync(provider, settings: new Dictionary<string, string?> { ["RateLimits:PersonLookupPerMinute"] = "3" });
        var client = await app.ClientAsAsync("worker", "NGO A", Roles.CaseWorker);
        await client.PostAsJsonAsync("/api/v1/cases", ProtectionTestData.Distinctive(), Json, ct);

        var statuses = new List<HttpStatusCode>();
        foreach (var query in new[]
        {
            "?familyName=Qponmlkjih&givenName=Zyxwvutsrq&dateOfBirth=1991-07-23",
            "?documentType=passport&documentNumber=QX-98765432",
            "?familyName=Qponmlkjih&givenName=Zyxwvutsrq&dateOfBirth=1991-07-24",
            "?documentType=passport&documentNumber=QX-98765432",
            "?documentType=passport&documentNumber=QX-98765432",
        })
        {
            statuses.Add((await client.GetAsync("/api/v1/persons/lookup" + query, ct)).StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
        await using var db = app.NewContext();
        var lookups = await db.AuditEntries.AsNoTracking().Where(e => e.Action == AuditActions.PersonLookup).OrderBy(e => e.Sequence).ToListAsync(ct);
        Assert.Equal(3, lookups.Count);
        Assert.All(lookups, e => Assert.Equal("worker", e.ActorName));
        Assert.All(lookups, e => Assert.Equal(AuditOutcomes.Success, e.Outcome));
        Assert.Contains("\"matches\":\"1\"", lookups[0].Details, StringComparison.Ordinal);
        Assert.Contains("\"matches\":\"1\"", lookups[1].Details, StringComparison.Ordinal);
        Assert.Contains("\"matches\":\"0\"", lookups[2].Details, StringComparison.Ordinal);
        Assert.Empty(ProtectionTestData.Find(System.Text.Encoding.UTF8.GetBytes(string.Join("|", lookups.Select(e => e.Details + e.Reason))), ProtectionTestData.Secrets));
    }
}
