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
    /// <summary>The author: only they correct or withdraw the note.</summary>
    public long? AgentId { get; init; }
    public long? EditedAt { get; init; }
    public long? WithdrawnAt { get; init; }
}

/// <summary>What became of an author's change to their note.</summary>
public abstract record NoteChange
{
    public sealed record Done(NoteView Note) : NoteChange;
    public sealed record NotFound : NoteChange;
    /// <summary>Someone else's note.</summary>
    public sealed record NotYours(Refusal Reason) : NoteChange;
    /// <summary>Withdrawn already, or emptied by a customer's erasure.</summary>
    public sealed record Gone(Refusal Reason) : NoteChange;
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
               n.created_at AS CreatedAt, n.redacted_at AS RedactedAt, n.agent_id AS AgentId, n.edited_at AS EditedAt,
               n.withdrawn_at AS WithdrawnAt
        FROM notes n LEFT JOIN agents a ON a.id = n.agent_id
        """;

    public static Refusal? Validate(string? text) =>
        string.IsNullOrWhiteSpace(text) ? new("text is required", "la note est vide")
        : text.Trim().Length > MaxLength ? new($"a note is at most {MaxLength} characters", $"une note fait au plus {MaxLength} caractères")
        : null;

    private static string Clean(string text) => text.Replace("\r\n", "\n").Trim();

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
            var clean = Clean(text);
            var id = c.ExecuteScalar<long>(
                "INSERT INTO notes (conversation_id, agent_id, text, created_at) VALUES (@conversationId, @agentId, @clean, @now) RETURNING id",
                new { conversationId, agentId, clean, now = Db.Now(clock) }, tx);
            named = Mentions.Record(c, tx, id, clean, agentId);
            tx.Commit();
            note = c.QuerySingle<NoteView>(Columns + " WHERE n.id = @id", new { id });
        }
        await broadcaster.Conversation(conversationId).NoteAdded(note);
        await TellNamedAsync(named);
        return note;
    }

    /// <summary>
    /// The author corrects their note: it is marked edited, and a colleague it now names who was not named before is
    /// told. The agents who have the conversation open see the new text (NoteChanged).
    /// </summary>
    public Task<NoteChange> EditAsync(long conversationId, long noteId, string text, long agentId) =>
        ChangeAsync(conversationId, noteId, agentId, (c, tx, now) =>
        {
            var clean = Clean(text);
            c.Execute("UPDATE notes SET text = @clean, edited_at = @now WHERE id = @noteId", new { clean, now, noteId }, tx);
            return Mentions.Record(c, tx, noteId, clean, agentId);
        });

    /// <summary>
    /// The author withdraws their note: its text is emptied and the row kept, marked withdrawn; the mentions it made are
    /// taken back (they would point at words no longer there).
    /// </summary>
    public Task<NoteChange> WithdrawAsync(long conversationId, long noteId, long agentId) =>
        ChangeAsync(conversationId, noteId, agentId, (c, tx, now) =>
        {
            c.Execute("UPDATE notes SET text = '', withdrawn_at = @now WHERE id = @noteId", new { now, noteId }, tx);
            c.Execute("DELETE FROM note_mentions WHERE note_id = @noteId", new { noteId }, tx);
            return [];
        });

    private async Task<NoteChange> ChangeAsync(long conversationId, long noteId, long agentId,
        Func<System.Data.Common.DbConnection, System.Data.Common.DbTransaction, long, IReadOnlyList<(long AgentId, long MentionId)>> change)
    {
        NoteView note;
        IReadOnlyList<(long AgentId, long MentionId)> named;
        using (var c = db.Open())
        {
            using var tx = c.BeginTransaction();
            var before = c.QuerySingleOrDefault<NoteView>(Columns + " WHERE n.id = @noteId AND n.conversation_id = @conversationId", new { noteId, conversationId }, tx);
            if (before is null) return new NoteChange.NotFound();
            if (before.AgentId != agentId) return new NoteChange.NotYours(new("only its author changes a note", "seul son auteur modifie une note"));
            if (before.WithdrawnAt is not null || before.RedactedAt is not null)
                return new NoteChange.Gone(new("this note was withdrawn", "cette note a été retirée"));
            named = change(c, tx, Db.Now(clock));
            tx.Commit();
            note = c.QuerySingle<NoteView>(Columns + " WHERE n.id = @noteId", new { noteId });
        }
        await broadcaster.Conversation(conversationId).NoteChanged(note);
        await TellNamedAsync(named);
        return new NoteChange.Done(note);
    }

    // Each agent named is told, wherever they are in the inbox.
    private async Task TellNamedAsync(IReadOnlyList<(long AgentId, long MentionId)> named)
    {
        foreach (var (mentioned, mentionId) in named)
            if (mentions.Get(mentionId) is { } view) await broadcaster.Agent(mentioned).Mentioned(view);
    }
}
