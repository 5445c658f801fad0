using System.Data.Common;
using System.Text.Json;
using Dapper;
using Inbox.Core.Audit;
using Inbox.Core.Conversations;
using Inbox.Core.Customers;
using Inbox.Core.Intake;

namespace Inbox.Core.Duplicates;

public sealed record CustomerMergeView
{
    public long Id { get; init; }
    public long FromCustomer { get; init; }
    public long IntoCustomer { get; init; }
    public string FromName { get; init; } = "";
    public string IntoName { get; init; } = "";
    public string Status { get; init; } = "";
    public bool Automatic { get; init; }
    public string Reason { get; init; } = "";
    public long? LinkId { get; init; }
    public long CreatedAt { get; init; }
    public long? DecidedAt { get; init; }
}

/// <summary>
/// Identity linking: when linked conversations belong to different customers, the customers are probably
/// one person. Only an email address or phone number vouched for by one side's platform identity and seen
/// on the other side merges automatically; anything else is a suggestion an agent accepts or dismisses.
/// Every merge records what it moved and can be undone; both are in the audit log.
/// </summary>
public sealed class IdentityLinks
{
    /// <summary>Raised when a conversation changes customer (merge or undo), so the in-memory index follows.</summary>
    public event Action<long, long>? ConversationMoved;

    private const string Columns = """
        m.id, m.from_customer, m.into_customer, f.display_name AS from_name, i.display_name AS into_name, m.status, m.automatic,
        m.reason, m.link_id, m.created_at, m.decided_at
        FROM customer_merges m JOIN customers f ON f.id = m.from_customer JOIN customers i ON i.id = m.into_customer
        """;

    public void OnLinked(IntakeContext ctx, DuplicateLinkView link, ConversationDoc x, ConversationDoc y)
    {
        var c = ctx.Connection;
        var cx = IdentityResolver.Canonical(c, ctx.Transaction, CustomerOf(c, ctx.Transaction, x.ConversationId));
        var cy = IdentityResolver.Canonical(c, ctx.Transaction, CustomerOf(c, ctx.Transaction, y.ConversationId));
        if (cx == cy) return;
        var (from, into) = cx < cy ? (cy, cx) : (cx, cy);
        // Never propose again what an agent dismissed or undid.
        if (c.ExecuteScalar<long>("""
            SELECT COUNT(*) FROM customer_merges WHERE (from_customer = @from AND into_customer = @into) OR (from_customer = @into AND into_customer = @from)
            """, new { from, into }, ctx.Transaction) > 0) return;
        var proof = x.OwnedContacts.Intersect(y.OwnedContacts.Concat(y.Specifics)).Concat(y.OwnedContacts.Intersect(x.Specifics)).FirstOrDefault();
        if (proof is not null)
        {
            var id = Insert(ctx, from, into, "merged", true, $"same {DuplicateScorer.Describe(proof)} on both sides", link.Id);
            Apply(ctx, id, from, into, null);
        }
        else
        {
            var id = Insert(ctx, from, into, "suggested", false, $"linked conversations ({link.Evidence})", link.Id);
            Push(ctx, id);
        }
    }

    /// <summary>
    /// An agent says two customers are one person (found in the customers directory): the first is folded into the
    /// second at once, as an accepted suggestion is, and undone the same way. Null Merge and Error: no such customer.
    /// </summary>
    public (CustomerMergeView? Merge, Model.Refusal? Error) MergeByHand(IntakeContext ctx, long from, long into, long agentId)
    {
        if (from == into) return (null, new("a customer cannot be merged with themselves", "un client ne peut pas être fusionné avec lui-même"));
        var c = ctx.Connection;
        var rows = c.Query<(long Id, long? MergedInto, long? ErasedAt)>("SELECT id, merged_into, erased_at FROM customers WHERE id IN @ids",
            new { ids = new[] { from, into } }, ctx.Transaction).ToList();
        if (rows.Count != 2) return (null, null);
        if (rows.Any(r => r.MergedInto is not null))
            return (null, new("this customer was already merged into another", "ce client a déjà été fusionné dans un autre"));
        if (rows.Any(r => r.ErasedAt is not null)) return (null, Customers.CustomerNames.Erased);
        var id = Insert(ctx, from, into, "merged", false, "the same person, said by an agent", null);
        Apply(ctx, id, from, into, agentId);
        return (Get(c, ctx.Transaction, id), null);
    }

    /// <summary>An agent accepts a suggestion.</summary>
    public CustomerMergeView? Accept(IntakeContext ctx, long mergeId, long agentId)
    {
        var m = Get(ctx.Connection, ctx.Transaction, mergeId);
        if (m is null || m.Status != "suggested") return m;
        ctx.Connection.Execute("UPDATE customer_merges SET status = 'merged' WHERE id = @mergeId", new { mergeId }, ctx.Transaction);
        Apply(ctx, mergeId, m.FromCustomer, m.IntoCustomer, agentId);
        return Get(ctx.Connection, ctx.Transaction, mergeId);
    }

    public CustomerMergeView? Dismiss(IntakeContext ctx, long mergeId, long agentId)
    {
        var m = Get(ctx.Connection, ctx.Transaction, mergeId);
        if (m is null || m.Status != "suggested") return m;
        ctx.Connection.Execute("UPDATE customer_merges SET status = 'dismissed', decided_by = @agentId, decided_at = @now WHERE id = @mergeId",
            new { mergeId, agentId, now = ctx.Now }, ctx.Transaction);
        AuditLog.Write(ctx.Connection, ctx.Transaction, ctx.Now, agentId, "customer.merge.dismiss", $"merge:{mergeId}", new { m.FromCustomer, m.IntoCustomer });
        Push(ctx, mergeId);
        return Get(ctx.Connection, ctx.Transaction, mergeId);
    }

    /// <summary>Puts back exactly the identities and conversations the merge moved.</summary>
    public CustomerMergeView? Undo(IntakeContext ctx, long mergeId, long agentId)
    {
        var c = ctx.Connection;
        var row = c.QuerySingleOrDefault<(string Status, long From, long Into, string? Identities, string? Conversations)>(
            "SELECT status, from_customer, into_customer, moved_identities, moved_conversations FROM customer_merges WHERE id = @mergeId", new { mergeId }, ctx.Transaction);
        if (row.Status != "merged") return Get(c, ctx.Transaction, mergeId);
        var identities = JsonSerializer.Deserialize<long[]>(row.Identities ?? "[]")!;
        var conversations = JsonSerializer.Deserialize<long[]>(row.Conversations ?? "[]")!;
        c.Execute("UPDATE identities SET customer_id = @From WHERE id IN @identities", new { row.From, identities }, ctx.Transaction);
        c.Execute("UPDATE conversations SET customer_id = @From WHERE id IN @conversations", new { row.From, conversations }, ctx.Transaction);
        c.Execute("UPDATE customers SET merged_into = NULL WHERE id = @From", new { row.From }, ctx.Transaction);
        c.Execute("UPDATE customer_merges SET status = 'undone', decided_by = @agentId, decided_at = @now WHERE id = @mergeId",
            new { agentId, now = ctx.Now, mergeId }, ctx.Transaction);
        AuditLog.Write(c, ctx.Transaction, ctx.Now, agentId, "customer.merge.undo", $"merge:{mergeId}", new { row.From, row.Into, identities, conversations });
        foreach (var conv in conversations) ConversationMoved?.Invoke(conv, row.From);
        Push(ctx, mergeId, conversations);
        return Get(c, ctx.Transaction, mergeId);
    }

    public static CustomerMergeView? Get(DbConnection c, DbTransaction? tx, long id) =>
        c.QuerySingleOrDefault<CustomerMergeView>($"SELECT {Columns} WHERE m.id = @id", new { id }, tx);

    /// <summary>Merges and suggestions that concern a customer (for the conversation panel).</summary>
    public static IReadOnlyList<CustomerMergeView> ForCustomer(DbConnection c, long customerId) =>
        c.Query<CustomerMergeView>($"SELECT {Columns} WHERE m.from_customer = @customerId OR m.into_customer = @customerId ORDER BY m.id DESC LIMIT 50",
            new { customerId }).AsList();

    private void Apply(IntakeContext ctx, long mergeId, long from, long into, long? agentId)
    {
        var c = ctx.Connection;
        var identities = c.Query<long>("SELECT id FROM identities WHERE customer_id = @from", new { from }, ctx.Transaction).ToArray();
        var conversations = c.Query<long>("SELECT id FROM conversations WHERE customer_id = @from", new { from }, ctx.Transaction).ToArray();
        c.Execute("UPDATE identities SET customer_id = @into WHERE id IN @identities", new { into, identities }, ctx.Transaction);
        c.Execute("UPDATE conversations SET customer_id = @into WHERE id IN @conversations", new { into, conversations }, ctx.Transaction);
        c.Execute("UPDATE customers SET merged_into = @into WHERE id = @from", new { into, from }, ctx.Transaction);
        c.Execute("""
            UPDATE customer_merges SET moved_identities = @ids, moved_conversations = @convs, decided_by = @agentId, decided_at = @now WHERE id = @mergeId
            """, new { ids = JsonSerializer.Serialize(identities), convs = JsonSerializer.Serialize(conversations), agentId, now = ctx.Now, mergeId }, ctx.Transaction);
        AuditLog.Write(c, ctx.Transaction, ctx.Now, agentId, agentId is null ? "customer.merge.auto" : "customer.merge", $"merge:{mergeId}",
            new { from, into, identities, conversations });
        foreach (var conv in conversations) ConversationMoved?.Invoke(conv, into);
        Push(ctx, mergeId, conversations);
    }

    private static long Insert(IntakeContext ctx, long from, long into, string status, bool automatic, string reason, long? linkId) =>
        ctx.Connection.ExecuteScalar<long>("""
            INSERT INTO customer_merges (from_customer, into_customer, status, automatic, reason, link_id, created_at)
            VALUES (@from, @into, @status, @automatic, @reason, @linkId, @now) RETURNING id
            """, new { from, into, status, automatic, reason, linkId, now = ctx.Now }, ctx.Transaction);

    private static long CustomerOf(DbConnection c, DbTransaction? tx, long conversationId) =>
        c.ExecuteScalar<long>("SELECT customer_id FROM conversations WHERE id = @conversationId", new { conversationId }, tx);

    private static void Push(IntakeContext ctx, long mergeId, IReadOnlyList<long>? conversations = null)
    {
        var view = Get(ctx.Connection, ctx.Transaction, mergeId)!;
        var changed = (conversations ?? []).Select(id => ConversationQueries.Get(ctx.Connection, id, ctx.Transaction)).OfType<ConversationView>().ToList();
        ctx.Push(async hub =>
        {
            await hub.Everyone.CustomerMergeChanged(view);
            foreach (var conv in changed) await hub.Everyone.ConversationChanged(conv);
        });
    }
}
