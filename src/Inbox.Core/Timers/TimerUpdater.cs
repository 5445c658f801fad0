using System.Data.Common;
using Dapper;
using Inbox.Core.Intake;

namespace Inbox.Core.Timers;

/// <summary>A conversation's running response timer, as stored in conversation_timers.</summary>
public sealed record TimerRow
{
    public long ConversationId { get; init; }
    public string Kind { get; init; } = "first";
    public string Channel { get; init; } = "";
    public long? AssignedAgentId { get; init; }
    public long StartedAt { get; init; }
    public long AtRiskAt { get; init; }
    public long DueAt { get; init; }
    public long? PausedAt { get; init; }
    public string Notified { get; init; } = "none";
}

/// <summary>
/// Pipeline step: derives a conversation's response timer from its stored messages and status. First response runs
/// from the first inbound message, next response from the oldest inbound message after our last answer; a
/// conversation waiting on the customer (pending) holds its clock; closed and automated ones have no timer.
/// </summary>
public sealed class TimerUpdater(SlaConfigStore config, TimerScheduler scheduler) : Consistency.IResponseDue
{
    internal const string TimerColumns = "conversation_id, kind, channel, assigned_agent_id, started_at, at_risk_at, due_at, paused_at, notified";

    // One statement for what the timer depends on (it runs for every stored message): the conversation, our
    // last answer, the oldest human inbound message after it, and the timer row as it stands.
    private static readonly string RecomputeSql = $"""
            SELECT cv.channel, cv.is_public, cv.status, cv.is_automated, cv.assigned_agent_id, w.last_out,
                   (SELECT MIN(m.sent_at) FROM messages m WHERE m.conversation_id = cv.id AND m.direction = 'in' AND m.tags = ''
                      AND (w.last_out IS NULL OR m.sent_at > w.last_out)) AS oldest_in,
                   {string.Join(", ", TimerColumns.Split(", ").Select(col => "t." + col))}
            FROM conversations cv
            CROSS JOIN (SELECT MAX(sent_at) AS last_out FROM messages WHERE conversation_id = @id AND direction = 'out') w
            LEFT JOIN conversation_timers t ON t.conversation_id = cv.id
            WHERE cv.id = @id
            """;

    public void OnMessage(IntakeContext ctx, StoredMessage message)
    {
        if (message.Direction == "out") RecordResponse(ctx.Connection, ctx.Transaction, message);
        var row = Recompute(ctx.Connection, ctx.Transaction, message.ConversationId, ctx.Now);
        // The queue learns of the change only once the transaction is committed.
        ctx.OnCommitted(() => scheduler.Set(message.ConversationId, row));
    }

    /// <summary>
    /// The conversation's response due time. A conversation that arrived in this very intake has no timer
    /// row yet (the timers step comes after consistency), so it is brought up to date here.
    /// </summary>
    public long? DueAt(IntakeContext ctx, long conversationId)
    {
        var row = Recompute(ctx.Connection, ctx.Transaction, conversationId, ctx.Now);
        ctx.OnCommitted(() => scheduler.Set(conversationId, row));
        return row is { PausedAt: null } ? row.DueAt : null;
    }

    /// <summary>Status changed (pending pauses, open resumes, closed stops); the caller has committed or passes no transaction.</summary>
    public TimerRow? OnStatusChanged(DbConnection c, DbTransaction? tx, long conversationId, long now)
    {
        var row = Recompute(c, tx, conversationId, now);
        scheduler.Set(conversationId, row);
        return row;
    }

    private static void RecordResponse(DbConnection c, DbTransaction tx, StoredMessage m)
    {
        c.Execute("""
            INSERT INTO sla_responses (conversation_id, kind, channel, agent_id, started_at, responded_at, due_at)
            SELECT t.conversation_id, t.kind, t.channel, (SELECT agent_id FROM messages WHERE id = @MessageId), t.started_at, @SentAt, t.due_at
            FROM conversation_timers t WHERE t.conversation_id = @ConversationId AND t.started_at <= @SentAt
            ON CONFLICT (conversation_id, started_at) DO NOTHING
            """, new { m.MessageId, m.SentAt, m.ConversationId }, tx);
    }

    /// <summary>Brings conversation_timers in line with the stored facts; returns the running timer or null.</summary>
    public TimerRow? Recompute(DbConnection c, DbTransaction? tx, long id, long now)
    {
        var read = c.Query<ConvFacts, TimerRow, (ConvFacts Conv, TimerRow? Existing)>(RecomputeSql, (conv, timer) => (conv, timer), new { id }, tx, splitOn: "conversation_id").FirstOrDefault();
        if (read.Conv is not { } conv)
        {
            c.Execute("DELETE FROM conversation_timers WHERE conversation_id = @id", new { id }, tx);
            return null;
        }
        var existing = read.Existing;
        var cfg = config.Current(c, tx);
        // The oldest human inbound message after our last answer, and whether an answer ever happened.
        (string Kind, long StartedAt)? wanted = conv.IsAutomated || conv.Status == "closed" || conv.OldestIn is not { } oldest ? null
            : (conv.LastOut is null ? "first" : "next", oldest);
        if (wanted is null || cfg.For(conv.Channel, conv.IsPublic) is null)
        {
            if (existing is not null) c.Execute("DELETE FROM conversation_timers WHERE conversation_id = @id", new { id }, tx);
            return null;
        }

        var row = existing is not null && existing.StartedAt == wanted.Value.StartedAt && existing.Kind == wanted.Value.Kind
            ? existing
            : New(cfg, id, conv, wanted.Value.Kind, wanted.Value.StartedAt);
        row = row with { AssignedAgentId = conv.AssignedAgentId };
        var calendar = cfg.CalendarFor(conv.Channel, conv.IsPublic);
        if (conv.Status == "pending" && row.PausedAt is null) row = row with { PausedAt = Math.Max(now, row.StartedAt) };
        else if (conv.Status != "pending" && row.PausedAt is { } pausedAt)
            row = row with
            {
                PausedAt = null,
                AtRiskAt = SlaCalculator.Resume(calendar, row.AtRiskAt, pausedAt, now),
                DueAt = SlaCalculator.Resume(calendar, row.DueAt, pausedAt, now),
            };
        if (row != existing)
            c.Execute("""
                INSERT INTO conversation_timers (conversation_id, kind, channel, assigned_agent_id, started_at, at_risk_at, due_at, paused_at, notified)
                VALUES (@ConversationId, @Kind, @Channel, @AssignedAgentId, @StartedAt, @AtRiskAt, @DueAt, @PausedAt, @Notified)
                ON CONFLICT (conversation_id) DO UPDATE SET kind = excluded.kind, channel = excluded.channel,
                    assigned_agent_id = excluded.assigned_agent_id, started_at = excluded.started_at,
                    at_risk_at = excluded.at_risk_at, due_at = excluded.due_at, paused_at = excluded.paused_at, notified = excluded.notified
                """, row, tx);
        return row;
    }

    private static TimerRow New(SlaConfig cfg, long id, ConvFacts conv, string kind, long startedAt)
    {
        var (atRisk, due) = cfg.Deadlines(conv.Channel, conv.IsPublic, kind, startedAt)!.Value;
        return new TimerRow { ConversationId = id, Kind = kind, Channel = conv.Channel, StartedAt = startedAt, AtRiskAt = atRisk, DueAt = due };
    }

    private sealed record ConvFacts { public string Channel { get; init; } = ""; public bool IsPublic { get; init; } public string Status { get; init; } = ""; public bool IsAutomated { get; init; } public long? AssignedAgentId { get; init; } public long? LastOut { get; init; } public long? OldestIn { get; init; } }
}
