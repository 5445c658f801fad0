using Dapper;
using Inbox.Core.Model;
using Inbox.Core.Realtime;
using Inbox.Core.Storage;
using Inbox.Core.Timers;

namespace Inbox.Core.Conversations;

/// <summary>
/// A conversation's status as agents and time change it: set by hand (open, pending, closed), snoozed until a time
/// ("call back tomorrow": pending, so the response timer stands still), and opened again when a snooze runs out
/// (SnoozeWaker wakes them at the time, not by polling). Every change moves the response timer and reaches every agent
/// the same way. A customer message ends a snooze at once (MessageWriter).
/// </summary>
public sealed class ConversationStatus(Db db, TimeProvider clock, TimerUpdater timers, IBroadcaster broadcaster, Audit.AuditLog audit, Satisfaction.Surveys surveys)
{
    public static readonly TimeSpan LongestSnooze = TimeSpan.FromDays(90);
    private readonly SemaphoreSlim _snoozed = new(0);

    /// <summary>
    /// Sets the status by hand, which also ends a snooze; null when the conversation does not exist. Opening a conversation
    /// marked as spam (or setting it pending) takes it out of the Spam list: an agent reopening it is saying it is not spam.
    /// </summary>
    public Task<ConversationView?> SetAsync(long conversationId, string status) =>
        ChangeAsync(conversationId, """
            UPDATE conversations SET status = @status, snoozed_until = NULL, spam_at = CASE WHEN @status = 'closed' THEN spam_at END
            WHERE id = @conversationId
            """, new { conversationId, status });

    /// <summary>
    /// An agent sets the status (the status button, a bulk close, a saved reply's "then"): audited (naming the saved reply
    /// that did it), and a closing may ask the customer how it went (Surveys.OnClosed). Null when the conversation does not exist.
    /// </summary>
    public async Task<ConversationView?> SetByAgentAsync(long conversationId, string status, long agentId, long? savedReply = null)
    {
        var view = await SetAsync(conversationId, status);
        if (view is null) return null;
        audit.Write(agentId, "conversation.status", $"conversation:{conversationId}", savedReply is null ? new { Status = status } : new { Status = status, SavedReply = savedReply });
        if (status == "closed") surveys.OnClosed(conversationId, agentId);
        return view;
    }

    /// <summary>What is wrong with snoozing until this time (UTC milliseconds), or null.</summary>
    public Refusal? ValidateSnooze(long until)
    {
        var now = Db.Now(clock);
        return until <= now ? new("until must be in the future (UTC milliseconds)", "la fin de la pause doit être dans le futur")
            : until - now > (long)LongestSnooze.TotalMilliseconds
                ? new($"a conversation is snoozed for {LongestSnooze.TotalDays:0} days at most", $"une conversation est en pause {LongestSnooze.TotalDays:0} jours au plus")
            : null;
    }

    /// <summary>Snoozes the conversation; null when it does not exist or is closed.</summary>
    public async Task<ConversationView?> SnoozeAsync(long conversationId, long until)
    {
        var view = await ChangeAsync(conversationId,
            "UPDATE conversations SET status = 'pending', snoozed_until = @until WHERE id = @conversationId AND status <> 'closed'", new { conversationId, until });
        if (view is not null) _snoozed.Release(); // the waker may have to wake sooner than it planned
        return view;
    }

    /// <summary>Opens every conversation whose snooze has run out; returns how many.</summary>
    public async Task<int> WakeDueAsync()
    {
        var now = Db.Now(clock);
        List<long> due;
        using (var c = db.Open()) due = c.Query<long>("SELECT id FROM conversations WHERE snoozed_until <= @now", new { now }).AsList();
        var woken = 0;
        foreach (var conversationId in due)
            if (await ChangeAsync(conversationId, """
                UPDATE conversations SET status = CASE WHEN status = 'pending' THEN 'open' ELSE status END, snoozed_until = NULL
                WHERE id = @conversationId AND snoozed_until <= @now
                """, new { conversationId, now }, woke: true) is not null) woken++;
        return woken;
    }

    /// <summary>When the next snooze runs out, if any does.</summary>
    public long? NextWake()
    {
        using var c = db.Open();
        return c.ExecuteScalar<long?>("SELECT MIN(snoozed_until) FROM conversations WHERE snoozed_until IS NOT NULL");
    }

    /// <summary>Waits until a snooze is set or the time has passed, whichever comes first.</summary>
    public Task WaitForSnoozeAsync(TimeSpan max, CancellationToken ct) => _snoozed.WaitAsync(max, ct);

    /// <summary>One status change: the row (when the statement changes it), the response timer, then every agent.</summary>
    /// <param name="woke">The snooze ran out: said in the conversation's history (nobody did it, the time did).</param>
    private async Task<ConversationView?> ChangeAsync(long conversationId, string sql, object args, bool woke = false)
    {
        ConversationView view;
        using (var c = db.Open())
        {
            if (c.Execute(sql, args) == 0) return null;
            if (woke) Audit.AuditLog.Write(c, null, Db.Now(clock), null, "conversation.woke", $"conversation:{conversationId}");
            timers.OnStatusChanged(c, null, conversationId, Db.Now(clock)); // pending pauses the response timer, closed stops it
            view = ConversationQueries.Get(c, conversationId)!;
        }
        await broadcaster.Everyone.ConversationChanged(view);
        return view;
    }
}
