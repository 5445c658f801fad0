using Dapper;
using Inbox.Core.Audit;
using Inbox.Core.Storage;

namespace Inbox.Core.Security;

public sealed record ErasureResult(long CustomerId, int Customers, int Identities, int Conversations, int Messages, int RawEvents, int Attachments,
    int DeadLetters = 0, int LinkEvidence = 0, int Flags = 0, int Notes = 0, int Drafts = 0);

/// <summary>
/// A customer's right to erasure: every piece of content that came from or concerned the customer is redacted
/// in place (messages in both directions, the raw payloads they were parsed from, attachments, identity
/// names, addresses and handles), dead-lettered payloads that name one of the customer's identifiers, the
/// evidence of duplicate links, the texts of consistency flags and agents' notes on the customer's conversations (their unsent drafts are deleted). Rows stay, so message counts and timings in reports remain true, and the
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
        // Payloads that failed to parse never became messages, so nothing ties them to the customer but their
        // content: any that names one of the customer's identifiers (address, platform id, phone, handle) goes.
        var needles = c.Query<(string ExternalId, string? Email, string? Phone, string? Handle)>(
                "SELECT external_id, email, phone, handle FROM identities WHERE customer_id IN @ids AND redacted_at IS NULL", p, tx)
            .SelectMany(i => new[] { i.ExternalId, i.Email, i.Phone, i.Handle })
            .Where(n => n is { Length: >= 5 }).Distinct().ToList();
        var deadLetters = needles.Sum(needle => c.Execute("""
            UPDATE raw_events SET body = X'', headers = NULL, redacted_at = @now
            WHERE redacted_at IS NULL AND id NOT IN (SELECT raw_event_id FROM messages WHERE raw_event_id IS NOT NULL)
              AND instr(lower(CAST(body AS TEXT)), lower(@needle)) > 0
            """, new { now, needle }, tx));
        const string convs = "SELECT id FROM conversations WHERE customer_id IN @ids";
        const string msgs = $"SELECT id FROM messages WHERE conversation_id IN ({convs})";
        var rawEvents = c.Execute($"""
            UPDATE raw_events SET body = X'', headers = NULL, redacted_at = @now
            WHERE id IN (SELECT raw_event_id FROM messages WHERE conversation_id IN ({convs}) AND raw_event_id IS NOT NULL)
            """, p, tx);
        var attachments = c.Execute($"UPDATE attachments SET content = NULL, file_name = NULL, note = NULL, media_ref = NULL, fetch_error = NULL, redacted_at = @now WHERE message_id IN ({msgs})", p, tx);
        var messages = c.Execute($"""
            UPDATE messages SET text = '', display_text = '', subject = NULL, thread_refs = NULL, cc = NULL, bcc = NULL,
                redacted_at = @now, redaction_reason = 'erasure'
            WHERE conversation_id IN ({convs})
            """, p, tx);
        var conversations = c.Execute("UPDATE conversations SET subject = NULL, preview = NULL WHERE customer_id IN @ids", p, tx);
        // Link evidence and flag texts quote what was said ("same email address …", the answers' phrases).
        var linkEvidence = c.Execute($"""
            UPDATE duplicate_links SET evidence = @Placeholder
            WHERE conversation_a IN ({convs}) OR conversation_b IN ({convs})
            """, p, tx);
        var flags = c.Execute($"""
            UPDATE consistency_flags SET explanation_en = @Placeholder, explanation_fr = @Placeholder, details = NULL
            WHERE conversation_a IN ({convs}) OR conversation_b IN ({convs})
            """, p, tx);
        // A survey's comment is the customer's own words.
        c.Execute($"UPDATE satisfaction_surveys SET comment = NULL WHERE conversation_id IN ({convs})", p, tx);
        // Agents' notes quote the customer ("called from 06…, wants the refund on the other card").
        var notes = c.Execute($"UPDATE notes SET text = '', redacted_at = @now WHERE conversation_id IN ({convs}) AND redacted_at IS NULL", p, tx);
        // Unsent drafts answer the customer by name and quote them; nobody sent them, so they go rather than stay emptied.
        var drafts = c.Execute($"DELETE FROM drafts WHERE conversation_id IN ({convs})", p, tx);
        // A web chat visitor's session holds the name and address they gave: it goes, and their page starts afresh.
        c.Execute("DELETE FROM chat_visitors WHERE id IN (SELECT external_id FROM identities WHERE customer_id IN @ids AND channel = 'webchat')", p, tx);
        // The external id of an email identity is the address itself; the others are personal identifiers too.
        var identities = c.Execute("""
            UPDATE identities SET display_name = @Placeholder, handle = NULL, email = NULL, phone = NULL,
                external_id = 'erased:' || id, redacted_at = @now
            WHERE customer_id IN @ids
            """, p, tx);
        c.Execute("UPDATE customers SET display_name = @Placeholder, note = NULL, erased_at = @now WHERE id IN @ids", p, tx);

        var result = new ErasureResult(customerId, ids.Count, identities, conversations, messages, rawEvents, attachments, deadLetters, linkEvidence, flags, notes, drafts);
        AuditLog.Write(c, tx, now, agentId, "customer.erase", $"customer:{customerId}", result);
        tx.Commit();
        return result;
    }
}
