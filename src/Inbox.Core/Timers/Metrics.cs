using System.Globalization;
using Dapper;
using Inbox.Core.Storage;

namespace Inbox.Core.Timers;

public sealed record MetricsQuery(long From, long To, string? Channel = null, long? AgentId = null, string Bucket = "day");

public sealed record Distribution(int Count, long? MedianMs, long? P90Ms);

/// <summary>
/// ResponseRate = answered / (answered + still waiting); WithinPolicy = answered in time / (answered + waiting past due):
/// a timer still running and not yet due is undecided and left out of that share.
/// </summary>
public sealed record ResponseStats(
    int Timers, int Answered, int Waiting, double? ResponseRate, double? WithinPolicy, Distribution FirstResponse, Distribution NextResponse);

public sealed record MetricsGroup(string Key, string? Label, ResponseStats Stats);

public sealed record MetricsReport(
    long From, long To, string Bucket, string TimeZone, ResponseStats Overall,
    IReadOnlyList<MetricsGroup> ByChannel, IReadOnlyList<MetricsGroup> ByAgent, IReadOnlyList<MetricsGroup> ByPeriod);

/// <summary>
/// Response-time metrics over the timers that started in [From, To): answered ones from sla_responses, the ones
/// still waiting from conversation_timers. Plain SQL selects the facts; grouping and percentiles are done here.
/// </summary>
public sealed class Metrics(Db db, TimeProvider clock, SlaConfigStore config)
{
    private sealed record Fact
    {
        public string Kind { get; init; } = "";
        public string Channel { get; init; } = "";
        public long? AgentId { get; init; }
        public string? AgentName { get; init; }
        public long StartedAt { get; init; }
        public long? RespondedAt { get; init; }
        public long DueAt { get; init; }
    }

    public MetricsReport Compute(MetricsQuery q)
    {
        var now = Db.Now(clock);
        using var c = db.Open();
        var facts = c.Query<Fact>("""
            SELECT r.kind, r.channel, r.agent_id, a.display_name AS agent_name, r.started_at, r.responded_at, r.due_at
            FROM sla_responses r LEFT JOIN agents a ON a.id = r.agent_id
            WHERE r.started_at >= @From AND r.started_at < @To AND (@Channel IS NULL OR r.channel = @Channel)
              AND (@AgentId IS NULL OR r.agent_id = @AgentId)
            UNION ALL
            SELECT t.kind, t.channel, cv.assigned_agent_id, a.display_name, t.started_at, NULL, t.due_at
            FROM conversation_timers t JOIN conversations cv ON cv.id = t.conversation_id LEFT JOIN agents a ON a.id = cv.assigned_agent_id
            WHERE t.started_at >= @From AND t.started_at < @To AND (@Channel IS NULL OR t.channel = @Channel)
              AND (@AgentId IS NULL OR cv.assigned_agent_id = @AgentId)
            """, q).AsList();

        var cfg = config.Current(c);
        var zone = cfg.Calendar.Zone;
        var bucket = q.Bucket == "week" ? "week" : "day";
        return new MetricsReport(q.From, q.To, bucket, cfg.Settings.TimeZone, Stats(facts, now),
            Group(facts, f => f.Channel, f => null, now),
            Group(facts, f => f.AgentId?.ToString(CultureInfo.InvariantCulture) ?? "none", f => f.AgentName, now),
            Group(facts, f => Period(zone, f.StartedAt, bucket), f => null, now).OrderBy(g => g.Key, StringComparer.Ordinal).ToList());
    }

    private static List<MetricsGroup> Group(List<Fact> facts, Func<Fact, string> key, Func<Fact, string?> label, long now) =>
        facts.GroupBy(key).Select(g => new MetricsGroup(g.Key, label(g.First()), Stats(g.ToList(), now))).OrderBy(g => g.Key, StringComparer.Ordinal).ToList();

    private static ResponseStats Stats(IReadOnlyList<Fact> facts, long now)
    {
        var answered = facts.Where(f => f.RespondedAt is not null).ToList();
        var waiting = facts.Count - answered.Count;
        var inTime = answered.Count(f => f.RespondedAt <= f.DueAt);
        var decided = answered.Count + facts.Count(f => f.RespondedAt is null && f.DueAt <= now);
        return new ResponseStats(facts.Count, answered.Count, waiting,
            facts.Count == 0 ? null : (double)answered.Count / facts.Count,
            decided == 0 ? null : (double)inTime / decided,
            Distribution(answered.Where(f => f.Kind == "first")), Distribution(answered.Where(f => f.Kind == "next")));
    }

    private static Distribution Distribution(IEnumerable<Fact> answered)
    {
        var times = answered.Select(f => f.RespondedAt!.Value - f.StartedAt).Order().ToArray();
        return times.Length == 0 ? new Distribution(0, null, null) : new Distribution(times.Length, Percentile(times, 50), Percentile(times, 90));
    }

    /// <summary>Nearest-rank percentile of sorted values.</summary>
    public static long Percentile(long[] sorted, int p) => sorted[Math.Clamp((int)Math.Ceiling(p / 100.0 * sorted.Length) - 1, 0, sorted.Length - 1)];

    /// <summary>The local day (yyyy-MM-dd) or the Monday of the local week a timer started in.</summary>
    public static string Period(TimeZoneInfo zone, long ms, string bucket)
    {
        var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.UnixEpoch.AddMilliseconds(ms), zone));
        if (bucket == "week") day = day.AddDays(-(((int)day.DayOfWeek + 6) % 7));
        return day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    }
}
