using Dapper;
using Inbox.Core.Audit;
using Inbox.Core.Intake;
using Inbox.Core.Model;
using Inbox.Core.Storage;

namespace Inbox.Core.Collision;

/// <summary>Who is online now (a live connection to the inbox): the web host's presence.</summary>
public interface IOnlineAgents
{
    IReadOnlyCollection<long> Online { get; }
}

public sealed record AutoAssignSettings(bool Enabled, int MaxOpen);

/// <summary>
/// Automatic assignment: a customer's new conversation goes to an agent online (and not away) who takes its channel and its
/// language (every channel and language unless an admin narrows the agent; a conversation whose language is not known
/// goes to anyone), at once, the one with the fewest open
/// conversations (the one who got one longest ago among equals), as long as they have fewer than the cap. Nobody
/// online or everyone at the cap: it waits unassigned, as without it. An intake step, in the intake's transaction, so
/// the new row is pushed with its assignee; audited as an automatic assignment. Off until an admin turns it on.
/// </summary>
public sealed class AutoAssign(Db db, IOnlineAgents online, TimeProvider clock)
{
    public const int MaxCap = 200;
    private volatile AutoAssignSettings? _settings;

    public AutoAssignSettings Settings
    {
        get
        {
            if (_settings is { } known) return known;
            using var c = db.Open();
            var (enabled, maxOpen) = c.QuerySingle<(long, long)>("SELECT enabled, max_open FROM assignment_settings WHERE id = 1");
            return _settings = new AutoAssignSettings(enabled != 0, (int)maxOpen);
        }
    }

    public static Refusal? Validate(AutoAssignSettings s) =>
        s.MaxOpen is < 1 or > MaxCap ? new($"the cap is 1 to {MaxCap} open conversations", $"le plafond va de 1 à {MaxCap} conversations ouvertes") : null;

    public void Save(AutoAssignSettings s)
    {
        using var c = db.Open();
        c.Execute("UPDATE assignment_settings SET enabled = @Enabled, max_open = @MaxOpen, updated_at = @now WHERE id = 1",
            new { s.Enabled, s.MaxOpen, now = Db.Now(clock) });
        _settings = s;
    }

    // When each agent was last given a conversation (this process's memory: after a restart, loads decide alone).
    private readonly System.Collections.Concurrent.ConcurrentDictionary<long, long> _lastGiven = new();

    /// <summary>The intake step: a customer's message that opened a conversation gets it an assignee when someone can take it.</summary>
    public void OnMessage(IntakeContext ctx, StoredMessage m)
    {
        if (!m.NewConversation || m.Direction != "in" || m.Tags.Count > 0 || !Settings.Enabled) return;
        var here = online.Online;
        if (here.Count == 0) return;
        var ids = System.Text.Json.JsonSerializer.Serialize(here);
        var loads = ctx.Connection.Query<(long Id, long Open)>("""
            SELECT a.id, (SELECT COUNT(*) FROM conversations c WHERE c.assigned_agent_id = a.id AND c.status <> 'closed')
            FROM agents a
            WHERE a.id IN (SELECT value FROM json_each(@ids)) AND a.disabled = 0 AND a.away = 0 AND a.role IN ('agent', 'lead')
              AND (a.channels IS NULL OR instr(',' || a.channels || ',', ',' || @Channel || ',') > 0)
              AND (a.languages IS NULL OR a.languages = (SELECT COALESCE(language, a.languages) FROM conversations WHERE id = @ConversationId))
            """, new { ids, m.Channel, m.ConversationId }, ctx.Transaction);
        var pick = loads.Where(a => a.Open < Settings.MaxOpen)
            .OrderBy(a => a.Open).ThenBy(a => _lastGiven.GetValueOrDefault(a.Id)).ThenBy(a => a.Id)
            .Select(a => (long?)a.Id).FirstOrDefault();
        if (pick is not { } agent) return;
        ctx.Connection.Execute("UPDATE conversations SET assigned_agent_id = @agent WHERE id = @ConversationId AND assigned_agent_id IS NULL",
            new { agent, m.ConversationId }, ctx.Transaction);
        AuditLog.Write(ctx.Connection, ctx.Transaction, ctx.Now, null, "conversation.assign", $"conversation:{m.ConversationId}",
            new { from = (long?)null, to = agent, auto = true });
        // Remembered once the intake commits (a rolled-back batch is stored again and assigns again).
        ctx.OnCommitted(() => _lastGiven[agent] = Environment.TickCount64);
    }
}
