using System.Data.Common;
using System.Security.Cryptography;
using Dapper;
using Inbox.Core.Intake;
using Inbox.Core.Model;

namespace Inbox.Core.Conversations;

public sealed class ConversationOptions
{
    /// <summary>
    /// A chat message joins the identity's latest open conversation on that channel when that
    /// conversation had activity within this many minutes; after a longer silence it starts a new one.
    /// Chat platforms have no thread ids, and a customer coming back hours later is usually asking
    /// something new: separate conversations keep requests apart for timers and duplicate detection.
    /// </summary>
    public int IdleGapMinutes { get; set; } = 15;
}

/// <summary>Finds the conversation an inbound message belongs to, or opens one.</summary>
public static class ConversationRouter
{
    public sealed record Route(long ConversationId, bool Created);

    public static Route Find(DbConnection c, DbTransaction tx, NormalizedMessage m, long customerId, long identityId, ConversationOptions options, long now)
    {
        var existing = m.Channel == ChannelName.Email
            ? ByEmailThread(c, tx, m)
            : ByReply(c, tx, m, identityId) ?? ByIdleGap(c, tx, m, identityId, options);
        if (existing is not null) return new Route(existing.Value, false);

        // A blocked customer's new conversation starts in the Spam list, closed (no timer, nobody's queue); kept all the same.
        var id = c.ExecuteScalar<long?>("""
            INSERT INTO conversations (customer_id, identity_id, channel, account, is_public, subject, token, created_at, last_message_at, is_automated,
                                       status, spam_at)
            SELECT @customerId, @identityId, @Channel, @Account, @IsPublic, @Subject, @token, @SentAt, @SentAt, @automated,
                   CASE WHEN blocked_at IS NULL THEN 'open' ELSE 'closed' END, CASE WHEN blocked_at IS NULL THEN NULL ELSE @now END
            FROM customers WHERE id = @customerId
            RETURNING id
            """, new { customerId, identityId, m.Channel, m.Account, m.IsPublic, m.Subject, token = NewToken(), m.SentAt, automated = m.Tags.Count > 0, now }, tx)
            ?? throw new InvalidOperationException($"customer {customerId} not found"); // the identity step has just resolved it
        return new Route(id, true);
    }

    /// <summary>Email: plus-address or subject token, then In-Reply-To, then each References id.</summary>
    private static long? ByEmailThread(DbConnection c, DbTransaction tx, NormalizedMessage m)
    {
        if (m.ConversationToken is not null)
        {
            var byToken = c.QuerySingleOrDefault<long?>("SELECT id FROM conversations WHERE token = @t", new { t = m.ConversationToken }, tx);
            if (byToken is not null) return byToken;
        }
        var refs = new List<string>();
        if (m.ReplyToExternalId is not null) refs.Add(m.ReplyToExternalId);
        refs.AddRange(m.ThreadRefs);
        foreach (var r in refs.Distinct())
        {
            var conv = c.QueryFirstOrDefault<long?>(
                "SELECT conversation_id FROM messages WHERE channel = 'email' AND external_id = @r", new { r }, tx);
            if (conv is not null) return conv;
        }
        return null;
    }

    /// <summary>A reply to a known message (tweet reply, WhatsApp context) joins that message's conversation.</summary>
    private static long? ByReply(DbConnection c, DbTransaction tx, NormalizedMessage m, long identityId)
    {
        if (m.ReplyToExternalId is null) return null;
        return c.QueryFirstOrDefault<long?>("""
            SELECT m.conversation_id FROM messages m JOIN conversations cv ON cv.id = m.conversation_id
            WHERE m.channel = @Channel AND m.external_id = @ReplyToExternalId AND cv.identity_id = @identityId AND cv.status <> 'closed'
            """, new { m.Channel, m.ReplyToExternalId, identityId }, tx);
    }

    private static long? ByIdleGap(DbConnection c, DbTransaction tx, NormalizedMessage m, long identityId, ConversationOptions options)
    {
        var latest = c.QueryFirstOrDefault<LatestRow>("""
            SELECT id AS Id, last_message_at AS LastMessageAt, status AS Status FROM conversations
            WHERE identity_id = @identityId AND channel = @Channel AND account = @Account AND is_public = @IsPublic
            ORDER BY last_message_at DESC LIMIT 1
            """, new { identityId, m.Channel, m.Account, m.IsPublic }, tx);
        if (latest is null || latest.Status == "closed") return null;
        var gap = Math.Abs(m.SentAt - latest.LastMessageAt);
        return gap <= options.IdleGapMinutes * 60_000L ? latest.Id : null;
    }

    public static string NewToken() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));

    private sealed record LatestRow { public long Id { get; init; } public long LastMessageAt { get; init; } public string Status { get; init; } = ""; }
}
