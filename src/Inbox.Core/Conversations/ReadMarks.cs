using Dapper;
using Inbox.Core.Storage;

namespace Inbox.Core.Conversations;

/// <summary>
/// Read and unread, per agent: a conversation is unread for an agent when its customer has written since the agent last
/// had it open. The mark is the conversation's last customer message time as the server has it, never the browser's
/// clock. Marks are written by the agents' own actions only, never by intake (which stays as fast as it is).
/// </summary>
/// <summary>What one agent has seen of one conversation; SeenInboundAt null when marked unread.</summary>
public sealed record ReadMark(long ConversationId, long? SeenInboundAt);

public sealed class ReadMarks(Db db, Realtime.IBroadcaster broadcaster)
{
    /// <returns>The mark now kept (the customer's last message time, 0 when the customer has not written), or null when there is no such conversation.</returns>
    public async Task<long?> MarkReadAsync(long agentId, long conversationId)
    {
        using var c = db.Open();
        var seen = c.QuerySingleOrDefault<long?>("""
            INSERT INTO conversation_reads (agent_id, conversation_id, seen_inbound_at)
            SELECT @agentId, id, COALESCE(last_inbound_at, 0) FROM conversations WHERE id = @conversationId
            ON CONFLICT (agent_id, conversation_id) DO UPDATE SET seen_inbound_at = excluded.seen_inbound_at
            RETURNING seen_inbound_at
            """, new { agentId, conversationId });
        // The agent's other tabs follow (their rows lose the dot too).
        if (seen is not null) await broadcaster.Agent(agentId).ReadChanged(new ReadMark(conversationId, seen));
        return seen;
    }

    /// <summary>"Mark as unread": the agent wants it back in sight, as if the customer's last message had not been read.</summary>
    /// <returns>false when there is no such conversation.</returns>
    public async Task<bool> MarkUnreadAsync(long agentId, long conversationId)
    {
        using (var c = db.Open())
        {
            if (c.ExecuteScalar<long?>("SELECT id FROM conversations WHERE id = @conversationId", new { conversationId }) is null) return false;
            c.Execute("DELETE FROM conversation_reads WHERE agent_id = @agentId AND conversation_id = @conversationId", new { agentId, conversationId });
        }
        await broadcaster.Agent(agentId).ReadChanged(new ReadMark(conversationId, null));
        return true;
    }
}
