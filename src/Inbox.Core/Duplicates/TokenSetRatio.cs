using System.Buffers;
using System.Globalization;

namespace Inbox.Core.Duplicates;

/// <summary>
/// FuzzySharp's token-set ratio (Fuzz.TokenSetRatio with PreprocessMode.None), computed without garbage: the scorer
/// compares every new message with dozens of candidates, and FuzzySharp's ~6 KB of allocations per call were most of
/// a lookup's garbage, whose collections set the lookup's p99. The definition is FuzzySharp's (a test checks equality
/// on thousands of pairs): distinct space-separated tokens; the sorted intersection I and each side's sorted remainder
/// D1, D2; the best of ratio(I, I+D1), ratio(I, I+D2), ratio(I+D1, I+D2), ratio being 2·LCS/(|x|+|y|) in percent,
/// rounded. Two shortcuts are exact: I is a prefix of I+D, so LCS(I, I+D) = |I|; and a shared prefix is always
/// matched whole, so LCS(I+D1, I+D2) = |I| + 1 + LCS(D1, D2) when I and both remainders are non-empty. Tokens are
/// slices of the input (never substrings), and the working arrays come from the shared pools.
/// </summary>
public static class TokenSetRatio
{
    /// <summary>A slice of the compared string; Plain: only a-z, 0-9 and the concept mark ~.</summary>
    private readonly record struct Token(int Start, int Length, bool Plain);

    public static int Compute(string a, string b)
    {
        var ta = ArrayPool<Token>.Shared.Rent(a.Length / 2 + 1);
        var tb = ArrayPool<Token>.Shared.Rent(b.Length / 2 + 1);
        var chars = ArrayPool<char>.Shared.Rent(a.Length + b.Length + 2);
        try
        {
            var na = SortedDistinct(a, ta);
            var nb = SortedDistinct(b, tb);
            // Walk both ordinal-sorted token lists: the intersection's length, and each side's remainder (moved to the front).
            int i = 0, j = 0, da = 0, db = 0, sectTokens = 0, sectChars = 0;
            while (i < na || j < nb)
            {
                var c = i == na ? 1 : j == nb ? -1 : a.AsSpan(ta[i].Start, ta[i].Length).SequenceCompareTo(b.AsSpan(tb[j].Start, tb[j].Length));
                if (c == 0) { sectTokens++; sectChars += ta[i].Length; i++; j++; }
                else if (c < 0) ta[da++] = ta[i++];
                else tb[db++] = tb[j++];
            }
            var sect = sectTokens == 0 ? 0 : sectChars + sectTokens - 1;
            var d1 = Joined(a, ta.AsSpan(0, da), chars.AsSpan(0, a.Length + 1));
            var d2 = Joined(b, tb.AsSpan(0, db), chars.AsSpan(a.Length + 1, b.Length + 1));
            var c1 = Combined(sect, d1.Length);
            var c2 = Combined(sect, d2.Length);
            var best = 0;
            if (sect > 0)
            {
                best = Math.Max(best, Percent(sect, sect, c1));
                best = Math.Max(best, Percent(sect, sect, c2));
            }
            var lcs = sect == 0 ? Lcs(d1, d2) : d1.Length == 0 || d2.Length == 0 ? sect : sect + 1 + Lcs(d1, d2);
            return Math.Max(best, Percent(lcs, c1, c2));
        }
        finally
        {
            ArrayPool<Token>.Shared.Return(ta);
            ArrayPool<Token>.Shared.Return(tb);
            ArrayPool<char>.Shared.Return(chars);
        }
    }

    /// <summary>Counts the characters of s's distinct tokens into counts, by bucket; returns how many distinct tokens there are.</summary>
    internal static int CountDistinct(string s, Span<ushort> counts, Func<char, int> bucket)
    {
        var tokens = ArrayPool<Token>.Shared.Rent(s.Length / 2 + 1);
        try
        {
            var n = SortedDistinct(s, tokens);
            for (var k = 0; k < n; k++)
                foreach (var ch in s.AsSpan(tokens[k].Start, tokens[k].Length)) counts[bucket(ch)]++;
            return n;
        }
        finally { ArrayPool<Token>.Shared.Return(tokens); }
    }

    /// <summary>|I + " " + D| with the empty side left out (FuzzySharp trims the joined string).</summary>
    private static int Combined(int sect, int diff) => sect == 0 ? diff : diff == 0 ? sect : sect + 1 + diff;

    private static int Percent(int lcs, int x, int y) => x == 0 || y == 0 ? 0 : (int)Math.Round(100.0 * 2 * lcs / (x + y));

    /// <summary>The space-separated tokens of s into tokens, sorted (ordinal) without repeats; returns how many.</summary>
    private static int SortedDistinct(string s, Token[] tokens)
    {
        var n = 0;
        for (var k = 0; k < s.Length;)
        {
            if (s[k] == ' ') { k++; continue; }
            var end = s.IndexOf(' ', k);
            if (end < 0) end = s.Length;
            tokens[n++] = new Token(k, end - k, !s.AsSpan(k, end - k).ContainsAnyExcept(PlainChars));
            k = end;
        }
        var span = tokens.AsSpan(0, n);
        var orders = Orders.Of(s);
        span.Sort(orders.Ordinal);
        var m = 0;
        for (var k = 0; k < n; k++)
            if (m == 0 || !s.AsSpan(span[m - 1].Start, span[m - 1].Length).SequenceEqual(s.AsSpan(span[k].Start, span[k].Length))) span[m++] = span[k];
        return m;
    }

    /// <summary>A side's remainder as FuzzySharp joins it: in the current culture's order (as FuzzySharp sorts), single spaces.</summary>
    private static ReadOnlySpan<char> Joined(string s, Span<Token> tokens, Span<char> into)
    {
        if (tokens.Length == 0) return [];
        tokens.Sort(Orders.Of(s).Cultural);
        var n = 0;
        foreach (var t in tokens)
        {
            if (n > 0) into[n++] = ' ';
            s.AsSpan(t.Start, t.Length).CopyTo(into[n..]);
            n += t.Length;
        }
        return into[..n];
    }

    private static readonly SearchValues<char> PlainChars = SearchValues.Create("abcdefghijklmnopqrstuvwxyz0123456789~");

    /// <summary>
    /// The two orders of one string's tokens, one pair of delegates per thread: sorting with a comparer struct wraps it
    /// in a new delegate (and box) per sort, which was an eighth of a lookup's garbage. The culture's order asks ICU
    /// for each comparison (most of a pair's time once the LCS was bit-parallel); two plain tokens (a-z, 0-9, ~) are
    /// compared character by character instead where the culture orders such words that way (<see cref="PlainOrderHolds"/>).
    /// </summary>
    private sealed class Orders
    {
        [ThreadStatic] private static Orders? _mine;
        private string _s = "";
        private CompareInfo? _culture;
        private bool _plainOrderHolds;
        public readonly Comparison<Token> Ordinal;
        public readonly Comparison<Token> Cultural;

        private Orders()
        {
            Ordinal = (x, y) => _s.AsSpan(x.Start, x.Length).SequenceCompareTo(_s.AsSpan(y.Start, y.Length));
            Cultural = (x, y) => x.Plain && y.Plain && _plainOrderHolds
                ? PlainOrder(_s.AsSpan(x.Start, x.Length), _s.AsSpan(y.Start, y.Length))
                : _culture!.Compare(_s.AsSpan(x.Start, x.Length), _s.AsSpan(y.Start, y.Length), CompareOptions.None);
        }

        public static Orders Of(string s)
        {
            var o = _mine ??= new Orders();
            o._s = s;
            var culture = CultureInfo.CurrentCulture.CompareInfo;
            if (!ReferenceEquals(culture, o._culture)) (o._culture, o._plainOrderHolds) = (culture, PlainOrderHolds(culture));
            return o;
        }
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> Checked = new();

    /// <summary>Character by character, ~ first, then digits, then letters; a prefix first.</summary>
    internal static int PlainOrder(ReadOnlySpan<char> a, ReadOnlySpan<char> b)
    {
        var n = Math.Min(a.Length, b.Length);
        for (var i = 0; i < n; i++)
            if (a[i] != b[i]) return (a[i] == '~' ? 0 : a[i]) - (b[i] == '~' ? 0 : b[i]);
        return a.Length - b.Length;
    }

    /// <summary>
    /// Does this culture sort words of a-z, 0-9 and ~ as <see cref="PlainOrder"/> does? True of the invariant,
    /// English and French collations (the symbol before digits before letters, a prefix first); false where letters
    /// contract (Danish "aa"). Checked once per culture on every word of one and two such characters, where
    /// contractions show.
    /// </summary>
    internal static bool PlainOrderHolds(CompareInfo culture) => Checked.GetOrAdd(culture.Name, _ =>
    {
        const string plain = "~0123456789abcdefghijklmnopqrstuvwxyz";
        var words = plain.Select(c => c.ToString()).Concat(plain.SelectMany(a => plain.Select(b => $"{a}{b}"))).ToArray();
        var ordinal = words.Order(Comparer<string>.Create((a, b) => PlainOrder(a, b)));
        var cultural = words.Order(Comparer<string>.Create((a, b) => culture.Compare(a, b, CompareOptions.None)));
        return ordinal.SequenceEqual(cultural);
    });

    /// <summary>
    /// Length of the longest common subsequence, bit-parallel (Crochemore, Iliopoulos, Pinzon and Reid, 2001): the
    /// shorter string's positions are bits, and each character of the longer one updates all of them at once with
    /// V' = (V + U) | (V − U), U = V &amp; match(c); the LCS is the number of zero bits. 64 positions per machine word
    /// instead of one DP cell each: the cell-by-cell row was most of the time a long pair's score took.
    /// </summary>
    internal static int Lcs(ReadOnlySpan<char> x, ReadOnlySpan<char> y)
    {
        if (x.Length == 0 || y.Length == 0) return 0;
        if (y.Length > x.Length) { var t = x; x = y; y = t; }
        var words = (y.Length + 63) >> 6;
        // Match masks: ASCII characters by code, then the others (few after folding), found by a linear search.
        char[]? rentedChars = null;
        var others = y.Length <= 256 ? stackalloc char[y.Length] : (rentedChars = ArrayPool<char>.Shared.Rent(y.Length)).AsSpan(0, y.Length);
        var otherCount = 0;
        foreach (var c in y)
            if (c >= 128 && others[..otherCount].IndexOf(c) < 0) others[otherCount++] = c;
        var size = (128 + otherCount) * words;
        ulong[]? rented = null;
        var masks = size <= 1024 ? stackalloc ulong[size] : (rented = ArrayPool<ulong>.Shared.Rent(size)).AsSpan(0, size);
        masks.Clear();
        for (var j = 0; j < y.Length; j++)
        {
            var c = y[j];
            var at = (c < 128 ? c : 128 + others[..otherCount].IndexOf(c)) * words;
            masks[at + (j >> 6)] |= 1UL << (j & 63);
        }
        Span<ulong> v = words <= 16 ? stackalloc ulong[words] : new ulong[words];
        v.Fill(ulong.MaxValue);
        foreach (var c in x)
        {
            int at;
            if (c < 128) at = c * words;
            else
            {
                var k = others[..otherCount].IndexOf(c);
                if (k < 0) continue; // not in y: nothing changes
                at = (128 + k) * words;
            }
            ulong carry = 0;
            for (var w = 0; w < words; w++)
            {
                var old = v[w];
                var u = old & masks[at + w];
                var sum = old + u;
                var next = sum + carry;
                carry = (sum < old || next < sum) ? 1UL : 0UL;
                v[w] = next | (old & ~u); // V − U = V & ~U, as U is a subset of V
            }
        }
        var ones = 0;
        for (var w = 0; w < words; w++)
        {
            var bits = y.Length - (w << 6);
            ones += System.Numerics.BitOperations.PopCount(bits >= 64 ? v[w] : v[w] & ((1UL << bits) - 1));
        }
        if (rented is not null) ArrayPool<ulong>.Shared.Return(rented);
        if (rentedChars is not null) ArrayPool<char>.Shared.Return(rentedChars);
        return y.Length - ones;
    }
}
