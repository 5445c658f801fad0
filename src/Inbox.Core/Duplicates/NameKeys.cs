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

    /// <summary>A first name with the surname's initial ("Sylvie D." and "Sylvie Dubois" both post "fi:sylvie|d"): finds a full-name match directly, however common each part is.</summary>
    public static string FirstAndInitial(string first, char initial) => $"fi:{first}|{initial}";

    public static string? FirstAndInitial(PersonNames names) =>
        names.First is { } first && (names.Last?[0] ?? names.LastInitial) is { } initial ? FirstAndInitial(first, initial) : null;

    /// <summary>The first name's initial with the surname ("M. Matthews" and "Michael Matthews" both post "il:m|matthews").</summary>
    public static string? InitialAndLast(PersonNames names) =>
        names.Last is { } last && (names.First?[0] ?? names.FirstInitial) is { } initial ? InitialAndLast(initial, last) : null;

    public static string InitialAndLast(char initial, string last) => $"il:{initial}|{last}";

    /// <summary>
    /// A full-name key ("fi:", "il:") on one channel ("fi:marie|g@email"). "I also wrote to you by email": the query
    /// reads the full name's postings on the channel the customer names, which reach much further back than the
    /// name's postings on every channel (a common name's newest postings cover a few hours of a large window).
    /// </summary>
    public static string OnChannel(string key, string channel) => key + "@" + channel;

    /// <summary>What a document posts: "n:" each part, "e:" the edges of each long part, "fi:" its first name and surname initial, "il:" its first initial and surname, and those two on its channel.</summary>
    public static IEnumerable<string> Posted(PersonNames names, string channel)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        var fi = FirstAndInitial(names) ?? SpelledOutFirstAndInitial(names);
        var il = InitialAndLast(names);
        if (fi is not null) keys.Add(fi);
        if (il is not null) keys.Add(il);
        foreach (var part in names.Parts.Where(p => p.Length >= MinPart))
        {
            keys.Add("n:" + part);
            foreach (var edge in Edges(part)) keys.Add("e:" + edge);
        }
        if (fi is not null) keys.Add(OnChannel(fi, channel));
        if (il is not null) keys.Add(OnChannel(il, channel));
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
            if (PersonNames.SpellsFirstThenMore(part, first)) return FirstAndInitial(first, part[first.Length]);
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
