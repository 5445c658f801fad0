using System.Text.Json;
using Dapper;
using Inbox.Core.Storage;

namespace Inbox.Core.Conversations;

/// <param name="Action">assign, status, snooze, tags, private (moved to a private reply), split (taken out of a duplicate
/// cluster), forced (a reply sent past a consistency warning), spam and not_spam (marked as spam, and back), priority, reopened (by the customer's message) or woke (a snooze ran out).</param>
/// <param name="To">assign: the assignee's name, null when unassigned.</param>
/// <param name="Auto">assign: given by automatic assignment, not by an agent.</param>
/// <param name="Rule">The leads' rule that did it (a new conversation's tags, priority, assignee or spam), by its name then.</param>
/// <param name="Priority">priority: low, normal, high or urgent.</param>
public sealed record ConversationEvent(long Id, long At, string? AgentName, string Action, string? To = null, string? Status = null,
    long? Until = null, IReadOnlyList<string>? Tags = null, bool Auto = false, string? Rule = null, string? Priority = null);

/// <summary>
/// What agents did to a conversation, from the audit log (the record of it): shown in the thread between the messages,
/// so that whoever opens it sees who took it, closed it, snoozed it or tagged it, and when; and what reopened it without
/// an agent (the customer writing again, a snooze running out).
/// </summary>
public sealed class ConversationHistory(Db db)
{
    private static readonly Dictionary<string, string> Actions = new()
    {
        ["conversation.assign"] = "assign", ["conversation.status"] = "status", ["conversation.snooze"] = "snooze",
        ["conversation.tags"] = "tags", ["conversation.private"] = "private", ["duplicate.split"] = "split", ["reply.forced"] = "forced",
        ["conversation.spam"] = "spam", ["conversation.not_spam"] = "not_spam", ["conversation.priority"] = "priority",
        // What no agent did: the customer writing in a closed conversation, a snooze running out.
        ["conversation.reopened"] = "reopened", ["conversation.woke"] = "woke",
    };

    /// <summary>The conversation's events, oldest first (the latest 200), their details read from the log's JSON in SQL.</summary>
    public IReadOnlyList<ConversationEvent> For(long conversationId)
    {
        using var c = db.Open();
        return c.Query<Row>("""
            SELECT l.id AS Id, l.at AS At, a.display_name AS AgentName, l.action AS Action, t.display_name AS "To",
                   json_extract(l.details, '$.Status') AS Status, json_extract(l.details, '$.Until') AS Until,
                   json_extract(l.details, '$.tags') AS Tags, COALESCE(json_extract(l.details, '$.auto'), 0) AS Auto,
                   json_extract(l.details, '$.rule') AS Rule, json_extract(l.details, '$.Priority') AS Priority
            FROM audit_log l LEFT JOIN agents a ON a.id = l.agent_id
            LEFT JOIN agents t ON l.action = 'conversation.assign' AND t.id = json_extract(l.details, '$.to')
            WHERE l.target = @target AND l.action IN @actions ORDER BY l.id DESC LIMIT 200
            """, new { target = $"conversation:{conversationId}", actions = Actions.Keys })
            .Reverse()
            .Select(r => new ConversationEvent(r.Id, r.At, r.AgentName, Actions[r.Action], r.To, r.Status, r.Until,
                r.Tags is null ? null : JsonSerializer.Deserialize<List<string>>(r.Tags), r.Auto, r.Rule, r.Priority))
            .ToList();
    }

    private sealed record Row
    {
        public long Id { get; init; }
        public long At { get; init; }
        public string? AgentName { get; init; }
        public string Action { get; init; } = "";
        public string? To { get; init; }
        public string? Status { get; init; }
        public long? Until { get; init; }
        public string? Tags { get; init; }
        public bool Auto { get; init; }
        public string? Rule { get; init; }
        public string? Priority { get; init; }
    }
}
