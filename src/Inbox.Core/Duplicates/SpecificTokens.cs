using System.Globalization;
using System.Text.RegularExpressions;

namespace Inbox.Core.Duplicates;

/// <summary>
/// Tokens that identify one case rather than one kind of request: order and reference numbers, account
/// numbers, emails, phone numbers, card endings, amounts. Two people with the same complaint rarely share
/// one; two copies of one complaint often do. Each token is "kind:value" with a canonical value.
/// </summary>
public static partial class SpecificTokens
{
    /// <summary>Kinds that on their own say "same case"; amounts and dates only support other evidence.</summary>
    public static bool IsStrong(string token) => !token.StartsWith("amount:", StringComparison.Ordinal) && !IsDate(token);

    /// <summary>A day of the year the text names ("date:02-27"): the day of an order or a payment, which many others share.</summary>
    public static bool IsDate(string token) => token.StartsWith("date:", StringComparison.Ordinal);

    public static string Kind(string token) => KindOf(token).ToString();

    public static string Value(string token) => ValueOf(token).ToString();

    /// <summary>The kind without a new string (the scorer compares kinds for pairs of tokens of every candidate).</summary>
    public static ReadOnlySpan<char> KindOf(string token) => token.AsSpan(0, token.IndexOf(':'));

    public static ReadOnlySpan<char> ValueOf(string token) => token.AsSpan(token.IndexOf(':') + 1);

    public static HashSet<string> Extract(string text)
    {
        var found = new HashSet<string>();
        foreach (Match m in Email().Matches(text)) found.Add("email:" + m.Value.ToLowerInvariant());
        var rest = Email().Replace(text, " ");
        foreach (Match m in Reference().Matches(rest))
            found.Add("ref:" + m.Groups[1].Value.ToUpperInvariant() + m.Groups[2].Value);
        rest = Reference().Replace(rest, " ");
        foreach (Match m in Amount().Matches(rest))
        {
            var number = (m.Groups["a"].Success ? m.Groups["a"] : m.Groups["b"]).Value.Replace(" ", "").Replace(" ", "");
            if (ParseAmount(number) is { } v) found.Add("amount:" + v.ToString("0.00", CultureInfo.InvariantCulture));
        }
        rest = Amount().Replace(rest, " ");
        foreach (Match m in Date().Matches(rest))
            if (DateKey(m) is { } key) found.Add("date:" + key);
        rest = Date().Replace(rest, " ");
        foreach (Match m in CardEnding().Matches(rest)) found.Add("card:" + m.Groups[1].Value);
        rest = CardEnding().Replace(rest, " ");
        foreach (Match m in Phone().Matches(rest))
        {
            var digits = new string(m.Value.Where(char.IsAsciiDigit).ToArray());
            if (digits.Length is >= 9 and <= 15) found.Add("phone:" + PhoneKey(digits));
            else if (digits.Length >= 5) found.Add("num:" + digits);
        }
        rest = Phone().Replace(rest, " ");
        foreach (Match m in KeyedNumber().Matches(rest)) found.Add("num:" + m.Groups[1].Value);
        foreach (Match m in LongNumber().Matches(rest)) found.Add("num:" + m.Value);
        return found;
    }

    /// <summary>"27/2", "27/02/2026", "2/27", "27 February", "February 27th", "1er mars", "le 3 mars" as "02-27" (month-day): the year is left out, most people leave it out.</summary>
    private static string? DateKey(Match m)
    {
        int day, month;
        if (m.Groups["d"].Success)
        {
            (day, month) = (int.Parse(m.Groups["d"].Value), int.Parse(m.Groups["m"].Value));
            if (month > 12 && day <= 12) (day, month) = (month, day); // "2/27": month first
        }
        else
        {
            var name = (m.Groups["mn"].Success ? m.Groups["mn"] : m.Groups["nm"]).Value;
            if (name == "may") return null; // the verb ("I may 3 times..."); the English month is written "May"
            day = int.Parse((m.Groups["dn"].Success ? m.Groups["dn"] : m.Groups["nd"]).Value);
            month = MonthOf(TextNormalizer.Fold(name));
        }
        return month is >= 1 and <= 12 && day is >= 1 and <= 31 ? $"{month:00}-{day:00}" : null;
    }

    private static int MonthOf(string folded) =>
        folded.StartsWith("juin") || folded.StartsWith("jun") ? 6
        : folded.StartsWith("juil") || folded.StartsWith("jul") ? 7
        : folded[..3] switch
        {
            "jan" => 1, "fev" or "feb" => 2, "mar" => 3, "avr" or "apr" => 4, "mai" or "may" => 5,
            "aou" or "aug" => 8, "sep" => 9, "oct" => 10, "nov" => 11, "dec" => 12, _ => 0,
        };

    /// <summary>The last nine digits: "+33 6 12 34 56 78", "0612345678" and "33612345678" are one number.</summary>
    public static string PhoneKey(string digits) => digits.Length > 9 ? digits[^9..] : digits;

    private static decimal? ParseAmount(string s)
    {
        // "1,234.50", "1.234,50", "338,50", "236.90", "2290"
        var lastSep = Math.Max(s.LastIndexOf('.'), s.LastIndexOf(','));
        string normalized;
        if (lastSep >= 0 && s.Length - lastSep - 1 == 2)
            normalized = s[..lastSep].Replace(".", "").Replace(",", "") + "." + s[(lastSep + 1)..];
        else normalized = s.Replace(".", "").Replace(",", "");
        return decimal.TryParse(normalized, NumberStyles.Number, CultureInfo.InvariantCulture, out var v) ? v : null;
    }

    [GeneratedRegex(@"[\w.+-]+@[\w-]+(\.[\w-]+)+")]
    private static partial Regex Email();

    // MA-4471234, TX-550555, #A1234: letters then at least three digits, optionally hyphenated
    [GeneratedRegex(@"\b([A-Za-z]{1,5})-?(\d{3,})\b")]
    private static partial Regex Reference();

    [GeneratedRegex(@"(?:[$€£]\s?(?<a>\d[\d  .,]*\d|\d)|(?<b>\d[\d  .,]*\d|\d)\s?(?:[$€£]|eur\b|euros?\b|usd\b|gbp\b|dollars?\b|pounds?\b))", RegexOptions.IgnoreCase)]
    private static partial Regex Amount();

    // "ending in 4548", "se terminant par 4548", "**** 4548", and four digits right after the word: "ma carte (4681)", "card 4681"
    [GeneratedRegex(@"(?:ending|ending in|ends in|terminant par|finissant par|se termine par|\*{2,}|x{4}|\bcard|\bcarte)\s*\(?\s*(\d{4})\b", RegexOptions.IgnoreCase)]
    private static partial Regex CardEnding();

    // day/month[/year], day month, month day; month names in French and English, whole or cut ("févr.", "Sept")
    private const string MonthName = @"(?:janvier|janv|january|jan|f(?:é|e)vrier|f(?:é|e)vr?|february|feb|mars|march|mar|avril|april|avr|apr|mai|may|juin|june|jun|juillet|juil|july|jul|ao(?:û|u)t|august|aug|septembre|september|sept|sep|octobre|october|oct|novembre|november|nov|d(?:é|e)cembre|december|d(?:é|e)c)\.?";

    [GeneratedRegex(@"\b(?<d>\d{1,2})/(?<m>\d{1,2})(?:/(?:\d{4}|\d{2}))?\b|\b(?<dn>\d{1,2})(?:st|nd|rd|th|er)?\s+(?:of\s+)?(?<mn>" + MonthName + @")(?![\p{L}])|\b(?<nm>" + MonthName + @")\s+(?<nd>\d{1,2})(?:st|nd|rd|th)?\b", RegexOptions.IgnoreCase)]
    private static partial Regex Date();

    [GeneratedRegex(@"\+?\d[\d .-]{7,18}\d")]
    private static partial Regex Phone();

    // a 3-4 digit number right after a word that says it is an identifier ("order 4471", "commande n° 4471")
    [GeneratedRegex(@"(?:order|commande|ref|reference|référence|number|numéro|numero|n°|no\.?|#)\s*:?\s*(\d{3,4})\b", RegexOptions.IgnoreCase)]
    private static partial Regex KeyedNumber();

    [GeneratedRegex(@"\b\d{5,}\b")]
    private static partial Regex LongNumber();
}
