using System.Data.Common;
using Dapper;
using Inbox.Core.Realtime;
using Inbox.Core.Storage;
using Inbox.Core.Timers;

namespace Inbox.Core.Conversations;

/// <summary>
/// Spam, as agents say it: a conversation marked as spam is closed and leaves every list but the Spam one (and the
/// timers, the queues and the reports), and is kept, as everything a customer sent is. Blocking its customer sends
/// their next conversations straight there (intake: ConversationRouter), still stored. "Not spam" undoes both.
/// Surveys are not asked (the closing is not the team's answer). Audited.
/// </summary>
public sealed class Spam(Db db, TimeProvider clock, TimerUpdater timers, IBroadcaster broadcaster)
{
    /// <summary>Marks the conversation as spam (and blocks its customer when asked); null when there is no such conversation.</summary>
    public async Task<ConversationView?> MarkAsync(long conversationId, long agentId, bool block)
    {
        var now = Db.Now(clock);
        ConversationView view;
        using (var c = db.Open())
        {
            using (var tx = c.BeginTransaction())
            {
                if (Mark(c, tx, conversationId, now, agentId, new { block }) is not { } customerId) return null;
                if (block && c.Execute("UPDATE customers SET blocked_at = @now WHERE id = @customerId AND blocked_at IS NULL", new { customerId, now }, tx) == 1)
                    Audit.AuditLog.Write(c, tx, now, agentId, "customer.block", $"customer:{customerId}", new { conversation = conversationId });
                tx.Commit();
            }
            timers.OnStatusChanged(c, null, conversationId, now); // closed: the response timer stops
            view = ConversationQueries.Get(c, conversationId)!;
        }
        await broadcaster.Everyone.ConversationChanged(view);
        return view;
    }

    /// <summary>
    /// Puts a conversation in the Spam list (closed, its snooze ended) in the caller's transaction, audited as the agent's or,
    /// agent null, as what <paramref name="details"/> names (a rule); the caller moves its timer. Returns its customer, or
    /// null when there is no such conversation.
    /// </summary>
    public static long? Mark(DbConnection c, DbTransaction tx, long conversationId, long now, long? agentId, object details)
    {
        var customerId = c.ExecuteScalar<long?>("""
            UPDATE conversations SET spam_at = COALESCE(spam_at, @now), status = 'closed', snoozed_until = NULL
            WHERE id = @conversationId RETURNING customer_id
            """, new { conversationId, now }, tx);
        if (customerId is not null) Audit.AuditLog.Write(c, tx, now, agentId, "conversation.spam", $"conversation:{conversationId}", details);
        return customerId;
    }

    /// <summary>"Not spam": the conversation opens again (its timer with it) and its customer is no longer blocked.</summary>
    public async Task<ConversationView?> UnmarkAsync(long conversationId, long agentId)
    {
        var now = Db.Now(clock);
        ConversationView view;
        using (var c = db.Open())
        {
            using (var tx = c.BeginTransaction())
            {
                var row = c.QueryFirstOrDefault<(long CustomerId, long? SpamAt)?>(
                    "SELECT customer_id, spam_at FROM conversations WHERE id = @conversationId", new { conversationId }, tx);
                if (row is not { } r) return null;
                if (r.SpamAt is not null)
                {
                    c.Execute("UPDATE conversations SET spam_at = NULL, status = 'open' WHERE id = @conversationId", new { conversationId }, tx);
                    Audit.AuditLog.Write(c, tx, now, agentId, "conversation.not_spam", $"conversation:{conversationId}");
                }
                Unblock(c, tx, r.CustomerId, agentId, now);
                tx.Commit();
            }
            timers.OnStatusChanged(c, null, conversationId, now);
            view = ConversationQueries.Get(c, conversationId)!;
        }
        await broadcaster.Everyone.ConversationChanged(view);
        return view;
    }

    /// <summary>Lifts a customer's block (their next conversations reach the inbox again); false when there is no such customer.</summary>
    public bool UnblockCustomer(long customerId, long agentId)
    {
        using var c = db.Open();
        using var tx = c.BeginTransaction();
        if (c.ExecuteScalar<long?>("SELECT id FROM customers WHERE id = @customerId", new { customerId }, tx) is null) return false;
        Unblock(c, tx, customerId, agentId, Db.Now(clock));
        tx.Commit();
        return true;
    }

    private static void Unblock(DbConnection c, DbTransaction tx, long customerId, long agentId, long now)
    {
        if (c.Execute("UPDATE customers SET blocked_at = NULL WHERE id = @customerId AND blocked_at IS NOT NULL", new { customerId }, tx) == 1)
            Audit.AuditLog.Write(c, tx, now, agentId, "customer.unblock", $"customer:{customerId}");
    }
}
