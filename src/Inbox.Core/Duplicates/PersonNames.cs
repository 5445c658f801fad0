using System.Text.RegularExpressions;

namespace Inbox.Core.Duplicates;

/// <summary>How two sides' names, handles and email local parts compare, from "certainly two people" to "same name".</summary>
public enum NameMatch { Conflict = -1, Unknown = 0, Weak = 1, FirstName = 2, Surname = 3, Strong = 4 }

/// <summary>
/// The name evidence of one side, from the display name ("Katie Watson", "K. Watson", "Léa P."), the handle
/// and the email local part. A display name of two words gives a first and a last name (or their
/// initials), and only those can contradict the other side. A single word may be a first name or a pseudonym
/// ("Bluefox"): it counts as a first name only when <see cref="FirstNames"/> knows it as one.
/// </summary>
public sealed partial record PersonNames(IReadOnlyList<string> Parts, string? First, string? Last, char? FirstInitial, char? LastInitial)
{
    public static PersonNames From(string? displayName, string? handle, string? email, FirstNames? known = null)
    {
        var parts = new List<string>();
        string? first = null, last = null;
        char? firstInitial = null, lastInitial = null;
        if (!string.IsNullOrWhiteSpace(displayName))
        {
            var words = Letters().Matches(TextNormalizer.Fold(displayName)).Select(m => m.Value).ToList();
            parts.AddRange(words.Where(w => w.Length >= 2));
            if (words.Count >= 2)
            {
                if (words[0].Length == 1) firstInitial = words[0][0]; else first = words[0];
                if (words[^1].Length == 1) lastInitial = words[^1][0]; else last = words[^1];
            }
            else if (words.Count == 1 && known is not null && known.Contains(words[0])) first = words[0];
        }
        if (!string.IsNullOrWhiteSpace(handle)) parts.AddRange(Letters().Matches(TextNormalizer.Fold(handle)).Select(m => m.Value).Where(w => w.Length >= 2));
        if (!string.IsNullOrWhiteSpace(email) && email.Contains('@'))
            parts.AddRange(Letters().Matches(TextNormalizer.Fold(email[..email.IndexOf('@')])).Select(m => m.Value).Where(w => w.Length >= 2));
        return new PersonNames(parts.Distinct().ToList(), first, last, firstInitial, lastInitial);
    }

    public NameMatch Compare(PersonNames o)
    {
        // Two display names' first and last words are compared whole ("Paul" is not "Pauline", "Harris" is not "Harrison");
        // a name against a handle or an email local part by resemblance ("guerin" in "lguerin").
        if ((First is not null && o.First is not null && First != o.First) || (Last is not null && o.Last is not null && Last != o.Last)) return NameMatch.Conflict;
        if (InitialDiffers(First, o.FirstInitial) || InitialDiffers(o.First, FirstInitial)) return NameMatch.Conflict;
        if (InitialDiffers(Last, o.LastInitial) || InitialDiffers(o.Last, LastInitial)) return NameMatch.Conflict;

        var surname = Found(Last, o) || o.Found(o.Last, this) || SpelledOut(o) || o.SpelledOut(this);
        var firstName = Found(First, o) || o.Found(o.First, this);
        var initials = (First ?? o.First) is { } f && (FirstInitial ?? o.FirstInitial) == f[0];
        // "Marie H." and "Marie Hall" (or "Rebecca W."): the first name and the surname's initial agree.
        var lastInitial = (Last ?? o.Last) is { } l ? (LastInitial ?? o.LastInitial) == l[0] : LastInitial is not null && LastInitial == o.LastInitial;
        if (surname && (firstName || initials)) return NameMatch.Strong;
        if (firstName && lastInitial && First is not null && o.First is not null) return NameMatch.Strong;
        if (surname) return NameMatch.Surname;
        // "emily" and "Emily Baker": a known first name, the same on both sides, and no surname to compare.
        if (firstName && First is not null && o.First is not null) return NameMatch.FirstName;
        if (firstName || AnyPartResembles(o)) return NameMatch.Weak;
        return NameMatch.Unknown;
    }

    /// <summary>This side's name word also appears on the other side (name, handle or email local part).</summary>
    private bool Found(string? word, PersonNames other)
    {
        if (word is not { Length: >= 3 }) return false;
        for (var i = 0; i < other.Parts.Count; i++)
            if (Resembles(word, other.Parts[i])) return true;
        return false;
    }

    /// <summary>A part of four letters or more resembles one of the other side's (loops: compared for every candidate).</summary>
    private bool AnyPartResembles(PersonNames o)
    {
        for (var i = 0; i < Parts.Count; i++)
            if (Parts[i].Length >= 4)
                for (var j = 0; j < o.Parts.Count; j++)
                    if (Resembles(Parts[i], o.Parts[j])) return true;
        return false;
    }

    /// <summary>
    /// The other side's handle or email local part is this side's first name followed by the start of its surname
    /// ("sebastienaub" for Sébastien Aubert, "julienfour" for Julien Fournier): the surname, cut short.
    /// </summary>
    private bool SpelledOut(PersonNames other)
    {
        if (First is not { Length: >= 3 } first || Last is not { Length: >= 3 } last) return false;
        foreach (var part in other.Parts)
            if (SpellsFirstThenMore(part, first) && last.AsSpan().StartsWith(part.AsSpan(first.Length), StringComparison.Ordinal))
                return true;
        return false;
    }

    /// <summary>A handle or email part that is this first name followed by at least three more letters (a surname's start?).</summary>
    internal static bool SpellsFirstThenMore(string part, string first) =>
        part.Length >= first.Length + 3 && part.StartsWith(first, StringComparison.Ordinal);

    private static bool InitialDiffers(string? name, char? initial) => name is not null && initial is not null && name[0] != initial;

    /// <summary>Equal, or one contains the other ("lefebvre" in handle "lefebvrel"; "robinson" in "orobinson").</summary>
    private static bool Resembles(string a, string b) =>
        a == b || (a.Length >= 4 && b.Length >= 4 && (a.Contains(b) || b.Contains(a)));

    [GeneratedRegex("[a-z]+")]
    private static partial Regex Letters();
}
