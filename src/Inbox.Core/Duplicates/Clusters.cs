using System.Data.Common;
using Dapper;

namespace Inbox.Core.Duplicates;

/// <summary>
/// Conversations linked as the same request form a cluster: the connected component over
/// non-rejected duplicate_links. conversations.cluster_id caches it (the smallest id of the component).
/// </summary>
public static class Clusters
{
    /// <summary>The other conversations of this conversation's cluster (empty when it is alone).</summary>
    public static IReadOnlyList<long> SiblingsOf(DbConnection c, DbTransaction? tx, long conversationId) =>
        c.Query<long>("""
            SELECT id FROM conversations
            WHERE cluster_id IS NOT NULL AND id <> @conversationId
              AND cluster_id = (SELECT cluster_id FROM conversations WHERE id = @conversationId)
            ORDER BY id
            """, new { conversationId }, tx).AsList();

    /// <summary>Recomputes cluster_id for the component(s) containing the given conversations (after a link is added, rejected or split).</summary>
    public static void Recompute(DbConnection c, DbTransaction? tx, params long[] conversationIds)
    {
        var seen = new HashSet<long>();
        foreach (var start in conversationIds)
        {
            if (!seen.Add(start)) continue;
            var component = new List<long> { start };
            var queue = new Queue<long>([start]);
            while (queue.Count > 0)
            {
                var id = queue.Dequeue();
                foreach (var next in c.Query<long>("""
                    SELECT conversation_b FROM duplicate_links WHERE conversation_a = @id AND status <> 'rejected'
                    UNION SELECT conversation_a FROM duplicate_links WHERE conversation_b = @id AND status <> 'rejected'
                    """, new { id }, tx))
                    if (seen.Add(next)) { component.Add(next); queue.Enqueue(next); }
            }
            long? cluster = component.Count > 1 ? component.Min() : null;
            c.Execute("UPDATE conversations SET cluster_id = @cluster WHERE id IN @component", new { cluster, component }, tx);
        }
    }
}
