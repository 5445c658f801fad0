using System.Data.Common;
using Dapper;
using Inbox.Core.Audit;
using Inbox.Core.Consistency;
using Inbox.Core.Conversations;
using Inbox.Core.Intake;
using Inbox.Core.Realtime;

namespace Inbox.Core.Duplicates;

public sealed record DuplicateLinkView
{
    public long Id { get; init; }
    public long ConversationA { get; init; }
    public long ConversationB { get; init; }
    public double Score { get; init; }
    public string Evidence { get; init; } = "";
    public string Status { get; init; } = "linked";
    public long CreatedAt { get; init; }
    public long? DecidedBy { get; init; }
    public long? DecidedAt { get; init; }
}

/// <summary>Writes duplicate links and agent decisions on them, keeps clusters current and tells the agents.</summary>
public sealed class DuplicateLinker(ConsistencyChecker consistency, IdentityLinks identities)
{
    internal const string LinkColumns = """
        id, conversation_a, conversation_b, score, evidence, status, created_at, decided_by, decided_at FROM duplicate_links
        """;

    /// <summary>Links two conversations unless that pair exists already (a rejected pair is never linked again).</summary>
    public DuplicateLinkView? Link(IntakeContext ctx, ConversationDoc x, ConversationDoc y, DuplicateScore score)
    {
        var (a, b) = x.ConversationId < y.ConversationId ? (x.ConversationId, y.ConversationId) : (y.ConversationId, x.ConversationId);
        var c = ctx.Connection;
        if (c.ExecuteScalar<long?>("SELECT id FROM duplicate_links WHERE conversation_a = @a AND conversation_b = @b", new { a, b }, ctx.Transaction) is not null)
            return null;
        // The index lives in memory: make sure both conversations are really stored (an intake that rolled back leaves none).
        if (c.ExecuteScalar<long>("SELECT COUNT(*) FROM conversations WHERE id IN (@a, @b)", new { a, b }, ctx.Transaction) != 2) return null;
        var id = c.ExecuteScalar<long>("""
            INSERT INTO duplicate_links (conversation_a, conversation_b, score, evidence, status, created_at)
            VALUES (@a, @b, @score, @evidence, 'linked', @now) RETURNING id
            """, new { a, b, score = Math.Round(score.Score, 2), evidence = string.Join("; ", score.Evidence), now = ctx.Now }, ctx.Transaction);
        Clusters.Recompute(c, ctx.Transaction, a, b);
        var link = Get(c, ctx.Transaction, id)!;
        PushChanged(ctx, link);
        consistency.OnLinked(ctx, a, b);
        identities.OnLinked(ctx, link, x, y);
        return link;
    }

    /// <summary>An agent's decision: confirm or reject a link. Rejecting removes it from its cluster for good.</summary>
    public DuplicateLinkView? Decide(IntakeContext ctx, long linkId, string status, long agentId)
    {
        var link = Get(ctx.Connection, ctx.Transaction, linkId);
        if (link is null) return null;
        ctx.Connection.Execute("UPDATE duplicate_links SET status = @status, decided_by = @agentId, decided_at = @now WHERE id = @linkId",
            new { status, agentId, now = ctx.Now, linkId }, ctx.Transaction);
        Clusters.Recompute(ctx.Connection, ctx.Transaction, link.ConversationA, link.ConversationB);
        AuditLog.Write(ctx.Connection, ctx.Transaction, ctx.Now, agentId, "duplicate." + (status == "rejected" ? "reject" : "confirm"),
            $"link:{linkId}", new { link.ConversationA, link.ConversationB, link.Evidence });
        var updated = Get(ctx.Connection, ctx.Transaction, linkId)!;
        PushChanged(ctx, updated);
        return updated;
    }

    /// <summary>
    /// Automatic links that a much stronger one displaces (DuplicateDetector.Displaces): rejected by the system, not by
    /// an agent, so never made again; the audit log says which link took their place and why.
    /// </summary>
    public void Supersede(IntakeContext ctx, IReadOnlyList<DuplicateLinkView> links, long a, long b, DuplicateScore by)
    {
        foreach (var link in links)
        {
            ctx.Connection.Execute("UPDATE duplicate_links SET status = 'rejected', decided_at = @now WHERE id = @id", new { now = ctx.Now, id = link.Id }, ctx.Transaction);
            Clusters.Recompute(ctx.Connection, ctx.Transaction, link.ConversationA, link.ConversationB);
            AuditLog.Write(ctx.Connection, ctx.Transaction, ctx.Now, null, "duplicate.supersede", $"link:{link.Id}",
                new { link.ConversationA, link.ConversationB, link.Score, link.Evidence, StrongerLink = new { a, b, Score = Math.Round(by.Score, 2), Evidence = string.Join("; ", by.Evidence) } });
            PushChanged(ctx, Get(ctx.Connection, ctx.Transaction, link.Id)!);
        }
    }

    /// <summary>Takes a conversation out of its cluster: every non-rejected link it has becomes rejected.</summary>
    public IReadOnlyList<DuplicateLinkView> Split(IntakeContext ctx, long conversationId, long agentId)
    {
        var ids = ctx.Connection.Query<long>("""
            SELECT id FROM duplicate_links WHERE (conversation_a = @conversationId OR conversation_b = @conversationId) AND status <> 'rejected'
            """, new { conversationId }, ctx.Transaction).AsList();
        var changed = ids.Select(id => Decide(ctx, id, "rejected", agentId)!).ToList();
        AuditLog.Write(ctx.Connection, ctx.Transaction, ctx.Now, agentId, "duplicate.split", $"conversation:{conversationId}", new { links = ids });
        return changed;
    }

    public static DuplicateLinkView? Get(DbConnection c, DbTransaction? tx, long id) =>
        c.QuerySingleOrDefault<DuplicateLinkView>($"SELECT {LinkColumns} WHERE id = @id", new { id }, tx);

    public static IReadOnlyList<DuplicateLinkView> ForConversation(DbConnection c, long conversationId) =>
        c.Query<DuplicateLinkView>($"SELECT {LinkColumns} WHERE conversation_a = @conversationId OR conversation_b = @conversationId ORDER BY id",
            new { conversationId }).AsList();

    /// <summary>The link itself to everyone (badges), and both conversations' new cluster state.</summary>
    private static void PushChanged(IntakeContext ctx, DuplicateLinkView link)
    {
        var a = ConversationQueries.Get(ctx.Connection, link.ConversationA, ctx.Transaction);
        var b = ConversationQueries.Get(ctx.Connection, link.ConversationB, ctx.Transaction);
        ctx.Push(async hub =>
        {
            await hub.Everyone.DuplicateLinkChanged(link);
            if (a is not null) await hub.Everyone.ConversationChanged(a);
            if (b is not null) await hub.Everyone.ConversationChanged(b);
        });
    }
}
