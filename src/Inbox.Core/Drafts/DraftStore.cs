using Dapper;
using Inbox.Core.Model;
using Inbox.Core.Realtime;
using Inbox.Core.Storage;

namespace Inbox.Core.Drafts;

/// <summary>An agent's unsent reply in one conversation, as they last left it. Text empty: the draft is gone (sent or emptied).</summary>
public sealed record DraftView(long ConversationId, string Text, long UpdatedAt);

/// <summary>Someone with an unsent draft in a conversation: their name and since when, never their words.</summary>
public sealed record DraftHolder(long AgentId, string AgentName, long UpdatedAt);

/// <summary>Who has an unsent draft in one conversation, pushed to the agents who have it open.</summary>
public sealed record ConversationDrafts(long ConversationId, IReadOnlyList<DraftHolder> Holders);

/// <summary>What became of a draft the page saved.</summary>
public abstract record DraftSave
{
    public sealed record Saved(DraftView Draft) : DraftSave;
    /// <summary>An empty box: the draft is gone.</summary>
    public sealed record Discarded : DraftSave;
    public sealed record NotFound : DraftSave;
    /// <summary>
    /// The agent sent a reply in this conversation after the page read the thread this text was typed against: the text
    /// is the reply that went (a save still on its way when the agent pressed Send), so it does not come back as a draft.
    /// </summary>
    public sealed record Superseded : DraftSave;
}

/// <summary>
/// Drafts, one per agent and conversation: what an agent types in a reply box is saved as they type (the page waits
/// for a pause), so that it is there again after opening another conversation, a reload, or on another computer; a
/// reply the agent sends ends it. Colleagues see who has one (not its words): two agents answering one customer at once
/// is the commonest way to answer twice, and differently. Not audited: nothing is told to a customer until it is sent.
/// </summary>
public sealed class DraftStore(Db db, TimeProvider clock, IBroadcaster broadcaster)
{
    /// <summary>As long as the longest reply a channel takes (an email), with room.</summary>
    public const int MaxLength = 100_000;

    public static Refusal? Validate(string? text) =>
        text is not null && text.Length > MaxLength
            ? new($"a draft is at most {MaxLength} characters", $"un brouillon fait au plus {MaxLength} caractères")
            : null;

    /// <summary>The agent's drafts, the most recent first (the page marks their rows and fills the reply boxes).</summary>
    public IReadOnlyList<DraftView> Mine(long agentId)
    {
        using var c = db.Open();
        return c.Query<DraftView>("""
            SELECT conversation_id AS ConversationId, text AS Text, updated_at AS UpdatedAt
            FROM drafts WHERE agent_id = @agentId ORDER BY updated_at DESC LIMIT 500
            """, new { agentId }).AsList();
    }

    /// <summary>Who has a draft in the conversation, the earliest first; null when there is no such conversation.</summary>
    public IReadOnlyList<DraftHolder>? Holders(long conversationId)
    {
        using var c = db.Open();
        if (c.ExecuteScalar<long?>("SELECT id FROM conversations WHERE id = @conversationId", new { conversationId }) is null) return null;
        return HoldersOf(c, conversationId);
    }

    private static List<DraftHolder> HoldersOf(System.Data.IDbConnection c, long conversationId) =>
        c.Query<DraftHolder>("""
            SELECT d.agent_id AS AgentId, a.display_name AS AgentName, d.updated_at AS UpdatedAt
            FROM drafts d JOIN agents a ON a.id = d.agent_id
            WHERE d.conversation_id = @conversationId ORDER BY d.updated_at, d.agent_id
            """, new { conversationId }).AsList();

    /// <param name="seenMessageId">The newest message of the thread the page had when the text was typed (null: not checked).</param>
    public async Task<DraftSave> SaveAsync(long conversationId, long agentId, string? text, long? seenMessageId)
    {
        text = (text ?? "").Replace("\r\n", "\n");
        if (text.Trim().Length == 0) return await DiscardAsync(conversationId, agentId) ? new DraftSave.Discarded() : new DraftSave.NotFound();
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        bool created;
        List<DraftHolder>? holders = null;
        using (var c = db.Open())
        using (var tx = c.BeginTransaction())
        {
            if (c.ExecuteScalar<long?>("SELECT id FROM conversations WHERE id = @conversationId", new { conversationId }, tx) is null) return new DraftSave.NotFound();
            if (seenMessageId is { } seen && c.ExecuteScalar<long?>("""
                    SELECT id FROM messages
                    WHERE conversation_id = @conversationId AND direction = 'out' AND agent_id = @agentId AND id > @seen LIMIT 1
                    """, new { conversationId, agentId, seen }, tx) is not null)
                return new DraftSave.Superseded();
            created = c.ExecuteScalar<long?>("SELECT agent_id FROM drafts WHERE conversation_id = @conversationId AND agent_id = @agentId",
                new { conversationId, agentId }, tx) is null;
            c.Execute("""
                INSERT INTO drafts (conversation_id, agent_id, text, updated_at) VALUES (@conversationId, @agentId, @text, @now)
                ON CONFLICT (conversation_id, agent_id) DO UPDATE SET text = excluded.text, updated_at = excluded.updated_at
                """, new { conversationId, agentId, text, now }, tx);
            if (created) holders = HoldersOf(c, conversationId);
            tx.Commit();
        }
        var draft = new DraftView(conversationId, text, now);
        // The agent's other tabs keep it for when they open the conversation; colleagues learn only that it exists.
        await broadcaster.Agent(agentId).DraftSaved(draft);
        if (holders is not null) await broadcaster.Conversation(conversationId).DraftsChanged(new ConversationDrafts(conversationId, holders));
        return new DraftSave.Saved(draft);
    }

    /// <summary>Ends the agent's draft (emptied, or its reply sent). False when there is no such conversation.</summary>
    public async Task<bool> DiscardAsync(long conversationId, long agentId)
    {
        int removed;
        List<DraftHolder> holders;
        using (var c = db.Open())
        {
            if (c.ExecuteScalar<long?>("SELECT id FROM conversations WHERE id = @conversationId", new { conversationId }) is null) return false;
            removed = c.Execute("DELETE FROM drafts WHERE conversation_id = @conversationId AND agent_id = @agentId", new { conversationId, agentId });
            holders = removed > 0 ? HoldersOf(c, conversationId) : [];
        }
        if (removed > 0)
        {
            await broadcaster.Agent(agentId).DraftSaved(new DraftView(conversationId, "", clock.GetUtcNow().ToUnixTimeMilliseconds()));
            await broadcaster.Conversation(conversationId).DraftsChanged(new ConversationDrafts(conversationId, holders));
        }
        return true;
    }
}
