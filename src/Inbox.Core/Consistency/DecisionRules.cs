using System.Text.RegularExpressions;

namespace Inbox.Core.Consistency;

/// <summary>
/// Decisions and their polarity: within one clause, a topic word (refund, cancel, replace, address change,
/// fraud claim, unlock) is refused when a negation or refusal cue shares the clause ("ne … pas",
/// "n'est plus", "not", "no longer", "cannot", "unable", "ni … ni"), granted otherwise.
/// </summary>
internal static class DecisionRules
{
    private static readonly Regex RefusalCue = new(
        @"\b(?:can['’]?not|can['’]t|unable|too\s+late|trop\s+tard|can\s+only|not\s+(?:possible|eligible|able|covered)|isn['’]t\s+(?:possible|eligible|covered)|no\s+longer|ne\s+(?:pouvons|pouvez|peut|peuvent|pourrons|sommes)\b[^.;]{0,40}\b(?:pas|plus|ni)|(?:pas|plus)\s+possible|n['’]est\s+(?:pas|plus)\s+(?:possible|[ée]ligible|couvert))",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled);

    /// <summary>
    /// Facts stated rather than decided, each with the words that assert it and the words that deny it
    /// (a duplicate charge confirmed, or only one payment and a temporary hold).
    /// </summary>
    private static readonly (string Topic, Regex Yes, Regex No)[] Stances =
    [
        ("duplicate charge",
            new(@"\bcharged\s+twice\b|\bdouble\s+(?:charge|payment|paiement|d[ée]bit|pr[ée]l[èe]vement)|\bduplicate\s+(?:charge|payment|€|\$|£)|\b(?:d[ée]bit[ée]e?s?|pr[ée]lev[ée]e?s?|factur[ée]e?s?)\s+deux\s+fois|\bsecond\s+(?:charge|d[ée]bit)\b[^.]{0,60}\b(?:error|erreur|mistake)", Opt),
            new(@"\bonly\s+one\s+(?:payment|charge)|\bsingle\s+(?:charge|payment)|\bun\s+seul\s+(?:paiement|d[ée]bit|pr[ée]l[èe]vement)|\btemporary\s+(?:authori[sz]ation|hold)|\bpending\s+hold|\bautorisation\s+temporaire|\bpr[ée]-?autorisation", Opt)),
    ];

    private const RegexOptions Opt = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled;

    public static (List<Fact> Decisions, Fact? Refusal) Find(string text)
    {
        var decisions = new List<Fact>();
        Fact? refusal = null;
        foreach (var (start, end) in ProcedureRules.Spans(text, FactPatterns.ClauseBreak))
        {
            var clause = text[start..end];
            // "If you can't see the email, ..." and "Would you like a refund?" decide nothing.
            if (Conditional.IsMatch(clause) || end < text.Length && text[end] == '?') continue;
            var negative = IsNegated(clause);
            if (refusal is null && RefusalCue.IsMatch(clause)) refusal = Trimmed(text, start, end, "refusal", false);
            foreach (var (topic, pattern) in FactPatterns.Topics)
            {
                var mentions = pattern.Matches(clause);
                if (mentions.Count == 0) continue;
                // "the deadline for refund requests has passed", "demander un remboursement": the customer's
                // request named as a noun is not the brand's decision (unless it is refused).
                if (!negative && mentions.All(m => IsRequestNoun(clause, m))) continue;
                decisions.Add(Trimmed(text, start, end, topic, !negative));
            }
        }
        foreach (var (topic, yes, no) in Stances)
        {
            if (no.Match(text) is { Success: true } n) decisions.Add(new Fact(FactKind.Decision, topic, n.Value, n.Index, n.Length, false, topic));
            else if (yes.Match(text) is { Success: true } y) decisions.Add(new Fact(FactKind.Decision, topic, y.Value, y.Index, y.Length, true, topic));
        }
        return (decisions, decisions.FirstOrDefault(d => d.Polarity == false) ?? refusal);
    }

    private static readonly Regex Conditional = new(@"^\W*(?:if|unless|in\s+case|should\s+you|si|s['’]il|s['’]ils|au\s+cas\s+o[uù]|en\s+cas)\b", Opt);
    private static readonly Regex RequestBefore = new(@"(?:requests?\s+(?:for\s+)?(?:a\s+|an\s+|the\s+)?|ask(?:ed|ing)?\s+(?:us\s+)?(?:for\s+)?(?:a\s+|an\s+|the\s+)?|to\s+request\s+(?:a\s+|an\s+)?|demandes?\s+d['’e]\s*|demander\s+(?:un|une|le|la|l['’])\s*|demand[ée]e?\s+(?:un|une|le|la|l['’])\s*)$", Opt);
    private static readonly Regex RequestAfter = new(@"^\w*\s+(?:requests?|demandes?|claims?|forms?)\b", Opt);

    private static bool IsRequestNoun(string clause, Match m)
    {
        var before = clause[Math.Max(0, m.Index - 30)..m.Index];
        return RequestBefore.IsMatch(before) || RequestAfter.IsMatch(clause[m.Index..]);
    }

    private static Fact Trimmed(string text, int start, int end, string topic, bool polarity)
    {
        var clause = text[start..end];
        var trimmed = clause.Trim();
        var offset = start + clause.IndexOf(trimmed, StringComparison.Ordinal);
        return new Fact(FactKind.Decision, topic, trimmed, offset, trimmed.Length, Polarity: polarity, Topic: topic);
    }

    public static bool IsNegated(string clause)
    {
        var benign = FactPatterns.BenignNegation.Matches(clause);
        foreach (Match m in FactPatterns.Negation.Matches(clause))
            if (!benign.Any(b => m.Index < b.Index + b.Length && b.Index < m.Index + m.Length)) return true;
        return false;
    }
}
