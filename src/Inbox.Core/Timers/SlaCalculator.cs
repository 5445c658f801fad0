namespace Inbox.Core.Timers;

/// <summary>Opening hours and holidays in one time zone. An empty Hours map means "always open" (24/7).</summary>
public sealed record SlaCalendar(TimeZoneInfo Zone, IReadOnlyDictionary<DayOfWeek, (TimeOnly Opens, TimeOnly Closes)> Hours, IReadOnlySet<DateOnly> Holidays)
{
    public static readonly SlaCalendar AlwaysOpen = new(TimeZoneInfo.Utc, new Dictionary<DayOfWeek, (TimeOnly, TimeOnly)>(), new HashSet<DateOnly>());
    public bool IsAlwaysOpen => Hours.Count == 0;
}

/// <summary>
/// Pure policy arithmetic over UTC milliseconds. Business time walks the calendar one local day at a time and
/// converts each day's opening window to UTC, so a daylight-saving change shortens or lengthens the night,
/// never the working day.
/// </summary>
public static class SlaCalculator
{
    private const int MaxDays = 3 * 366; // a calendar with no open day left would otherwise never end

    /// <summary>The instant when <paramref name="durationMs"/> of business time has passed after <paramref name="startMs"/>.</summary>
    public static long AddBusiness(SlaCalendar cal, long startMs, long durationMs)
    {
        if (cal.IsAlwaysOpen || durationMs <= 0) return startMs + Math.Max(0, durationMs);
        var remaining = durationMs;
        var day = LocalDate(cal, startMs);
        for (var i = 0; i < MaxDays; i++, day = day.AddDays(1))
        {
            if (Window(cal, day) is not var (opens, closes)) continue;
            var from = Math.Max(startMs, opens);
            if (from >= closes) continue;
            if (remaining <= closes - from) return from + remaining;
            remaining -= closes - from;
        }
        throw new InvalidOperationException("the business calendar has no opening hours");
    }

    /// <summary>Business time between two instants (0 when <paramref name="toMs"/> is not after <paramref name="fromMs"/>).</summary>
    public static long BusinessBetween(SlaCalendar cal, long fromMs, long toMs)
    {
        if (toMs <= fromMs) return 0;
        if (cal.IsAlwaysOpen) return toMs - fromMs;
        long total = 0;
        var last = LocalDate(cal, toMs);
        for (var day = LocalDate(cal, fromMs); day <= last; day = day.AddDays(1))
        {
            if (Window(cal, day) is not var (opens, closes)) continue;
            var a = Math.Max(fromMs, opens);
            var b = Math.Min(toMs, closes);
            if (b > a) total += b - a;
        }
        return total;
    }

    /// <summary>The at-risk and due instants of a timer started at <paramref name="startedAt"/>.</summary>
    public static (long AtRiskAt, long DueAt) Deadlines(SlaCalendar cal, bool businessHours, long allowanceMs, int atRiskPercent, long startedAt)
    {
        var calendar = businessHours ? cal : SlaCalendar.AlwaysOpen;
        var risk = allowanceMs * atRiskPercent / 100;
        return (AddBusiness(calendar, startedAt, risk), AddBusiness(calendar, startedAt, allowanceMs));
    }

    /// <summary>Moves a deadline by the business time a pause lasted: what was left at the pause is left at the resume.</summary>
    public static long Resume(SlaCalendar cal, long deadline, long pausedAt, long resumedAt) =>
        deadline <= pausedAt ? deadline : AddBusiness(cal, resumedAt, BusinessBetween(cal, pausedAt, deadline));

    /// <summary>
    /// When the team next opens on a day after today (the team's today, in its time zone): "next working day" for a
    /// snooze. Null when the calendar is open around the clock (no such thing as a next opening).
    /// </summary>
    public static long? NextOpening(SlaCalendar cal, long nowMs)
    {
        if (cal.IsAlwaysOpen) return null;
        var day = LocalDate(cal, nowMs).AddDays(1);
        for (var i = 0; i < MaxDays; i++, day = day.AddDays(1))
            if (Window(cal, day) is var (opens, _)) return opens;
        return null;
    }

    /// <summary>
    /// Whether the team is at work now (within its hours, not a holiday), and if not, when it is next: what the web chat
    /// page tells a customer. OpensAt is null while open.
    /// </summary>
    public static (bool Open, long? OpensAt) Availability(SlaCalendar cal, long nowMs)
    {
        // The first millisecond of business time from now starts now exactly when now is inside the hours.
        var starts = AddBusiness(cal, nowMs, 1) - 1;
        return starts <= nowMs ? (true, null) : (false, starts);
    }

    private static DateOnly LocalDate(SlaCalendar cal, long ms) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.UnixEpoch.AddMilliseconds(ms), cal.Zone));

    /// <summary>The day's opening window in UTC, or null on a closed day or holiday.</summary>
    private static (long Opens, long Closes)? Window(SlaCalendar cal, DateOnly day)
    {
        if (cal.Holidays.Contains(day) || !cal.Hours.TryGetValue(day.DayOfWeek, out var h)) return null;
        var opens = ToUtc(cal.Zone, day.ToDateTime(h.Opens));
        var closes = ToUtc(cal.Zone, day.ToDateTime(h.Closes));
        return closes > opens ? (opens, closes) : null;
    }

    /// <summary>Local wall time to UTC; a time skipped by a spring-forward change moves to the first valid instant after it.</summary>
    private static long ToUtc(TimeZoneInfo zone, DateTime local)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        for (var guard = 0; zone.IsInvalidTime(local) && guard < 180; guard++) local = local.AddMinutes(1);
        return new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(local, zone)).ToUnixTimeMilliseconds();
    }
}
