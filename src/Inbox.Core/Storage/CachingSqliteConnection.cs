using System.Data;
using Microsoft.Data.Sqlite;

namespace Inbox.Core.Storage;

/// <summary>
/// A SQLite connection that compiles each SQL text once. Microsoft.Data.Sqlite compiles a command's SQL for
/// every new command, and Dapper makes a new command per call: on the intake writer, which runs the same
/// dozen statements for every message of a batch, compiling was about a fifth of its time. The commands this
/// connection makes hand their text and parameters to one cached SqliteCommand per text, which SQLite then
/// only re-binds and re-runs. A text whose cached command is still in use (an unbuffered query being read)
/// gets a fresh command, as without the cache. Not thread-safe, like the connection itself.
/// </summary>
public sealed class CachingSqliteConnection(string connectionString) : SqliteConnection(connectionString)
{
    /// <summary>Distinct texts kept; past it the cache starts over (Dapper expands list parameters into texts of their own).</summary>
    internal const int MaxCached = 256;
    private readonly Dictionary<string, SqliteCommand> _cached = new(StringComparer.Ordinal);
    private readonly HashSet<SqliteCommand> _inUse = [];

    public override SqliteCommand CreateCommand() => new Proxy(this);

    /// <summary>Whether SQLite's own checkpoints are off on this connection (Db.CheckpointElsewhere, as it was when last set here).</summary>
    internal bool AutoCheckpointOff { get; set; }

    private SqliteCommand Rent(string sql)
    {
        if (!_cached.TryGetValue(sql, out var command))
        {
            if (_cached.Count >= MaxCached) StartOver();
            command = new SqliteCommand(sql, this);
            _cached[sql] = command;
        }
        else if (_inUse.Contains(command))
            return new SqliteCommand(sql, this);
        _inUse.Add(command);
        return command;
    }

    /// <summary>Drops the cached commands not in use: the statements still run recompile once, the others are gone.</summary>
    private void StartOver()
    {
        foreach (var (sql, command) in _cached.Where(e => !_inUse.Contains(e.Value)).ToList())
        {
            _cached.Remove(sql);
            command.Dispose();
        }
    }

    /// <summary>The cached command of each text (tests).</summary>
    internal IReadOnlyDictionary<string, SqliteCommand> Cached => _cached;

    private void Return(SqliteCommand command)
    {
        command.Parameters.Clear(); // the caller's parameter objects are not kept alive
        if (!_inUse.Remove(command)) command.Dispose(); // a fresh one
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) DisposeCached();
        base.Dispose(disposing);
    }

    public override void Close()
    {
        DisposeCached();
        base.Close();
    }

    private void DisposeCached()
    {
        foreach (var command in _cached.Values) command.Dispose();
        _cached.Clear();
        _inUse.Clear();
    }

    /// <summary>What Dapper fills in (text, parameters, transaction); executes through the connection's cached command for its text.</summary>
    private sealed class Proxy : SqliteCommand
    {
        private readonly CachingSqliteConnection _owner;
        private SqliteCommand? _reading; // the cached command whose reader this proxy handed out

        public Proxy(CachingSqliteConnection owner)
        {
            _owner = owner;
            // As SqliteConnection.CreateCommand does (its own BEGIN, COMMIT and ROLLBACK come through here too).
            CommandTimeout = owner.DefaultTimeout;
            Transaction = owner.Transaction;
        }

        /// <summary>
        /// The owner, without registering with it: a SqliteConnection keeps a WeakReference for every command given
        /// to it, to dispose them when it closes, and a WeakReference is finalized. A proxy prepares no statement
        /// (its cached command, registered once, does); registered, every SQL statement of the intake writer left one
        /// more object to the finalizer thread, alive through one more collection.
        /// </summary>
        public override SqliteConnection? Connection
        {
            get => _owner;
            set
            {
                if (value is not null && !ReferenceEquals(value, _owner))
                    throw new InvalidOperationException("a cached command belongs to the connection that made it");
            }
        }

        public override int ExecuteNonQuery()
        {
            var inner = Take();
            try { return inner.ExecuteNonQuery(); }
            finally { _owner.Return(inner); }
        }

        public override object? ExecuteScalar()
        {
            var inner = Take();
            try { return inner.ExecuteScalar(); }
            finally { _owner.Return(inner); }
        }

        public override SqliteDataReader ExecuteReader(CommandBehavior behavior)
        {
            var inner = Take();
            try
            {
                var reader = inner.ExecuteReader(behavior);
                _reading = inner; // given back when the proxy is disposed (Dapper disposes it after the reader)
                return reader;
            }
            catch
            {
                _owner.Return(inner);
                throw;
            }
        }

        private SqliteCommand Take()
        {
            // Executed again (Dapper runs one command per item of a list): its previous reader is done by now.
            if (_reading is { } previous)
            {
                _reading = null;
                _owner.Return(previous);
            }
            var inner = _owner.Rent(CommandText);
            inner.Transaction = Transaction;
            inner.CommandTimeout = CommandTimeout;
            inner.Parameters.Clear();
            foreach (SqliteParameter p in Parameters) inner.Parameters.Add(p);
            return inner;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing && _reading is { } inner)
            {
                _reading = null;
                _owner.Return(inner);
            }
            base.Dispose(disposing);
        }
    }
}
