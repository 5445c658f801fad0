using Dapper;
using Inbox.Core.Audit;
using Inbox.Core.Model;
using Inbox.Core.Storage;

namespace Inbox.Core.Collision;

public abstract record AssignResult
{
    public sealed record Done(AssignmentView Assignment) : AssignResult;
    public sealed record Forbidden(string Reason) : AssignResult;
    public sealed record NotFound(string What) : AssignResult;
}

/// <summary>
/// Who owns a conversation. An agent may take an unassigned conversation (or hand over one they own) to
/// themselves or a colleague; taking a conversation that belongs to someone else is a lead's decision.
/// </summary>
public sealed class Assignments(Db db, TimeProvider clock)
{
    public AssignResult Assign(long conversationId, long? assigneeId, long byAgentId, string byRole)
    {
        using var c = db.Open();
        using var tx = c.BeginTransaction();
        var current = c.QuerySingleOrDefault<Current>(
            "SELECT id AS Id, assigned_agent_id AS AssignedAgentId FROM conversations WHERE id = @conversationId", new { conversationId }, tx);
        if (current is null) return new AssignResult.NotFound("conversation");
        string? name = null;
        if (assigneeId is { } a)
        {
            name = c.QuerySingleOrDefault<string>("SELECT display_name FROM agents WHERE id = @a AND disabled = 0", new { a }, tx);
            if (name is null) return new AssignResult.NotFound("agent");
        }
        var isLead = Roles.Rank(byRole) >= Roles.Rank(Roles.Lead);
        if (current.AssignedAgentId is { } owner && owner != byAgentId && owner != assigneeId && !isLead)
            return new AssignResult.Forbidden("this conversation is assigned to someone else; only a lead can reassign it");

        c.Execute("UPDATE conversations SET assigned_agent_id = @assigneeId WHERE id = @conversationId", new { assigneeId, conversationId }, tx);
        AuditLog.Write(c, tx, Db.Now(clock), byAgentId, "conversation.assign", $"conversation:{conversationId}",
            new { from = current.AssignedAgentId, to = assigneeId });
        tx.Commit();
        return new AssignResult.Done(new AssignmentView(conversationId, assigneeId, name, byAgentId));
    }

    private sealed record Current { public long Id { get; init; } public long? AssignedAgentId { get; init; } }
}
