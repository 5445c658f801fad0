using Dapper;
using Inbox.Core.Realtime;
using Inbox.Core.Storage;
using Inbox.Core.Timers;

namespace Inbox.Core.Conversations;

/// <summary>
/// Snoozed conversations: put aside until a time ("call back tomorrow"), as pending, so the response timer stands still,
/// then opened again by themselves (SnoozeWaker wakes them at the time, not by polling). A customer message wakes one at
/// once (MessageWriter), and so does an agent's status change.
/// </summary>
public sealed class Snoozes(Db db, TimeProvider clock, TimerUpdater timers, IBroadcaster broadcaster)
{
    public static readonly TimeSpan Longest = TimeSpan.FromDays(90);
    private readonly SemaphoreSlim _changed = new(0);

    /// <summary>What is wrong with snoozing until this time (UTC milliseconds), or null.</summary>
    public string? Validate(long until)
    {
        var now = Db.Now(clock);
        return until <= now ? "until must be in the future (UTC milliseconds)"
            : until - now > (long)Longest.TotalMilliseconds ? $"a conversation is snoozed for {Longest.TotalDays:0} days at most"
            : null;
    }

    /// <summary>Snoozes the conversation; null when it does not exist or is closed.</summary>
    public async Task<ConversationView?> SnoozeAsync(long conversationId, long until)
    {
        ConversationView view;
        using (var c = db.Open())
        {
            if (c.Execute("UPDATE conversations SET status = 'pending', snoozed_until = @until WHERE id = @conversationId AND status <> 'closed'",
                    new { conversationId, until }) == 0) return null;
            timers.OnStatusChanged(c, null, conversationId, Db.Now(clock));
            view = ConversationQueries.Get(c, conversationId)!;
        }
        _changed.Release(); // the waker may have to wake sooner than it planned
        await broadcaster.Everyone.ConversationChanged(view);
        return view;
    }

    /// <summary>Opens every conversation whose snooze has run out; returns how many.</summary>
    public async Task<int> WakeDueAsync()
    {
        var woken = new List<ConversationView>();
        using (var c = db.Open())
        {
            var now = Db.Now(clock);
            foreach (var id in c.Query<long>("SELECT id FROM conversations WHERE snoozed_until <= @now", new { now }).AsList())
            {
                if (c.Execute("UPDATE conversations SET status = CASE WHEN status = 'pending' THEN 'open' ELSE status END, snoozed_until = NULL WHERE id = @id AND snoozed_until <= @now",
                        new { id, now }) == 0) continue;
                timers.OnStatusChanged(c, null, id, now);
                woken.Add(ConversationQueries.Get(c, id)!);
            }
        }
        foreach (var view in woken) await broadcaster.Everyone.ConversationChanged(view);
        return woken.Count;
    }

    /// <summary>When the next snooze runs out, if any does.</summary>
    public long? Next()
    {
        using var c = db.Open();
        return c.ExecuteScalar<long?>("SELECT MIN(snoozed_until) FROM conversations WHERE snoozed_until IS NOT NULL");
    }

    /// <summary>Waits until a snooze is set or the time has passed, whichever comes first.</summary>
    public Task WaitForChangeAsync(TimeSpan max, CancellationToken ct) => _changed.WaitAsync(max, ct);
}
