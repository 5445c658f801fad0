using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Dapper;
using Inbox.Core.Consistency;
using Inbox.Core.Duplicates;
using Inbox.Core.Storage;

namespace Inbox.Benchmarks;

/// <summary>
/// The live draft guard server-side, on a real SQLite file: a conversation in a cluster of 5 whose 4 siblings
/// carry 2 answers each, among 5,000 unrelated conversations. Warm = the server's answer-facts cache is
/// filled (the usual case while an agent types); Cold = every sibling answer is re-extracted each time.
/// `scripts/bench --filter '*DraftCheck*'` (BenchmarkDotNet) or `scripts/bench draftcheck` (p50/p99 per call).
/// </summary>
[Config(typeof(ShortInProcess))]
public class DraftCheckBenchmark
{
    /// <summary>A short run, in process: generating and building a separate project times out on a busy 2-core machine.</summary>
    private sealed class ShortInProcess : ManualConfig
    {
        public ShortInProcess()
        {
            AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance).WithLaunchCount(1).WithWarmupCount(3).WithIterationCount(10));
            AddColumn(StatisticColumn.P95, StatisticColumn.Max);
        }
    }

    private static readonly string[] Answers =
    [
        "Bonjour Léa ! Vous avez droit au remboursement intégral de 209 € pour votre commande MA-6079252. Dès réception de l'article, l'argent vous parvient sous 5 jours ouvrés. Pour finaliser, merci de nous appeler au 01 99 00 41 27 (du lundi au vendredi, 9h-18h). N'hésitez pas si besoin. Camille",
        "Hi Léa! Your refund of €209 for order MA-6079252 has been processed. Please allow 5 business days for it to show on your statement. Next steps: call +33 1 99 00 41 27, give your reference and confirm your identity. Anything else I can help with?",
        "@lea_m Le remboursement de 209 € pour votre commande a été effectué. Comptez 5 jours ouvrés avant de le voir sur votre relevé. Étapes suivantes : appelez le 01 99 00 41 27, donnez votre référence et confirmez votre identité. ^C",
        "Dear Léa,\n\nWe've issued the €209 refund for order MA-6079252; depending on your bank it appears within 5 business days. To finish this, please call us on +33 1 99 00 41 27 (Mon-Fri, 9am-6pm).\n\nKind regards,\nThomas\nMaison Customer Care",
    ];

    public const string Draft = "Bonjour Léa, malheureusement nous ne pouvons pas rembourser les 209 € de la commande MA-6079252 : le délai est dépassé. Tout se fait via notre formulaire en ligne : https://aide.maison.example/remboursements. Belle journée, Emma";

    private string _dir = "";
    private Db _db = null!;
    private ConsistencyChecker _warm = null!;
    private long _conversation;

    [GlobalSetup]
    public void Setup()
    {
        _dir = Path.Combine(Path.GetTempPath(), "inbox-draftcheck-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(_dir);
        (_db, _conversation) = Seed(_dir, 5_000);
        _warm = new ConsistencyChecker();
        using var c = _db.Open();
        if (_warm.CheckDraftDetailed(c, _conversation, Draft).Count != 8) throw new InvalidOperationException("the draft should contradict the 8 sibling answers");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dir, true); } catch (IOException) { }
    }

    [Benchmark(Baseline = true)]
    public int Warm()
    {
        using var c = _db.Open();
        return _warm.CheckDraftDetailed(c, _conversation, Draft).Count;
    }

    [Benchmark]
    public int Cold()
    {
        using var c = _db.Open();
        return new ConsistencyChecker().CheckDraftDetailed(c, _conversation, Draft).Count;
    }

    /// <summary>A database with `noise` unrelated conversations and one cluster of 5; returns the cluster's unanswered member.</summary>
    public static (Db Db, long Conversation) Seed(string dir, int noise)
    {
        var db = new Db(Path.Combine(dir, "inbox.db"));
        Migrator.Apply(db);
        using var c = db.Open();
        using var tx = c.BeginTransaction();
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var channels = new[] { "email", "messenger", "x", "whatsapp", "instagram" };
        long NewConversation(int i, string channel)
        {
            var customer = c.ExecuteScalar<long>("INSERT INTO customers (display_name, created_at) VALUES (@name, @now) RETURNING id", new { name = "c" + i, now }, tx);
            var identity = c.ExecuteScalar<long>("INSERT INTO identities (customer_id, channel, external_id, created_at) VALUES (@customer, @channel, @ext, @now) RETURNING id",
                new { customer, channel, ext = "id-" + i, now }, tx);
            var conv = c.ExecuteScalar<long>("""
                INSERT INTO conversations (customer_id, identity_id, channel, token, created_at, last_message_at, last_inbound_at)
                VALUES (@customer, @identity, @channel, @token, @now, @now, @now) RETURNING id
                """, new { customer, identity, channel, token = "t" + i, now }, tx);
            c.Execute("INSERT INTO messages (conversation_id, channel, external_id, direction, identity_id, text, display_text, sent_at, received_at) VALUES (@conv, @channel, @ext, 'in', @identity, 'Bonjour, remboursement svp', '', @now, @now)",
                new { conv, channel, ext = "in-" + i, identity, now }, tx);
            return conv;
        }
        void Answer(long conv, string channel, string text, int n) =>
            c.Execute("INSERT INTO messages (conversation_id, channel, external_id, direction, text, display_text, sent_at, received_at, status) VALUES (@conv, @channel, @ext, 'out', @text, @text, @now, @now, 'sent')",
                new { conv, channel, ext = $"out-{conv}-{n}", text, now }, tx);

        for (var i = 0; i < noise; i++)
        {
            var conv = NewConversation(i, channels[i % 5]);
            Answer(conv, channels[i % 5], Answers[i % Answers.Length], 0);
        }
        var cluster = channels.Select((ch, k) => NewConversation(noise + k, ch)).ToList();
        for (var k = 1; k < cluster.Count; k++)
        {
            Answer(cluster[k], channels[k], Answers[k % Answers.Length], 0);
            Answer(cluster[k], channels[k], Answers[(k + 1) % Answers.Length], 1);
            c.Execute("INSERT INTO duplicate_links (conversation_a, conversation_b, score, evidence, created_at) VALUES (@a, @b, 0.9, 'bench', @now)",
                new { a = cluster[0], b = cluster[k], now }, tx);
        }
        Clusters.Recompute(c, tx, cluster[0]);
        tx.Commit();
        return (db, cluster[0]);
    }

    /// <summary>`scripts/bench draftcheck [--calls 5000]`: times each call (open connection + check) and prints p50 / p99 / max.</summary>
    public static int Percentiles(string[] args)
    {
        var calls = args.SkipWhile(a => a != "--calls").Skip(1).Select(int.Parse).DefaultIfEmpty(5000).First();
        var b = new DraftCheckBenchmark();
        b.Setup();
        try
        {
            foreach (var (name, run) in new (string, Func<int>)[] { ("warm", b.Warm), ("cold", b.Cold) })
            {
                for (var i = 0; i < 200; i++) run();
                var ms = new double[calls];
                for (var i = 0; i < calls; i++)
                {
                    var t = Stopwatch.GetTimestamp();
                    run();
                    ms[i] = Stopwatch.GetElapsedTime(t).TotalMilliseconds;
                }
                Array.Sort(ms);
                Console.WriteLine($"draft check ({name}), cluster of 5, {calls} calls: p50 {ms[calls / 2]:F2} ms, p99 {ms[(int)(calls * 0.99)]:F2} ms, max {ms[^1]:F2} ms");
            }
        }
        finally { b.Cleanup(); }
        return 0;
    }
}
