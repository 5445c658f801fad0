using System.Diagnostics;
using Dapper;
using Inbox.Core.Realtime;
using Inbox.Core.Storage;
using Inbox.Core.Timers;
using Microsoft.Extensions.Logging.Abstractions;

namespace Inbox.Benchmarks;

/// <summary>
/// `scripts/bench timers [conversations]`: seeds open conversations (default 100,000) in a temporary database, then
/// measures the board snapshot, and the scheduler's memory and CPU per conversation.
/// </summary>
public static class TimersBench
{
    private const long Minute = 60_000;

    public static int Run(string[] args)
    {
        var n = args.Length > 0 ? int.Parse(args[0]) : 100_000;
        var keep = Environment.GetEnvironmentVariable("INBOX_BENCH_KEEP") is { Length: > 0 } k ? k : null; // a directory to keep the seeded database in
        var dir = keep ?? Path.Combine(Path.GetTempPath(), "inbox-bench-timers-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            var db = new Db(Path.Combine(dir, "inbox.db"));
            Migrator.Apply(db);
            var sw = Stopwatch.StartNew();
            var timers = Seed(db, n);
            Console.WriteLine($"seeded {n:N0} open conversations ({timers:N0} with a running timer) in {sw.ElapsedMilliseconds} ms");
            BoardSnapshot(db);
        BoardSnapshot(db);
            Scheduler(db, timers);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (keep is null) try { Directory.Delete(dir, true); } catch (IOException) { }
        }
        return 0;
    }

    /// <summary>20 agents; every conversation open, 60% waiting for an answer, a tenth of those breached and a tenth at risk.</summary>
    private static int Seed(Db db, int n)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        string[] channels = ["email", "messenger", "instagram", "whatsapp", "x"];
        using var c = db.Open();
        using var tx = c.BeginTransaction();
        for (var a = 1; a <= 20; a++)
            c.Execute("INSERT INTO agents (id, username, display_name, password_hash, role, created_at) VALUES (@a, @u, @u, 'x', 'agent', 0)", new { a, u = $"agent{a}" }, tx);
        var timers = 0;
        var rnd = new Random(7);
        for (var i = 1; i <= n; i++)
        {
            var channel = channels[i % channels.Length];
            c.Execute("INSERT INTO customers (id, display_name, created_at) VALUES (@i, @name, 0)", new { i, name = $"Customer {i}" }, tx);
            c.Execute("INSERT INTO identities (id, customer_id, channel, external_id, created_at) VALUES (@i, @i, @channel, @ext, 0)", new { i, channel, ext = $"ext{i}" }, tx);
            var waiting = i % 10 < 6;
            int? agent = i % 25 < 20 ? i % 25 + 1 : null;
            c.Execute("""
                INSERT INTO conversations (id, customer_id, identity_id, channel, token, created_at, last_message_at, last_inbound_at, preview, message_count, unanswered, assigned_agent_id)
                VALUES (@i, @i, @i, @channel, @token, @t, @t, @t, 'Where is my order?', 1, @unanswered, @agent)
                """, new { i, channel, token = $"t{i}", t = now - 30 * Minute, unanswered = waiting ? 1 : 0, agent }, tx);
            if (!waiting) continue;
            // Started between 2 h ago and now, with a 1 h allowance: about a third breached, some at risk, the rest fine.
            var started = now - rnd.NextInt64(0, 120 * Minute);
            c.Execute("""
                INSERT INTO conversation_timers (conversation_id, kind, channel, assigned_agent_id, started_at, at_risk_at, due_at, notified)
                VALUES (@i, 'first', @channel, @agent, @started, @risk, @due, @notified)
                """, new { i, channel, agent, started, risk = started + 45 * Minute, due = started + 60 * Minute,
                           notified = started + 60 * Minute <= now ? "breached" : started + 45 * Minute <= now ? "at_risk" : "none" }, tx);
            timers++;
        }
        tx.Commit();
        c.Execute("ANALYZE main;");
        return timers;
    }

    private static void BoardSnapshot(Db db)
    {
        var board = new Board(db, TimeProvider.System);
        for (var i = 0; i < 3; i++) board.Snapshot(); // warm-up: connection pool, Dapper's compiled mappers, SQLite page cache
        var times = new List<double>();
        BoardSnapshot? last = null;
        // Thread CPU time as well as wall time: the 2-core machine is shared, so wall time includes waiting for a core.
        var cpu0 = ThreadCpuMs();
        for (var i = 0; i < 20; i++)
        {
            var sw = Stopwatch.StartNew();
            last = board.Snapshot();
            times.Add(sw.Elapsed.TotalMilliseconds);
        }
        var cpuMean = (ThreadCpuMs() - cpu0) / 20;
        times.Sort();
        Console.WriteLine($"board snapshot: wall median {times[times.Count / 2]:F1} ms, p90 {times[(int)(times.Count * 0.9)]:F1} ms, min {times[0]:F1} ms; CPU mean {cpuMean:F1} ms over {times.Count} runs (load average {LoadAverage()})");
        Console.WriteLine($"  totals: open {last!.Channels.Sum(c => c.Open):N0}, unanswered {last.Channels.Sum(c => c.Unanswered):N0}, at risk {last.Channels.Sum(c => c.AtRisk):N0}, breached {last.Channels.Sum(c => c.Breached):N0}; list {last.Conversations.Count} rows, {last.Agents.Count} agent rows");
    }

    private static void Scheduler(Db db, int timers)
    {
        using var process = Process.GetCurrentProcess();
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var cpu = process.TotalProcessorTime;
        var sw = Stopwatch.StartNew();
        var scheduler = new TimerScheduler(db, TimeProvider.System, new NoPush(), NullLogger<TimerScheduler>.Instance);
        var queued = scheduler.Rebuild();
        var rebuildMs = sw.Elapsed.TotalMilliseconds;
        process.Refresh();
        var rebuildCpu = (process.TotalProcessorTime - cpu).TotalMilliseconds;
        var after = GC.GetTotalMemory(forceFullCollection: true);
        Console.WriteLine($"scheduler rebuild: {queued:N0} queued timers in {rebuildMs:F0} ms wall, {rebuildCpu:F0} ms CPU ({rebuildCpu * 1000 / Math.Max(1, queued):F1} µs CPU per timer, reading the database included)");
        Console.WriteLine($"scheduler memory: {(after - before) / 1024.0 / 1024.0:F1} MiB retained, {(double)(after - before) / Math.Max(1, queued):F0} bytes per queued timer");

        // Updates as the intake makes them (one per stored message): the heap compacts its stale entries.
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        sw.Restart();
        const int updates = 1_000_000;
        for (var i = 0; i < updates; i++)
            scheduler.Set(i % timers + 1, new TimerRow { ConversationId = i % timers + 1, AtRiskAt = now + 3_600_000 + i, DueAt = now + 7_200_000 + i });
        Console.WriteLine($"scheduler updates: {sw.Elapsed.TotalMilliseconds * 1_000_000 / updates:F0} ns per Set ({updates:N0} updates), heap {scheduler.HeapSize:N0} entries for {scheduler.Count:N0} timers");

        // Idle: nothing due for an hour, the scheduler must sleep rather than poll.
        using var cts = new CancellationTokenSource();
        scheduler.StartAsync(cts.Token).GetAwaiter().GetResult();
        Thread.Sleep(3000); // its start-up rebuild reads the database again
        var raised = 0;
        scheduler.Raised += batch => Interlocked.Add(ref raised, batch.Count);
        process.Refresh();
        cpu = process.TotalProcessorTime;
        Thread.Sleep(5000);
        process.Refresh();
        // Seeded timers keep crossing their at-risk and due instants (about 8 a second), so this includes real alerts.
        Console.WriteLine($"scheduler running with {scheduler.Count:N0} timers: {(process.TotalProcessorTime - cpu).TotalMilliseconds:F0} ms CPU in 5 s for the whole process, {raised} alerts raised meanwhile");
        scheduler.StopAsync(default).GetAwaiter().GetResult();
        GC.KeepAlive(scheduler);
    }

    private static double ThreadCpuMs()
    {
        // /proc/thread-self/stat fields 14 and 15: user and system time of this thread in clock ticks (10 ms).
        var stat = File.ReadAllText("/proc/thread-self/stat");
        var f = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(f[11]) + long.Parse(f[12])) * 10.0;
    }

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";

    private sealed class NoPush : IBroadcaster
    {
        private static readonly IInboxClient Nobody = System.Reflection.DispatchProxy.Create<IInboxClient, Silent>();
        public IInboxClient Everyone => Nobody;
        public IInboxClient Leads => Nobody;
        public IInboxClient Conversation(long conversationId) => Nobody;
        public IInboxClient Agent(long agentId) => Nobody;
    }

    public class Silent : System.Reflection.DispatchProxy
    {
        protected override object? Invoke(System.Reflection.MethodInfo? targetMethod, object?[]? args) => Task.CompletedTask;
    }
}
