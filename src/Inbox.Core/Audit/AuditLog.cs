using System.Data.Common;
using System.Text.Json;
using Dapper;
using Inbox.Core.Storage;

namespace Inbox.Core.Audit;

public sealed record AuditEntry { public long Id { get; init; } public long At { get; init; } public long? AgentId { get; init; } public string? AgentName { get; init; } public string Action { get; init; } = ""; public string? Target { get; init; } public string? Details { get; init; } }

/// <summary>The append-only record of agent actions. There is no update or delete path (the table refuses both).</summary>
public sealed class AuditLog(Db db, TimeProvider clock)
{
    public void Write(long? agentId, string action, string? target, object? details = null)
    {
        using var c = db.Open();
        Write(c, null, Db.Now(clock), agentId, action, target, details);
    }

    public static void Write(DbConnection c, DbTransaction? tx, long now, long? agentId, string action, string? target, object? details = null) =>
        c.Execute("INSERT INTO audit_log (at, agent_id, action, target, details) VALUES (@now, @agentId, @action, @target, @json)",
            new { now, agentId, action, target, json = details is null ? null : JsonSerializer.Serialize(details) }, tx);

    public IReadOnlyList<AuditEntry> List(long? before = null, int limit = 200)
    {
        using var c = db.Open();
        return c.Query<AuditEntry>("""
            SELECT l.id AS Id, l.at AS At, l.agent_id AS AgentId, a.display_name AS AgentName, l.action AS Action, l.target AS Target, l.details AS Details
            FROM audit_log l LEFT JOIN agents a ON a.id = l.agent_id
            WHERE (@before IS NULL OR l.id < @before) ORDER BY l.id DESC LIMIT @limit
            """, new { before, limit }).AsList();
    }
}
