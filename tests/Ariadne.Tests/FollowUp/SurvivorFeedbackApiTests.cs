using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Ariadne.Core.Audit;
using Ariadne.Core.Data;
using Ariadne.Core.FollowUp;
using Ariadne.Core.Users;
using Ariadne.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Ariadne.Tests.FollowUp;

/// <summary>
/// Survivor feedback (issue 18, item 4) on both databases: a case worker opens one-time codes through the API, survivors
/// answer or decline, the answers are stored apart from the case file and counted only after their month, and the
/// results leave only as disclosure-controlled counts (API and a computed indicator). The attack is written out: from
/// the stored rows nobody can tell which case, person, user or visit an answer came from, and the published table
/// hides small counts.
/// </summary>
public sealed partial class SurvivorFeedbackApiTests
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Answers_AreStoredUnlinkable_CountedAfterTheirMonth_AndPublishedWithSmallCountsHidden(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await TestApp.StartAsync(provider);
        var users = new[]
        {
            await app.AddUserAsync("sf-coordinator", "National Coordination", Roles.Coordinator),
            await app.AddUserAsync("sf-worker", "Shelter North", Roles.CaseWorker),
            await app.AddUserAsync("sf-analyst", "Rapporteur Office", Roles.Analyst),
        };
        var (coordinator, worker, analyst) = (await app.BearerClientAsync(users[0]), await app.BearerClientAsync(users[1]), await app.BearerClientAsync(users[2]));

        Assert.Equal(HttpStatusCode.Forbidden, (await analyst.PostAsync("/api/v1/followup/feedback/invitations", null, ct)).StatusCode);
        var codes = new List<string>();
        for (var i = 0; i < 12; i++)
        {
            var code = await Read<FeedbackCode>(await worker.PostAsync("/api/v1/followup/feedback/invitations", null, ct));
            Assert.Matches("^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$", code.Code);
            codes.Add(code.Code);
        }
        var instrument = await analyst.GetFromJsonAsync<SurvivorFeedbackInstrument>("/api/v1/followup/feedback/instrument", Json, ct);
        Assert.Equal(6, instrument!.Questions.Count);

        // Eleven survivors answer (typed without dashes and in lower case, as a person might); one declines.
        const string words = "Synthetic Person, room 12 of the shelter";
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var feedback = scope.ServiceProvider.GetRequiredService<SurvivorFeedbackService>();
            Assert.True((await feedback.DeclineAsync(codes[0], ct)).Succeeded);
            for (var i = 1; i <= 11; i++)
            {
                var answers = new Dictionary<int, string?> { [1] = i <= 6 ? "5" : "4", [3] = i <= 9 ? "yes" : "no" };
                if (i <= 2)
                {
                    answers[4] = "yes";
                }
                if (i == 3)
                {
                    answers[6] = words;
                }
                var stored = await feedback.SubmitAsync(codes[i].Replace("-", "", StringComparison.Ordinal).ToLowerInvariant(), answers, ct);
                Assert.True(stored.Succeeded);
                Assert.Equal(answers.Count, stored.Value);
            }
            Assert.Equal(Core.Common.ProblemKind.NotFound, (await feedback.SubmitAsync(codes[1], new Dictionary<int, string?> { [1] = "1" }, ct)).Problem!.Kind);
            Assert.Equal(Core.Common.ProblemKind.NotFound, (await feedback.SubmitAsync(codes[0], new Dictionary<int, string?> { [1] = "1" }, ct)).Problem!.Kind);
        }

        // The stored rows: no column that could name a case, person, user, code or instant; the month only; random ids.
        await using (var db = app.NewContext())
        {
            var columns = db.Model.FindEntityType(typeof(FeedbackAnswer))!.GetProperties().Select(p => p.GetColumnName()).Order(StringComparer.Ordinal);
            Assert.Equal(["Answer", "Id", "Instrument", "InstrumentVersion", "OrganisationId", "Period", "Question", "Released"], columns);
            var rows = await db.Set<FeedbackAnswer>().AsNoTracking().ToListAsync(ct);
            Assert.Equal(11 + 11 + 2 + 1, rows.Count);
            Assert.All(rows, r => Assert.Equal("2026-06", r.Period));
            Assert.All(rows, r => Assert.False(r.Released));
            Assert.All(rows, r => Assert.Equal(4, r.Id.Version));
            Assert.Equal(SurvivorFeedbackInstrument.TextGiven, Assert.Single(rows, r => r.Question == 6).Answer);
            Assert.DoesNotContain(rows, r => r.Answer.Contains("Synthetic", StringComparison.Ordinal));
            Assert.Empty(await db.Set<FeedbackInvitation>().ToListAsync(ct));
            // Nothing in the audit log carries an answer or the survivor's words; giving answers writes no entry at all.
            var entries = await db.AuditEntries.AsNoTracking().Where(e => e.Action.StartsWith("followup-feedback")).ToListAsync(ct);
            Assert.Equal(12, entries.Count(e => e.Action == AuditActions.FollowUpFeedbackInvitation && e.Outcome == AuditOutcomes.Success));
            Assert.Single(entries, e => e.Action == AuditActions.FollowUpFeedbackInvitation && e.Outcome == AuditOutcomes.Denied);
            Assert.DoesNotContain(entries, e => e.Action == AuditActions.FollowUpFeedbackRelease);
        }
        var before = await IdsAsync(app);

        // While June is open nothing is counted: a result now would move with each visit.
        var open = await Read<FeedbackResults>(await coordinator.GetAsync("/api/v1/followup/feedback/results?from=2026-06", ct));
        Assert.All(open.Rows, r => Assert.Equal("0", r.Count));

        // July: June's answers are released (new ids, random order) and published; small counts are marks.
        app.Time.SetUtcNow(new DateTimeOffset(2026, 7, 2, 8, 0, 0, TimeSpan.Zero));
        (coordinator, worker, analyst) = (await app.BearerClientAsync(users[0]), await app.BearerClientAsync(users[1]), await app.BearerClientAsync(users[2]));
        Assert.Equal(HttpStatusCode.Forbidden, (await worker.GetAsync("/api/v1/followup/feedback/results?from=2026-06", ct)).StatusCode);
        var bad = await coordinator.GetAsync("/api/v1/followup/feedback/results?from=2026-6", ct);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("From: '2026-6' is not a month (yyyy-MM).", await bad.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        var results = await Read<FeedbackResults>(await analyst.GetAsync("/api/v1/followup/feedback/results?from=2026-06", ct));
        string Count(int question, string answer) => results.Rows.Single(r => r.Question == question && r.Answer == answer).Count;
        Assert.Equal(("6", "5", "11"), (Count(1, "5"), Count(1, "4"), Count(1, "Total")));
        Assert.Equal("<5", Count(3, "no"));
        // The suppressed "no" does not follow from the others: one of them is suppressed too.
        Assert.Contains(new[] { Count(3, "yes"), Count(3, "prefer-not-to-say"), Count(3, "Total") }, c => c == "x" || c.StartsWith('<'));
        Assert.All(results.Rows.Where(r => r.Question == 4), r => Assert.Equal("<5", r.Count));
        Assert.All(results.Rows.Where(r => r.Question == 6), r => Assert.Equal("<5", r.Count));
        Assert.DoesNotContain(results.Rows, r => SmallCount().IsMatch(r.Count));
        Assert.Equal(5, results.Threshold);

        await using (var db = app.NewContext())
        {
            var after = await db.Set<FeedbackAnswer>().AsNoTracking().ToListAsync(ct);
            Assert.All(after, r => Assert.True(r.Released));
            Assert.Empty(after.Select(r => r.Id).Intersect(before));
            Assert.Single(await db.AuditEntries.AsNoTracking().Where(e => e.Action == AuditActions.FollowUpFeedbackRelease).ToListAsync(ct));
        }

        // The share as a computed indicator: shown when both parts reach the threshold, a mark when one does not.
        var framework = await Read<FrameworkSummary>(await coordinator.PostAsJsonAsync("/api/v1/followup/frameworks",
            new FrameworkInput(FrameworkKind.NationalActionPlan, "NAP", "Plan"), Json, ct));
        var item = await Read<Guid>(await coordinator.PostAsJsonAsync($"/api/v1/followup/frameworks/{framework.Id}/items", new ItemInput("1", "Victims' experience"), Json, ct));
        var unknown = await coordinator.PostAsJsonAsync("/api/v1/followup/indicators", new IndicatorInput(item, null, "SF-X", "Unknown", IndicatorKind.Computed,
            Query: IndicatorQueries.SurvivorFeedbackShare, QueryParameters: new Dictionary<string, int> { ["question"] = 42 }), Json, ct);
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("'question' is 42", await unknown.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        async Task<string> ShareAsync(string code, int question, int answer)
        {
            var id = await Read<Guid>(await coordinator.PostAsJsonAsync("/api/v1/followup/indicators", new IndicatorInput(item, null, code, code, IndicatorKind.Computed,
                Query: IndicatorQueries.SurvivorFeedbackShare, QueryParameters: new Dictionary<string, int> { ["question"] = question, ["answer"] = answer }), Json, ct));
            var values = await Read<List<IndicatorValueView>>(await coordinator.PostAsJsonAsync($"/api/v1/followup/indicators/{id}/compute",
                new ComputeInput(new DateOnly(2026, 6, 1), new DateOnly(2026, 6, 30)), Json, ct));
            return Assert.Single(values).Display;
        }
        Assert.Equal("0.545", await ShareAsync("SF-RESPECT", 1, 5));
        Assert.Equal("<5", await ShareAsync("SF-SAFE", 3, 1));
    }

    private static async Task<HashSet<Guid>> IdsAsync(TestApp app)
    {
        await using var db = app.NewContext();
        return [.. await db.Set<FeedbackAnswer>().Select(a => a.Id).ToListAsync(TestContext.Current.CancellationToken)];
    }

    [GeneratedRegex("^[1-4]$")]
    private static partial Regex SmallCount();

    private static async Task<T> Read<T>(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {text}");
        return JsonSerializer.Deserialize<T>(text, Json)!;
    }
}
