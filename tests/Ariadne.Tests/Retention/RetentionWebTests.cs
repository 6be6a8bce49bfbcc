using System.Net;
using System.Text.Json;
using Ariadne.Core.Audit;
using Ariadne.Core.Cases;
using Ariadne.Core.Data;
using Ariadne.Core.Retention;
using Ariadne.Core.Users;
using Ariadne.Retention;
using Ariadne.Tests.Infrastructure;
using Ariadne.Tests.Protection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Ariadne.Tests.Retention;

/// <summary>The policy as the web application runs it: configuration, the administrators' view, the daily run.</summary>
public sealed class RetentionWebTests
{
    [Fact]
    public async Task GetRetention_Administrator_PolicyAndCountsNothingIdentifying()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await TestApp.StartAsync(DatabaseProvider.Sqlite, settings: new Dictionary<string, string?> { ["Retention:IdentityYears"] = "7" });
        var organisation = await ProtectionTestData.AddOrganisationAsync(app.Database);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<CaseService>().CreateAsync(
                ProtectionTestData.Distinctive() with { Status = "closed" }, organisation, CaseViewer.LocalOperator, ct);
        }
        var client = await app.ClientAsAsync("retention-admin", "Ministry", Roles.Administrator);

        var response = await client.GetAsync("/api/v1/retention", ct);
        var body = await response.Content.ReadAsStringAsync(ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(body);
        Assert.Equal(7, json.RootElement.GetProperty("identityYears").GetInt32());
        Assert.False(json.RootElement.GetProperty("automatic").GetBoolean());
        var preview = json.RootElement.GetProperty("preview");
        Assert.Equal(0, preview.GetProperty("due").GetInt32());
        Assert.Equal(0, preview.GetProperty("alreadyErased").GetInt32());
        Assert.Empty(ProtectionTestData.Find(System.Text.Encoding.UTF8.GetBytes(body), ProtectionTestData.Secrets));
    }

    [Theory]
    [InlineData("IdentityYears", "-1", "Retention:IdentityYears must be 0 (off) or 1 to 100 years; it is -1.")]
    [InlineData("HourUtc", "25", "Retention:HourUtc must be an hour from 0 to 23 (UTC); it is 25.")]
    [InlineData("IdentityYears", "five", "Retention:IdentityYears")]
    public async Task Start_InvalidRetentionSetting_FailsNamingTheKey(string key, string value, string message)
    {
        var e = await Assert.ThrowsAnyAsync<Exception>(() => TestApp.StartAsync(DatabaseProvider.Sqlite,
            settings: new Dictionary<string, string?> { ["Retention:" + key] = value }));

        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Automatic_DayPasses_DueCaseErasedByTheWorkerAndAudited()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await TestApp.StartAsync(DatabaseProvider.Sqlite, settings: new Dictionary<string, string?>
        {
            ["Retention:IdentityYears"] = "1",
            ["Retention:Automatic"] = "true",
            ["Retention:HourUtc"] = "11",
        });
        var organisation = await ProtectionTestData.AddOrganisationAsync(app.Database);
        Guid id;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            id = (await scope.ServiceProvider.GetRequiredService<CaseService>().CreateAsync(
                ProtectionTestData.Distinctive() with { Status = "closed" }, organisation, CaseViewer.LocalOperator, ct)).Value!.Id;
        }

        // The worker waits for 11:00 UTC; a year and a day later it has run once and found the case due.
        var worker = app.Services.GetServices<IHostedService>().OfType<RetentionWorker>().Single();
        var applied = new TaskCompletionSource<RetentionResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        worker.Applied += result => applied.TrySetResult(result);
        app.Time.Advance(TimeSpan.FromDays(366));
        var run = await applied.Task.WaitAsync(TimeSpan.FromSeconds(30), ct);

        Assert.Equal(1, run.Erased);
        await using var db = app.NewContext();
        var erasedAt = await db.Persons.Where(p => p.IdentityErasureReason == "retention").Select(p => p.IdentityErasedAtUtc).FirstOrDefaultAsync(ct);
        Assert.Equal(app.Time.GetUtcNow().UtcDateTime, erasedAt);
        await using var check = app.NewContext();
        var entry = await check.AuditEntries.SingleAsync(e => e.Action == AuditActions.CaseErase, ct);
        Assert.Equal(id.ToString(), entry.SubjectId);
        Assert.Equal(RetentionWorker.Actor.Name, entry.ActorName);
        Assert.Equal("retention", entry.Reason);
    }

    [Fact]
    public async Task Automatic_TwoNodes_TheSecondToWakeSkips_OneSummaryADay()
    {
        var ct = TestContext.Current.CancellationToken;
        var settings = new Dictionary<string, string?> { ["Retention:IdentityYears"] = "1", ["Retention:Automatic"] = "true", ["Retention:HourUtc"] = "11" };
        await using var first = await TestApp.StartAsync(DatabaseProvider.Sqlite, settings: settings);
        await using var second = await TestApp.StartAsync(DatabaseProvider.Sqlite, settings: settings, sharedDatabase: first.Database);
        var applied = new TaskCompletionSource<RetentionResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        var skipped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var secondApplied = false;
        first.Services.GetServices<IHostedService>().OfType<RetentionWorker>().Single().Applied += result => applied.TrySetResult(result);
        var secondWorker = second.Services.GetServices<IHostedService>().OfType<RetentionWorker>().Single();
        secondWorker.Skipped += () => skipped.TrySetResult();
        secondWorker.Applied += _ => secondApplied = true;

        first.Time.Advance(TimeSpan.FromDays(1));
        await applied.Task.WaitAsync(TimeSpan.FromSeconds(30), ct);
        second.Time.Advance(TimeSpan.FromDays(1));
        await skipped.Task.WaitAsync(TimeSpan.FromSeconds(30), ct);

        Assert.False(secondApplied);
        await using var db = first.NewContext();
        Assert.Equal(1, await db.AuditEntries.CountAsync(e => e.Action == AuditActions.Retention && e.SubjectType == RetentionService.SummarySubject, ct));
    }

    [Theory]
    [InlineData("2026-06-15T10:00:00Z", 11, "2026-06-15T11:00:00Z")]
    [InlineData("2026-06-15T11:00:00Z", 11, "2026-06-16T11:00:00Z")]
    [InlineData("2026-06-15T23:59:59Z", 0, "2026-06-16T00:00:00Z")]
    [InlineData("2026-12-31T12:00:00Z", 3, "2027-01-01T03:00:00Z")]
    public void NextRun_Table_NextHourStrictlyAfter(string now, int hour, string expected) =>
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture),
            RetentionWorker.NextRun(DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture), hour));

    [Fact]
    public async Task Options_Defaults_FiveYearsManualThreeOClock()
    {
        await using var app = await TestApp.StartAsync(DatabaseProvider.Sqlite);

        var options = app.Services.GetRequiredService<IOptions<Core.Retention.RetentionOptions>>().Value;

        Assert.Equal((5, false, 3, 100), (options.IdentityYears, options.Automatic, options.HourUtc, options.BatchSize));
    }
}
