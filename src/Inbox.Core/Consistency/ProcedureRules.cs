using System.Text.RegularExpressions;

namespace Inbox.Core.Consistency;

/// <summary>
/// What the customer is told to do next: call us, use the online form, write to an address, go to a shop.
/// Two answers that send the customer down different paths for one request diverge in procedure.
/// </summary>
internal static class ProcedureRules
{
    private static readonly Regex CallUs = new(
        @"\b(?:call|phone|ring)\s+us\b|\bgive\s+us\s+a\s+(?:call|ring)\b|\bappelez[-\s]nous\b|\bnous\s+(?:appeler|t[ée]l[ée]phoner|contacter\s+par\s+t[ée]l[ée]phone)\b|\bpar\s+t[ée]l[ée]phone\b|\bby\s+phone\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled);

    public static IEnumerable<Fact> Find(string text, IReadOnlyList<Fact> facts)
    {
        var found = new Dictionary<string, Fact>();
        foreach (var (start, end) in Spans(text, FactPatterns.SentenceBreak))
        {
            var sentence = text[start..end];
            bool Has(FactKind k) => facts.Any(f => f.Kind == k && f.Start >= start && f.Start < end);
            var kinds = new List<string>();
            if (CallUs.IsMatch(sentence) || Has(FactKind.Phone) && FactPatterns.CallCue.IsMatch(sentence)) kinds.Add("phone");
            if (Has(FactKind.Url) || FactPatterns.OnlineCue.IsMatch(sentence)) kinds.Add("online");
            if (Has(FactKind.Email) && FactPatterns.WriteCue.IsMatch(sentence)) kinds.Add("email");
            if (FactPatterns.StoreCue.IsMatch(sentence)) kinds.Add("store");
            var trimmed = sentence.Trim();
            var offset = start + sentence.IndexOf(trimmed, StringComparison.Ordinal);
            foreach (var k in kinds)
                found.TryAdd(k, new Fact(FactKind.Procedure, k, trimmed, offset, trimmed.Length));
        }
        return found.Values;
    }

    /// <summary>The [start, end) ranges between separator matches, skipping empty ones.</summary>
    public static IEnumerable<(int Start, int End)> Spans(string text, Regex separator)
    {
        var start = 0;
        foreach (Match m in separator.Matches(text))
        {
            if (m.Index > start) yield return (start, m.Index);
            start = m.Index + m.Length;
        }
        if (start < text.Length) yield return (start, text.Length);
    }
}
