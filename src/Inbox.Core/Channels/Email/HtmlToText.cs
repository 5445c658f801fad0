using System.Text;
using MimeKit.Text;

namespace Inbox.Core.Channels.Email;

/// <summary>
/// Readable plain text from an HTML mail body, built on MimeKit's HtmlTokenizer (MimeKit has no
/// HTML-to-text converter). Block elements become line breaks, list items get "- ", links keep their
/// address, blockquotes become "> " lines so the reply parser can hide them; script/style/head are dropped.
/// The UI only ever shows this text, never the HTML.
/// </summary>
public static class HtmlToText
{
    private static readonly HashSet<string> Blocks = new(StringComparer.OrdinalIgnoreCase)
    {
        "p", "div", "br", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol", "blockquote", "pre", "hr", "section", "article", "header", "footer", "dd", "dt",
    };
    private static readonly HashSet<string> Skipped = new(StringComparer.OrdinalIgnoreCase) { "script", "style", "head", "title" };

    public static string Convert(string html)
    {
        var tokenizer = new HtmlTokenizer(new StringReader(html)) { DecodeCharacterReferences = true };
        var output = new StringBuilder();
        var line = new StringBuilder();
        int quoteDepth = 0, skipDepth = 0, preDepth = 0;
        string? href = null;

        void Flush(bool force)
        {
            var text = line.ToString().Trim();
            line.Clear();
            if (text.Length == 0 && !force) return;
            output.Append(new string('>', quoteDepth)).Append(quoteDepth > 0 && text.Length > 0 ? " " : "").Append(text).Append('\n');
        }

        while (tokenizer.ReadNextToken(out var token))
        {
            switch (token)
            {
                case HtmlDataToken data when skipDepth == 0:
                    if (preDepth > 0)
                    {
                        var parts = data.Data.Replace("\r\n", "\n").Split('\n');
                        for (var i = 0; i < parts.Length; i++) { if (i > 0) Flush(true); line.Append(parts[i]); }
                    }
                    else AppendCollapsed(line, data.Data);
                    break;
                case HtmlTagToken tag:
                    var name = tag.Name;
                    if (Skipped.Contains(name)) { if (!tag.IsEmptyElement) skipDepth += tag.IsEndTag ? -1 : 1; skipDepth = Math.Max(0, skipDepth); break; }
                    if (skipDepth > 0) break;
                    if (name.Equals("a", StringComparison.OrdinalIgnoreCase))
                    {
                        if (!tag.IsEndTag) href = tag.Attributes.FirstOrDefault(a => a.Id == HtmlAttributeId.Href)?.Value;
                        else if (href is { Length: > 0 } && !href.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase) && !line.ToString().Contains(href))
                        { line.Append(" (").Append(href).Append(')'); href = null; }
                        break;
                    }
                    if (name.Equals("img", StringComparison.OrdinalIgnoreCase))
                    {
                        var alt = tag.Attributes.FirstOrDefault(a => a.Id == HtmlAttributeId.Alt)?.Value;
                        if (!string.IsNullOrWhiteSpace(alt)) line.Append('[').Append(alt.Trim()).Append(']');
                        break;
                    }
                    if (name.Equals("td", StringComparison.OrdinalIgnoreCase) || name.Equals("th", StringComparison.OrdinalIgnoreCase))
                    {
                        if (!tag.IsEndTag && line.Length > 0) line.Append(' ');
                        break;
                    }
                    if (!Blocks.Contains(name)) break;
                    var isBr = name.Equals("br", StringComparison.OrdinalIgnoreCase);
                    Flush(isBr);
                    if (name.Equals("p", StringComparison.OrdinalIgnoreCase) && tag.IsEndTag) Flush(true);
                    if (name.Equals("blockquote", StringComparison.OrdinalIgnoreCase)) quoteDepth = Math.Max(0, quoteDepth + (tag.IsEndTag ? -1 : 1));
                    if (name.Equals("pre", StringComparison.OrdinalIgnoreCase)) preDepth = Math.Max(0, preDepth + (tag.IsEndTag ? -1 : 1));
                    if (name.Equals("li", StringComparison.OrdinalIgnoreCase) && !tag.IsEndTag) line.Append("- ");
                    if (name.Equals("hr", StringComparison.OrdinalIgnoreCase)) output.Append("---\n");
                    break;
            }
        }
        Flush(false);
        return CollapseBlankLines(output.ToString()).Trim();
    }

    private static void AppendCollapsed(StringBuilder line, string data)
    {
        foreach (var ch in data)
        {
            var c = char.IsWhiteSpace(ch) ? ' ' : ch;
            if (c == ' ' && (line.Length == 0 || line[^1] == ' ')) continue;
            line.Append(c == '\u00a0' ? ' ' : c);
        }
    }

    private static string CollapseBlankLines(string text)
    {
        var sb = new StringBuilder();
        var blanks = 0;
        foreach (var l in text.Split('\n'))
        {
            var isBlank = l.Trim('>', ' ').Length == 0;
            blanks = isBlank ? blanks + 1 : 0;
            if (blanks <= 1) sb.Append(l.TrimEnd()).Append('\n');
        }
        return sb.ToString();
    }
}
