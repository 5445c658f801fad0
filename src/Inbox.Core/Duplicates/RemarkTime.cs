using System.Text.RegularExpressions;

namespace Inbox.Core.Duplicates;

/// <summary>How long ago the customer says the earlier copy was sent, as a window (ms).</summary>
public readonly record struct AgoWindow(long MinMs, long MaxMs)
{
    public bool Contains(long ms) => ms >= MinMs && ms <= MaxMs;
}

/// <summary>
/// Reads when a customer's remark about another channel places the earlier copy: "yesterday", "3 days ago",
/// "earlier today", "il y a 2 jours", "tout à l'heure", "la semaine dernière". Windows are generous
/// (people round); a remark with no time says nothing.
/// </summary>
public static partial class RemarkTime
{
    private const long Hour = 3_600_000, Day = 24 * Hour;

    private static readonly Dictionary<string, int> Numbers = new()
    {
        ["a"] = 1, ["an"] = 1, ["one"] = 1, ["un"] = 1, ["une"] = 1, ["two"] = 2, ["deux"] = 2, ["three"] = 3, ["trois"] = 3,
        ["four"] = 4, ["quatre"] = 4, ["five"] = 5, ["cinq"] = 5, ["six"] = 6, ["few"] = 3, ["couple"] = 2, ["quelques"] = 3,
    };

    /// <summary>The window named in an accent-folded, lower-case sentence, or null.</summary>
    public static AgoWindow? Parse(string folded)
    {
        if (CountAgo().Match(folded) is { Success: true } m && Count(m.Groups["n"].Value) is { } n)
        {
            var unit = m.Groups["unit"].Value;
            if (unit.StartsWith("min")) return new AgoWindow(0, Math.Max(2 * Hour, n * 120_000L));
            if (unit.StartsWith('h')) return new AgoWindow(Math.Max(0, (n - 1) * Hour), (n + 3) * Hour);
            if (unit.StartsWith('w') || unit.StartsWith("sem")) return new AgoWindow(n * 7 * Day - 3 * Day, n * 7 * Day + 3 * Day);
            return new AgoWindow(Math.Max(0, n * Day - 14 * Hour), n * Day + 20 * Hour);
        }
        if (Yesterday().IsMatch(folded)) return new AgoWindow(6 * Hour, 48 * Hour);
        if (Today().IsMatch(folded)) return new AgoWindow(0, 16 * Hour);
        if (LastWeek().IsMatch(folded)) return new AgoWindow(3 * Day, 10 * Day);
        return null;
    }

    private static int? Count(string s) => int.TryParse(s, out var n) ? n : Numbers.TryGetValue(s, out var w) ? w : null;

    // "3 days ago", "two hours ago", "il y a 2 jours", "il y a quelques minutes"
    [GeneratedRegex(@"(?:\b(?<n>\d{1,2}|a|an|one|two|three|four|five|six|few|couple)\s+(?:of\s+)?(?<unit>days?|hours?|minutes?|mins?|weeks?)\s+ago\b|\bil y a\s+(?<n>\d{1,2}|un|une|deux|trois|quatre|cinq|six|quelques)\s+(?<unit>jours?|heures?|h|minutes?|min|semaines?)\b)")]
    private static partial Regex CountAgo();

    [GeneratedRegex(@"\b(yesterday|hier)\b")]
    private static partial Regex Yesterday();

    [GeneratedRegex(@"\b(earlier today|this morning|earlier|just now|ce matin|tout a l'heure|tout a l heure|plus tot|aujourd'hui|today)\b")]
    private static partial Regex Today();

    [GeneratedRegex(@"\b(last week|la semaine derniere)\b")]
    private static partial Regex LastWeek();
}
