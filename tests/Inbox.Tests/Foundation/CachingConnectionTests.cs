using Dapper;
using Inbox.Tests.Support;
using Xunit;

namespace Inbox.Tests.Foundation;

/// <summary>The intake writer's connection compiles each SQL text once; what Dapper sees must not change.</summary>
public sealed class CachingConnectionTests
{
    [Fact]
    public void RepeatedStatementsSeeTheirOwnParametersAndTheTransaction()
    {
        using var temp = new TempDatabase();
        using var c = temp.Db.OpenWriter();
        c.Execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)");
        using (var tx = c.BeginTransaction())
        {
            for (var i = 1; i <= 5; i++) c.Execute("INSERT INTO t (id, v) VALUES (@i, @v)", new { i, v = $"v{i}" }, tx);
            // One command per list item (Dapper executes the same command again with new values).
            c.Execute("INSERT INTO t (id, v) VALUES (@i, @v)", new[] { new { i = 6, v = "v6" }, new { i = 7, v = "v7" } }, tx);
            Assert.Equal("v3", c.ExecuteScalar<string>("SELECT v FROM t WHERE id = @i", new { i = 3 }, tx));
            Assert.Equal("v6", c.ExecuteScalar<string>("SELECT v FROM t WHERE id = @i", new { i = 6 }, tx));
            // A parameter left out the second time is an error, not the previous call's value.
            Assert.ThrowsAny<Exception>(() => c.ExecuteScalar<string>("SELECT v FROM t WHERE id = @i", new { }, tx));
            tx.Rollback();
        }
        Assert.Equal(0, c.ExecuteScalar<long>("SELECT COUNT(*) FROM t"));
        using (var tx = c.BeginTransaction())
        {
            c.Execute("INSERT INTO t (id, v) VALUES (@i, @v)", new { i = 1, v = "kept" }, tx);
            tx.Commit();
        }
        using var other = temp.Db.Open();
        Assert.Equal("kept", other.ExecuteScalar<string>("SELECT v FROM t WHERE id = 1"));
    }

    [Fact]
    public void TheSameTextRunsWhileAnUnbufferedQueryOfItIsStillBeingRead()
    {
        using var temp = new TempDatabase();
        using var c = temp.Db.OpenWriter();
        c.Execute("CREATE TABLE t (id INTEGER PRIMARY KEY)");
        for (var i = 1; i <= 3; i++) c.Execute("INSERT INTO t (id) VALUES (@i)", new { i });
        const string sql = "SELECT id FROM t WHERE id >= @from ORDER BY id";
        var pairs = new List<(long, long)>();
        foreach (var outer in c.Query<long>(sql, new { from = 1 }, buffered: false))
            foreach (var inner in c.Query<long>(sql, new { from = outer }, buffered: false))
                pairs.Add((outer, inner));
        Assert.Equal(6, pairs.Count);
        Assert.Equal([1L, 2L, 3L], c.Query<long>(sql, new { from = 1 }));
    }

    [Fact]
    public void ItsCommandsNameTheirConnectionWithoutRegisteringWithIt()
    {
        using var temp = new TempDatabase();
        using var c = temp.Db.OpenWriter();
        using var command = c.CreateCommand();
        Assert.Same(c, command.Connection);
        command.Connection = (Microsoft.Data.Sqlite.SqliteConnection)c; // the same connection: accepted
        using var other = new Microsoft.Data.Sqlite.SqliteConnection("Data Source=:memory:");
        Assert.Throws<InvalidOperationException>(() => command.Connection = other);
        // A SqliteConnection keeps a WeakReference (finalized when dropped) for every command given to it; one per
        // Dapper call was about seven finalizers per intake message. The proxies it hands out are not in that list.
        // (Microsoft.Data.Sqlite's private list: if it is renamed, this test says so rather than passing.)
        var field = typeof(Microsoft.Data.Sqlite.SqliteConnection).GetField("_commands", System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic);
        Assert.NotNull(field);
        var registered = ((System.Collections.IEnumerable)field.GetValue(c)!).Cast<WeakReference<Microsoft.Data.Sqlite.SqliteCommand>>()
            .Select(w => w.TryGetTarget(out var t) ? t : null).ToList();
        Assert.DoesNotContain(command, registered);
        for (var i = 0; i < 50; i++) Assert.Equal(i, c.ExecuteScalar<long>("SELECT @i", new { i }));
        // What stays registered is one cached command per text (the opening pragmas, this query), none of the 50 calls' proxies.
        var after = ((System.Collections.IEnumerable)field.GetValue(c)!).Cast<WeakReference<Microsoft.Data.Sqlite.SqliteCommand>>()
            .Select(w => w.TryGetTarget(out var t) ? t : null).ToList();
        Assert.All(after, t => Assert.Equal(typeof(Microsoft.Data.Sqlite.SqliteCommand), t?.GetType()));
        Assert.Single(after, t => t!.CommandText == "SELECT @i");
    }

    [Fact]
    public void PastItsLimitTheCacheStartsOverAndEveryTextStillRuns()
    {
        using var temp = new TempDatabase();
        using var c = (Inbox.Core.Storage.CachingSqliteConnection)temp.Db.OpenWriter();
        var field = typeof(Microsoft.Data.Sqlite.SqliteConnection).GetField("_commands", System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic)!;
        // A writer kept open for the life of the process meets more texts than it keeps (Dapper's list parameters).
        for (var i = 0; i < 3 * Inbox.Core.Storage.CachingSqliteConnection.MaxCached; i++)
        {
            Assert.Equal(i, c.ExecuteScalar<long>($"SELECT @i + {i} - {i}", new { i }));
            Assert.InRange(c.Cached.Count, 1, Inbox.Core.Storage.CachingSqliteConnection.MaxCached);
        }
        Assert.Equal(3, c.ExecuteScalar<long>("SELECT @i + 0 - 0", new { i = 3 }));
        // A text first met past the limit is compiled once too, however many came before it.
        Assert.Equal(4, c.ExecuteScalar<long>("SELECT @i * 1", new { i = 4 }));
        Assert.True(c.Cached.ContainsKey("SELECT @i * 1"));
        // The commands dropped are disposed: the connection does not keep growing its list of them.
        var registered = ((System.Collections.IEnumerable)field.GetValue(c)!).Cast<WeakReference<Microsoft.Data.Sqlite.SqliteCommand>>().Count();
        Assert.InRange(registered, 1, Inbox.Core.Storage.CachingSqliteConnection.MaxCached + 1);
    }
}
