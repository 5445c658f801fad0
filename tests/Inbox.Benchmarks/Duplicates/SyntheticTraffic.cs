using Inbox.Core.Duplicates;

namespace Inbox.Benchmarks.Duplicates;

/// <summary>One synthetic inbound conversation: who, on which channel, what, when.</summary>
public sealed record SyntheticMessage(long Id, long Person, string Channel, PersonNames Names, string Text, long At);

/// <summary>
/// Realistic synthetic traffic from the raw request texts (BANKING77, Bitext) with varied numbers:
/// many people, several channels, a fixed window; and queries that are either a planted duplicate of
/// an indexed message (same person under another channel identity, reworded, often the same order) or new.
/// </summary>
public sealed class SyntheticTraffic
{
    private static readonly string[] Firsts = ["marie", "lea", "camille", "julien", "thomas", "lucas", "emma", "chloe", "hugo", "sarah", "oliver", "jack", "amy", "emily", "george", "katie", "daniel", "grace", "ryan", "lucy", "nicolas", "manon", "antoine", "pauline", "mathieu"];
    private static readonly string[] Lasts = ["dupont", "martin", "bernard", "petit", "robert", "richard", "durand", "lefebvre", "moreau", "laurent", "simon", "michel", "garcia", "roux", "fournier", "smith", "jones", "taylor", "brown", "wilson", "evans", "thomas", "walker", "wright", "hughes", "watson", "carter", "hall", "king", "morel"];
    private static readonly string[] Channels = ["email", "messenger", "whatsapp", "x", "instagram"];
    private readonly string[] _texts;
    private readonly Random _random;
    public const long WindowMs = 7 * 86_400_000L;

    public SyntheticTraffic(string rawDir, int seed = 42)
    {
        _random = new Random(seed);
        _texts = File.ReadLines(Path.Combine(rawDir, "banking77_train.csv")).Skip(1)
            .Select(l => l.Contains(',') ? l[..l.LastIndexOf(',')].Trim('"') : l)
            .Where(t => t.Length > 10).ToArray();
    }

    public PersonNames NamesOf(long person, string channel)
    {
        var first = Firsts[person % Firsts.Length];
        var last = Lasts[person / Firsts.Length % Lasts.Length];
        return channel switch
        {
            "email" => PersonNames.From(Cap(first) + " " + Cap(last), null, $"{first}.{last}{person % 97}@example.com"),
            "x" => PersonNames.From($"{char.ToUpperInvariant(first[0])}. {Cap(last)}", $"{first}_{last[..3]}{person % 89}", null),
            _ => PersonNames.From(Cap(first) + " " + Cap(last), null, null),
        };
    }

    public SyntheticMessage Message(long id, long at)
    {
        var person = _random.NextInt64(0, 5_000_000);
        var channel = Channels[_random.Next(Channels.Length)];
        var text = _texts[_random.Next(_texts.Length)];
        var decorated = _random.Next(3) switch
        {
            0 => $"{text} Order MA-{_random.Next(1_000_000, 9_999_999)}.",
            1 => $"{text} It's the {_random.Next(5, 900)}.{_random.Next(10, 99)} EUR payment, reference TX-{_random.Next(100_000, 999_999)}.",
            _ => text,
        };
        return new SyntheticMessage(id, person, channel, NamesOf(person, channel), decorated, at);
    }

    /// <summary>The same person on another channel, the request reworded slightly, the order number kept.</summary>
    public SyntheticMessage DuplicateOf(SyntheticMessage m, long id, long at)
    {
        var others = Channels.Where(c => c != m.Channel).ToArray();
        var channel = others[_random.Next(others.Length)];
        var words = m.Text.Split(' ').ToList();
        if (words.Count > 6) words.RemoveAt(_random.Next(1, words.Count - 3));
        var text = (_random.Next(2) == 0 ? "Hello, I need some help. " : "hi, ") + string.Join(' ', words) + " Still no answer!";
        return new SyntheticMessage(id, m.Person, channel, NamesOf(m.Person, channel), text, at);
    }

    private static string Cap(string s) => char.ToUpperInvariant(s[0]) + s[1..];
}
