using Inbox.Core.Duplicates;

namespace Inbox.Benchmarks.Duplicates;

/// <summary>One synthetic inbound conversation: who (person, and the customer record of that channel identity), where, what, when.</summary>
public sealed record SyntheticMessage(long Id, long Person, long Customer, string Channel, PersonNames Names, string Text, long At, SyntheticRequest Request)
{
    /// <summary>What the detector knows of the sender before any identity merge: one customer per person and channel.</summary>
    public static long CustomerOf(long person, string channel) => person * 8 + Array.IndexOf(SyntheticTraffic.Channels, channel);
}

/// <summary>
/// Synthetic inbound traffic over a 7-day window, in time order: people from a population of tens of
/// thousands of distinct names (SyntheticPeople) sending English and French requests (SyntheticRequests).
/// Some requests are repeated by their sender on another channel, reworded, minutes to hours later (true
/// duplicates); some are followed by other people with the same kind of request nearby in time (hard
/// negatives); a person may also send a different request later.
/// </summary>
public sealed class SyntheticTraffic
{
    public static readonly string[] Channels = ["email", "messenger", "whatsapp", "x", "instagram"];
    public const long WindowMs = 7 * 86_400_000L;
    private readonly Random _random;
    private readonly SyntheticRequests _requests;
    private readonly long _people;

    /// <param name="people">Population the senders come from (about 0.7 per message of the window: most people write once a week at most).</param>
    public SyntheticTraffic(string rawDir, long people, int seed = 42)
    {
        _random = new Random(seed);
        _requests = new SyntheticRequests(rawDir);
        _people = Math.Max(1_000, people);
    }

    public SyntheticRequests Requests => _requests;

    /// <summary>N messages spread evenly over the window ending at `now`: ~12% repeats of a recent request, ~10% same-kind requests by others.</summary>
    public List<SyntheticMessage> Window(int n, long now)
    {
        var messages = new List<SyntheticMessage>(n);
        for (var i = 0; i < n; i++)
        {
            var at = now - WindowMs + (long)((double)i / n * WindowMs);
            var roll = _random.Next(100);
            var recent = messages.Count > 0 ? messages[Math.Max(0, messages.Count - 1 - _random.Next(Math.Min(messages.Count, 400)))] : null;
            messages.Add(recent is null || roll >= 22 ? Message(i + 1, at)
                : roll < 12 ? DuplicateOf(recent, i + 1, at)
                : SameKindAs(recent, i + 1, at));
        }
        return messages;
    }

    /// <summary>A new request from someone of the population.</summary>
    public SyntheticMessage Message(long id, long at)
    {
        var person = _random.NextInt64(0, _people);
        return From(id, person, Channels[_random.Next(Channels.Length)], at, _requests.New(_random), null);
    }

    /// <summary>The same person, on another channel, with the same request reworded (order number sometimes kept).</summary>
    public SyntheticMessage DuplicateOf(SyntheticMessage m, long id, long at)
    {
        var others = Channels.Where(c => c != m.Channel).ToArray();
        var channel = others[_random.Next(others.Length)];
        return From(id, m.Person, channel, at, m.Request, _requests.Reword(m.Request, _random, channel));
    }

    /// <summary>A hard negative: someone else with the same kind of request, their own numbers.</summary>
    public SyntheticMessage SameKindAs(SyntheticMessage m, long id, long at)
    {
        var person = _random.NextInt64(0, _people);
        return From(id, person, Channels[_random.Next(Channels.Length)], at, _requests.SameKind(m.Request, _random), null);
    }

    private static SyntheticMessage From(long id, long person, string channel, long at, SyntheticRequest request, string? text) =>
        new(id, person, SyntheticMessage.CustomerOf(person, channel), channel, SyntheticPeople.NamesOf(person, channel), text ?? request.Text, at, request);
}
