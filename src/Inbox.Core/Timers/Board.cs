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

        // One pass over the covering index per status (no sort), one range scan of the at-risk part of the timers index.
        var open = c.Query<Cell>("""
            SELECT channel, assigned_agent_id, COUNT(*) AS open, SUM(unanswered > 0) AS unanswered
            FROM conversations WHERE status = 'open' AND is_automated = 0 GROUP BY channel, assigned_agent_id
            UNION ALL
            SELECT channel, assigned_agent_id, COUNT(*), SUM(unanswered > 0)
            FROM conversations WHERE status = 'pending' AND is_automated = 0 GROUP BY channel, assigned_agent_id
            """).AsList();
        var late = c.Query<Cell>("""
            SELECT channel, assigned_agent_id, SUM(due_at > @now) AS at_risk, SUM(due_at <= @now) AS breached
            FROM conversation_timers WHERE at_risk_at <= @now AND paused_at IS NULL GROUP BY channel, assigned_agent_id
            """, p).AsList();
        var cells = open.Concat(late).ToList();

        var channels = cells.GroupBy(x => x.Channel).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => new ChannelCounts
        {
            Channel = g.Key, Open = g.Sum(x => x.Open), Unanswered = g.Sum(x => x.Unanswered), AtRisk = g.Sum(x => x.AtRisk), Breached = g.Sum(x => x.Breached),
        }).ToList();
        var byAgent = cells.ToLookup(x => x.AssignedAgentId ?? 0);
        var agents = c.Query<(long Id, string Name)>("SELECT id, display_name FROM agents WHERE disabled = 0 ORDER BY display_name")
            .Select(a => (Id: (long?)a.Id, a.Name)).Prepend((Id: null, Name: null!))
            .Select(a =>
            {
                var mine = byAgent[a.Id ?? 0];
                return new AgentLoad
                {
                    AgentId = a.Id, Name = a.Name,
                    Open = mine.Sum(x => x.Open), Unanswered = mine.Sum(x => x.Unanswered), AtRisk = mine.Sum(x => x.AtRisk), Breached = mine.Sum(x => x.Breached),
                };
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

    private sealed record Cell
    {
        public string Channel { get; init; } = "";
        public long? AssignedAgentId { get; init; }
        public long Open { get; init; }
        public long Unanswered { get; init; }
        public long AtRisk { get; init; }
        public long Breached { get; init; }
    }
}
