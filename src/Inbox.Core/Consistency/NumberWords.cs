using System.Globalization;

namespace Inbox.Core.Consistency;

/// <summary>Numbers written as digits ("1 234,50", "341.90") or words ("trente", "twenty-one", "quatre-vingt-dix") in French and English.</summary>
public static class NumberWords
{
    private static readonly Dictionary<string, int> Units = new(StringComparer.OrdinalIgnoreCase)
    {
        ["zero"] = 0, ["zéro"] = 0,
        ["a"] = 1, ["an"] = 1, ["one"] = 1, ["un"] = 1, ["une"] = 1, ["two"] = 2, ["deux"] = 2, ["three"] = 3, ["trois"] = 3,
        ["four"] = 4, ["quatre"] = 4, ["five"] = 5, ["cinq"] = 5, ["six"] = 6, ["seven"] = 7, ["sept"] = 7,
        ["eight"] = 8, ["huit"] = 8, ["nine"] = 9, ["neuf"] = 9, ["ten"] = 10, ["dix"] = 10, ["eleven"] = 11, ["onze"] = 11,
        ["twelve"] = 12, ["douze"] = 12, ["thirteen"] = 13, ["treize"] = 13, ["fourteen"] = 14, ["quatorze"] = 14,
        ["fifteen"] = 15, ["quinze"] = 15, ["sixteen"] = 16, ["seize"] = 16, ["seventeen"] = 17, ["eighteen"] = 18,
        ["nineteen"] = 19, ["twenty"] = 20, ["vingt"] = 20, ["vingts"] = 20, ["thirty"] = 30, ["trente"] = 30,
        ["forty"] = 40, ["quarante"] = 40, ["fifty"] = 50, ["cinquante"] = 50, ["sixty"] = 60, ["soixante"] = 60,
        ["seventy"] = 70, ["eighty"] = 80, ["ninety"] = 90, ["couple"] = 2,
    };

    /// <summary>The alternation used inside regular expressions (longest words first so "sixteen" wins over "six").</summary>
    public static readonly string Pattern =
        "(?:" + string.Join("|", Units.Keys.Where(k => k.Length > 2 || k == "un").Concat(["hundred", "cent", "cents", "thousand", "mille"])
            .OrderByDescending(k => k.Length)) + ")";

    /// <summary>A sequence like "twenty-one", "quatre-vingt-dix", "trois cents", "deux mille cinq cents"; null when not a number.</summary>
    public static double? ParseWords(string words)
    {
        var tokens = words.ToLowerInvariant().Split([' ', '-', '\u00a0'], StringSplitOptions.RemoveEmptyEntries)
            .Where(t => t is not ("et" or "and")).ToList();
        if (tokens.Count == 0) return null;
        double total = 0, current = 0;
        foreach (var t in tokens)
        {
            if (Units.TryGetValue(t, out var v))
            {
                // "quatre-vingt": four times twenty
                if (v == 20 && current is > 1 and < 10) current *= 20;
                else current += v;
            }
            else if (t is "hundred" or "cent" or "cents") current = (current == 0 ? 1 : current) * 100;
            else if (t is "thousand" or "mille") { total += (current == 0 ? 1 : current) * 1000; current = 0; }
            else return null;
        }
        return total + current;
    }

    /// <summary>Digits with either decimal convention: "1 234,50", "1,234.50", "30,00", "341.90", "1.000" (thousands).</summary>
    public static double? ParseDigits(string s)
    {
        s = s.Replace("\u00a0", "").Replace("\u202f", "").Replace(" ", "");
        var lastSep = s.LastIndexOfAny(['.', ',']);
        if (lastSep >= 0)
        {
            var decimals = s.Length - lastSep - 1;
            if (decimals is 1 or 2)
                s = s[..lastSep].Replace(".", "").Replace(",", "") + "." + s[(lastSep + 1)..];
            else s = s.Replace(".", "").Replace(",", "");
        }
        return double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : null;
    }

    public static double? Parse(string s) =>
        s.Length > 0 && char.IsDigit(s[0]) ? ParseDigits(s) : ParseWords(s);
}
