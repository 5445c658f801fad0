using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Inbox.Core.Duplicates;

/// <summary>What duplicate detection reads from one message: folded content words, specific tokens, channels it names.</summary>
public sealed record NormalizedText(string Content, IReadOnlyList<string> Words, IReadOnlySet<string> Specifics, IReadOnlySet<string> ChannelsNamed, AgoWindow? RemarkAgo = null);

/// <summary>
/// French + English normalization for duplicate detection. Channel noise goes first (quoted history,
/// signatures, greetings and sign-offs, @handles, tag-only hashtags), then case and accent folding,
/// elisions and punctuation; numbers stay as tokens; stop words of both languages are dropped
/// (a message may mix them, and a wrong language guess would cost more than the union).
/// </summary>
public static partial class TextNormalizer
{
    public static NormalizedText Normalize(string text, string? subject = null)
    {
        var body = ChannelNoise.Strip(text);
        var specifics = SpecificTokens.Extract(body);
        if (subject is not null) specifics.UnionWith(SpecificTokens.Extract(subject));
        var channels = ChannelsIn(body);
        if (channels.Count == 0) return Of(Words(body), specifics, channels, null);

        // The customer's short remarks about another channel ("I also sent this on Twitter yesterday",
        // "Contactés par mail hier, rien.") say where else to look and when; they are not the request, and
        // their words would make the copy look less like the original: they leave the compared text.
        var kept = new StringBuilder(body.Length);
        AgoWindow? ago = null;
        foreach (var sentence in Sentence().Split(body))
        {
            if (ChannelsIn(sentence).Count > 0 && Fold(sentence) is var folded && Token().Count(folded) <= 16) ago ??= RemarkTime.Parse(folded);
            else kept.Append(sentence).Append(' ');
        }
        return Of(Words(kept.ToString()), specifics, channels, ago);
    }

    private static NormalizedText Of(List<string> words, HashSet<string> specifics, IReadOnlySet<string> channels, AgoWindow? ago) =>
        new(string.Join(' ', words), words, specifics, channels, ago);

    /// <summary>Folded, elision-free content words without stop words (numbers and references kept).</summary>
    public static List<string> Words(string text)
    {
        var folded = Fold(text);
        folded = Elision().Replace(folded, " ");
        var words = new List<string>();
        foreach (Match m in Token().Matches(folded))
        {
            var w = m.Value.Trim('-');
            if (w.Length == 0 || StopWords.Contains(w)) continue;
            if (w.Length == 1 && !char.IsAsciiDigit(w[0])) continue;
            words.Add(w);
        }
        return words;
    }

    /// <summary>Lower case without accents (é → e, ç → c, œ → oe) and with typographic apostrophes made plain.</summary>
    public static string Fold(string s)
    {
        var d = s.ToLowerInvariant().Replace('’', '\'').Replace('ʼ', '\'').Replace("œ", "oe").Replace("æ", "ae").Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder(d.Length);
        foreach (var ch in d)
            if (CharUnicodeInfo.GetUnicodeCategory(ch) != UnicodeCategory.NonSpacingMark) sb.Append(ch);
        return sb.ToString().Normalize(NormalizationForm.FormC);
    }

    private static readonly (string Channel, Regex Pattern)[] ChannelWords =
    [
        ("x", new Regex(@"\b(twitter|tweet\w*|twitte\w*)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled)),
        ("messenger", new Regex(@"\b(messenger|facebook|fb)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled)),
        ("whatsapp", new Regex(@"\b(whatsapp|whats app|wa)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled)),
        ("instagram", new Regex(@"\b(instagram|insta|ig)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled)),
        // A bare "mail" is email in French ("par mail", "un mail") but the post in English ("arrive in the mail").
        ("email", new Regex(@"\b(e-?mail\w*|courriels?|(par|un|le|mon|votre|du|au|en) mail)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled)),
    ];

    /// <summary>Channels the customer names ("I also sent this on Twitter", "même demande que sur Messenger").</summary>
    public static IReadOnlySet<string> ChannelsIn(string text)
    {
        var found = new HashSet<string>();
        foreach (var (channel, pattern) in ChannelWords)
            if (pattern.IsMatch(text)) found.Add(channel);
        return found;
    }

    // sentence ends (kept with the sentence), line breaks and brackets
    [GeneratedRegex(@"(?<=[.!?;])\s+|\n|[()]")]
    private static partial Regex Sentence();

    // l' d' qu' j' n' s' c' m' t' jusqu' lorsqu' puisqu'
    [GeneratedRegex(@"\b(?:l|d|j|n|s|c|m|t|qu|jusqu|lorsqu|puisqu)'")]
    private static partial Regex Elision();

    // words, numbers and references such as ma-4471 or tx-550555 (a hyphen kept only between letters and digits)
    [GeneratedRegex(@"[a-z]{1,5}-\d{3,}|[a-z0-9]+")]
    private static partial Regex Token();
}
