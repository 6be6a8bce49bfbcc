using Ariadne.Core.Cases;
using Ariadne.Core.Common;
using Ariadne.Core.Data;
using Ariadne.Core.Referral.National;
using Ariadne.Core.Referral.Transnational;
using Ariadne.Core.Users;
using Ariadne.Referral;
using Ariadne.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Ariadne.Tests.Referral;

public sealed class ReminderTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private sealed class FakeSender : IReminderSender
    {
        public List<ReminderMessage> Sent { get; } = [];

        public Task SendAsync(ReminderMessage message, CancellationToken cancellationToken)
        {
            Sent.Add(message);
            return Task.CompletedTask;
        }
    }

    [Fact]
    public async Task Reminders_GoToTheCaseWorkersOfEachOrganisation_WithCaseCodesAndDeadlinesOnly()
    {
        await using var app = await TestApp.StartAsync(DatabaseProvider.Sqlite);
        var worker = await app.AddUserAsync("remind-worker", "Synthetic NGO", Roles.CaseWorker);
        await app.AddUserAsync("remind-analyst", "Synthetic NGO", Roles.Analyst);
        var quiet = await app.AddUserAsync("remind-quiet", "Quiet NGO", Roles.CaseWorker);
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        await db.Users.ExecuteUpdateAsync(u => u.SetProperty(x => x.Email, x => x.UserName + "@example.org"), Token);
        var created = (await scope.ServiceProvider.GetRequiredService<CaseService>().CreateAsync(
            Cases.CaseApiTests.ValidInput() with { GivenName = "Remindgiven", FamilyName = "Remindfamily" }, worker.OrganisationId, CaseViewer.LocalOperator, Token)).Value!;
        var referrals = scope.ServiceProvider.GetRequiredService<NrmLifecycleService>();
        await referrals.StartAsync(created.Id, "generic", presumedChild: true, CaseViewer.LocalOperator, Token);
        await referrals.TransitionAsync(created.Id, new TransitionInput("refer", null, null), CaseViewer.LocalOperator, Token);
        var sender = new FakeSender();
        var reminders = new ReminderService(db, scope.ServiceProvider.GetRequiredService<NrmReports>(), sender);

        // Monday 15 June: the target (Monday 22 June) is not due yet.
        Assert.Empty(await reminders.SendAsync(dryRun: false, Token));
        app.Time.Advance(TimeSpan.FromDays(6));
        var dry = await reminders.SendAsync(dryRun: true, Token);
        Assert.Empty(sender.Sent);
        await reminders.SendAsync(dryRun: false, Token);

        var message = Assert.Single(sender.Sent);
        Assert.Equal(dry.Single().Body, message.Body);
        Assert.Equal(["remind-worker@example.org"], message.To);
        Assert.Equal(worker.OrganisationId, message.OrganisationId);
        Assert.Contains($"{created.CaseCode}\treasonable-grounds-target\t2026-06-22\tDue", message.Body, StringComparison.Ordinal);
        foreach (var secret in new[] { "Remindgiven", "Remindfamily", quiet.UserName })
        {
            Assert.DoesNotContain(secret, message.Body + message.Subject, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("2026-06-15T06:00:00Z", 1.0)]
    [InlineData("2026-06-15T07:00:00Z", 24.0)]
    [InlineData("2026-06-15T23:30:00Z", 7.5)]
    public void HostedService_WaitsUntilTheNextSevenOClockUtc(string now, double hours) =>
        Assert.Equal(TimeSpan.FromHours(hours), ReminderHostedService.UntilNext(DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture)));
}
