using Dapper;
using Inbox.Core.Storage;
using Inbox.Tests.Support;
using Inbox.Web.Background;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace Inbox.Tests.Foundation;

/// <summary>The write-ahead log is copied into the database file by the checkpointer's thread, not by the commits.</summary>
public sealed class WalCheckpointTests
{
    [Fact]
    public void WithTheCheckpointerOnCommitsLeaveTheLogToIt()
    {
        using var temp = new TempDatabase();
        // Tests running beside this one clear every connection pool when they end: if that closed this database's last
        // open connection, SQLite would copy the log into the file then (it does when the last connection closes).
        using var keeper = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={temp.Db.Path};Pooling=False");
        keeper.Open();
        keeper.ExecuteScalar<long>("SELECT COUNT(*) FROM sqlite_master"); // SQLite reaches the file (and its log) on the first statement
        temp.Db.CheckpointElsewhere(true);
        var before = FileLength(temp.Db);
        WritePages(temp.Db, 1500); // past SQLite's 1,000-page automatic checkpoint
        Assert.Equal(before, FileLength(temp.Db));

        var (logPages, copied) = temp.Db.Checkpoint();
        Assert.True(logPages >= 1500, $"log pages {logPages}");
        Assert.Equal(logPages, copied);
        Assert.True(FileLength(temp.Db) > before + 1000L * 4096);
    }

    [Fact]
    public void AWriterKeptOpenFollowsTheCheckpointerStartingAndStopping()
    {
        using var temp = new TempDatabase();
        // The intake's writer connection is opened once, possibly before the checkpointer starts.
        using var writer = temp.Db.OpenWriter();
        Assert.Equal(1000, writer.ExecuteScalar<long>("PRAGMA wal_autocheckpoint"));
        temp.Db.CheckpointElsewhere(true);
        temp.Db.BeforeWrite(writer);
        Assert.Equal(0, writer.ExecuteScalar<long>("PRAGMA wal_autocheckpoint"));
        temp.Db.CheckpointElsewhere(false);
        temp.Db.BeforeWrite(writer);
        Assert.Equal(1000, writer.ExecuteScalar<long>("PRAGMA wal_autocheckpoint"));
    }

    [Fact]
    public void TheLogFileIsCutBackWhenTheLogStartsOver()
    {
        using var temp = new TempDatabase();
        var db = new Db(temp.Db.Path) { LogSizeLimit = 8 << 20 };
        using var keeper = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={db.Path};Pooling=False"); // else the last close deletes the log
        keeper.Open();
        keeper.ExecuteScalar<long>("SELECT COUNT(*) FROM sqlite_master");
        db.CheckpointElsewhere(true);
        var pages = (int)(db.LogSizeLimit / 4096) + 4000; // 16 MB past the limit, in commits no checkpoint comes between
        WritePages(db, pages);
        Assert.True(LogLength(db) > db.LogSizeLimit, $"log {LogLength(db)} bytes");
        var (logPages, copied) = db.Checkpoint();
        Assert.Equal(logPages, copied);
        WritePages(db, 100); // the next writer starts the log over
        Assert.True(LogLength(db) <= db.LogSizeLimit, $"log {LogLength(db)} bytes");
    }

    [Fact]
    public void UnderWritesThatNeverPauseTheWriterStartsTheLogOverPastItsLimit()
    {
        using var temp = new TempDatabase();
        var db = new Db(temp.Db.Path) { LogSizeLimit = 8 << 20 };
        using var keeper = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={db.Path};Pooling=False");
        keeper.Open();
        keeper.ExecuteScalar<long>("SELECT COUNT(*) FROM sqlite_master");
        db.CheckpointElsewhere(true);
        using var c = db.OpenWriter();
        c.Execute("CREATE TABLE bulk (id INTEGER PRIMARY KEY, v BLOB)");
        var row = new byte[3500];
        var longest = 0L;
        for (var pages = 0; pages < 4 * db.LogSizeLimit / 4096; pages += 100)
        {
            db.BeforeWrite(c);
            using var tx = c.BeginTransaction();
            for (var i = 0; i < 100; i++) c.Execute("INSERT INTO bulk (v) VALUES (@row)", new { row }, tx);
            // The checkpointer runs while the writer's transaction is open, as it does when writes never pause: it copies
            // every commit but the next, so no transaction begins on a log copied to its end, which is when SQLite starts it over.
            db.Checkpoint();
            tx.Commit();
            longest = Math.Max(longest, LogLength(db));
        }
        // Started over past 8 MB, the file is reused from its start: it never grows past that and the last commits.
        Assert.True(longest <= db.LogSizeLimit + (2 << 20), $"log file reached {longest} bytes");
    }

    [Fact]
    public void WithoutItCommitsCheckpointAsSqliteDoes()
    {
        using var temp = new TempDatabase();
        var before = FileLength(temp.Db);
        WritePages(temp.Db, 1500);
        Assert.True(FileLength(temp.Db) > before + 500L * 4096);
    }

    [Fact]
    public async Task TheServiceCopiesTheLogWhileItRunsAndGivesItBackWhenStopped()
    {
        using var temp = new TempDatabase();
        var service = new WalCheckpointer(temp.Db, NullLogger<WalCheckpointer>.Instance);
        await service.StartAsync(CancellationToken.None);
        try
        {
            await Wait.UntilAsync(() => AutoCheckpoint(temp.Db) == 0, what: "autocheckpoint off");
            var before = FileLength(temp.Db);
            WritePages(temp.Db, 200);
            await Wait.UntilAsync(() => FileLength(temp.Db) > before + 150L * 4096, what: "the log copied into the file");
        }
        finally
        {
            await service.StopAsync(CancellationToken.None);
        }
        Assert.Equal(1000, AutoCheckpoint(temp.Db));
    }

    /// <summary>Commits about <paramref name="pages"/> 4 KB pages, a hundred rows per transaction.</summary>
    private static void WritePages(Db db, int pages)
    {
        using var c = db.OpenWriter();
        c.Execute("CREATE TABLE IF NOT EXISTS bulk (id INTEGER PRIMARY KEY, v BLOB)");
        var row = new byte[3500];
        for (var done = 0; done < pages; done += 100)
        {
            using var tx = c.BeginTransaction();
            for (var i = 0; i < 100; i++) c.Execute("INSERT INTO bulk (v) VALUES (@row)", new { row }, tx);
            tx.Commit();
        }
    }

    private static long AutoCheckpoint(Db db)
    {
        using var c = db.Open();
        return c.ExecuteScalar<long>("PRAGMA wal_autocheckpoint");
    }

    private static long FileLength(Db db) => new FileInfo(db.Path).Length;

    private static long LogLength(Db db) => new FileInfo(db.Path + "-wal").Length;
}
