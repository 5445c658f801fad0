using Inbox.Core.Storage;

namespace Inbox.Web.Background;

/// <summary>
/// A background service for work that falls due at known times (snoozes running out, surveys to send): it does what is
/// due, then sleeps until the next due time or until told that something new was planned (never longer than
/// <see cref="LongestSleep"/>), so nothing polls. A failure is logged and the loop tries again in a few seconds.
/// </summary>
public abstract class DueTimeService(TimeProvider clock, ILogger log) : BackgroundService
{
    private static readonly TimeSpan LongestSleep = TimeSpan.FromMinutes(10);

    /// <summary>The clock the due times are read on (tests move it).</summary>
    protected TimeProvider Clock => clock;

    /// <summary>Does what is due now; returns when the next thing falls due (UTC milliseconds), or null when nothing is planned.</summary>
    protected abstract Task<long?> RunDueAsync(CancellationToken ct);

    /// <summary>Returns when something new is planned, or after <paramref name="max"/>.</summary>
    protected abstract Task WaitForNewAsync(TimeSpan max, CancellationToken ct);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var sleep = LongestSleep;
            try
            {
                if (await RunDueAsync(stoppingToken) is { } next)
                    sleep = TimeSpan.FromMilliseconds(Math.Clamp(next - Db.Now(clock), 0, (long)LongestSleep.TotalMilliseconds));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError(e, "{Service} failed", GetType().Name);
                sleep = TimeSpan.FromSeconds(5);
            }
            try { await WaitForNewAsync(sleep, stoppingToken); }
            catch (OperationCanceledException) { return; }
        }
    }
}
