using Ariadne.Core.Referral.National;
using Microsoft.Extensions.Options;

namespace Ariadne.Referral;

/// <summary>
/// Sends the daily deadline reminders (referral mechanism and follow-up measures) at 07:00 UTC when <c>Smtp:Host</c> is set and <c>Smtp:Reminders</c> is true;
/// otherwise does nothing. A failed run is logged (without addresses or case codes) and retried the next day.
/// </summary>
public sealed partial class ReminderHostedService(IServiceScopeFactory scopes, IOptions<SmtpOptions> options, TimeProvider time, ILogger<ReminderHostedService> logger)
    : BackgroundService
{
    public static readonly TimeSpan SendAt = TimeSpan.FromHours(7);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled || !options.Value.Reminders)
        {
            return;
        }
        while (!stoppingToken.IsCancellationRequested)
        {
            await Task.Delay(UntilNext(time.GetUtcNow()), time, stoppingToken);
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var sent = await scope.ServiceProvider.GetRequiredService<ReminderService>().SendAsync(dryRun: false, stoppingToken);
                // The follow-up's measures due and overdue, to each lead institution's focal points (the same relay, the same hour).
                sent = [.. sent, .. await scope.ServiceProvider.GetRequiredService<Ariadne.Core.FollowUp.FollowUpReminders>().SendAsync(dryRun: false, stoppingToken)];
                LogSent(logger, sent.Count);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogFailed(logger, e.GetType().Name);
            }
        }
    }

    /// <summary>The time from <paramref name="now"/> to the next <see cref="SendAt"/> (UTC).</summary>
    public static TimeSpan UntilNext(DateTimeOffset now)
    {
        var today = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero) + SendAt;
        return (today > now ? today : today.AddDays(1)) - now;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Deadline reminders sent: {Count} message(s).")]
    private static partial void LogSent(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Deadline reminders failed ({Error}); retrying tomorrow.")]
    private static partial void LogFailed(ILogger logger, string error);
}
