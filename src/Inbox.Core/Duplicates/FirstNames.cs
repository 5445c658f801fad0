namespace Inbox.Core.Duplicates;

/// <summary>
/// Words known to be first names, so that a one-word display name ("emily", "Baptiste") can agree with or
/// contradict the other side's first name, while a pseudonym ("Bluefox", "nightowl") stays neutral.
/// Starts from common French and English first names and learns every first word of a two-word display
/// name the inbox sees (a helpdesk meets thousands of them).
/// </summary>
public sealed class FirstNames
{
    private static readonly string[] Common =
    [
        // French
        "adele", "adrien", "agathe", "alexandre", "alexis", "alice", "amandine", "anais", "andre", "anne", "antoine", "arnaud", "arthur",
        "aurelie", "baptiste", "benoit", "camille", "caroline", "catherine", "celine", "charlotte", "chloe", "christophe", "claire",
        "clement", "damien", "delphine", "elise", "elodie", "emilie", "emma", "enzo", "eric", "etienne", "fabien", "florian", "francois",
        "gabriel", "guillaume", "helene", "hugo", "ines", "isabelle", "jean", "jerome", "julie", "julien", "justine", "laura", "laurent",
        "lea", "leo", "lucas", "lucie", "louis", "louise", "manon", "marc", "margaux", "marie", "marine", "mathieu", "mathilde", "maxime",
        "melanie", "nathalie", "nicolas", "oceane", "olivier", "pauline", "philippe", "pierre", "quentin", "raphael", "romain", "sandrine",
        "sebastien", "simon", "sophie", "stephane", "sylvie", "theo", "thomas", "valentin", "valerie", "vincent", "yann",
        // English
        "abigail", "adam", "alex", "amelia", "amy", "andrew", "ben", "benjamin", "charlie", "chris", "connor", "daniel", "david", "ella",
        "emily", "ethan", "george", "grace", "hannah", "harry", "holly", "isabella", "jack", "jacob", "james", "jessica", "john", "joshua",
        "katie", "kate", "liam", "lily", "lucy", "luke", "matthew", "megan", "michael", "natalie", "noah", "oliver", "olivia", "rachel",
        "rebecca", "ryan", "samuel", "sarah", "sophia", "william", "zoe",
    ];

    private readonly HashSet<string> _names = new(Common, StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public bool Contains(string folded)
    {
        lock (_gate) return _names.Contains(folded);
    }

    /// <summary>Learns the first word of a display name of two or more words (folded), if it is a plausible name.</summary>
    public void Learn(PersonNames names)
    {
        if (names.First is not { Length: >= 2 } first || (names.Last is null && names.LastInitial is null)) return;
        lock (_gate) _names.Add(first);
    }
}
