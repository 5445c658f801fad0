using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Inbox.Core.Storage;

/// <summary>Opens connections to the embedded SQLite database (WAL, foreign keys on).</summary>
public sealed class Db
{
    private readonly string _connectionString;

    // Columns are snake_case, C# members PascalCase: let Dapper match display_text to DisplayText.
    static Db() => Dapper.DefaultTypeMap.MatchNamesWithUnderscores = true;

    public Db(string path)
    {
        Path = path;
        var dir = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            ForeignKeys = true,
            DefaultTimeout = 30,
        }.ToString();
    }

    public string Path { get; }

    private volatile bool _checkpointsElsewhere;

    /// <summary>
    /// On: connections opened from now on no longer copy the write-ahead log into the database file in their
    /// commits (SQLite does it in the commit that crosses 1,000 log pages, with an fsync the intake writer then
    /// waits for); the caller checkpoints on its own thread instead (WalCheckpointer). Off: back to SQLite's way.
    /// </summary>
    public void CheckpointElsewhere(bool on) => _checkpointsElsewhere = on;

    /// <summary>Copies what the log holds into the database file without blocking writers or readers (pages in the log, pages copied so far).</summary>
    public (int LogPages, int Copied) Checkpoint()
    {
        using var c = Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "PRAGMA wal_checkpoint(PASSIVE)";
        using var r = cmd.ExecuteReader();
        r.Read();
        var (log, copied) = (r.GetInt32(1), r.GetInt32(2));
        if ((long)log * PageSize > LogSizeLimit) _logLong = true;
        return (log, copied);
    }

    private const int PageSize = 4096; // SQLite's default; Inbox never sets another
    private volatile bool _logLong;

    /// <summary>
    /// Bytes the write-ahead log file is kept to: SQLite cuts the file back to it when the log starts over, and the
    /// writer starts the log over once it has grown past it (BeforeWrite). Each start-over costs the writer a
    /// checkpoint's two fsyncs (~20 ms on the benchmark VM), and cutting a file back costs it more (a 256 MB file cut
    /// to 64 MB in the commit: p99 at 1,000 msg/s 60 ms against 16): one size for both, large enough that under writes
    /// that never pause the writer starts over every few seconds (~40 KB of log per message), not every second.
    /// </summary>
    public long LogSizeLimit { get; init; } = 256L << 20;

    /// <summary>
    /// For the single writer, before it begins a transaction. When the log has grown past LogSizeLimit (writes
    /// that never pause: every checkpoint misses the commit made while it ran, so the log never starts over),
    /// copies the rest of the log here, between the writer's own commits, so that its next commit starts the log
    /// over. The checkpointer has copied nearly all of it already: this copies what the last commits added.
    /// </summary>
    public void BeforeWrite(DbConnection writer)
    {
        // A writer kept open across batches follows a CheckpointElsewhere made after it was opened, as a new one would.
        if (writer is CachingSqliteConnection w && w.AutoCheckpointOff != _checkpointsElsewhere)
        {
            var off = _checkpointsElsewhere;
            using var set = writer.CreateCommand();
            set.CommandText = "PRAGMA wal_autocheckpoint=" + (off ? "0" : "1000");
            set.ExecuteNonQuery();
            w.AutoCheckpointOff = off;
        }
        if (!_logLong) return;
        _logLong = false;
        using var cmd = writer.CreateCommand();
        cmd.CommandText = "PRAGMA wal_checkpoint(PASSIVE)";
        cmd.ExecuteNonQuery();
    }

    public DbConnection Open() => Opened(new SqliteConnection(_connectionString));

    /// <summary>For the intake writer: a connection that compiles each statement once (see CachingSqliteConnection).</summary>
    public DbConnection OpenWriter() => Opened(new CachingSqliteConnection(_connectionString));

    private SqliteConnection Opened(SqliteConnection c)
    {
        c.Open();
        using var cmd = c.CreateCommand();
        // WAL lets readers (UI queries) run while the intake worker writes; NORMAL sync is
        // durable across application crashes, which is what "nothing acknowledged is lost" needs.
        // The log file would keep the size of its longest run (a burst that gave the checkpoints no pause) unless a
        // limit truncates it when the log starts over.
        var off = _checkpointsElsewhere;
        cmd.CommandText = $"PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=30000; PRAGMA journal_size_limit={LogSizeLimit}; PRAGMA wal_autocheckpoint=" +
            (off ? "0;" : "1000;");
        cmd.ExecuteNonQuery();
        if (c is CachingSqliteConnection w) w.AutoCheckpointOff = off;
        return c;
    }

    public static long Now(TimeProvider clock) => clock.GetUtcNow().ToUnixTimeMilliseconds();
}
