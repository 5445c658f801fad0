using System.Text.RegularExpressions;

namespace Inbox.Core.Duplicates;

/// <summary>How two sides' names, handles and email local parts compare.</summary>
public enum NameMatch { Conflict = -1, Unknown = 0, Partial = 1, Strong = 2 }

/// <summary>
/// The name evidence of one side: words of the display name, the handle and the email local part
/// ("K. Watson", "katie33", "katie.watson@…"). A "full name" is a display name of two real words, the only
/// kind that can contradict another: a pseudonym ("Bluefox") or an initial says nothing against a match.
/// </summary>
public sealed partial record PersonNames(IReadOnlyList<string> Parts, string? First, string? Last, char? Initial)
{
    public static PersonNames From(string? displayName, string? handle, string? email)
    {
        var parts = new List<string>();
        string? first = null, last = null;
        char? initial = null;
        if (!string.IsNullOrWhiteSpace(displayName))
        {
            var words = Letters().Matches(TextNormalizer.Fold(displayName)).Select(m => m.Value).ToList();
            parts.AddRange(words.Where(w => w.Length >= 2));
            var raw = displayName.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (words.Count >= 2 && raw.Length >= 2)
            {
                if (words[0].Length == 1 || raw[0].EndsWith('.')) initial = words[0][0];
                else first = words[0];
                if (words[^1].Length >= 2) last = words[^1];
            }
            else if (words.Count == 1 && words[0].Length >= 2) initial = words[0][0];
        }
        if (!string.IsNullOrWhiteSpace(handle)) parts.AddRange(Letters().Matches(TextNormalizer.Fold(handle)).Select(m => m.Value).Where(w => w.Length >= 2));
        if (!string.IsNullOrWhiteSpace(email) && email.Contains('@'))
            parts.AddRange(Letters().Matches(TextNormalizer.Fold(email[..email.IndexOf('@')])).Select(m => m.Value).Where(w => w.Length >= 2));
        return new PersonNames(parts.Distinct().ToList(), first, last, initial);
    }

    public bool IsFullName => First is not null && Last is not null;

    /// <summary>Strong: first and last name both found on the other side (or last name + matching initial). Conflict: two full names that differ.</summary>
    public NameMatch Compare(PersonNames other)
    {
        if (IsFullName && other.IsFullName && (First != other.First || Last != other.Last)) return NameMatch.Conflict;
        var matched = Parts.Where(p => p.Length >= 3 && other.Parts.Any(q => Resembles(p, q))).ToList();
        if (matched.Count == 0) return NameMatch.Unknown;
        var last = Last ?? other.Last;
        var first = First ?? other.First;
        var lastFound = last is not null && Parts.Any(p => Resembles(p, last)) && other.Parts.Any(q => Resembles(q, last));
        var firstFound = first is not null && Parts.Any(p => Resembles(p, first)) && other.Parts.Any(q => Resembles(q, first));
        var initialOk = (Initial ?? other.Initial) is { } i && first is not null && first[0] == i;
        if (lastFound && (firstFound || initialOk)) return NameMatch.Strong;
        return NameMatch.Partial;
    }

    /// <summary>Equal, or one contains the other ("lefebvre" in handle "lefebvrel"; "robinson" in "orobinson").</summary>
    private static bool Resembles(string a, string b) =>
        a == b || (a.Length >= 4 && b.Length >= 4 && (a.Contains(b) || b.Contains(a)));

    [GeneratedRegex("[a-z]+")]
    private static partial Regex Letters();
}
