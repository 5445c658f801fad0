using Dapper;
using Inbox.Core.Model;
using Inbox.Core.Realtime;
using Inbox.Core.Storage;

namespace Inbox.Core.Conversations;

/// <summary>
/// A conversation's priority, set by an agent (the thread's header) or a rule: low, normal (the default), high, urgent.
/// Stored as 0–3 so that the list sorts by it ("Priority first"); named on the wire where a person writes it.
/// </summary>
public sealed class Priority(Db db, TimeProvider clock, IBroadcaster broadcaster)
{
    public const int Normal = 1;
    public static readonly IReadOnlyList<string> Names = ["low", "normal", "high", "urgent"];

    public static (int Value, Refusal? Error) Parse(string? name)
    {
        var i = Names.ToList().IndexOf((name ?? "").Trim().ToLowerInvariant());
        return i >= 0 ? (i, null) : (Normal, new("priority is low, normal, high or urgent", "la priorité est low, normal, high ou urgent"));
    }

    /// <summary>Sets it by hand (audited, in the history) and tells every agent; null when there is no such conversation.</summary>
    public async Task<ConversationView?> SetAsync(long conversationId, int priority, long agentId)
    {
        ConversationView view;
        using (var c = db.Open())
        {
            using var tx = c.BeginTransaction();
            var before = c.ExecuteScalar<int?>("SELECT priority FROM conversations WHERE id = @conversationId", new { conversationId }, tx);
            if (before is null) return null;
            if (before != priority)
            {
                c.Execute("UPDATE conversations SET priority = @priority WHERE id = @conversationId", new { conversationId, priority }, tx);
                Audit.AuditLog.Write(c, tx, Db.Now(clock), agentId, "conversation.priority", $"conversation:{conversationId}", new { Priority = Names[priority] });
            }
            view = ConversationQueries.Get(c, conversationId, tx)!;
            tx.Commit();
        }
        await broadcaster.Everyone.ConversationChanged(view);
        return view;
    }
}
