using System.Text;
using System.Text.RegularExpressions;

namespace Inbox.Core.Duplicates;

/// <summary>
/// Removes what a channel adds around the request: quoted history, signatures, greetings, sign-offs,
/// @handles and tag-only hashtags. Two copies of one request differ mostly in this wrapping, and two
/// different requests share it ("Bonjour, ... Cordialement"), so it must not count as similarity.
/// </summary>
public static partial class ChannelNoise
{
    public static string Strip(string text)
    {
        var sb = new StringBuilder();
        var lines = text.Replace("\r\n", "\n").Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            // Everything below a quote header, a forwarded block or a signature separator is not this request.
            if (QuoteHeader().IsMatch(line) || line == "--" || line.StartsWith("-- ") || line.StartsWith("-----")) break;
            if (line.StartsWith('>')) continue;
            if (SentFrom().IsMatch(line)) continue;
            // A sign-off line ends the request: what follows is a name or a signature.
            if (SignOff().IsMatch(line)) break;
            line = Greeting().Replace(line, "");
            if (line.Length == 0) continue;
            sb.Append(line).Append('\n');
        }
        var body = sb.ToString();
        body = Handle().Replace(body, " ");
        // "#customerservice" is a tag; "#MA-8954037" carries a reference, so only the '#' goes.
        body = Hashtag().Replace(body, m => m.Groups[1].Value.Any(char.IsDigit) ? " " + m.Groups[1].Value : " ");
        return body;
    }

    /// <summary>A line that is only a closing formula ("Cordialement,", "Many thanks"): a name or a signature follows.</summary>
    public static bool IsSignOff(string line) => SignOff().IsMatch(line.Trim());

    [GeneratedRegex(@"^(on .{4,120} wrote:?|le .{4,120} a (é|e)crit ?:?|de ?: .+|from: .+|envoy(é|e) ?: .+|sent: .+|-+ ?(original message|message d'origine|forwarded message|message transf(é|e)r(é|e)) ?-+)$", RegexOptions.IgnoreCase)]
    private static partial Regex QuoteHeader();

    [GeneratedRegex(@"^(sent from|envoy(é|e) (de|depuis)|get outlook|t(é|e)l(é|e)charg(é|e)z outlook)\b", RegexOptions.IgnoreCase)]
    private static partial Regex SentFrom();

    // A short line that is only a closing formula (with optional trailing name-free punctuation).
    [GeneratedRegex(@"^(best( regards)?|kind regards|regards|warm regards|many thanks|thanks( again| in advance)?( for your help)?|thank you( in advance)?( for your help)?|cheers|sincerely|yours( sincerely| truly)?|bien (à|a) vous|cordialement|bien cordialement|salutations|sinc(è|e)res salutations|merci( d'avance| par avance| beaucoup| bcp)?|bonne (journ(é|e)e|soir(é|e)e)|(a|à) bient(ô|o)t)[\s,.!]*$", RegexOptions.IgnoreCase)]
    private static partial Regex SignOff();

    [GeneratedRegex(@"^((hello|hi|hey|dear|good (morning|afternoon|evening)|bonjour|bonsoir|salut|coucou|madame|monsieur|madame, monsieur)\b[^,.!:\n]{0,22}[,.!:]+\s*)+", RegexOptions.IgnoreCase)]
    private static partial Regex Greeting();

    [GeneratedRegex(@"(?<![\w.])@\w{1,30}")]
    private static partial Regex Handle();

    [GeneratedRegex(@"#([\w-]+)")]
    private static partial Regex Hashtag();
}
