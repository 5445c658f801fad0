using System.Data.Common;
using System.Globalization;
using Dapper;
using Inbox.Core.Storage;

namespace Inbox.Core.Timers;

public sealed record SlaPolicy
{
    public string Channel { get; init; } = "";
    public bool IsPublic { get; init; }
    public int FirstResponseMinutes { get; init; }
    public int NextResponseMinutes { get; init; }
    public bool BusinessHours { get; init; }
}

public sealed record BusinessDay { public int Weekday { get; init; } public string Opens { get; init; } = ""; public string Closes { get; init; } = ""; }
public sealed record Holiday { public string Day { get; init; } = ""; public string Name { get; init; } = ""; }

/// <summary>Everything the admins configure about response timers, as stored; the API reads and writes this shape.</summary>
public sealed record SlaSettings(
    string TimeZone, int AtRiskPercent, IReadOnlyList<SlaPolicy> Policies, IReadOnlyList<BusinessDay> BusinessHours, IReadOnlyList<Holiday> Holidays);

/// <summary>The settings made usable: the calendar resolved and policies looked up by channel.</summary>
public sealed class SlaConfig
{
    public SlaConfig(SlaSettings settings)
    {
        Settings = settings;
        var zone = TimeZoneInfo.FindSystemTimeZoneById(settings.TimeZone);
        var hours = settings.BusinessHours.ToDictionary(d => (DayOfWeek)d.Weekday, d => (Time(d.Opens), Time(d.Closes)));
        var holidays = settings.Holidays.Select(h => DateOnly.ParseExact(h.Day, "yyyy-MM-dd", CultureInfo.InvariantCulture)).ToHashSet();
        Calendar = new SlaCalendar(zone, hours, holidays);
    }

    public SlaSettings Settings { get; }
    public SlaCalendar Calendar { get; }

    /// <summary>The public-post policy of a channel when there is one, else the channel's, else none (no timer).</summary>
    public SlaPolicy? For(string channel, bool isPublic) =>
        (isPublic ? Settings.Policies.FirstOrDefault(p => p.Channel == channel && p.IsPublic) : null)
        ?? Settings.Policies.FirstOrDefault(p => p.Channel == channel && !p.IsPublic);

    public (long AtRiskAt, long DueAt)? Deadlines(string channel, bool isPublic, string kind, long startedAt)
    {
        if (For(channel, isPublic) is not { } p) return null;
        var minutes = kind == "first" ? p.FirstResponseMinutes : p.NextResponseMinutes;
        return SlaCalculator.Deadlines(Calendar, p.BusinessHours, minutes * 60_000L, Settings.AtRiskPercent, startedAt);
    }

    /// <summary>The calendar a channel's timers run on (business hours or around the clock).</summary>
    public SlaCalendar CalendarFor(string channel, bool isPublic) =>
        For(channel, isPublic)?.BusinessHours == true ? Calendar : SlaCalendar.AlwaysOpen;

    public static TimeOnly Time(string hhmm) => TimeOnly.ParseExact(hhmm, "HH:mm", CultureInfo.InvariantCulture);

    /// <summary>Refuses settings that would break the arithmetic, naming the problem.</summary>
    public static string? Validate(SlaSettings s)
    {
        try { TimeZoneInfo.FindSystemTimeZoneById(s.TimeZone); }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException) { return $"unknown time zone '{s.TimeZone}'"; }
        if (s.AtRiskPercent is < 1 or > 99) return "atRiskPercent must be between 1 and 99";
        foreach (var p in s.Policies)
        {
            if (string.IsNullOrWhiteSpace(p.Channel)) return "a policy has no channel";
            if (p.FirstResponseMinutes <= 0 || p.NextResponseMinutes <= 0) return $"{p.Channel}: allowances must be positive minutes";
        }
        if (s.Policies.GroupBy(p => (p.Channel, p.IsPublic)).Any(g => g.Count() > 1)) return "one policy per channel and visibility";
        foreach (var d in s.BusinessHours)
        {
            if (d.Weekday is < 0 or > 6) return "weekday must be 0 (Sunday) to 6 (Saturday)";
            if (!TimeOnly.TryParseExact(d.Opens, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var o)
                || !TimeOnly.TryParseExact(d.Closes, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var c) || c <= o)
                return $"weekday {d.Weekday}: hours must be HH:mm with closes after opens";
        }
        if (s.BusinessHours.GroupBy(d => d.Weekday).Any(g => g.Count() > 1)) return "one opening window per weekday";
        if (s.Policies.Any(p => p.BusinessHours) && s.BusinessHours.Count == 0) return "business-hours policies need at least one open weekday";
        foreach (var h in s.Holidays)
            if (!DateOnly.TryParseExact(h.Day, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _)) return $"holiday '{h.Day}' is not yyyy-MM-dd";
        return null;
    }
}

/// <summary>Reads and saves the SLA settings; keeps the parsed config cached until the next save.</summary>
public sealed class SlaConfigStore(Db db)
{
    private volatile SlaConfig? _cached;

    public SlaConfig Current(DbConnection? c = null, DbTransaction? tx = null)
    {
        if (_cached is { } cached) return cached;
        if (c is not null) return _cached = new SlaConfig(Load(c, tx));
        using var own = db.Open();
        return _cached = new SlaConfig(Load(own, null));
    }

    public static SlaSettings Load(DbConnection c, DbTransaction? tx)
    {
        var (zone, percent) = c.QuerySingle<(string, long)>("SELECT time_zone, at_risk_percent FROM sla_settings WHERE id = 1", transaction: tx);
        var policies = c.Query<SlaPolicy>(
            "SELECT channel, is_public, first_response_minutes, next_response_minutes, business_hours FROM sla_policies ORDER BY channel, is_public",
            transaction: tx).AsList();
        var hours = c.Query<BusinessDay>("SELECT weekday, opens, closes FROM sla_business_hours ORDER BY weekday", transaction: tx).AsList();
        var holidays = c.Query<Holiday>("SELECT day, name FROM sla_holidays ORDER BY day", transaction: tx).AsList();
        return new SlaSettings(zone, (int)percent, policies, hours, holidays);
    }

    /// <summary>Replaces the settings and audits the change in one transaction. Running timers keep the deadline they were promised.</summary>
    public void Save(SlaSettings s, long now, long? agentId)
    {
        using var c = db.Open();
        using var tx = c.BeginTransaction();
        c.Execute("UPDATE sla_settings SET time_zone = @TimeZone, at_risk_percent = @AtRiskPercent WHERE id = 1", s, tx);
        c.Execute("DELETE FROM sla_policies", transaction: tx);
        foreach (var p in s.Policies)
            c.Execute("""
                INSERT INTO sla_policies (channel, is_public, first_response_minutes, next_response_minutes, business_hours, updated_at)
                VALUES (@Channel, @IsPublic, @FirstResponseMinutes, @NextResponseMinutes, @BusinessHours, @now)
                """, new { p.Channel, p.IsPublic, p.FirstResponseMinutes, p.NextResponseMinutes, p.BusinessHours, now }, tx);
        c.Execute("DELETE FROM sla_business_hours", transaction: tx);
        c.Execute("INSERT INTO sla_business_hours (weekday, opens, closes) VALUES (@Weekday, @Opens, @Closes)", s.BusinessHours, tx);
        c.Execute("DELETE FROM sla_holidays", transaction: tx);
        c.Execute("INSERT INTO sla_holidays (day, name) VALUES (@Day, @Name)", s.Holidays, tx);
        Audit.AuditLog.Write(c, tx, now, agentId, "sla.update", "sla", s);
        tx.Commit();
        _cached = null;
    }
}
