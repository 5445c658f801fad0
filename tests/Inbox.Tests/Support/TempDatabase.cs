using Inbox.Core.Storage;

namespace Inbox.Tests.Support;

/// <summary>A migrated SQLite file in the temp folder for tests without the web host; deleted on dispose.</summary>
public sealed class TempDatabase : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"inbox-unit-{Guid.NewGuid():N}.db");

    public TempDatabase()
    {
        Db = new Db(_path);
        Migrator.Apply(Db);
    }

    public Db Db { get; }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var f in new[] { _path, _path + "-wal", _path + "-shm" }) File.Delete(f);
    }
}
