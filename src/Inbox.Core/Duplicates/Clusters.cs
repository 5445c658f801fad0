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
            if (seen.Contains(start)) continue;
            // The whole component in one recursive query (UNION drops ids already reached, so cycles end).
            var component = c.Query<long>("""
                WITH RECURSIVE component(id) AS (
                    SELECT @start
                    UNION SELECT l.conversation_b FROM duplicate_links l JOIN component ON l.conversation_a = component.id WHERE l.status <> 'rejected'
                    UNION SELECT l.conversation_a FROM duplicate_links l JOIN component ON l.conversation_b = component.id WHERE l.status <> 'rejected'
                )
                SELECT id FROM component
                """, new { start }, tx).AsList();
            seen.UnionWith(component);
            long? cluster = component.Count > 1 ? component.Min() : null;
            c.Execute("UPDATE conversations SET cluster_id = @cluster WHERE id IN @component", new { cluster, component }, tx);
        }
    }
}
