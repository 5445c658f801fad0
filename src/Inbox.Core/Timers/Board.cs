using Dapper;
using Inbox.Core.Conversations;
using Inbox.Core.Storage;

namespace Inbox.Core.Timers;

public sealed record ChannelCounts { public string Channel { get; init; } = ""; public long Open { get; init; } public long Unanswered { get; init; } public long AtRisk { get; init; } public long Breached { get; init; } }
public sealed record AgentLoad { public long? AgentId { get; init; } public string? Name { get; init; } public long Open { get; init; } public long Unanswered { get; init; } public long AtRisk { get; init; } public long Breached { get; init; } }

/// <summary>What the lead board shows at load; live changes then arrive through the hub.</summary>
public sealed record BoardSnapshot(
    long Now, IReadOnlyList<ChannelCounts> Channels, IReadOnlyList<AgentLoad> Agents,
    IReadOnlyList<ConversationView> Conversations, IReadOnlyList<SlaAlert> Alerts);

/// <summary>
/// The board's read side. Counts use the covering index on conversations and a scan of running timers only;
/// the list reads the timers with the least time left through their due index.
/// </summary>
public sealed class Board(Db db, TimeProvider clock)
{
    public BoardSnapshot Snapshot(string? channel = null, int limit = 200)
    {
        var now = Db.Now(clock);
        using var c = db.Open();
        var p = new { now, channel, limit = Math.Clamp(limit, 1, 1000) };

        var open = c.Query<ChannelCounts>("""
            SELECT channel, COUNT(*) AS open, SUM(unanswered > 0) AS unanswered FROM conversations
            WHERE status IN ('open','pending') AND is_automated = 0 GROUP BY channel
            """).ToDictionary(r => r.Channel);
        var timers = c.Query<ChannelCounts>("""
            SELECT channel, SUM(at_risk_at <= @now AND due_at > @now) AS at_risk, SUM(due_at <= @now) AS breached
            FROM conversation_timers WHERE paused_at IS NULL AND at_risk_at <= @now GROUP BY channel
            """, p).ToDictionary(r => r.Channel);
        var channels = open.Keys.Union(timers.Keys).Order().Select(ch => new ChannelCounts
        {
            Channel = ch,
            Open = open.GetValueOrDefault(ch)?.Open ?? 0,
            Unanswered = open.GetValueOrDefault(ch)?.Unanswered ?? 0,
            AtRisk = timers.GetValueOrDefault(ch)?.AtRisk ?? 0,
            Breached = timers.GetValueOrDefault(ch)?.Breached ?? 0,
        }).ToList();

        var load = c.Query<AgentLoad>("""
            SELECT assigned_agent_id AS agent_id, COUNT(*) AS open, SUM(unanswered > 0) AS unanswered FROM conversations
            WHERE status IN ('open','pending') AND is_automated = 0 GROUP BY assigned_agent_id
            """).ToDictionary(r => r.AgentId ?? 0);
        var late = c.Query<AgentLoad>("""
            SELECT cv.assigned_agent_id AS agent_id, SUM(t.due_at > @now) AS at_risk, SUM(t.due_at <= @now) AS breached
            FROM conversation_timers t JOIN conversations cv ON cv.id = t.conversation_id
            WHERE t.paused_at IS NULL AND t.at_risk_at <= @now GROUP BY cv.assigned_agent_id
            """, p).ToDictionary(r => r.AgentId ?? 0);
        var agents = c.Query<(long Id, string Name)>("SELECT id, display_name FROM agents WHERE disabled = 0 ORDER BY display_name")
            .Select(a => (Id: (long?)a.Id, a.Name)).Prepend((Id: null, Name: null!))
            .Select(a => new AgentLoad
            {
                AgentId = a.Id,
                Name = a.Name,
                Open = load.GetValueOrDefault(a.Id ?? 0)?.Open ?? 0,
                Unanswered = load.GetValueOrDefault(a.Id ?? 0)?.Unanswered ?? 0,
                AtRisk = late.GetValueOrDefault(a.Id ?? 0)?.AtRisk ?? 0,
                Breached = late.GetValueOrDefault(a.Id ?? 0)?.Breached ?? 0,
            }).ToList();

        var list = c.Query<ConversationView>($"""
            SELECT {ConversationQueries.ConversationColumns}
            WHERE c.id IN (SELECT conversation_id FROM conversation_timers
                           WHERE paused_at IS NULL AND (@channel IS NULL OR channel = @channel) ORDER BY due_at LIMIT @limit)
            """, p).OrderBy(v => v.TimerDueAt).ToList();

        var alerts = c.Query<SlaAlert>("""
            SELECT s.id, s.conversation_id, s.level, s.kind, cv.channel, cu.display_name AS customer_name, cv.assigned_agent_id,
                   s.started_at, s.due_at, s.raised_at
            FROM sla_alerts s JOIN conversations cv ON cv.id = s.conversation_id JOIN customers cu ON cu.id = cv.customer_id
            ORDER BY s.id DESC LIMIT 20
            """).AsList();
        return new BoardSnapshot(now, channels, agents, list, alerts);
    }
}
