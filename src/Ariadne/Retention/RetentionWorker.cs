using Ariadne.Core.Audit;
using Ariadne.Core.Retention;
using Microsoft.Extensions.Options;

namespace Ariadne.Retention;

/// <summary>
/// Applies the retention policy once a day at <see cref="RetentionOptions.HourUtc"/> while <c>serve</c> runs, when
/// <see cref="RetentionOptions.Automatic"/> is set. A node whose turn comes after another node's run that day (its
/// summary is in the audit log) skips, so the log has one summary per day. Should two nodes start at the same instant,
/// both run, which is still safe: <see cref="RetentionService"/> erases each case at most once (optimistic concurrency).
/// A failed run is logged (counts and the error type only) and retried the next day.
/// </summary>
internal sealed partial class RetentionWorker(IServiceScopeFactory scopes, IOptions<RetentionOptions> options, TimeProvider time, ILogger<RetentionWorker> logger)
    : BackgroundService
{
    /// <summary>The actor named in the audit log for automatic runs.</summary>
    public static readonly AuditActor Actor = new(null, "retention policy (automatic)", null);

    /// <summary>Raised after each automatic run, so that a caller (a test) can wait for a run rather than for time.</summary>
    internal event Action<RetentionResult>? Applied;

    /// <summary>Raised when a run is skipped because another node already applied the policy that day.</summary>
    internal event Action? Skipped;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var policy = options.Value;
        if (!policy.Automatic)
        {
            return;
        }
        LogScheduled(policy.IdentityYears, policy.HourUtc);
        while (!stoppingToken.IsCancellationRequested)
        {
            var now = time.GetUtcNow();
            await Task.Delay(NextRun(now, policy.HourUtc) - now, time, stoppingToken);
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var service = scope.ServiceProvider.GetRequiredService<RetentionService>();
                if (await service.AppliedSinceAsync(Actor, time.GetUtcNow().UtcDateTime.Date, stoppingToken))
                {
                    LogSkipped();
                    Skipped?.Invoke();
                    continue;
                }
                var result = await service.ApplyAsync(Actor, null, stoppingToken);
                LogApplied(result.Erased, result.Skipped, result.RevealGrantsPurged);
                Applied?.Invoke(result);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogFailed(e.GetType().Name);
            }
        }
    }

    /// <summary>The next <paramref name="hourUtc"/>:00 UTC strictly after <paramref name="now"/>.</summary>
    internal static DateTimeOffset NextRun(DateTimeOffset now, int hourUtc)
    {
        var today = new DateTimeOffset(now.UtcDateTime.Date.AddHours(hourUtc), TimeSpan.Zero);
        return today > now ? today : today.AddDays(1);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention: identifying data is erased {Years} years after closure; runs daily at {Hour}:00 UTC.")]
    private partial void LogScheduled(int years, int hour);

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention applied: {Erased} erased, {Skipped} skipped, {Grants} expired reveal grants purged.")]
    private partial void LogApplied(int erased, int skipped, int grants);

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention: another node applied the policy today; skipped.")]
    private partial void LogSkipped();

    [LoggerMessage(Level = LogLevel.Error, Message = "Retention run failed ({ErrorType}); it is retried at the next run.")]
    private partial void LogFailed(string errorType);
}
