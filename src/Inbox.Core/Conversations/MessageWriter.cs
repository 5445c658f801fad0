using Dapper;
using Inbox.Core.Intake;

namespace Inbox.Core.Conversations;

public sealed record NewMessage(
    long ConversationId, string Channel, string ExternalId, string Direction, long? IdentityId, long? AgentId,
    string? ClientRef, string? Subject, string Text, string DisplayText, long SentAt, string Status,
    string? ReplyToExternalId, string? ThreadRefs, IReadOnlyList<string> Tags, long? RawEventId, string? Language = null,
    string? Cc = null, string? Bcc = null);

/// <summary>Inserts messages and keeps the conversation's summary columns in step, in the caller's transaction.</summary>
public static class MessageWriter
{
    /// <returns>The new message id, or null when (channel, external id) is already stored (a redelivery).</returns>
    public static long? Insert(IntakeContext ctx, NewMessage m) => Insert(ctx, m, out _);

    /// <param name="spam">An inbound message's conversation is marked as spam (it stays closed, and intake's later steps leave it be).</param>
    public static long? Insert(IntakeContext ctx, NewMessage m, out bool spam)
    {
        spam = false;
        var id = ctx.Connection.ExecuteScalar<long?>("""
            INSERT INTO messages (conversation_id, channel, external_id, direction, identity_id, agent_id, client_ref, subject,
                                  text, display_text, sent_at, received_at, status, reply_to_external_id, thread_refs, tags, raw_event_id, cc, bcc)
            VALUES (@ConversationId, @Channel, @ExternalId, @Direction, @IdentityId, @AgentId, @ClientRef, @Subject,
                    @Text, @DisplayText, @SentAt, @now, @Status, @ReplyToExternalId, @ThreadRefs, @tags, @RawEventId, @Cc, @Bcc)
            ON CONFLICT (channel, external_id) DO NOTHING RETURNING id
            """, new
        {
            m.ConversationId, m.Channel, m.ExternalId, m.Direction, m.IdentityId, m.AgentId, m.ClientRef, m.Subject,
            m.Text, m.DisplayText, m.SentAt, now = ctx.Now, m.Status, m.ReplyToExternalId, m.ThreadRefs,
            tags = string.Join(',', m.Tags), m.RawEventId, m.Cc, m.Bcc,
        }, ctx.Transaction);
        if (id is null) return null;

        // A customer writing again in a closed conversation (an email reply threads into it) opens it again: closed is
        // the team's word that nothing is left to do, and the customer just said otherwise. Said in its history. An
        // automatic mail (an out-of-office) leaves it closed, and so does a spammer writing again.
        if (m.Direction == "in" && m.Tags.Count == 0
            && ctx.Connection.Execute("UPDATE conversations SET status = 'open' WHERE id = @ConversationId AND status = 'closed' AND spam_at IS NULL", m, ctx.Transaction) == 1)
            Audit.AuditLog.Write(ctx.Connection, ctx.Transaction, ctx.Now, null, "conversation.reopened", $"conversation:{m.ConversationId}");

        // An inbound message without tags makes the conversation a human one; answers reset "unanswered".
        var spamAt = ctx.Connection.ExecuteScalar<long?>(m.Direction == "in"
            ? """
              UPDATE conversations SET
                last_message_at = MAX(last_message_at, @SentAt), last_inbound_at = MAX(COALESCE(last_inbound_at, 0), @SentAt),
                preview = CASE WHEN @SentAt >= last_message_at OR preview IS NULL THEN @preview ELSE preview END,
                message_count = message_count + 1, unanswered = unanswered + 1,
                is_automated = CASE WHEN @automated THEN is_automated ELSE 0 END,
                status = CASE WHEN status = 'pending' THEN 'open' ELSE status END, snoozed_until = NULL,
                language = COALESCE(language, @language)
              WHERE id = @ConversationId
              RETURNING spam_at
              """
            : """
              UPDATE conversations SET
                last_message_at = MAX(last_message_at, @SentAt), last_outbound_at = MAX(COALESCE(last_outbound_at, 0), @SentAt),
                preview = CASE WHEN @SentAt >= last_message_at OR preview IS NULL THEN @preview ELSE preview END,
                message_count = message_count + 1, unanswered = 0
              WHERE id = @ConversationId
              RETURNING spam_at
              """,
            new { m.SentAt, preview = Preview(m.DisplayText), automated = m.Tags.Count > 0, m.ConversationId,
                // The conversation's language: the first of the customer's messages that says enough to tell (guessed when it was parsed).
                language = m.Language },
            ctx.Transaction);
        spam = spamAt is not null;
        return id;
    }

    public static string Preview(string text)
    {
        var flat = string.Join(' ', text.Split((char[])['\n', '\r', '\t', ' '], StringSplitOptions.RemoveEmptyEntries));
        return flat.Length <= 160 ? flat : flat[..157] + "…";
    }
}
