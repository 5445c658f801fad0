using System.Data.Common;
using System.Text.Json;
using Dapper;
using Inbox.Core.Realtime;

namespace Inbox.Core.Consistency;

/// <summary>One conflict as shown to people: kind, topic, and the phrase with its span in each answer.</summary>
public sealed record ConflictView(string Kind, string Topic, string Label, string PhraseA, int StartA, int LengthA, string PhraseB, int StartB, int LengthB);

/// <summary>A consistency flag as listed for leads and pushed live.</summary>
public sealed record FlagView
{
    public long Id { get; init; }
    public string Kind { get; init; } = "";
    public string Status { get; init; } = "";
    public long ConversationA { get; init; }
    public long ConversationB { get; init; }
    public string ChannelA { get; init; } = "";
    public string ChannelB { get; init; } = "";
    public long? MessageA { get; init; }
    public long? MessageB { get; init; }
    public string ExplanationEn { get; init; } = "";
    public string ExplanationFr { get; init; } = "";
    public string? Details { get; init; }
    public string? AcknowledgedBy { get; init; }
    public long? AcknowledgedAt { get; init; }
    public string? ResolvedBy { get; init; }
    public long? ResolvedAt { get; init; }
    public long? DueAt { get; init; }
    public long CreatedAt { get; init; }
}

/// <summary>The consistency_flags table: raise (idempotent), move through open → acknowledged → resolved, list.</summary>
public static class FlagStore
{
    private const string Select = """
        SELECT f.id AS Id, f.kind AS Kind, f.status AS Status, f.conversation_a AS ConversationA, f.conversation_b AS ConversationB,
               ca.channel AS ChannelA, cb.channel AS ChannelB, f.message_a AS MessageA, f.message_b AS MessageB,
               f.explanation_en AS ExplanationEn, f.explanation_fr AS ExplanationFr, f.details AS Details,
               aa.display_name AS AcknowledgedBy, f.acknowledged_at AS AcknowledgedAt,
               ar.display_name AS ResolvedBy, f.resolved_at AS ResolvedAt, f.due_at AS DueAt, f.created_at AS CreatedAt
        FROM consistency_flags f
        JOIN conversations ca ON ca.id = f.conversation_a
        JOIN conversations cb ON cb.id = f.conversation_b
        LEFT JOIN agents aa ON aa.id = f.acknowledged_by
        LEFT JOIN agents ar ON ar.id = f.resolved_by
        """;

    /// <summary>Inserts a divergence flag once per pair of answers; returns its id when it is new.</summary>
    public static long? RaiseDivergence(DbConnection c, DbTransaction? tx, long now, Answer a, Answer b, IReadOnlyList<Conflict> conflicts, AnswerFacts fa, AnswerFacts fb)
    {
        var details = JsonSerializer.Serialize(conflicts.Select(x => View(x, "en")), JsonSerializerOptions.Web);
        return c.QueryFirstOrDefault<long?>("""
            INSERT INTO consistency_flags (kind, conversation_a, conversation_b, message_a, message_b, explanation_en, explanation_fr, details, due_at, created_at)
            VALUES ('divergence', @ca, @cb, @ma, @mb, @en, @fr, @details, @now, @now)
            ON CONFLICT DO NOTHING RETURNING id
            """, new
        {
            ca = a.ConversationId, cb = b.ConversationId, ma = a.MessageId, mb = b.MessageId, details, now,
            en = Explanation.Render(conflicts, fa, a.Channel, fb, b.Channel, "en"),
            fr = Explanation.Render(conflicts, fa, a.Channel, fb, b.Channel, "fr"),
        }, tx);
    }

    /// <summary>One open flag per unanswered sibling; returns its id when it is new.</summary>
    public static long? RaiseMissing(DbConnection c, DbTransaction? tx, long now, long dueAt, Answer answered, long unansweredConversation, string unansweredChannel)
    {
        var en = $"answered on {Explanation.Channel(answered.Channel, "en")}, still unanswered on {Explanation.Channel(unansweredChannel, "en")}";
        var fr = $"réponse envoyée sur {Explanation.Channel(answered.Channel, "fr")}, toujours sans réponse sur {Explanation.Channel(unansweredChannel, "fr")}";
        return c.QueryFirstOrDefault<long?>("""
            INSERT INTO consistency_flags (kind, conversation_a, conversation_b, message_a, explanation_en, explanation_fr, due_at, created_at)
            VALUES ('missing_answer', @ca, @cb, @ma, @en, @fr, @dueAt, @now)
            ON CONFLICT DO NOTHING RETURNING id
            """, new { ca = answered.ConversationId, cb = unansweredConversation, ma = answered.MessageId, en, fr, dueAt, now }, tx);
    }

    /// <summary>The conversation got its answer: its open missing-answer flags resolve themselves (resolved_by stays NULL).</summary>
    public static IReadOnlyList<long> ResolveMissing(DbConnection c, DbTransaction? tx, long now, long conversationId) =>
        c.Query<long>("""
            UPDATE consistency_flags SET status = 'resolved', resolved_at = @now
            WHERE kind = 'missing_answer' AND conversation_b = @conversationId AND status <> 'resolved'
            RETURNING id
            """, new { conversationId, now }, tx).AsList();

    /// <summary>Moves a flag forward (open → acknowledged → resolved); false when it is unknown or already there.</summary>
    public static bool SetStatus(DbConnection c, DbTransaction? tx, long id, string status, long agentId, long now) => status switch
    {
        "acknowledged" => c.Execute("UPDATE consistency_flags SET status = 'acknowledged', acknowledged_by = @agentId, acknowledged_at = @now WHERE id = @id AND status = 'open'",
            new { id, agentId, now }, tx) == 1,
        "resolved" => c.Execute("UPDATE consistency_flags SET status = 'resolved', resolved_by = @agentId, resolved_at = @now WHERE id = @id AND status <> 'resolved'",
            new { id, agentId, now }, tx) == 1,
        _ => false,
    };

    public static FlagView? Get(DbConnection c, DbTransaction? tx, long id) =>
        c.QueryFirstOrDefault<FlagView>(Select + " WHERE f.id = @id", new { id }, tx);

    /// <summary>Flags, newest first; a missing-answer flag shows once it is due (its sibling's response due time).</summary>
    public static IReadOnlyList<FlagView> List(DbConnection c, long now, string? status, string? kind, string? channel, long? conversationId = null, int limit = 200) =>
        c.Query<FlagView>(Select + """
             WHERE (@status IS NULL OR f.status = @status) AND (@kind IS NULL OR f.kind = @kind)
               AND (f.kind <> 'missing_answer' OR f.due_at <= @now)
               AND (@channel IS NULL OR ca.channel = @channel OR cb.channel = @channel)
               AND (@conversationId IS NULL OR f.conversation_a = @conversationId OR f.conversation_b = @conversationId)
             ORDER BY f.id DESC LIMIT @limit
            """, new { now, status, kind, channel, conversationId, limit }).AsList();

    /// <summary>Tells the leads, and whoever has either conversation open, that a flag appeared or changed.</summary>
    public static async Task AnnounceAsync(IBroadcaster b, FlagView view)
    {
        await b.Leads.FlagChanged(view);
        await b.Conversation(view.ConversationA).FlagChanged(view);
        await b.Conversation(view.ConversationB).FlagChanged(view);
    }

    /// <summary>The open missing-answer flags on this conversation that are due by now (pushed when its timer breaches).</summary>
    public static IReadOnlyList<FlagView> DueMissing(DbConnection c, long conversationId, long now) =>
        c.Query<FlagView>(Select + """
             WHERE f.kind = 'missing_answer' AND f.conversation_b = @conversationId AND f.status = 'open' AND f.due_at <= @now
            """, new { conversationId, now }).AsList();

    public static ConflictView View(Conflict x, string lang) =>
        new(x.Kind.ToString().ToLowerInvariant(), x.Topic, Explanation.Label(x, lang), x.A.Phrase, x.A.Start, x.A.Length, x.B.Phrase, x.B.Start, x.B.Length);
}
