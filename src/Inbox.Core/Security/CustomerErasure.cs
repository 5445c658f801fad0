using Dapper;
using Inbox.Core.Audit;
using Inbox.Core.Storage;

namespace Inbox.Core.Security;

public sealed record ErasureResult(long CustomerId, int Customers, int Identities, int Conversations, int Messages, int RawEvents, int Attachments);

/// <summary>
/// A customer's right to erasure: every piece of content that came from or concerned the customer is redacted
/// in place (messages in both directions, the raw payloads they were parsed from, attachments, identity
/// names, addresses and handles). Rows stay, so message counts and timings in reports remain true, and the
/// erasure itself is written to the audit log in the same transaction.
/// </summary>
public sealed class CustomerErasure(Db db, TimeProvider clock)
{
    public const string Placeholder = "[erased]";

    public ErasureResult? Erase(long customerId, long agentId)
    {
        using var c = db.Open();
        using var tx = c.BeginTransaction();
        // The customer and every customer record merged into it (identity merges fold customers together).
        var ids = c.Query<long>("""
            WITH RECURSIVE folded(id) AS (
                SELECT id FROM customers WHERE id = @customerId
                UNION SELECT cu.id FROM customers cu JOIN folded f ON cu.merged_into = f.id)
            SELECT id FROM folded
            """, new { customerId }, tx).AsList();
        if (ids.Count == 0) return null;

        var now = Db.Now(clock);
        var p = new { ids, now, Placeholder };
        const string convs = "SELECT id FROM conversations WHERE customer_id IN @ids";
        const string msgs = $"SELECT id FROM messages WHERE conversation_id IN ({convs})";
        var rawEvents = c.Execute($"""
            UPDATE raw_events SET body = X'', headers = NULL, redacted_at = @now
            WHERE id IN (SELECT raw_event_id FROM messages WHERE conversation_id IN ({convs}) AND raw_event_id IS NOT NULL)
            """, p, tx);
        var attachments = c.Execute($"UPDATE attachments SET content = NULL, file_name = NULL, note = NULL, redacted_at = @now WHERE message_id IN ({msgs})", p, tx);
        var messages = c.Execute($"""
            UPDATE messages SET text = '', display_text = '', subject = NULL, thread_refs = NULL,
                redacted_at = @now, redaction_reason = 'erasure'
            WHERE conversation_id IN ({convs})
            """, p, tx);
        var conversations = c.Execute("UPDATE conversations SET subject = NULL, preview = NULL WHERE customer_id IN @ids", p, tx);
        // The external id of an email identity is the address itself; the others are personal identifiers too.
        var identities = c.Execute("""
            UPDATE identities SET display_name = @Placeholder, handle = NULL, email = NULL, phone = NULL,
                external_id = 'erased:' || id, redacted_at = @now
            WHERE customer_id IN @ids
            """, p, tx);
        c.Execute("UPDATE customers SET display_name = @Placeholder, erased_at = @now WHERE id IN @ids", p, tx);

        var result = new ErasureResult(customerId, ids.Count, identities, conversations, messages, rawEvents, attachments);
        AuditLog.Write(c, tx, now, agentId, "customer.erase", $"customer:{customerId}", result);
        tx.Commit();
        return result;
    }
}
