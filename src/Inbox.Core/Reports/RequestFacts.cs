using System.Data.Common;
using Dapper;

namespace Inbox.Core.Reports;

/// <summary>One customer request as the report sees it: a conversation, when it started and when it was first answered.</summary>
public sealed record RequestFact
{
    public long ConversationId { get; init; }
    public string Channel { get; init; } = "";
    public bool IsPublic { get; init; }
    public long? ClusterId { get; init; }
    public long FirstIn { get; init; }
    /// <summary>The first brand message at or after the first inbound one (any outbound message counts: an answer given is an answer).</summary>
    public long? FirstOut { get; init; }
    public long? ResponseMs => FirstOut - FirstIn;
}

/// <summary>Reads the requests of a period from the base tables (conversations, messages). Automated mail and spam are left out.</summary>
public static class RequestFacts
{
    private const string Select = """
        SELECT c.id AS ConversationId, c.channel AS Channel, c.is_public AS IsPublic, c.cluster_id AS ClusterId, f.first_in AS FirstIn,
               (SELECT MIN(o.sent_at) FROM messages o WHERE o.conversation_id = c.id AND o.direction = 'out' AND o.sent_at >= f.first_in) AS FirstOut
        FROM conversations c
        JOIN (SELECT conversation_id, MIN(sent_at) AS first_in FROM messages WHERE direction = 'in' GROUP BY conversation_id) f ON f.conversation_id = c.id
        WHERE c.is_automated = 0 AND c.spam_at IS NULL
        """;

    /// <summary>Requests whose first inbound message falls in [from, to).</summary>
    public static IReadOnlyList<RequestFact> InPeriod(DbConnection c, long from, long to) =>
        c.Query<RequestFact>(Select + " AND f.first_in >= @from AND f.first_in < @to ORDER BY c.id", new { from, to }).AsList();

    /// <summary>
    /// Every member of the given clusters, whatever its own date (a cluster belongs to the period of its first request).
    /// Selected by a subquery, not an id list: a long period holds more clusters than SQLite takes parameters.
    /// </summary>
    public static IReadOnlyList<RequestFact> ClusterMembers(DbConnection c, IReadOnlySet<long> clusterIds, long from, long to) =>
        clusterIds.Count == 0 ? [] :
        c.Query<RequestFact>(Select + """
             AND c.cluster_id IN (SELECT cc.cluster_id FROM conversations cc WHERE cc.cluster_id IS NOT NULL AND cc.created_at >= @from AND cc.created_at < @to)
            ORDER BY c.id
            """, new { from, to }).Where(f => clusterIds.Contains(f.ClusterId!.Value)).AsList();
}
