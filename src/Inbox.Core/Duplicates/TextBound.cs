namespace Inbox.Core.Duplicates;

/// <summary>
/// A cheap ceiling on FuzzySharp's TokenSetRatio, so that the scorer calls FuzzySharp only for pairs whose text
/// could still matter. TokenSetRatio is the best of three ratios 2·LCS(x, y)/(|x| + |y|) over strings built from
/// the two distinct-token sets (the sorted intersection, and the intersection followed by each side's
/// remainder). Every common subsequence of those strings uses at most min(countA(c), countB(c)) of each
/// character c, so with M = Σ min over the characters of the two sides' distinct tokens and spaces,
/// each of the three ratios is at most 2M/(M + min(|A|, |B|)). The ceiling is exact arithmetic, not a
/// heuristic: a pair it rules out would have scored the same without FuzzySharp.
/// </summary>
internal static class TextBound
{
    private const int Buckets = 39; // a-z, 0-9, space, '~', anything else

    /// <summary>Character counts of the distinct space-separated tokens of a Content string, the spaces between them included; null when too long to count in 16 bits.</summary>
    public static ushort[]? Histogram(string content)
    {
        if (content.Length == 0 || content.Length >= ushort.MaxValue) return null;
        var h = new ushort[Buckets];
        // Distinct tokens as the ratio sees them, found on slices of the content (computed for each document the
        // first time it is scored: at a million documents, for most candidates).
        var tokens = TokenSetRatio.CountDistinct(content, h, Bucket);
        h[36] = (ushort)Math.Max(0, tokens - 1);
        return h;
    }

    /// <summary>An integer at least as large as Fuzz.TokenSetRatio(a.Content, b.Content); 100 when nothing can be said.</summary>
    public static int TokenSetRatioCeiling(ConversationDoc a, ConversationDoc b)
    {
        if (a.Histogram is not { } ha || b.Histogram is not { } hb) return 100;
        int m = 0, la = 0, lb = 0;
        for (var i = 0; i < Buckets; i++)
        {
            m += Math.Min(ha[i], hb[i]);
            la += ha[i];
            lb += hb[i];
        }
        if (m == 0) return 0;
        var ceiling = 200.0 * m / (m + Math.Min(la, lb));
        return Math.Min(100, (int)Math.Ceiling(ceiling + 1e-9));
    }

    private static int Bucket(char ch) => ch switch
    {
        >= 'a' and <= 'z' => ch - 'a',
        >= '0' and <= '9' => 26 + ch - '0',
        ' ' => 36,
        '~' => 37,
        _ => 38,
    };
}
