using System.Data.Common;
using Dapper;

namespace Inbox.Core.Replies;

public sealed record NewerMessage(long Id, string Direction, string? AgentName);

/// <summary>
/// Collision guard: a reply written against an outdated view of the conversation (a new customer message, or
/// another agent's reply, arrived after the last message the agent saw) is held until the agent confirms.
/// Message ids grow with arrival, so "arrived since" is simply a larger id, whatever the message's sent time.
/// </summary>
public static class StaleGuard
{
    public static IReadOnlyList<NewerMessage>? NewerThan(DbConnection c, long conversationId, long seenMessageId, long agentId)
    {
        var newer = c.Query<NewerMessage>("""
            SELECT m.id AS Id, m.direction AS Direction, a.display_name AS AgentName
            FROM messages m LEFT JOIN agents a ON a.id = m.agent_id
            WHERE m.conversation_id = @conversationId AND m.id > @seenMessageId
              AND (m.direction = 'in' OR m.agent_id IS NULL OR m.agent_id <> @agentId)
            ORDER BY m.id
            """, new { conversationId, seenMessageId, agentId }).AsList();
        return newer.Count == 0 ? null : newer;
    }

    /// <summary>The reason shown to API clients (the UI words it in the agent's language from the ids).</summary>
    public static string Reason(IReadOnlyList<NewerMessage> newer)
    {
        var fromCustomer = newer.Count(m => m.Direction == "in");
        var agents = newer.Where(m => m.Direction == "out").Select(m => m.AgentName ?? "another agent").Distinct().ToList();
        var parts = new List<string>();
        if (fromCustomer > 0) parts.Add(fromCustomer == 1 ? "a new customer message" : $"{fromCustomer} new customer messages");
        if (agents.Count > 0) parts.Add($"a reply by {string.Join(", ", agents)}");
        return $"Conversation changed since you read it: {string.Join(" and ", parts)} arrived.";
    }
}
