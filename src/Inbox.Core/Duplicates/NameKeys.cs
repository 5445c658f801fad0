namespace Inbox.Core.Duplicates;

/// <summary>
/// The index keys of a sender's name parts. PersonNames counts two parts as resembling when one contains the
/// other ("guerin" in the email local part "lguerin", "louis" in the handle "louisdub"); an exact-token index
/// would miss those, so a long part also posts its prefixes and suffixes of four letters or more, which is
/// where a run-together first name, initial or surname sits.
/// </summary>
internal static class NameKeys
{
    private const int MinPart = 3;
    private const int MinEdge = 4;
    private const int MinCompound = 5;

    public static string Part(string part) => "n:" + part;

    /// <summary>
    /// A first name with the surname's initial. "fi:" is posted by a sender whose surname is only an initial ("Sylvie D.")
    /// or a handle spelling the first name then the surname's start; "fx:" by one whose surname is known in full
    /// ("Sylvie Dubois"). A query with the initial reads both; a query with the full surname reads "fi:" and, for
    /// the full surnames that agree, "fn:" (a common first name with a common initial is hundreds of strangers).
    /// </summary>
    public static string FirstAndInitial(string first, char initial, bool fullSurname) => $"{(fullSurname ? "fx" : "fi")}:{first}|{initial}";

    public static string? FirstAndInitial(PersonNames names) =>
        names.First is { } first && (names.Last?[0] ?? names.LastInitial) is { } initial ? FirstAndInitial(first, initial, names.Last is not null) : null;

    /// <summary>The first name's initial with the surname: "il:" from a sender with the initial only ("M. Matthews"), "ix:" from one with the full first name ("Michael Matthews"), read as "fi:" and "fx:" are.</summary>
    public static string? InitialAndLast(PersonNames names) =>
        names.Last is { } last && (names.First?[0] ?? names.FirstInitial) is { } initial ? InitialAndLast(initial, last, names.First is not null) : null;

    public static string InitialAndLast(char initial, string last, bool fullFirst) => $"{(fullFirst ? "ix" : "il")}:{initial}|{last}";

    /// <summary>A full first name and full surname ("fn:marie|martin").</summary>
    public static string? FullName(PersonNames names) => names.First is { } first && names.Last is { } last ? $"fn:{first}|{last}" : null;

    /// <summary>The full-name keys a query reads (a full-name match, ranked as two name parts): see FirstAndInitial.</summary>
    public static IEnumerable<string> FullNameReads(PersonNames names)
    {
        if (FullName(names) is { } full) yield return full;
        if (names.First is { } first && (names.Last?[0] ?? names.LastInitial) is { } li)
        {
            yield return FirstAndInitial(first, li, fullSurname: false);
            if (names.Last is null) yield return FirstAndInitial(first, li, fullSurname: true);
        }
        if (names.Last is { } last && (names.First?[0] ?? names.FirstInitial) is { } fi)
        {
            yield return InitialAndLast(fi, last, fullFirst: false);
            if (names.First is null) yield return InitialAndLast(fi, last, fullFirst: true);
        }
    }

    /// <summary>
    /// A full-name key ("fn:", "fi:", "fx:", "il:", "ix:") on one channel ("fi:marie|g@email"). "I also wrote to you by email": the query
    /// reads the full name's postings on the channel the customer names, which reach much further back than the
    /// name's postings on every channel (a common name's newest postings cover a few hours of a large window).
    /// </summary>
    public static string OnChannel(string key, string channel) => key + "@" + channel;

    /// <summary>What a document posts: "n:" each part, "e:" the edges of each long part, its full name ("fn:"), its first name and surname initial ("fi:"/"fx:"), its first initial and surname ("il:"/"ix:"), and those on its channel.</summary>
    public static IEnumerable<string> Posted(PersonNames names, string channel)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        string?[] full = [FullName(names), FirstAndInitial(names) ?? SpelledOutFirstAndInitial(names), InitialAndLast(names)];
        foreach (var key in full)
            if (key is not null) keys.Add(key);
        foreach (var part in names.Parts.Where(p => p.Length >= MinPart))
        {
            keys.Add("n:" + part);
            foreach (var edge in Edges(part)) keys.Add("e:" + edge);
        }
        foreach (var key in full)
            if (key is not null) keys.Add(OnChannel(key, channel));
        return keys;
    }

    /// <summary>
    /// A handle or email local part that is the first name then the start of a surname ("sebastienaub"): the first name
    /// with that initial, as PersonNames compares it (a surname cut short, at least three letters of it).
    /// </summary>
    private static string? SpelledOutFirstAndInitial(PersonNames names)
    {
        if (names.First is not { Length: >= MinPart } first || names.Last is not null || names.LastInitial is not null) return null;
        foreach (var part in names.Parts)
            if (PersonNames.SpellsFirstThenMore(part, first)) return FirstAndInitial(first, part[first.Length], fullSurname: false);
        return null;
    }

    /// <summary>What a query reads, with the index of the query's part each key stands for: its parts among the
    /// others' parts and edges, and its own edges among the others' parts (never edge against edge: "mari" of
    /// "marie" and "marion" is no resemblance).</summary>
    public static IEnumerable<(string Key, int Part)> Read(PersonNames names)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        var parts = names.Parts.Where(p => p.Length >= MinPart).ToList();
        for (var i = 0; i < parts.Count; i++)
        {
            var part = parts[i];
            if (keys.Add("n:" + part)) yield return ("n:" + part, i);
            if (part.Length >= MinEdge && keys.Add("e:" + part)) yield return ("e:" + part, i);
            foreach (var edge in Edges(part))
                if (keys.Add("n:" + edge)) yield return ("n:" + edge, i);
        }
    }

    private static IEnumerable<string> Edges(string part)
    {
        if (part.Length < MinCompound) yield break;
        for (var k = MinEdge; k < part.Length; k++)
        {
            yield return part[..k];
            yield return part[^k..];
        }
    }
}
