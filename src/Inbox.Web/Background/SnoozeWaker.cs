using Inbox.Core.Conversations;
using Inbox.Core.Storage;

namespace Inbox.Web.Background;

/// <summary>Opens snoozed conversations when their time comes: it sleeps until the next one, or until a new snooze is set.</summary>
public sealed class SnoozeWaker(ConversationStatus statuses, TimeProvider clock, ILogger<SnoozeWaker> log) : BackgroundService
{
    private static readonly TimeSpan LongestSleep = TimeSpan.FromMinutes(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var sleep = LongestSleep;
            try
            {
                var woken = await statuses.WakeDueAsync();
                if (woken > 0) log.LogInformation("Woke {Count} snoozed conversations", woken);
                if (statuses.NextWake() is { } next)
                    sleep = TimeSpan.FromMilliseconds(Math.Clamp(next - Db.Now(clock), 0, (long)LongestSleep.TotalMilliseconds));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError(e, "Waking snoozed conversations failed");
                sleep = TimeSpan.FromSeconds(5);
            }
            try { await statuses.WaitForSnoozeAsync(sleep, stoppingToken); }
            catch (OperationCanceledException) { return; }
        }
    }
}
