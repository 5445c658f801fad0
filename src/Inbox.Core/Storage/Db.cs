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

    public DbConnection Open() => Opened(new SqliteConnection(_connectionString));

    /// <summary>For the intake writer: a connection that compiles each statement once (see CachingSqliteConnection).</summary>
    public DbConnection OpenWriter() => Opened(new CachingSqliteConnection(_connectionString));

    private static SqliteConnection Opened(SqliteConnection c)
    {
        c.Open();
        using var cmd = c.CreateCommand();
        // WAL lets readers (UI queries) run while the intake worker writes; NORMAL sync is
        // durable across application crashes, which is what "nothing acknowledged is lost" needs.
        cmd.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=30000;";
        cmd.ExecuteNonQuery();
        return c;
    }

    public static long Now(TimeProvider clock) => clock.GetUtcNow().ToUnixTimeMilliseconds();
}
