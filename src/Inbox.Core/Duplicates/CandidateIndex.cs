namespace Inbox.Core.Duplicates;

public sealed class DuplicateOptions
{
    /// <summary>How far back a request can be a duplicate of a new one (DESIGN.md: 7 days).</summary>
    public int WindowDays { get; set; } = 7;
    /// <summary>Link when the score reaches this many points (see DuplicateScorer).</summary>
    public double LinkThreshold { get; set; } = 2.5;
    /// <summary>How many candidates the index hands to FuzzySharp per new message.</summary>
    public int MaxCandidates { get; set; } = 48;
    /// <summary>Postings read per token, newest first: bounds the work on common words at 1M messages.</summary>
    public int MaxPostingsPerToken { get; set; } = 1500;
    /// <summary>
    /// A request cluster holds at most one conversation per channel (a customer sends a request once per
    /// channel; a second conversation there is another request). Off: only two customers' accounts of one
    /// channel are kept apart, and the same customer's second thread on a channel can join.
    /// </summary>
    public bool OneConversationPerChannel { get; set; } = true;
}

/// <summary>
/// In-memory inverted index over the conversations of the window, keyed by rare tokens: specific tokens
/// (order numbers, emails, phones), name parts, the customer, and the rarest content words.
/// Chosen over MinHash-LSH because support texts are short (a tweet is 5-10 content words, too few for
/// stable MinHash signatures) and the strongest evidence is exact tokens, which an inverted index finds
/// directly; a containment match (tweet inside a long email) also shares the tweet's rare words.
/// Work per lookup is bounded: at most MaxPostingsPerToken newest postings of at most 8 content words.
/// Not thread-safe: the intake applies changes one event at a time (under a lock in DuplicateDetector).
/// </summary>
public sealed class CandidateIndex(DuplicateOptions options)
{
    private readonly Dictionary<long, ConversationDoc> _docs = [];
    private readonly Dictionary<string, List<long>> _postings = new(StringComparer.Ordinal);
    private int _addsSinceSweep;

    public int Count => _docs.Count;
    public long WindowMs => options.WindowDays * 86_400_000L;

    public ConversationDoc? Get(long conversationId) => _docs.GetValueOrDefault(conversationId);

    /// <summary>Adds one inbound message's text to its conversation's document (creating it on first sight).</summary>
    public ConversationDoc Add(long conversationId, long customerId, string channel, PersonNames names, IEnumerable<string> ownedContacts, NormalizedText text, long at)
    {
        if (!_docs.TryGetValue(conversationId, out var doc))
        {
            doc = new ConversationDoc { ConversationId = conversationId, CustomerId = customerId, Channel = channel, FirstAt = at, LastAt = at, Names = names };
            _docs[conversationId] = doc;
            Post("c:" + customerId, conversationId);
            foreach (var part in names.Parts.Where(p => p.Length >= 3)) Post("n:" + part, conversationId);
        }
        doc.OwnedContacts.UnionWith(ownedContacts);
        doc.Add(text, at);
        foreach (var t in text.Specifics) Post("s:" + t, conversationId);
        foreach (var w in text.Words.Distinct()) Post(w, conversationId);
        if (++_addsSinceSweep > Math.Max(10_000, _docs.Count / 2)) Sweep(at);
        return doc;
    }

    /// <summary>A merge moved a conversation to another customer.</summary>
    public void SetCustomer(long conversationId, long customerId)
    {
        if (!_docs.TryGetValue(conversationId, out var doc) || doc.CustomerId == customerId) return;
        doc.CustomerId = customerId;
        Post("c:" + customerId, conversationId);
    }

    /// <summary>The conversations most worth scoring against this one, best first (never itself, never outside the window).</summary>
    public List<ConversationDoc> Candidates(ConversationDoc query, long now)
    {
        var from = now - WindowMs;
        var weights = new Dictionary<long, double>();
        void Read(string token, double weight, int cap)
        {
            if (!_postings.TryGetValue(token, out var list)) return;
            for (int i = list.Count - 1, n = 0; i >= 0 && n < cap; i--, n++)
            {
                var id = list[i];
                if (id == query.ConversationId) continue;
                weights[id] = weights.GetValueOrDefault(id) + weight;
            }
        }

        foreach (var t in query.Specifics) Read("s:" + t, SpecificTokens.IsStrong(t) ? 10 : 1, options.MaxPostingsPerToken);
        Read("c:" + query.CustomerId, 4, 200);
        var total = Math.Max(1, _docs.Count);
        // A rare surname says more than a common first name: name parts weigh by their rarity, like words.
        foreach (var part in query.Names.Parts.Where(p => p.Length >= 3))
            if (_postings.TryGetValue("n:" + part, out var named))
                Read("n:" + part, 1 + Math.Log(1.0 + total / (double)named.Count), options.MaxPostingsPerToken);
        var rare = query.Words.Distinct()
            .Select(w => (Word: w, Df: _postings.TryGetValue(w, out var l) ? l.Count : 0))
            .Where(x => x.Df > 0)
            .OrderBy(x => x.Df).Take(8);
        foreach (var (word, df) in rare) Read(word, Math.Log(1.0 + total / (double)df), options.MaxPostingsPerToken);

        // The best MaxCandidates by weight, without sorting everything that was touched.
        var best = new PriorityQueue<ConversationDoc, double>(options.MaxCandidates + 1);
        foreach (var (id, weight) in weights)
        {
            if (best.Count == options.MaxCandidates && best.TryPeek(out _, out var lowest) && weight <= lowest) continue;
            if (!_docs.TryGetValue(id, out var doc) || doc.LastAt < from) continue;
            if (best.Count < options.MaxCandidates) best.Enqueue(doc, weight);
            else best.EnqueueDequeue(doc, weight);
        }
        var result = new List<ConversationDoc>(best.Count);
        while (best.TryDequeue(out var d, out _)) result.Add(d);
        result.Reverse();
        return result;
    }

    /// <summary>Drops conversations whose last message left the window, and their postings (amortized: every ~N/2 adds).</summary>
    public void Sweep(long now)
    {
        _addsSinceSweep = 0;
        var from = now - WindowMs;
        var expired = _docs.Values.Where(d => d.LastAt < from).Select(d => d.ConversationId).ToHashSet();
        if (expired.Count == 0) return;
        foreach (var id in expired) _docs.Remove(id);
        var empty = new List<string>();
        foreach (var (token, list) in _postings)
        {
            list.RemoveAll(expired.Contains);
            if (list.Count == 0) empty.Add(token);
        }
        foreach (var t in empty) _postings.Remove(t);
    }

    private void Post(string token, long conversationId)
    {
        if (!_postings.TryGetValue(token, out var list)) _postings[token] = list = [];
        if (list.Count == 0 || list[^1] != conversationId) list.Add(conversationId);
    }
}
