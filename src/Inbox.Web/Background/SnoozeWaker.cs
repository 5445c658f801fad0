using Inbox.Core.Conversations;

namespace Inbox.Web.Background;

/// <summary>Opens snoozed conversations when their time comes: it sleeps until the next one, or until a new snooze is set.</summary>
public sealed class SnoozeWaker(ConversationStatus statuses, TimeProvider clock, ILogger<SnoozeWaker> log) : DueTimeService(clock, log)
{
    protected override async Task<long?> RunDueAsync(CancellationToken ct)
    {
        var woken = await statuses.WakeDueAsync();
        if (woken > 0) log.LogInformation("Woke {Count} snoozed conversations", woken);
        return statuses.NextWake();
    }

    protected override Task WaitForNewAsync(TimeSpan max, CancellationToken ct) => statuses.WaitForSnoozeAsync(max, ct);
}
