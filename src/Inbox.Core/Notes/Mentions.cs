using System.Text.RegularExpressions;
using Dapper;
using Inbox.Core.Storage;

namespace Inbox.Core.Notes;

/// <summary>A note that names an agent, as that agent's list shows it.</summary>
public sealed record MentionView
{
    public long Id { get; init; }
    public long NoteId { get; init; }
    public long ConversationId { get; init; }
    public string? Subject { get; init; }
    public string CustomerName { get; init; } = "";
    public string? AuthorName { get; init; }
    public string Text { get; init; } = "";
    public long CreatedAt { get; init; }
    public long? SeenAt { get; init; }
}

/// <summary>
/// Mentions in internal notes: "@ben can you check the refund?" tells Ben at once (a push to his connections) and stays
/// in his list until he has seen it. Only existing, enabled agents other than the author are mentioned; an address
/// such as "refunds@brand.fr" names nobody.
/// </summary>
public sealed partial class Mentions(Db db, TimeProvider clock)
{
    private const string Columns = """
        SELECT nm.id AS Id, nm.note_id AS NoteId, n.conversation_id AS ConversationId, c.subject AS Subject,
               cu.display_name AS CustomerName, a.display_name AS AuthorName, n.text AS Text, n.created_at AS CreatedAt, nm.seen_at AS SeenAt
        FROM note_mentions nm JOIN notes n ON n.id = nm.note_id JOIN conversations c ON c.id = n.conversation_id
        JOIN customers cu ON cu.id = c.customer_id LEFT JOIN agents a ON a.id = n.agent_id
        """;

    [GeneratedRegex(@"(?<![\p{L}\p{N}._@-])@([A-Za-z0-9._-]*[A-Za-z0-9])")]
    private static partial Regex Handle();

    /// <summary>The usernames a note names, lowercased, each once.</summary>
    public static IReadOnlyList<string> Named(string text) =>
        [.. Handle().Matches(text).Select(m => m.Groups[1].Value.ToLowerInvariant()).Distinct()];

    /// <summary>Records who a note names, in the note's transaction: each agent newly named with their mention's id, to be told after the commit.</summary>
    public static IReadOnlyList<(long AgentId, long MentionId)> Record(System.Data.Common.DbConnection c, System.Data.Common.DbTransaction tx, long noteId, string text, long authorId)
    {
        var names = Named(text);
        if (names.Count == 0) return [];
        var agents = c.Query<long>("SELECT id FROM agents WHERE username IN @names AND disabled = 0 AND id <> @authorId", new { names, authorId }, tx);
        // An agent the note named already (an edited note) is not told twice.
        return [.. agents.Select(agentId => (agentId, Id: c.ExecuteScalar<long?>(
                "INSERT INTO note_mentions (note_id, agent_id) VALUES (@noteId, @agentId) ON CONFLICT (note_id, agent_id) DO NOTHING RETURNING id",
                new { noteId, agentId }, tx)))
            .Where(m => m.Id is not null).Select(m => (m.agentId, m.Id!.Value))];
    }

    public MentionView? Get(long id)
    {
        using var c = db.Open();
        return c.QuerySingleOrDefault<MentionView>(Columns + " WHERE nm.id = @id", new { id });
    }

    /// <summary>An agent's mentions, newest first: the unseen ones and the latest seen.</summary>
    public IReadOnlyList<MentionView> For(long agentId, int limit = 50)
    {
        using var c = db.Open();
        return c.Query<MentionView>(Columns + " WHERE nm.agent_id = @agentId ORDER BY nm.id DESC LIMIT @limit", new { agentId, limit }).AsList();
    }

    /// <returns>false when the mention is not this agent's.</returns>
    public bool MarkSeen(long agentId, long mentionId)
    {
        using var c = db.Open();
        return c.Execute("UPDATE note_mentions SET seen_at = COALESCE(seen_at, @now) WHERE id = @mentionId AND agent_id = @agentId",
            new { now = Db.Now(clock), mentionId, agentId }) == 1;
    }
}
