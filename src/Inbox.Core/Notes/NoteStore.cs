using Dapper;
using Inbox.Core.Model;
using Inbox.Core.Realtime;
using Inbox.Core.Storage;

namespace Inbox.Core.Notes;

public sealed record NoteView
{
    public long Id { get; init; }
    public long ConversationId { get; init; }
    public string? AgentName { get; init; }
    public string Text { get; init; } = "";
    public long CreatedAt { get; init; }
    public long? RedactedAt { get; init; }
}

/// <summary>
/// Internal notes on a conversation: what agents tell each other ("customer called, refund approved by finance"),
/// visible to the team only and never sent. The agents who have the conversation open get each note live.
/// </summary>
public sealed class NoteStore(Db db, TimeProvider clock, IBroadcaster broadcaster, Mentions mentions)
{
    public const int MaxLength = 5000;

    private const string Columns = """
        SELECT n.id AS Id, n.conversation_id AS ConversationId, a.display_name AS AgentName, n.text AS Text,
               n.created_at AS CreatedAt, n.redacted_at AS RedactedAt
        FROM notes n LEFT JOIN agents a ON a.id = n.agent_id
        """;

    public static Refusal? Validate(string? text) =>
        string.IsNullOrWhiteSpace(text) ? new("text is required", "la note est vide")
        : text.Trim().Length > MaxLength ? new($"a note is at most {MaxLength} characters", $"une note fait au plus {MaxLength} caractères")
        : null;

    public IReadOnlyList<NoteView>? For(long conversationId)
    {
        using var c = db.Open();
        if (c.ExecuteScalar<long?>("SELECT id FROM conversations WHERE id = @conversationId", new { conversationId }) is null) return null;
        return c.Query<NoteView>(Columns + " WHERE n.conversation_id = @conversationId ORDER BY n.id", new { conversationId }).AsList();
    }

    /// <summary>Stores the note and pushes it to the conversation's viewers; null when the conversation does not exist.</summary>
    public async Task<NoteView?> AddAsync(long conversationId, string text, long agentId)
    {
        NoteView note;
        IReadOnlyList<(long AgentId, long MentionId)> named;
        using (var c = db.Open())
        {
            if (c.ExecuteScalar<long?>("SELECT id FROM conversations WHERE id = @conversationId", new { conversationId }) is null) return null;
            using var tx = c.BeginTransaction();
            var clean = text.Replace("\r\n", "\n").Trim();
            var id = c.ExecuteScalar<long>(
                "INSERT INTO notes (conversation_id, agent_id, text, created_at) VALUES (@conversationId, @agentId, @clean, @now) RETURNING id",
                new { conversationId, agentId, clean, now = Db.Now(clock) }, tx);
            named = Mentions.Record(c, tx, id, clean, agentId);
            tx.Commit();
            note = c.QuerySingle<NoteView>(Columns + " WHERE n.id = @id", new { id });
        }
        await broadcaster.Conversation(conversationId).NoteAdded(note);
        // Each agent named is told, wherever they are in the inbox.
        foreach (var (mentioned, mentionId) in named)
            if (mentions.Get(mentionId) is { } view) await broadcaster.Agent(mentioned).Mentioned(view);
        return note;
    }
}
