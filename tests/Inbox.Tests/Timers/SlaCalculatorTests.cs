using Inbox.Core.Timers;

namespace Inbox.Tests.Timers;

public sealed class SlaCalculatorTests
{
    private static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    private static SlaCalendar Weekdays9To18(params DateOnly[] holidays) => new(Paris,
        Enumerable.Range(1, 5).ToDictionary(d => (DayOfWeek)d, _ => (new TimeOnly(9, 0), new TimeOnly(18, 0))), holidays.ToHashSet());

    /// <summary>Paris wall time to UTC ms.</summary>
    private static long Local(int y, int mo, int d, int h, int mi = 0) =>
        new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(new DateTime(y, mo, d, h, mi, 0, DateTimeKind.Unspecified), Paris)).ToUnixTimeMilliseconds();

    private static long Utc(int y, int mo, int d, int h, int mi = 0) => new DateTimeOffset(y, mo, d, h, mi, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();

    private const long Hour = 3_600_000;

    [Fact]
    public void AroundTheClockAddsElapsedTimeEvenAcrossADaylightSavingChange()
    {
        // 2026-03-29 01:30 Paris (CET) + 1 h of elapsed time = 03:30 CEST (02:00 to 03:00 does not exist that night).
        var start = Local(2026, 3, 29, 1, 30);
        Assert.Equal(Utc(2026, 3, 29, 1, 30), SlaCalculator.AddBusiness(SlaCalendar.AlwaysOpen, start, Hour));
        Assert.Equal(Local(2026, 3, 29, 3, 30), SlaCalculator.AddBusiness(SlaCalendar.AlwaysOpen, start, Hour));
    }

    [Fact]
    public void WithinOpeningHoursTheAllowanceRunsOnTheSameDay()
    {
        var cal = Weekdays9To18();
        Assert.Equal(Local(2026, 11, 24, 11, 0), SlaCalculator.AddBusiness(cal, Local(2026, 11, 24, 10, 0), Hour));
    }

    [Fact]
    public void AMessageBeforeOpeningStartsTheClockAtOpening()
    {
        var cal = Weekdays9To18();
        Assert.Equal(Local(2026, 11, 24, 10, 0), SlaCalculator.AddBusiness(cal, Local(2026, 11, 24, 6, 15), Hour));
    }

    [Fact]
    public void FridayEveningCarriesOverTheWeekendToMonday()
    {
        var cal = Weekdays9To18();
        // Friday 17:00 + 2 business hours = 1 h on Friday + 1 h on Monday.
        Assert.Equal(Local(2026, 11, 30, 10, 0), SlaCalculator.AddBusiness(cal, Local(2026, 11, 27, 17, 0), 2 * Hour));
    }

    [Fact]
    public void HolidaysAreSkipped()
    {
        // Wednesday 2026-11-11 (Armistice) is a holiday: Tuesday 17:30 + 1 h lands on Thursday 09:30.
        var cal = Weekdays9To18(new DateOnly(2026, 11, 11));
        Assert.Equal(Local(2026, 11, 12, 9, 30), SlaCalculator.AddBusiness(cal, Local(2026, 11, 10, 17, 30), Hour));
    }

    [Fact]
    public void SpringForwardWeekendKeepsTheWorkingDayAtNineLocal()
    {
        // Friday 2026-03-27 17:00 CET (16:00 UTC) + 2 h: Monday 2026-03-30 10:00 CEST = 08:00 UTC, not 09:00 UTC.
        var due = SlaCalculator.AddBusiness(Weekdays9To18(), Local(2026, 3, 27, 17, 0), 2 * Hour);
        Assert.Equal(Utc(2026, 3, 30, 8, 0), due);
    }

    [Fact]
    public void AutumnChangeOnAWorkingSundayStillGivesNineHours()
    {
        // Open on Sundays: 2026-10-25 is the night clocks go back (03:00 CEST → 02:00 CET); 09:00–18:00 CET is 08:00–17:00 UTC.
        var hours = Enumerable.Range(0, 7).ToDictionary(d => (DayOfWeek)d, _ => (new TimeOnly(9, 0), new TimeOnly(18, 0)));
        var cal = new SlaCalendar(Paris, hours, new HashSet<DateOnly>());
        Assert.Equal(9 * Hour, SlaCalculator.BusinessBetween(cal, Utc(2026, 10, 24, 22, 0), Utc(2026, 10, 25, 22, 0)));
        Assert.Equal(Utc(2026, 10, 25, 17, 0), SlaCalculator.AddBusiness(cal, Local(2026, 10, 24, 18, 0), 9 * Hour));
    }

    [Fact]
    public void TheTeamIsAvailableWithinItsHoursAndSaysWhenItIsBackOutsideThem()
    {
        var cal = Weekdays9To18(new DateOnly(2026, 12, 25));
        Assert.Equal((true, (long?)null), SlaCalculator.Availability(cal, Local(2026, 12, 22, 10, 30)));
        Assert.Equal((true, (long?)null), SlaCalculator.Availability(cal, Local(2026, 12, 22, 9, 0)));
        // Thursday evening: Friday is Christmas, so Monday 9:00.
        Assert.Equal((false, (long?)Local(2026, 12, 28, 9, 0)), SlaCalculator.Availability(cal, Local(2026, 12, 24, 18, 0)));
        Assert.Equal((false, (long?)Local(2026, 12, 22, 9, 0)), SlaCalculator.Availability(cal, Local(2026, 12, 22, 7, 0)));
        Assert.Equal((true, (long?)null), SlaCalculator.Availability(SlaCalendar.AlwaysOpen, Local(2026, 12, 25, 3, 0)));
    }

    [Fact]
    public void BusinessBetweenIsTheInverseOfAddBusiness()
    {
        var cal = Weekdays9To18(new DateOnly(2026, 12, 25));
        var start = Local(2026, 12, 23, 16, 20);
        foreach (var minutes in new[] { 1, 59, 60, 600, 1440, 5000 })
        {
            var end = SlaCalculator.AddBusiness(cal, start, minutes * 60_000L);
            Assert.Equal(minutes * 60_000L, SlaCalculator.BusinessBetween(cal, start, end));
        }
    }

    [Fact]
    public void AtRiskComesAtTheConfiguredShareOfTheAllowance()
    {
        var (atRisk, due) = SlaCalculator.Deadlines(Weekdays9To18(), businessHours: false, allowanceMs: Hour, atRiskPercent: 75, startedAt: Utc(2026, 11, 28, 23, 0));
        Assert.Equal(Utc(2026, 11, 28, 23, 45), atRisk);
        Assert.Equal(Utc(2026, 11, 29, 0, 0), due);
    }

    [Fact]
    public void APauseMovesTheDeadlineByTheBusinessTimeItLasted()
    {
        var cal = Weekdays9To18();
        // Due Tuesday 12:00; paused Tuesday 11:00 (1 h left), resumed Tuesday 17:30 → 30 min today + 30 min Wednesday.
        var due = SlaCalculator.Resume(cal, Local(2026, 11, 24, 12, 0), Local(2026, 11, 24, 11, 0), Local(2026, 11, 24, 17, 30));
        Assert.Equal(Local(2026, 11, 25, 9, 30), due);
    }

    [Fact]
    public void SettingsWithAnUnknownTimeZoneOrInvertedHoursAreRefused()
    {
        var ok = new SlaSettings("Europe/Paris", 75, [new SlaPolicy { Channel = "email", FirstResponseMinutes = 60, NextResponseMinutes = 60 }], [], []);
        Assert.Null(SlaConfig.Validate(ok));
        Assert.Contains("time zone", SlaConfig.Validate(ok with { TimeZone = "Mars/Olympus" }));
        Assert.Contains("closes after opens", SlaConfig.Validate(ok with { BusinessHours = [new BusinessDay { Weekday = 1, Opens = "18:00", Closes = "09:00" }] }));
        Assert.Contains("at least one open weekday", SlaConfig.Validate(ok with { Policies = [ok.Policies[0] with { BusinessHours = true }] }));
    }

    [Fact]
    public void PublicPostsUseTheirOwnPolicyAndFallBackToTheChannels()
    {
        var cfg = new SlaConfig(new SlaSettings("Europe/Paris", 75, [
            new SlaPolicy { Channel = "x", FirstResponseMinutes = 60, NextResponseMinutes = 60 },
            new SlaPolicy { Channel = "x", IsPublic = true, FirstResponseMinutes = 20, NextResponseMinutes = 30 },
            new SlaPolicy { Channel = "messenger", FirstResponseMinutes = 60, NextResponseMinutes = 45 },
        ], [], []));
        var start = Utc(2026, 11, 23, 10, 0);
        Assert.Equal(start + 20 * 60_000, cfg.Deadlines("x", true, "first", start)!.Value.DueAt);
        Assert.Equal(start + 60 * 60_000, cfg.Deadlines("x", false, "first", start)!.Value.DueAt);
        Assert.Equal(start + 45 * 60_000, cfg.Deadlines("messenger", true, "next", start)!.Value.DueAt);
        Assert.Null(cfg.Deadlines("webchat", false, "first", start));
    }

    [Fact]
    public void MetricsBucketByLocalDayAndMondayWeekAndUseNearestRankPercentiles()
    {
        // 2026-11-22 23:30 UTC is already Monday 23 November in Paris.
        Assert.Equal("2026-11-23", Metrics.Period(Paris, Utc(2026, 11, 22, 23, 30), "day"));
        Assert.Equal("2026-11-23", Metrics.Period(Paris, Utc(2026, 11, 29, 12, 0), "week"));
        Assert.Equal("2026-11-16", Metrics.Period(Paris, Utc(2026, 11, 22, 12, 0), "week"));
        long[] times = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
        Assert.Equal(5, Metrics.Percentile(times, 50));
        Assert.Equal(9, Metrics.Percentile(times, 90));
        Assert.Equal(7, Metrics.Percentile([7], 90));
    }

    [Fact]
    public void TheNextWorkingDayOpensAfterTodayInTheTeamsTimeZoneSkippingWeekendsAndHolidays()
    {
        // Friday 2026-12-04, late in Paris (already Saturday in Tokyo, still Friday in Paris): Monday 9:00 Paris.
        Assert.Equal(Local(2026, 12, 7, 9), SlaCalculator.NextOpening(Weekdays9To18(), Local(2026, 12, 4, 23, 30)));
        // Before opening on a Tuesday: Wednesday, not the same morning (that is "later today").
        Assert.Equal(Local(2026, 12, 9, 9), SlaCalculator.NextOpening(Weekdays9To18(), Local(2026, 12, 8, 7)));
        // Christmas on the Friday: the Monday after.
        Assert.Equal(Local(2026, 12, 28, 9), SlaCalculator.NextOpening(Weekdays9To18(new DateOnly(2026, 12, 25)), Local(2026, 12, 24, 12)));
        Assert.Null(SlaCalculator.NextOpening(SlaCalendar.AlwaysOpen, Local(2026, 12, 4, 12)));
    }
}
