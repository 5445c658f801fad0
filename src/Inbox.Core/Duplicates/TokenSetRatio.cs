using System.Buffers;

namespace Inbox.Core.Duplicates;

/// <summary>
/// FuzzySharp's token-set ratio (Fuzz.TokenSetRatio with PreprocessMode.None), computed without its garbage: the
/// scorer compares every new message with dozens of candidates, and FuzzySharp's ~6 KB of allocations per call were
/// most of a lookup's garbage, whose collections set the lookup's p99. The definition is FuzzySharp's (a test checks
/// equality on thousands of pairs): distinct space-separated tokens; the sorted intersection I and each side's sorted
/// remainder D1, D2; the best of ratio(I, I+D1), ratio(I, I+D2), ratio(I+D1, I+D2), ratio being 2·LCS/(|x|+|y|) in
/// percent, rounded. Two shortcuts are exact: I is a prefix of I+D, so LCS(I, I+D) = |I|; and a shared prefix is
/// always matched whole, so LCS(I+D1, I+D2) = |I| + 1 + LCS(D1, D2) when I and both remainders are non-empty.
/// </summary>
public static class TokenSetRatio
{
    public static int Compute(string a, string b)
    {
        var ta = SortedDistinct(a);
        var tb = SortedDistinct(b);
        // Walk both ordinal-sorted token lists: the intersection's length, and each side's remainder.
        int i = 0, j = 0, sectTokens = 0, sectChars = 0;
        var da = new List<string>(ta.Length);
        var db = new List<string>(tb.Length);
        while (i < ta.Length || j < tb.Length)
        {
            var c = i == ta.Length ? 1 : j == tb.Length ? -1 : string.CompareOrdinal(ta[i], tb[j]);
            if (c == 0) { sectTokens++; sectChars += ta[i].Length; i++; j++; }
            else if (c < 0) da.Add(ta[i++]);
            else db.Add(tb[j++]);
        }
        var sect = sectTokens == 0 ? 0 : sectChars + sectTokens - 1;
        var d1 = Joined(da);
        var d2 = Joined(db);
        var c1 = Combined(sect, d1.Length);
        var c2 = Combined(sect, d2.Length);
        var best = 0;
        // ratio(I, I+D): LCS is |I| (I is a prefix).
        if (sect > 0)
        {
            best = Math.Max(best, Percent(sect, sect, c1));
            best = Math.Max(best, Percent(sect, sect, c2));
        }
        var lcs = sect == 0 ? Lcs(d1, d2) : d1.Length == 0 || d2.Length == 0 ? sect : sect + 1 + Lcs(d1, d2);
        return Math.Max(best, Percent(lcs, c1, c2));
    }

    /// <summary>|I + " " + D| with the empty side left out (FuzzySharp trims the joined string).</summary>
    private static int Combined(int sect, int diff) => sect == 0 ? diff : diff == 0 ? sect : sect + 1 + diff;

    private static int Percent(int lcs, int x, int y) => x == 0 || y == 0 ? 0 : (int)Math.Round(100.0 * 2 * lcs / (x + y));

    private static string[] SortedDistinct(string s)
    {
        var tokens = s.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Array.Sort(tokens, StringComparer.Ordinal);
        var n = 0;
        for (var k = 0; k < tokens.Length; k++)
            if (n == 0 || tokens[n - 1] != tokens[k]) tokens[n++] = tokens[k];
        return n == tokens.Length ? tokens : tokens[..n];
    }

    /// <summary>A side's remainder as FuzzySharp joins it: in the current culture's order (as FuzzySharp sorts), single spaces.</summary>
    private static string Joined(List<string> tokens)
    {
        if (tokens.Count == 0) return "";
        tokens.Sort(Order);
        return string.Join(' ', tokens);
    }

    private static readonly StringComparer Order = StringComparer.CurrentCulture;

    /// <summary>Longest common subsequence of two strings, one DP row (pooled beyond the stack's share).</summary>
    private static int Lcs(string x, string y)
    {
        if (x.Length == 0 || y.Length == 0) return 0;
        if (y.Length > x.Length) (x, y) = (y, x);
        int[]? rented = null;
        var row = y.Length < 512 ? stackalloc int[y.Length + 1] : (rented = ArrayPool<int>.Shared.Rent(y.Length + 1)).AsSpan(0, y.Length + 1);
        row.Clear();
        foreach (var cx in x)
        {
            var diag = 0;
            for (var k = 1; k <= y.Length; k++)
            {
                var up = row[k];
                row[k] = cx == y[k - 1] ? diag + 1 : Math.Max(up, row[k - 1]);
                diag = up;
            }
        }
        var result = row[y.Length];
        if (rented is not null) ArrayPool<int>.Shared.Return(rented);
        return result;
    }
}
