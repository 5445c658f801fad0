namespace Inbox.Core.Reports;

/// <summary>The few statistics the report uses, defined so a reader can recompute them by hand.</summary>
public static class Stats
{
    /// <summary>Nearest-rank percentile: the smallest value with at least p of the values at or below it. Null when empty.</summary>
    public static long? Percentile(IReadOnlyCollection<long> values, double p)
    {
        if (values.Count == 0) return null;
        var sorted = values.Order().ToArray();
        var rank = (int)Math.Ceiling(p * sorted.Length);
        return sorted[Math.Clamp(rank, 1, sorted.Length) - 1];
    }

    /// <summary>part / whole, or null when there is nothing to divide (a 0% that means "no data" would mislead).</summary>
    public static double? Share(int part, int whole) => whole == 0 ? null : (double)part / whole;
}
