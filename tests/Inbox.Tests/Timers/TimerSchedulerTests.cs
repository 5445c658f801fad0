using System.Collections.Concurrent;
using System.Reflection;
using Dapper;
using Inbox.Core.Realtime;
using Inbox.Core.Storage;
using Inbox.Core.Timers;
using Inbox.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Inbox.Tests.Timers;

/// <summary>The timer queue on a real SQLite database, driven by a fake clock.</summary>
public sealed class TimerSchedulerTests : IDisposable
{
    private const long Minute = 60_000;
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "inbox-timers-" + Guid.NewGuid().ToString("N")[..10]);
    private readonly Db _db;
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero));
    private readonly ConcurrentQueue<SlaAlert> _alerts = new();

    public TimerSchedulerTests()
    {
        _db = new Db(Path.Combine(_dir, "inbox.db"));
        Migrator.Apply(_db);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dir, true); } catch (IOException) { }
    }

    private long Now => _clock.GetUtcNow().ToUnixTimeMilliseconds();

    private TimerScheduler NewScheduler()
    {
        var s = new TimerScheduler(_db, _clock, new SilentBroadcaster(), NullLogger<TimerScheduler>.Instance);
        s.Raised += batch => { foreach (var a in batch) _alerts.Enqueue(a); };
        return s;
    }

    /// <summary>A conversation with a running timer started now, stored as the timer step would store it.</summary>
    private TimerRow AddTimer(long atRiskIn, long dueIn, string notified = "none")
    {
        using var c = _db.Open();
        var token = Guid.NewGuid().ToString("N");
        var customer = c.ExecuteScalar<long>("INSERT INTO customers (display_name, created_at) VALUES ('Marie', 0) RETURNING id");
        var identity = c.ExecuteScalar<long>("INSERT INTO identities (customer_id, channel, external_id, created_at) VALUES (@customer, 'x', @token, 0) RETURNING id", new { customer, token });
        var id = c.ExecuteScalar<long>("""
            INSERT INTO conversations (customer_id, identity_id, channel, token, created_at, last_message_at)
            VALUES (@customer, @identity, 'x', @token, 0, 0) RETURNING id
            """, new { customer, identity, token });
        var row = new TimerRow { ConversationId = id, Kind = "first", Channel = "x", StartedAt = Now, AtRiskAt = Now + atRiskIn, DueAt = Now + dueIn, Notified = notified };
        c.Execute("""
            INSERT INTO conversation_timers (conversation_id, kind, channel, started_at, at_risk_at, due_at, notified)
            VALUES (@ConversationId, @Kind, @Channel, @StartedAt, @AtRiskAt, @DueAt, @Notified)
            """, row);
        return row;
    }

    private Task Alerts(int count) => Wait.UntilAsync(() => _alerts.Count >= count, what: $"{count} alert(s)");

    [Fact]
    public async Task RaisesAtRiskThenBreachAsTheClockReachesEachInstant()
    {
        var timer = AddTimer(45 * Minute, 60 * Minute);
        using var scheduler = NewScheduler();
        await scheduler.StartAsync(default);
        await Wait.UntilAsync(() => scheduler.Count == 1, what: "queue rebuilt");

        _clock.Advance(TimeSpan.FromMinutes(44));
        await Task.Delay(200);
        Assert.Empty(_alerts);

        _clock.Advance(TimeSpan.FromMinutes(1));
        await Alerts(1);
        _clock.Advance(TimeSpan.FromMinutes(15));
        await Alerts(2);
        _clock.Advance(TimeSpan.FromDays(2));
        await Task.Delay(200);

        Assert.Equal(["at_risk", "breached"], _alerts.Select(a => a.Level));
        Assert.All(_alerts, a => Assert.Equal(timer.ConversationId, a.ConversationId));
        Assert.Equal(0, scheduler.Count);
        await scheduler.StopAsync(default);
    }

    [Fact]
    public async Task ABreachMissedWhileStoppedIsRaisedOnceAtStartAndNeverAgain()
    {
        AddTimer(45 * Minute, 60 * Minute);
        _clock.Advance(TimeSpan.FromHours(3)); // the app was down through at-risk and due

        using (var first = NewScheduler())
        {
            await first.StartAsync(default);
            await Alerts(1);
            await Task.Delay(200);
            await first.StopAsync(default);
        }
        using (var second = NewScheduler())
        {
            await second.StartAsync(default);
            _clock.Advance(TimeSpan.FromHours(1));
            await Task.Delay(300);
            await second.StopAsync(default);
        }

        Assert.Equal("breached", Assert.Single(_alerts).Level); // the missed at-risk stage is not raised after the breach
        using var c = _db.Open();
        Assert.Equal(1, c.ExecuteScalar<long>("SELECT COUNT(*) FROM sla_alerts"));
    }

    [Fact]
    public async Task AnEarlierTimerWakesASleepingScheduler()
    {
        AddTimer(10 * 60 * Minute, 12 * 60 * Minute);
        using var scheduler = NewScheduler();
        await scheduler.StartAsync(default);
        await Wait.UntilAsync(() => scheduler.Count == 1, what: "queue rebuilt");
        await Task.Delay(100); // asleep until the far timer

        var soon = AddTimer(5 * Minute, 10 * Minute);
        scheduler.Set(soon.ConversationId, soon);
        _clock.Advance(TimeSpan.FromMinutes(5));

        await Alerts(1);
        Assert.Equal(soon.ConversationId, _alerts.Single().ConversationId);
        await scheduler.StopAsync(default);
    }

    [Fact]
    public void RepeatedUpdatesKeepTheQueueBounded()
    {
        using var scheduler = NewScheduler();
        var row = new TimerRow { ConversationId = 1, Kind = "first", Channel = "x", StartedAt = Now, AtRiskAt = Now + Minute, DueAt = Now + 2 * Minute };
        for (var i = 0; i < 10_000; i++) scheduler.Set(1, row with { AtRiskAt = row.AtRiskAt + i });
        Assert.Equal(1, scheduler.Count);
        Assert.True(scheduler.HeapSize <= 1026, $"heap holds {scheduler.HeapSize} entries");
        scheduler.Set(1, null);
        Assert.Equal(0, scheduler.Count);
    }

    [Fact]
    public void PausedAndBreachedTimersAreNotQueued()
    {
        using var scheduler = NewScheduler();
        var row = new TimerRow { ConversationId = 1, Kind = "first", Channel = "x", StartedAt = Now, AtRiskAt = Now + Minute, DueAt = Now + 2 * Minute };
        scheduler.Set(1, row with { PausedAt = Now });
        scheduler.Set(2, row with { ConversationId = 2, Notified = "breached" });
        Assert.Equal(0, scheduler.Count);
    }

    /// <summary>Pushes go nowhere here: the scheduler's Raised event is observed instead (integration tests use a real hub).</summary>
    public class SilentBroadcaster : IBroadcaster
    {
        private static readonly IInboxClient Nobody = DispatchProxy.Create<IInboxClient, Silent>();
        public IInboxClient Everyone => Nobody;
        public IInboxClient Leads => Nobody;
        public IInboxClient Conversation(long conversationId) => Nobody;
        public IInboxClient Agent(long agentId) => Nobody;
    }

    public class Silent : DispatchProxy
    {
        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) => Task.CompletedTask;
    }
}
