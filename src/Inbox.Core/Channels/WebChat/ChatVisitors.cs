using System.Security.Cryptography;
using Dapper;
using Inbox.Core.Model;
using Inbox.Core.Agents;
using Inbox.Core.Storage;

namespace Inbox.Core.Channels.WebChat;

public sealed record ChatVisitor(string Id, string? Name, string? Email);

/// <summary>Whether a web chat's visitor has the chat page open now, or since when they left (null: not since Inbox started).</summary>
public sealed record VisitorPresenceView(long ConversationId, bool Online, long? LeftAt);

/// <summary>A message of the visitor's chat as their page shows it: theirs and the team's, with the agent's name.</summary>
public sealed record ChatMessageView(long Id, string ExternalId, string Direction, string Text, long SentAt, string? AgentName);

/// <summary>
/// The web chat's visitors: a session is a public id (their identity's external id on the channel) and a secret token
/// the page keeps; only the token's SHA-256 is stored. No sign-in: whoever holds the token is that visitor.
/// </summary>
public sealed class ChatVisitors(Db db, TimeProvider clock)
{
    public static Refusal? Validate(string? name, string? email) =>
        (name?.Trim().Length ?? 0) > 100 ? new("a name is at most 100 characters", "un nom fait au plus 100 caractères")
        : !string.IsNullOrWhiteSpace(email) && (email.Trim().Length > 254 || !MimeKit.MailboxAddress.TryParse(email.Trim(), out var a) || !a.Address.Contains('@'))
            ? new("this is not an email address", "ce n’est pas une adresse e-mail")
        : null;

    /// <summary>A new visitor: their id and the token their page keeps (given once).</summary>
    public (string Id, string Token) Start(string? name, string? email)
    {
        var id = "v_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
        var token = AccountTokens.Base64Url(RandomNumberGenerator.GetBytes(24));
        using var c = db.Open();
        c.Execute("INSERT INTO chat_visitors (id, token_hash, name, email, created_at) VALUES (@id, @hash, @name, @email, @now)",
            new { id, hash = AccountTokens.Hash(token), name = Blank(name), email = Blank(email)?.ToLowerInvariant(), now = Db.Now(clock) });
        return (id, token);
    }

    /// <summary>The visitor whose token this is; null when the id or the token is wrong (or the visitor was erased).</summary>
    public ChatVisitor? Verify(string? id, string? token)
    {
        if (string.IsNullOrEmpty(id) || string.IsNullOrEmpty(token) || id.Length > 40) return null;
        using var c = db.Open();
        var row = c.QueryFirstOrDefault<(string Id, string TokenHash, string? Name, string? Email)?>(
            "SELECT id, token_hash, name, email FROM chat_visitors WHERE id = @id", new { id });
        if (row is not { } r) return null;
        var given = Convert.FromHexString(AccountTokens.Hash(token));
        return CryptographicOperations.FixedTimeEquals(given, Convert.FromHexString(r.TokenHash)) ? new ChatVisitor(r.Id, r.Name, r.Email) : null;
    }

    /// <summary>The visitor's chat as their page shows it, the latest 200 messages of all their chats, oldest first.</summary>
    public IReadOnlyList<ChatMessageView> History(string visitorId)
    {
        using var c = db.Open();
        return c.Query<ChatMessageView>("""
            SELECT * FROM (
                SELECT m.id AS Id, m.external_id AS ExternalId, m.direction AS Direction, m.display_text AS Text, m.sent_at AS SentAt, a.display_name AS AgentName
                FROM messages m JOIN conversations cv ON cv.id = m.conversation_id JOIN identities i ON i.id = cv.identity_id
                LEFT JOIN agents a ON a.id = m.agent_id
                WHERE i.channel = 'webchat' AND i.external_id = @visitorId AND m.redacted_at IS NULL AND m.status <> 'failed'
                ORDER BY m.sent_at DESC, m.id DESC LIMIT 200)
            ORDER BY SentAt, Id
            """, new { visitorId }).AsList();
    }

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
