using Dapper;
using Inbox.Core.Duplicates;
using Inbox.Core.Storage;
using Inbox.Tests.Support;

namespace Inbox.Tests.Duplicates;

/// <summary>Cluster ids over duplicate links, on a real SQLite file.</summary>
public sealed class ClustersTests : IDisposable
{
    private readonly TempDatabase _temp = new();
    private Db _db => _temp.Db;

    public void Dispose() => _temp.Dispose();

    private long[] Conversations(int n)
    {
        using var c = _db.Open();
        var customer = c.ExecuteScalar<long>("INSERT INTO customers (display_name, created_at) VALUES ('Marie', 1) RETURNING id");
        var identity = c.ExecuteScalar<long>("INSERT INTO identities (customer_id, channel, external_id, created_at) VALUES (@customer, 'email', 'marie@example.fr', 1) RETURNING id", new { customer });
        return Enumerable.Range(0, n).Select(i => c.ExecuteScalar<long>("""
            INSERT INTO conversations (customer_id, identity_id, channel, token, created_at, last_message_at) VALUES (@customer, @identity, 'email', @token, 1, 1) RETURNING id
            """, new { customer, identity, token = $"t{i}" })).ToArray();
    }

    private void Link(long a, long b, string status = "linked")
    {
        using var c = _db.Open();
        c.Execute("INSERT INTO duplicate_links (conversation_a, conversation_b, score, evidence, status, created_at) VALUES (@a, @b, 0.9, 'test', @status, 1)",
            new { a = Math.Min(a, b), b = Math.Max(a, b), status });
        Clusters.Recompute(c, null, a, b);
    }

    private long?[] ClusterOf(params long[] ids)
    {
        using var c = _db.Open();
        return ids.Select(id => c.ExecuteScalar<long?>("SELECT cluster_id FROM conversations WHERE id = @id", new { id })).ToArray();
    }

    [Fact]
    public void AChainAndACycleFormOneClusterNamedByTheSmallestId()
    {
        var v = Conversations(5);
        Link(v[3], v[1]);
        Link(v[1], v[2]);
        Link(v[2], v[3]); // a cycle
        Link(v[3], v[4]);

        Assert.All(ClusterOf(v[1], v[2], v[3], v[4]), id => Assert.Equal(v[1], id));
        Assert.Null(ClusterOf(v[0])[0]);
    }

    [Fact]
    public void RejectingTheOnlyBridgeSplitsTheClusterAndALoneConversationHasNone()
    {
        var v = Conversations(4);
        Link(v[0], v[1]);
        Link(v[1], v[2]);
        Link(v[2], v[3]);
        using (var c = _db.Open())
        {
            c.Execute("UPDATE duplicate_links SET status = 'rejected' WHERE conversation_a = @a AND conversation_b = @b", new { a = v[0], b = v[1] });
            Clusters.Recompute(c, null, v[0], v[1]);
        }

        Assert.Null(ClusterOf(v[0])[0]);
        Assert.All(ClusterOf(v[1], v[2], v[3]), id => Assert.Equal(v[1], id));
    }
}
