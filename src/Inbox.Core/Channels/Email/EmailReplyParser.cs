using System.Text.RegularExpressions;

namespace Inbox.Core.Channels.Email;

/// <summary>
/// Finds the part of a plain-text email the customer actually wrote: quoted history, quote headers
/// ("On … wrote:", "Le … a écrit :", Outlook From:/Sent: blocks, "-----Original Message-----") and
/// signatures are hidden. Follows the github/email_reply_parser semantics (fragments scanned bottom-up,
/// hidden until the first visible fragment) in a clean-room implementation, with localised headers.
/// </summary>
public static partial class EmailReplyParser
{
    /// <summary>The visible text; the whole text trimmed when nothing would be left (never show an empty message).</summary>
    public static string VisibleText(string text)
    {
        var visible = string.Join("\n", Fragments(text).Where(f => !f.Hidden).Select(f => f.Content)).Trim();
        return visible.Length > 0 ? visible : Normalize(text).Trim();
    }

    public sealed record Fragment(string Content, bool Quoted, bool Signature, bool Hidden);

    /// <summary>The message split into fragments, top to bottom.</summary>
    public static IReadOnlyList<Fragment> Fragments(string text)
    {
        var lines = JoinMultiLineHeaders(Normalize(text).Split('\n').ToList());
        var cut = OutlookBlockStart(lines);
        var kept = cut < 0 ? lines : lines.Take(cut).ToList();

        var scanner = new Scanner();
        for (var i = kept.Count - 1; i >= 0; i--) scanner.Line(kept[i]);
        scanner.Finish();
        var result = scanner.Result;
        result.Reverse();
        if (cut >= 0) result.Add(new Fragment(string.Join("\n", lines.Skip(cut)), true, false, true));
        return result;
    }

    private static string Normalize(string text) => text.Replace("\r\n", "\n").Replace('\r', '\n');

    /// <summary>Bottom-up fragment builder: a fragment is a run of quoted or unquoted lines.</summary>
    private sealed class Scanner
    {
        private readonly List<string> _lines = []; // bottom-up: the last item is the fragment's top line
        private bool _quoted;
        private bool _foundVisible;
        public List<Fragment> Result { get; } = [];

        public void Line(string raw)
        {
            var line = raw.TrimEnd();
            var isQuoted = line.TrimStart().StartsWith('>');
            var isHeader = IsQuoteHeader(line);
            // A blank line above a block whose top line looks like a signature ends that signature block.
            if (_lines.Count > 0 && line.Length == 0 && IsSignatureStart(_lines[^1]))
            {
                Close(signature: true);
            }
            // A quote header belongs with the quoted block below it, as do blank lines inside a quote.
            var continues = _lines.Count > 0 && (_quoted == isQuoted || (_quoted && (isHeader || line.Length == 0)));
            if (_lines.Count > 0 && !continues) Close(signature: false);
            if (_lines.Count == 0) _quoted = isQuoted || isHeader;
            _lines.Add(raw.TrimEnd());
        }

        public void Finish()
        {
            if (_lines.Count > 0) Close(signature: false);
        }

        private void Close(bool signature)
        {
            var content = string.Join("\n", Enumerable.Reverse(_lines));
            var hidden = false;
            if (!_foundVisible)
            {
                if (_quoted || signature || content.Trim().Length == 0) hidden = true;
                else _foundVisible = true;
            }
            Result.Add(new Fragment(content, _quoted, signature, hidden));
            _lines.Clear();
            _quoted = false;
        }
    }

    private static bool IsSignatureStart(string line)
    {
        var l = line.TrimEnd();
        return SignatureRegex().IsMatch(l);
    }

    /// <summary>"-- ", "__", "-Name", or "Sent from my X" (one to three words, nothing after).</summary>
    [GeneratedRegex(@"^(--|__|-\w)|^Sent from my (\w+\s*){1,3}$")]
    private static partial Regex SignatureRegex();

    private static bool IsQuoteHeader(string line) =>
        line.Length < 400 && (WroteRegex().IsMatch(line) || OriginalMessageRegex().IsMatch(line));

    /// <summary>"On … wrote:" and its translations (Le … a écrit :, Am … schrieb …:, El … escribió:, Il … ha scritto:, Em … escreveu:).</summary>
    [GeneratedRegex(@"^\s*(On|Le|Am|El|Il|Em|Op|Den|W dniu|Dne|\d{1,4}[/.-]\d).*(wrote|a écrit|a ecrit|schrieb|escribió|escribio|ha scritto|escreveu|schreef|skrev|napisał)\b.*:\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex WroteRegex();

    [GeneratedRegex(@"^\s*-{2,}\s*(Original Message|Message d'origine|Message original|Ursprüngliche Nachricht|Mensaje original|Messaggio originale|Mensagem original)\s*-{2,}\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex OriginalMessageRegex();

    /// <summary>Opening words of localised quote headers, used to join a header broken over several lines.</summary>
    [GeneratedRegex(@"^\s*(On|Le|Am|El|Il giorno|Em|Op|Den|W dniu|Dne)\s", RegexOptions.IgnoreCase)]
    private static partial Regex HeaderOpenerRegex();

    /// <summary>Mail clients wrap long "On …, Name &lt;address&gt; wrote:" lines; join up to four unbroken lines back into one.</summary>
    private static List<string> JoinMultiLineHeaders(List<string> lines)
    {
        for (var i = 0; i < lines.Count; i++)
        {
            if (!HeaderOpenerRegex().IsMatch(lines[i]) || IsQuoteHeader(lines[i])) continue;
            var joined = lines[i].TrimEnd();
            for (var k = 1; k <= 3 && i + k < lines.Count && lines[i + k].Trim().Length > 0; k++)
            {
                joined += " " + lines[i + k].Trim();
                if (!WroteRegex().IsMatch(joined)) continue;
                lines[i] = joined;
                lines.RemoveRange(i + 1, k);
                break;
            }
        }
        return lines;
    }

    [GeneratedRegex(@"^\s*\*?\s*(From|De|Von|Da|Van|Från|Od|Date|Datum|Sent|Envoyé|Gesendet|Inviato|Enviado|Enviada em|To|À|A|An|Para|Aan|Subject|Objet|Betreff|Oggetto|Asunto|Assunto|Onderwerp|Cc|Reply-To)\s*\*?\s*:", RegexOptions.IgnoreCase)]
    private static partial Regex HeaderFieldRegex();

    [GeneratedRegex(@"^\s*\*?\s*(From|De|Von|Da|Van|Från|Od)\s*\*?\s*:", RegexOptions.IgnoreCase)]
    private static partial Regex FromFieldRegex();

    [GeneratedRegex(@"^\s*(_{5,}|-{5,})\s*$")]
    private static partial Regex RuleRegex();

    /// <summary>
    /// The first line of a forwarded/quoted header block as Outlook writes it (From:/Sent:/To:/Subject:,
    /// localised, possibly *bold*), or of "-----Original Message-----": everything from there is history.
    /// Needs three header lines in a row, one a From line, so a sentence starting "To:" is not taken for one.
    /// </summary>
    private static int OutlookBlockStart(List<string> lines)
    {
        for (var i = 0; i < lines.Count; i++)
        {
            if (OriginalMessageRegex().IsMatch(lines[i])) return i;
            if (!HeaderFieldRegex().IsMatch(lines[i])) continue;
            int fields = 0, j = i;
            var hasFrom = false;
            for (; j < lines.Count && j < i + 6 && HeaderFieldRegex().IsMatch(lines[j]); j++)
            {
                fields++;
                hasFrom |= FromFieldRegex().IsMatch(lines[j]);
            }
            if (fields < 3 || !hasFrom) continue;
            // Take a rule line ("____", "-----") just above the block along with it.
            var start = i;
            while (start > 0 && (lines[start - 1].Trim().Length == 0 || RuleRegex().IsMatch(lines[start - 1])))
            {
                if (RuleRegex().IsMatch(lines[start - 1])) { start--; break; }
                start--;
            }
            return RuleRegex().IsMatch(lines[start]) ? start : i;
        }
        return -1;
    }
}
