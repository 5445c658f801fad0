using Dapper;

namespace Inbox.Core.Storage;

/// <summary>Applies the embedded numbered migrations (Migrations/NNNN_name.sql) in order, once each.</summary>
public static class Migrator
{
    public static IReadOnlyList<string> Apply(Db db)
    {
        using var c = db.Open();
        c.Execute("CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at INTEGER NOT NULL)");
        var done = c.Query<string>("SELECT name FROM schema_migrations").ToHashSet();
        var asm = typeof(Migrator).Assembly;
        var applied = new List<string>();
        foreach (var res in asm.GetManifestResourceNames().Where(n => n.EndsWith(".sql")).Order(StringComparer.Ordinal))
        {
            var name = res[(res.IndexOf(".Migrations.", StringComparison.Ordinal) + ".Migrations.".Length)..];
            if (done.Contains(name)) continue;
            using var s = new StreamReader(asm.GetManifestResourceStream(res)!);
            var sql = s.ReadToEnd();
            using var tx = c.BeginTransaction();
            c.Execute(sql, transaction: tx);
            c.Execute("INSERT INTO schema_migrations (name, applied_at) VALUES (@name, @at)",
                new { name, at = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() }, tx);
            tx.Commit();
            applied.Add(name);
        }
        return applied;
    }
}
