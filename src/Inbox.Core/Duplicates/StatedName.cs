using System.Text.RegularExpressions;

namespace Inbox.Core.Duplicates;

/// <summary>
/// The name a customer gives in the message itself, when the account's display name lacks it: an email from "Adam"
/// signed "Adam Smith", a WhatsApp message from "Sunny" that opens "Claire Lemaire à l'appareil", "Hugo L" writing
/// "this is Hugo Lemaire". Channels show what the account says; people introduce themselves and sign with their name.
/// The stated name is taken only when it begins with a known first name and agrees with the display name (same first
/// name, an initial its surname starts with) or the display name is a pseudonym: it completes, never contradicts.
/// </summary>
public static partial class StatedName
{
    /// <summary>The display name to compare names with: the stated one when it completes the display name, else the display name.</summary>
    public static string? Complete(string? displayName, string text, FirstNames known)
    {
        var shown = Words(displayName);
        // A full name needs nothing (most senders: the text is not searched then).
        if (shown.Count >= 3 || (shown.Count == 2 && shown[1].Length > 1)) return displayName;
        if (Find(text) is not { } stated) return displayName;
        var said = Words(stated);
        // A stop word is no surname ("c'est Marie Je n'ai rien reçu" is not "Marie Je").
        if (said.Count == 0 || !known.Contains(said[0]) || said.Skip(1).Any(w => w.Length > 1 && StopWords.Contains(w))) return displayName;
        if (shown.Count == 0 || (shown.Count == 1 && !known.Contains(shown[0]))) return stated; // nothing, or a pseudonym ("Sunny")
        if (said.Count < 2 || shown[0] != said[0]) return displayName;
        if (shown.Count == 1) return stated; // "Adam" signing "Adam Smith"
        // "Hugo L" stating "Hugo Lemaire"
        return said[^1].Length > 1 && said[^1][0] == shown[1][0] ? stated : displayName;
    }

    /// <summary>A self-introduction near the start ("this is …", "je m'appelle …", "… à l'appareil"), else the line under a sign-off.</summary>
    public static string? Find(string text)
    {
        var head = text.Length > 400 ? text[..400] : text;
        if (Introduction().Match(head) is { Success: true } m) return m.Groups["n"].Value;
        var lines = text.Replace("\r\n", "\n").Split('\n');
        for (var i = 0; i < lines.Length - 1; i++)
        {
            if (!ChannelNoise.IsSignOff(lines[i])) continue;
            var next = lines.Skip(i + 1).Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0);
            return next is not null && Signature().IsMatch(next) ? next : null;
        }
        return null;
    }

    private static List<string> Words(string? name) =>
        string.IsNullOrWhiteSpace(name) ? [] : Letters().Matches(TextNormalizer.Fold(name)).Select(m => m.Value).ToList();

    // A name: a capitalised word, then optionally a second one or an initial ("Lemaire", "L.").
    private const string Name = @"\p{Lu}[\p{L}'’-]+(?:[ \t]+\p{Lu}(?:[\p{L}'’-]+|\.))?";

    [GeneratedRegex(@"(?i:\b(?:this is|my name is|it's|it is|i am|i'm|c'est|ici|je m'appelle|je suis|moi c'est)[ \t]+)(?-i:(?<n>" + Name + @"))(?![\p{L}])|(?<n>" + Name + @")[ \t]+(?i:à|a)[ \t]+l['’]appareil")]
    private static partial Regex Introduction();

    // A signature line: one to three capitalised words or initials, nothing else ("Adam Smith", "George E.").
    [GeneratedRegex(@"^\p{Lu}[\p{L}'’-]+(?:[ \t]+\p{Lu}(?:[\p{L}'’-]+|\.)){0,2}$")]
    private static partial Regex Signature();

    [GeneratedRegex("[a-z]+")]
    private static partial Regex Letters();
}
