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
    /// <summary>Kinds that on their own say "same case"; amounts only support other evidence.</summary>
    public static bool IsStrong(string token) => !token.StartsWith("amount:");

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

    [GeneratedRegex(@"\+?\d[\d .-]{7,18}\d")]
    private static partial Regex Phone();

    // a 3-4 digit number right after a word that says it is an identifier ("order 4471", "commande n° 4471")
    [GeneratedRegex(@"(?:order|commande|ref|reference|référence|number|numéro|numero|n°|no\.?|#)\s*:?\s*(\d{3,4})\b", RegexOptions.IgnoreCase)]
    private static partial Regex KeyedNumber();

    [GeneratedRegex(@"\b\d{5,}\b")]
    private static partial Regex LongNumber();
}
