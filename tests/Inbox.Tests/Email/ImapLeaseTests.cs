using Inbox.Core.Channels.Email;
using Inbox.Core.Storage;

namespace Inbox.Tests.Email;

/// <summary>Only one node polls a mailbox: the lease row in the database decides which.</summary>
public sealed class ImapLeaseTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"inbox-lease-{Guid.NewGuid():N}.db");
    private readonly ManualClock _clock = new();
    private readonly ImapCheckpoints _store;

    public ImapLeaseTests()
    {
        var db = new Db(_path);
        Migrator.Apply(db);
        _store = new ImapCheckpoints(db, _clock);
    }

    [Fact]
    public void ASecondNodeWaitsUntilTheFirstNodesLeaseExpires()
    {
        Assert.True(_store.TryLease("support", "node-a", TimeSpan.FromMinutes(2)));
        Assert.False(_store.TryLease("support", "node-b", TimeSpan.FromMinutes(2)));
        Assert.True(_store.TryLease("support", "node-a", TimeSpan.FromMinutes(2))); // renewal
        Assert.True(_store.TryLease("other", "node-b", TimeSpan.FromMinutes(2)));   // leases are per mailbox

        _clock.Advance(TimeSpan.FromMinutes(3)); // node-a stopped renewing (crashed)
        Assert.True(_store.TryLease("support", "node-b", TimeSpan.FromMinutes(2)));
        Assert.False(_store.TryLease("support", "node-a", TimeSpan.FromMinutes(2)));
    }

    [Fact]
    public void AReleasedLeaseIsFreeAtOnce()
    {
        Assert.True(_store.TryLease("support", "node-a", TimeSpan.FromMinutes(2)));
        _store.Release("support", "node-a");
        Assert.True(_store.TryLease("support", "node-b", TimeSpan.FromMinutes(2)));
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var f in new[] { _path, _path + "-wal", _path + "-shm" }) File.Delete(f);
    }

    private sealed class ManualClock : TimeProvider
    {
        private DateTimeOffset _now = DateTimeOffset.UnixEpoch.AddYears(56);
        public void Advance(TimeSpan by) => _now += by;
        public override DateTimeOffset GetUtcNow() => _now;
    }
}
