using BenchmarkDotNet.Attributes;
using Dapper;
using Inbox.Core.Reports;
using Inbox.Core.Storage;

namespace Inbox.Benchmarks;

/// <summary>
/// `scripts/bench --filter '*AuditReport*'`: the self-audit report over 4 weeks on a database of Conversations
/// requests (two messages each, a fifth of them linked in pairs, one divergence flag per ten pairs).
/// </summary>
[InProcess]
[WarmupCount(1)]
[IterationCount(5)]
[MemoryDiagnoser]
public class AuditReportBenchmark
{
    private const long Start = 1_772_409_600_000; // Monday 2 March 2026 00:00 UTC
    private const long Span = 28L * 24 * 3600_000;
    private string _dir = "";
    private Db _db = null!;

    [Params(10_000, 50_000)]
    public int Conversations { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _dir = Path.Combine(Path.GetTempPath(), "inbox-bench-audit-" + Guid.NewGuid().ToString("N")[..8]);
        _db = new Db(Path.Combine(_dir, "inbox.db"));
        Migrator.Apply(_db);
        using var c = _db.Open();
        c.Execute("""
            CREATE TABLE IF NOT EXISTS consistency_flags (id INTEGER PRIMARY KEY, kind TEXT NOT NULL, conversation_a INTEGER NOT NULL, conversation_b INTEGER NOT NULL,
                message_a INTEGER, message_b INTEGER, explanation_en TEXT NOT NULL, explanation_fr TEXT NOT NULL, status TEXT NOT NULL DEFAULT 'open', created_at INTEGER NOT NULL)
            """);
        using var tx = c.BeginTransaction();
        c.Execute("INSERT INTO agents (username, display_name, password_hash, role, created_at) VALUES ('a', 'Agent', 'x', 'agent', 0)", transaction: tx);
        string[] channels = ["email", "messenger", "instagram", "whatsapp", "x"];
        var rnd = new Random(42);
        for (var i = 1; i <= Conversations; i++)
        {
            var channel = channels[i % channels.Length];
            var at = Start + (long)(rnd.NextDouble() * Span);
            c.Execute("INSERT INTO customers (id, display_name, created_at) VALUES (@i, @name, @at)", new { i, name = $"Client {i}", at }, tx);
            c.Execute("INSERT INTO identities (id, customer_id, channel, external_id, display_name, created_at) VALUES (@i, @i, @channel, @ext, @name, @at)",
                new { i, channel, ext = $"u{i}", name = $"Client {i}", at }, tx);
            c.Execute("""
                INSERT INTO conversations (id, customer_id, identity_id, channel, token, created_at, last_message_at, cluster_id)
                VALUES (@i, @i, @i, @channel, @token, @at, @at, @cluster)
                """, new { i, channel, token = $"t{i}", at, cluster = i % 10 < 2 ? (long?)(i - i % 2 == i ? i : i - 1) : null }, tx);
            c.Execute("""
                INSERT INTO messages (conversation_id, channel, external_id, direction, text, display_text, sent_at, received_at)
                VALUES (@i, @channel, @ext, 'in', 'Bonjour, ma commande 4471 n''est pas arrivée, pouvez-vous vérifier ?', 'Bonjour, ma commande 4471 n''est pas arrivée', @at, @at)
                """, new { i, channel, ext = $"in{i}", at }, tx);
            if (i % 7 != 0)
                c.Execute("""
                    INSERT INTO messages (conversation_id, channel, external_id, direction, agent_id, text, display_text, sent_at, received_at)
                    VALUES (@i, @channel, @ext, 'out', 1, @text, @text, @out, @out)
                    """, new { i, channel, ext = $"out{i}", text = "Bonjour Client,\nVotre commande 4471 sera livrée sous 2 jours ouvrés.\nCordialement,\nJulie – Service client", @out = at + rnd.Next(60_000, 48 * 3600_000) }, tx);
        }
        c.Execute("""
            INSERT INTO consistency_flags (kind, conversation_a, conversation_b, message_a, message_b, explanation_en, explanation_fr, created_at)
            SELECT 'divergence', a.conversation_id, b.conversation_id, a.id, b.id, 'x', 'x', 0
            FROM messages a JOIN messages b ON b.conversation_id = a.conversation_id + 1
            WHERE a.direction = 'out' AND b.direction = 'out' AND a.conversation_id % 100 = 0
            """, transaction: tx);
        tx.Commit();
    }

    [Benchmark]
    public int Report()
    {
        using var c = _db.Open();
        return ReportBuilder.Build(c, Start, Start + Span, "en").Overall.Requests;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dir, true); } catch (IOException) { }
    }
}
