using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Inbox.Core.Channels.X;

/// <summary>
/// How X counts a tweet's 280 characters (its "counting characters" rules, configuration v3): after NFC
/// normalization a link counts 23 whatever its length, characters of the Latin, Greek, Cyrillic and other
/// lighter ranges and of general punctuation count 1, every other character (CJK, most symbols) counts 2, and
/// an emoji counts 2 however many code points it is made of. A support reply's tracking link is often longer
/// than 23 characters: counted by its length, a valid tweet would be refused. Links are recognized with their
/// scheme or "www.", and as X does without them ("maison.fr/retours"): a bare domain whose last label is a known
/// top-level domain — a generic one (example.com) always; a country code (any two letters: about 250 of the 676
/// pairs are assigned, and text rarely puts another right after a dot) only with a path or a subdomain, or for .co
/// and .tv ("merci.je" stays text, as on X). wwwroot/js/channels.js counts the same way for the compose box.
/// </summary>
public static partial class XText
{
    public const int LinkLength = 23;

    public static int WeightedLength(string text)
    {
        text = text.Normalize(NormalizationForm.FormC);
        var length = 0;
        var from = 0;
        foreach (Match link in Links().Matches(text))
        {
            if (link.Groups["domain"].Success && !IsBareLink(link.Groups["domain"].Value, link.Groups["path"].Success)) continue;
            length += Weigh(text[from..link.Index]) + LinkLength;
            from = link.Index + link.Length;
        }
        return length + Weigh(text[from..]);
    }

    /// <summary>Generic top-level domains X links without a scheme (the common ones; X knows every one).</summary>
    public static readonly IReadOnlySet<string> GenericTlds = new HashSet<string>(
        ("com net org info biz edu gov mil int name pro mobi asia tel travel jobs aero coop museum cat app dev page shop store " +
         "online site website tech blog cloud news live world club xyz top icu vip fun art design email link help support " +
         "paris bzh eus alsace corsica").Split(' '));

    private static bool IsBareLink(string domain, bool hasPath)
    {
        var labels = domain.ToLowerInvariant().Split('.');
        if (labels.Any(l => l.Length == 0 || l[0] == '-' || l[^1] == '-')) return false;
        var tld = labels[^1];
        if (GenericTlds.Contains(tld)) return true;
        if (tld.Length != 2 || !tld.All(char.IsAsciiLetter)) return false;
        return hasPath || labels.Length > 2 || tld is "co" or "tv";
    }

    private static int Weigh(string text)
    {
        var weight = 0;
        var elements = StringInfo.GetTextElementEnumerator(text);
        while (elements.MoveNext())
        {
            var element = (string)elements.Current;
            var sum = 0;
            var emoji = false;
            foreach (var rune in element.EnumerateRunes())
            {
                emoji |= rune.Value >= 0x1F000 || (rune.Value is >= 0x2600 and <= 0x27BF);
                sum += Light(rune.Value) ? 1 : 2;
            }
            weight += emoji ? 2 : sum;
        }
        return weight;
    }

    private static bool Light(int c) =>
        c is <= 4351 or (>= 8192 and <= 8205) or (>= 8208 and <= 8223) or (>= 8242 and <= 8247);

    // A link runs to the next space; punctuation closing a sentence after it is not part of it. A bare domain starts
    // after a space or an opening bracket (not inside a word, an address or a path) and is checked by IsBareLink.
    [GeneratedRegex(@"\b(?:https?://|www\.)\S+?(?=[.,;:!?)\]'""]*(?:\s|$))|(?<![^\s(\[""'])(?<domain>[a-z0-9-]+(?:\.[a-z0-9-]+)+)(?<path>/\S*?)?(?=[.,;:!?)\]'""]*(?:\s|$))", RegexOptions.IgnoreCase)]
    private static partial Regex Links();
}
