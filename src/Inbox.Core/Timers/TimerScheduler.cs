using Dapper;
using Inbox.Core.Realtime;
using Inbox.Core.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Inbox.Core.Timers;

/// <summary>An at-risk or breach alert, pushed to leads once per timer and level.</summary>
public sealed record SlaAlert
{
    public long Id { get; init; }
    public long ConversationId { get; init; }
    public string Level { get; init; } = "";
    public string Kind { get; init; } = "";
    public string Channel { get; init; } = "";
    public string CustomerName { get; init; } = "";
    public long? AssignedAgentId { get; init; }
    public long StartedAt { get; init; }
    public long DueAt { get; init; }
    public long RaisedAt { get; init; }
}

/// <summary>
/// One queue of timers ordered by their next instant (at risk, then due), woken by the TimeProvider at the earliest
/// one; never a poll over conversations. Rebuilt from conversation_timers at start, so alerts missed while the app
/// was down are raised then; conversation_timers.notified makes each alert happen once.
/// </summary>
public sealed class TimerScheduler(Db db, TimeProvider clock, IBroadcaster broadcaster, ILogger<TimerScheduler> log) : BackgroundService
{
    private const int Batch = 500;
    private readonly object _gate = new();
    // conversation → its next instant; the heap may hold stale entries, which are skipped when popped and compacted away.
    private readonly Dictionary<long, long> _next = [];
    private readonly PriorityQueue<long, long> _heap = new();
    private long _sleepingUntil = long.MaxValue;
    private CancellationTokenSource? _wake;

    public int Count { get { lock (_gate) return _next.Count; } }
    public int HeapSize { get { lock (_gate) return _heap.Count; } }

    /// <summary>Raised after each batch of alerts is committed (tests and the board counters listen).</summary>
    public event Action<IReadOnlyList<SlaAlert>>? Raised;

    /// <summary>The conversation's timer changed (null: it has none any more).</summary>
    public void Set(long conversationId, TimerRow? row)
    {
        var next = NextInstant(row);
        CancellationTokenSource? wake = null;
        lock (_gate)
        {
            if (next is null) { _next.Remove(conversationId); return; }
            if (_next.TryGetValue(conversationId, out var current) && current == next.Value) return;
            _next[conversationId] = next.Value;
            _heap.Enqueue(conversationId, next.Value);
            if (_heap.Count > 2 * _next.Count + 1024) Compact();
            if (next.Value < _sleepingUntil) { wake = _wake; _sleepingUntil = next.Value; }
        }
        try { wake?.Cancel(); } catch (ObjectDisposedException) { }
    }

    private static long? NextInstant(TimerRow? row) => row switch
    {
        null or { PausedAt: not null } or { Notified: "breached" } => null,
        { Notified: "none" } => row.AtRiskAt,
        _ => row.DueAt,
    };

    private void Compact()
    {
        _heap.Clear();
        foreach (var (id, at) in _next) _heap.Enqueue(id, at);
    }

    /// <summary>Loads every running timer from the database (at start).</summary>
    public int Rebuild()
    {
        using var c = db.Open();
        var n = 0;
        foreach (var row in c.Query<TimerRow>(
            $"SELECT {TimerUpdater.TimerColumns} FROM conversation_timers WHERE paused_at IS NULL AND notified <> 'breached'",
            buffered: false))
        {
            Set(row.ConversationId, row);
            n++;
        }
        return n;
    }

    protected override async Task ExecuteAsync(CancellationToken stop)
    {
        await Task.Yield();
        var loaded = Rebuild();
        log.LogInformation("Timer queue rebuilt with {Count} running timers", loaded);
        while (!stop.IsCancellationRequested)
        {
            try
            {
                var now = Db.Now(clock);
                var due = TakeDue(now);
                if (due.Count > 0) { await FireAsync(due, now); continue; }
                await SleepAsync(now, stop);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested) { break; }
            catch (Exception e)
            {
                log.LogError(e, "Timer scheduler step failed; reloading the queue from the database shortly");
                await Task.Delay(TimeSpan.FromSeconds(1), clock, stop).ContinueWith(_ => { }, TaskScheduler.Default);
                // Timers taken off the queue for the failed step are still in the database: reload rather than lose them.
                try { Rebuild(); } catch (Exception again) when (again is not OperationCanceledException) { log.LogError(again, "Timer queue reload failed"); }
            }
        }
    }

    private List<long> TakeDue(long now)
    {
        var due = new List<long>();
        lock (_gate)
        {
            while (due.Count < Batch && _heap.TryPeek(out var id, out var at) && at <= now)
            {
                _heap.Dequeue();
                if (_next.TryGetValue(id, out var current) && current == at) { _next.Remove(id); due.Add(id); }
            }
        }
        return due;
    }

    private async Task SleepAsync(long now, CancellationToken stop)
    {
        using var wake = CancellationTokenSource.CreateLinkedTokenSource(stop);
        long until;
        lock (_gate)
        {
            until = _heap.TryPeek(out _, out var at) ? at : long.MaxValue;
            _sleepingUntil = until;
            _wake = wake;
        }
        // Timers further than a day away are re-checked daily; Task.Delay cannot wait longer than ~49 days anyway.
        var delay = TimeSpan.FromMilliseconds(Math.Clamp(until - now, 1, 86_400_000));
        try { await Task.Delay(delay, clock, wake.Token); }
        catch (OperationCanceledException) when (!stop.IsCancellationRequested) { }
        finally { lock (_gate) { _wake = null; _sleepingUntil = long.MaxValue; } }
    }

    /// <summary>Marks and records the alerts in one transaction, then pushes them; re-queues timers with a later stage.</summary>
    private async Task FireAsync(List<long> ids, long now)
    {
        var alerts = new List<SlaAlert>();
        var later = new List<TimerRow>();
        using (var c = db.Open())
        using (var tx = c.BeginTransaction())
        {
            var rows = c.Query<TimerRow>(
                $"SELECT {TimerUpdater.TimerColumns} FROM conversation_timers WHERE conversation_id IN @ids",
                new { ids }, tx);
            foreach (var row in rows)
            {
                if (row.PausedAt is not null) continue;
                var level = row.DueAt <= now && row.Notified != "breached" ? "breached"
                    : row.AtRiskAt <= now && row.Notified == "none" ? "at_risk" : null;
                if (level is null) { later.Add(row); continue; }
                var changed = c.Execute("UPDATE conversation_timers SET notified = @level WHERE conversation_id = @ConversationId AND notified = @Notified",
                    new { level, row.ConversationId, row.Notified }, tx);
                if (changed == 0) continue; // another node raised it
                var alertId = c.ExecuteScalar<long?>("""
                    INSERT INTO sla_alerts (conversation_id, level, kind, started_at, due_at, raised_at)
                    VALUES (@ConversationId, @level, @Kind, @StartedAt, @DueAt, @now)
                    ON CONFLICT (conversation_id, started_at, level) DO NOTHING RETURNING id
                    """, new { row.ConversationId, level, row.Kind, row.StartedAt, row.DueAt, now }, tx);
                if (alertId is not null) alerts.Add(Alert(c, tx, alertId.Value));
                later.Add(row with { Notified = level });
            }
            tx.Commit();
        }
        foreach (var row in later) Set(row.ConversationId, row);
        if (alerts.Count == 0) return;
        foreach (var a in alerts) await broadcaster.Leads.SlaAlert(a);
        // A missing-answer flag on this conversation waited for this moment (ConsistencyChecker): it is due now.
        var breached = alerts.Where(a => a.Level == "breached").Select(a => a.ConversationId).ToList();
        if (breached.Count > 0)
        {
            using var c = db.Open();
            foreach (var id in breached)
                foreach (var flag in Consistency.FlagStore.DueMissing(c, id, now))
                    await Consistency.FlagStore.AnnounceAsync(broadcaster, flag);
        }
        Raised?.Invoke(alerts);
    }

    public static SlaAlert Alert(System.Data.Common.DbConnection c, System.Data.Common.DbTransaction? tx, long id) =>
        c.QuerySingle<SlaAlert>("""
            SELECT s.id, s.conversation_id, s.level, s.kind, c.channel, cu.display_name AS customer_name, c.assigned_agent_id,
                   s.started_at, s.due_at, s.raised_at
            FROM sla_alerts s JOIN conversations c ON c.id = s.conversation_id JOIN customers cu ON cu.id = c.customer_id
            WHERE s.id = @id
            """, new { id }, tx);
}
