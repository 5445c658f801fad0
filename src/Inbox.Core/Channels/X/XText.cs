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
/// scheme or "www."; X also shortens bare domains ("example.com/abc"), which are counted here by their
/// characters. wwwroot/js/channels.js counts the same way for the compose box.
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
            length += Weigh(text[from..link.Index]) + LinkLength;
            from = link.Index + link.Length;
        }
        return length + Weigh(text[from..]);
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

    // A link runs to the next space; punctuation closing a sentence after it is not part of it.
    [GeneratedRegex(@"\b(?:https?://|www\.)\S+?(?=[.,;:!?)\]'""]*(?:\s|$))", RegexOptions.IgnoreCase)]
    private static partial Regex Links();
}
