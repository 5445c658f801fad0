using System.Globalization;
using System.Text.RegularExpressions;

namespace Inbox.Core.Consistency;

/// <summary>
/// Pulls the checkable facts out of an answer (French or English): amounts, durations, dates, percentages,
/// references, URLs, emails, phone numbers, the procedure the customer is told to follow, and decisions
/// with their polarity. Pure and allocation-light: the draft guard runs it on every keystroke pause.
/// </summary>
public static class FactExtractor
{
    public static AnswerFacts Extract(string text)
    {
        text ??= "";
        var facts = new List<Fact>();
        var taken = new bool[text.Length];

        Add(facts, taken, FactPatterns.Url, text, m => new Fact(FactKind.Url, NormalizeUrl(m.Value), m.Value.TrimEnd('.', ',', ';', ':', '!', '?'), m.Index, m.Value.TrimEnd('.', ',', ';', ':', '!', '?').Length));
        Add(facts, taken, FactPatterns.Email, text, m => new Fact(FactKind.Email, m.Value.ToLowerInvariant(), m.Value, m.Index, m.Length));
        Add(facts, taken, FactPatterns.Phone, text, m =>
        {
            var digits = new string(m.Value.Where(char.IsDigit).ToArray());
            if (digits.Length is < 9 or > 15) return null;
            // +33 1 99 00 41 27 and 01 99 00 41 27 are one number: compare the national significant digits.
            return new Fact(FactKind.Phone, digits[^9..], m.Value, m.Index, m.Length);
        });
        Add(facts, taken, FactPatterns.Reference, text, m =>
        {
            var prefix = m.Groups["prefix"].Success ? m.Groups["prefix"].Value.ToUpperInvariant() : "";
            return new Fact(FactKind.Reference, prefix + ":" + m.Groups["num"].Value.Replace("-", ""), m.Value, m.Index, m.Length, Topic: prefix);
        });
        Add(facts, taken, FactPatterns.Amount, text, ParseAmount);
        Add(facts, taken, FactPatterns.Percent, text, m => NumberWords.Parse(m.Groups["num"].Value) is { } v
            ? new Fact(FactKind.Percent, v.ToString("0.##", CultureInfo.InvariantCulture) + "%", m.Value, m.Index, m.Length) : null);
        Add(facts, taken, FactPatterns.Date, text, ParseDate);
        Add(facts, taken, FactPatterns.Duration, text, m => ParseDuration(text, m));

        facts = WithRoles(text, facts);
        facts.AddRange(ProcedureRules.Find(text, facts));
        // Topic words inside a URL or an address ("/fraude", "refunds@") are not decisions.
        var masked = text.ToCharArray();
        foreach (var f in facts.Where(f => f.Kind is FactKind.Url or FactKind.Email))
            for (var i = f.Start; i < f.Start + f.Length; i++) masked[i] = ' ';
        var (decisions, refusal) = DecisionRules.Find(new string(masked));
        facts.AddRange(decisions);
        return new AnswerFacts(text, facts) { Refusal = refusal };
    }

    /// <summary>Gives each duration and amount the role its clause names (a refund delay vs a delivery delay).</summary>
    private static List<Fact> WithRoles(string text, List<Fact> facts)
    {
        var clauses = ProcedureRules.Spans(text, FactPatterns.ClauseBreak).ToList();
        return facts.Select(f =>
        {
            var roles = f.Kind switch { FactKind.Duration => FactPatterns.DurationRoles, FactKind.Amount => FactPatterns.AmountRoles, _ => null };
            if (roles is null) return f;
            var (start, end) = clauses.FirstOrDefault(c => c.Start <= f.Start && f.Start < c.End);
            var clause = end > start ? text[start..end] : "";
            var role = roles.FirstOrDefault(r => r.Pattern.IsMatch(clause)).Role ?? "";
            return f with { Role = role };
        }).ToList();
    }

    private static void Add(List<Fact> facts, bool[] taken, Regex regex, string text, Func<Match, Fact?> make)
    {
        foreach (Match m in regex.Matches(text))
        {
            if (Overlaps(taken, m.Index, m.Length)) continue;
            if (make(m) is not { } fact) continue;
            facts.Add(fact);
            for (var i = m.Index; i < m.Index + m.Length; i++) taken[i] = true;
        }
    }

    private static bool Overlaps(bool[] taken, int start, int length)
    {
        for (var i = start; i < start + length; i++) if (taken[i]) return true;
        return false;
    }

    private static string NormalizeUrl(string url)
    {
        url = url.TrimEnd('.', ',', ';', ':', '!', '?', '/').ToLowerInvariant();
        foreach (var p in new[] { "https://", "http://" }) if (url.StartsWith(p, StringComparison.Ordinal)) url = url[p.Length..];
        return url.StartsWith("www.", StringComparison.Ordinal) ? url[4..] : url;
    }

    private static Fact? ParseAmount(Match m)
    {
        if (NumberWords.Parse(m.Groups["num"].Value.Trim()) is not { } v) return null;
        var cur = m.Groups["cur"].Value.ToLowerInvariant();
        var code = cur switch
        {
            "€" or "eur" or "euro" or "euros" => "EUR",
            "$" or "usd" or "dollar" or "dollars" => "USD",
            "£" or "gbp" or "pound" or "pounds" => "GBP",
            _ when cur.StartsWith("us") => "USD",
            _ when cur.StartsWith("livre") => "GBP",
            _ => "?",
        };
        return new Fact(FactKind.Amount, v.ToString("0.00", CultureInfo.InvariantCulture) + " " + code, m.Value.Trim(), m.Index, m.Length, Topic: code) { Value = v };
    }

    private static Fact? ParseDuration(string text, Match m)
    {
        var num = m.Groups["num"].Value;
        double? n = num.ToLowerInvariant() is "a" or "an" ? 1 : NumberWords.Parse(num);
        if (n is not { } v) return null;
        var unit = m.Groups["unit"].Value.ToLowerInvariant();
        var after = m.Index + m.Length;
        var shortHour = unit is "h" or "hr" or "hrs";
        // "9h-18h", "9h30", "24h/24", "7j/7" are times of day or opening hours, not delays.
        if ((shortHour || unit == "j") && after < text.Length && (char.IsDigit(text[after]) || text[after] == '/')) return null;
        if ((shortHour || unit.StartsWith("heure")) && IsRangeBoundary(text, m.Index, after)) return null;
        // "7 days a week", "24 hours a day", "7 jours sur 7": availability, not a delay.
        if (PerPeriod.IsMatch(text.AsSpan(after))) return null;
        var business = unit.Contains("business") || unit.Contains("working") || unit.Contains("ouvr");
        double hours = unit switch
        {
            _ when unit.StartsWith("min") => v / 60,
            _ when unit.StartsWith('h') => v,
            _ when unit.StartsWith("week") || unit.StartsWith("semaine") => v * 7 * 24,
            _ when unit.StartsWith("month") || unit == "mois" => v * 30 * 24,
            _ => v * 24,
        };
        var key = business ? $"{v:0.##} business days" : $"{hours:0.##} h";
        return new Fact(FactKind.Duration, key, m.Value.Trim(), m.Index, m.Length) { Value = business ? v : hours, Business = business };
    }

    private static readonly Regex PerPeriod = new(@"^\s*(?:a|per|par|sur)\s+(?:week|day|semaine|jour|7|24)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled);

    /// <summary>"du lundi au vendredi, 9h-18h", "Mon-Fri 9am-6pm": either side of a dash between times.</summary>
    private static bool IsRangeBoundary(string text, int start, int end)
    {
        var i = end;
        while (i < text.Length && text[i] == ' ') i++;
        if (i < text.Length && (text[i] is '-' or '–') && i + 1 < text.Length && (char.IsDigit(text[i + 1]) || text[i + 1] == ' ' && i + 2 < text.Length && char.IsDigit(text[i + 2]))) return true;
        var j = start - 1;
        while (j >= 0 && text[j] == ' ') j--;
        return j >= 1 && (text[j] is '-' or '–') && (char.IsLetterOrDigit(text[j - 1]) || text[j - 1] == ' ');
    }

    private static readonly string[] MonthKeys =
        ["jan", "feb|fév|fev", "mar", "apr|avr", "may|mai", "jun|juin", "jul|juil", "aug|aoû|aou", "sep", "oct", "nov", "dec|déc"];

    private static Fact? ParseDate(Match m)
    {
        int month;
        if (m.Groups["mn"].Success)
        {
            var name = m.Groups["mn"].Value.ToLowerInvariant();
            month = Array.FindIndex(MonthKeys, k => k.Split('|').Any(p => name.StartsWith(p, StringComparison.Ordinal))) + 1;
            if (name == "mars") month = 3;
        }
        else if (!int.TryParse(m.Groups["m"].Value, out month)) return null;
        var dayText = m.Groups["d"].Value;
        var day = dayText == "1er" ? 1 : int.TryParse(dayText, out var d) ? d : 0;
        if (month is < 1 or > 12 || day is < 1 or > 31) return null;
        return new Fact(FactKind.Date, $"{month:00}-{day:00}", m.Value, m.Index, m.Length);
    }
}
