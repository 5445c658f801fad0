using System.Text.Json;
using Dapper;
using Inbox.Core.Storage;

namespace Inbox.Core.Conversations;

/// <param name="Action">assign, status, snooze, tags, private (moved to a private reply), split (taken out of a duplicate
/// cluster) or forced (a reply sent past a consistency warning).</param>
/// <param name="To">assign: the assignee's name, null when unassigned.</param>
/// <param name="Auto">assign: given by automatic assignment, not by an agent.</param>
public sealed record ConversationEvent(long Id, long At, string? AgentName, string Action, string? To = null, string? Status = null,
    long? Until = null, IReadOnlyList<string>? Tags = null, bool Auto = false);

/// <summary>
/// What agents did to a conversation, from the audit log (the record of it): shown in the thread between the messages,
/// so that whoever opens it sees who took it, closed it, snoozed it or tagged it, and when.
/// </summary>
public sealed class ConversationHistory(Db db)
{
    private static readonly Dictionary<string, string> Actions = new()
    {
        ["conversation.assign"] = "assign", ["conversation.status"] = "status", ["conversation.snooze"] = "snooze",
        ["conversation.tags"] = "tags", ["conversation.private"] = "private", ["duplicate.split"] = "split", ["reply.forced"] = "forced",
    };

    /// <summary>The conversation's events, oldest first (the latest 200).</summary>
    public IReadOnlyList<ConversationEvent> For(long conversationId)
    {
        using var c = db.Open();
        var rows = c.Query<(long Id, long At, string? AgentName, string Action, string? Details)>("""
            SELECT l.id, l.at, a.display_name, l.action, l.details
            FROM audit_log l LEFT JOIN agents a ON a.id = l.agent_id
            WHERE l.target = @target AND l.action IN @actions ORDER BY l.id DESC LIMIT 200
            """, new { target = $"conversation:{conversationId}", actions = Actions.Keys }).Reverse().ToList();
        var names = c.Query<(long Id, string Name)>("SELECT id, display_name FROM agents").ToDictionary(a => a.Id, a => a.Name);
        return rows.Select(r => Event(r.Id, r.At, r.AgentName, Actions[r.Action], r.Details, names)).ToList();
    }

    private static ConversationEvent Event(long id, long at, string? agent, string action, string? details, Dictionary<long, string> names)
    {
        var e = new ConversationEvent(id, at, agent, action);
        if (details is null) return e;
        using var doc = JsonDocument.Parse(details);
        var d = doc.RootElement;
        return action switch
        {
            "assign" => e with
            {
                To = d.TryGetProperty("to", out var to) && to.ValueKind == JsonValueKind.Number && names.TryGetValue(to.GetInt64(), out var n) ? n : null,
                Auto = d.TryGetProperty("auto", out var auto) && auto.ValueKind == JsonValueKind.True,
            },
            "status" => e with { Status = d.TryGetProperty("Status", out var s) ? s.GetString() : null },
            "snooze" => e with { Until = d.TryGetProperty("Until", out var u) && u.ValueKind == JsonValueKind.Number ? u.GetInt64() : null },
            "tags" => e with { Tags = d.TryGetProperty("tags", out var t) ? t.EnumerateArray().Select(x => x.GetString() ?? "").ToList() : [] },
            _ => e,
        };
    }
}
