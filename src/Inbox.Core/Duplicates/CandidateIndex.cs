namespace Inbox.Core.Duplicates;

public sealed class DuplicateOptions
{
    /// <summary>How far back a request can be a duplicate of a new one (DESIGN.md: 7 days).</summary>
    public int WindowDays { get; set; } = 7;
    /// <summary>
    /// Link when the score reaches this many points (see DuplicateScorer): a full name agreeing (2.5) links unless
    /// the name is common enough to lose a tenth of a point; text alone (2 at most) never does. Scanned on the dev
    /// scenario: 2.4 gave the best F1 (down from 2.5 it added seven true pairs, an uncommon full name on two channels, and no wrong one).
    /// </summary>
    public double LinkThreshold { get; set; } = 2.4;
    /// <summary>How many candidates the index hands to the scorer per new message (case-token, customer and contact matches come on top when they are more than half of it).</summary>
    public int MaxCandidates { get; set; } = 40;
    /// <summary>Postings read per content word, newest first: bounds the work on common words at 1M messages.</summary>
    public int MaxPostingsPerToken { get; set; } = 300;
    /// <summary>Postings read per name part, newest first (names are the evidence most pairs rest on: read further).</summary>
    public int MaxPostingsPerName { get; set; } = 400;
    /// <summary>
    /// A request cluster holds at most one conversation per channel (a customer sends a request once per
    /// channel; a second conversation there is another request). Off: only two customers' accounts of one
    /// channel are kept apart, and the same customer's second thread on a channel can join.
    /// </summary>
    public bool OneConversationPerChannel { get; set; } = true;
}

/// <summary>
/// In-memory inverted index over the conversations of the window, keyed by rare tokens: specific tokens
/// (order numbers, emails, phones, and the contacts the platform vouches for), the customer, name parts
/// (with the edges of run-together handles and email local parts: "lguerin" also posts "guerin"), and
/// content words. Chosen over MinHash-LSH because support texts are short (a tweet is 5-10 content words,
/// too few for stable MinHash signatures) and the strongest evidence is exact tokens, which an inverted
/// index finds directly; a containment match (tweet inside a long email) also shares the tweet's rare words.
///
/// Case-token, customer and contact matches are always candidates; the rest are ranked by about the points
/// the scorer could give them (resembling names, a weak case token, the customer's mention of the other
/// channel, time proximity, the rarity-weighted share of content words) and the best MaxCandidates are scored.
/// Postings hold int slots (not conversation ids) and per-lookup scratch arrays are reused: a lookup allocates little.
/// Not thread-safe: the intake applies changes one event at a time (under a lock in DuplicateDetector).
/// </summary>
public sealed class CandidateIndex(DuplicateOptions options)
{
    private readonly Dictionary<long, ConversationDoc> _docs = [];
    private readonly List<ConversationDoc?> _slots = [];
    private readonly Dictionary<string, Postings> _postings = new(StringComparer.Ordinal);
    private readonly CandidateScratch _scratch = new();
    // Per-slot facts the first ranking stage needs, one struct per slot so that it reads one cache line and never
    // dereferences a document (at a million documents, memory misses are most of a lookup's time).
    private struct SlotFacts
    {
        public long FirstAt, LastAt;
        /// <summary>The document's word ids (ConversationDoc.WordIds), reached without reading the document.</summary>
        public int[] WordIds;
        public byte ChannelBit, NamedBits;
    }
    private SlotFacts[] _facts = new SlotFacts[1024];
    private readonly Dictionary<string, byte> _channelBits = new(StringComparer.Ordinal);
    private int _addsSinceSweep;
    private readonly List<Postings?> _byId = []; // postings by Id (null once swept empty)
    private long _oldest = long.MaxValue, _newest = long.MinValue;
    // Ranking only (what gets scored), not scoring: about what such evidence is worth to DuplicateScorer.
    private const int FirstStage = 3; // how many times MaxCandidates the first stage keeps for the exact name comparison
    private const double OneNamePoints = 0.5, TwoNamesPoints = 2.0, WeakTokenPoints = DuplicateScorer.SharedAmount;
    private const long Hour = 3_600_000;

    public int Count => _docs.Count;
    public long WindowMs => options.WindowDays * 86_400_000L;

    public ConversationDoc? Get(long conversationId) => _docs.GetValueOrDefault(conversationId);

    /// <summary>How common names and words are in this window (the scorer discounts a full name or a wording many strangers share).</summary>
    public WindowRarity Rarity => _rarity is { } r && r.Total == _docs.Count && r.SpanMs == _newest - _oldest ? r
        : _rarity = new(key => _postings.TryGetValue(key, out var p) ? p.Count : 0, _docs.Count, _newest - _oldest)
        {
            DocsWithWordId = id => id < _byId.Count && _byId[id] is { } p ? p.Count : 0,
        };
    private WindowRarity? _rarity; // one per index state: the scorer reads it for every candidate

    /// <summary>Adds one inbound message's text to its conversation's document (creating it on first sight).</summary>
    public ConversationDoc Add(long conversationId, long customerId, string channel, PersonNames names, IEnumerable<string> ownedContacts, NormalizedText text, long at)
    {
        if (!_docs.TryGetValue(conversationId, out var doc))
        {
            doc = new ConversationDoc { ConversationId = conversationId, CustomerId = customerId, Channel = channel, FirstAt = at, LastAt = at, Names = names, Slot = _slots.Count };
            _slots.Add(doc);
            _docs[conversationId] = doc;
            Post("c:" + customerId, doc.Slot);
            foreach (var key in NameKeys.Posted(names, channel)) Post(key, doc.Slot);
        }
        foreach (var contact in ownedContacts)
            if (doc.OwnedContacts.Add(contact)) Post("s:" + contact, doc.Slot);
        doc.Add(text, at);
        _oldest = Math.Min(_oldest, doc.FirstAt);
        _newest = Math.Max(_newest, at);
        // A day is never read from the index (it only supports a shared amount, which is): not posted either.
        foreach (var t in text.Specifics)
            if (!SpecificTokens.IsDate(t)) Post("s:" + t, doc.Slot);
        // Words are posted as the scorer compares them (concepts and stems): "charged" and "payment" meet on ~charge.
        foreach (var w in text.Words) doc.AddWordId(Post(Concepts.Canonical(w), doc.Slot).Id);
        SetFacts(doc);
        if (++_addsSinceSweep > Math.Max(10_000, _docs.Count / 2)) Sweep(at);
        return doc;
    }

    /// <summary>A merge moved a conversation to another customer.</summary>
    public void SetCustomer(long conversationId, long customerId)
    {
        if (!_docs.TryGetValue(conversationId, out var doc) || doc.CustomerId == customerId) return;
        doc.CustomerId = customerId;
        Post("c:" + customerId, doc.Slot);
    }

    /// <summary>The conversations worth scoring against this one: evidence matches first, then the best ranked (never itself, never outside the window).</summary>
    public List<ConversationDoc> Candidates(ConversationDoc query, long now)
    {
        var from = now - WindowMs;
        var s = _scratch;
        s.Begin();
        void Read(string token, float weight, float bonus, byte names, bool evidence, int cap)
        {
            if (_postings.TryGetValue(token, out var list)) ReadList(list, weight, bonus, names, evidence, cap);
        }
        void ReadList(Postings list, float weight, float bonus, byte names, bool evidence, int cap)
        {
            var items = list.Items;
            for (int i = list.Count - 1, n = 0; i >= 0 && n < cap; i--, n++)
                if (items[i] != query.Slot) s.Touch(items[i], weight, bonus, names, evidence);
        }

        foreach (var t in query.Specifics)
            if (SpecificTokens.IsStrong(t)) Read("s:" + t, 0, 0, 0, true, 1000);
            else if (!SpecificTokens.IsDate(t)) Read("s:" + t, 0, (float)WeakTokenPoints, 0, false, options.MaxPostingsPerToken);
        foreach (var t in query.OwnedContacts) Read("s:" + t, 0, 0, 0, true, 1000);
        Read("c:" + query.CustomerId, 0, 0, 0, true, 200);
        var total = Math.Max(1, _docs.Count);
        // How telling each name part is: a surname shared by few senders says more than a common first name.
        Span<double> partRarity = stackalloc double[8];
        foreach (var (key, part) in NameKeys.Read(query.Names))
        {
            var bit = Math.Min(part, 7);
            if (!_postings.TryGetValue(key, out var np) || np.Count == 0) continue;
            if (key.StartsWith("n:", StringComparison.Ordinal))
                partRarity[bit] = Math.Max(partRarity[bit], Math.Log(1.0 + total / (double)np.Count) / Math.Log(1.0 + total));
            ReadList(np, 0, 0, (byte)(1 << bit), false, options.MaxPostingsPerName);
        }
        // The same full name, or the same first name and surname initial, or first initial and surname: a full-name
        // match, ranked as two name parts (bits 6 and 7). A full surname reads only senders with the same one or an initial
        // (NameKeys.FullNameReads): the other surnames with that initial were a lookup's costliest reads at a million messages.
        foreach (var key in NameKeys.FullNameReads(query.Names))
        {
            Read(key, 0, 0, 0b1100_0000, false, options.MaxPostingsPerName);
            // The same on a channel the customer names ("I also wrote to you by email"): an older message there is found past a common name's newest postings.
            foreach (var named in query.ChannelsNamed)
                if (named != query.Channel) Read(NameKeys.OnChannel(key, named), 0, 0, 0b1100_0000, false, options.MaxPostingsPerName);
        }
        var queryWeight = 0.0;
        var rarest = int.MaxValue;
        // The query's words by id with their weight: a full-name match's shared words are counted exactly (common
        // words are read back to their newest postings only, and a namesake's older message may share them unseen).
        var queryWords = s.QueryWords;
        queryWords.Clear();
        // The query's distinct words as posted (concepts and stems, in order of first use): its own word ids.
        foreach (var id in query.WordIds)
        {
            if (_byId[id] is not { Count: > 0 } l) continue;
            rarest = Math.Min(rarest, l.Count);
            var idf = (float)Math.Log(1.0 + total / (double)l.Count);
            queryWeight += idf;
            ReadList(l, idf, 0, 0, false, options.MaxPostingsPerToken);
            queryWords.Set(id, idf);
        }
        float Shared(int[] wordIds)
        {
            var weight = 0f;
            foreach (var id in wordIds)
                if (queryWords.TryGetValue(id, out var idf)) weight += idf;
            return weight;
        }

        // Evidence matches always. The others need, unless the query has no words, some shared content word (or two
        // name parts). They are ranked by roughly the points they could reach (names, weak case tokens, a channel the
        // customer mentions, time proximity, plus up to MaxText for the share of the query's word weight they hold):
        // first with the number of name parts they share, then, for the best few, with how the names really compare
        // (PersonNames: "Marie Dupont" and "Marie Martin" share a part but conflict).
        // Both stages: weak case tokens, a channel the customer mentions, time proximity, the share of word weight.
        // Without a name in common, the text part loses what the scorer takes off wording strangers write every hour
        // (no pair shares a word rarer than the query's rarest, so this is never more than the scorer's discount):
        // in a busy window a template's clones then rank below an older look-alike that shares the sender's name.
        var common = rarest == int.MaxValue ? 0 : DuplicateScorer.Commonness(DuplicateScorer.PerHour(rarest, _newest - _oldest));
        double TextRank(CandidateScratch.Entry e, float weight) =>
            Math.Max(0, DuplicateScorer.MaxText * (queryWeight > 0 ? Math.Min(1, weight / queryWeight) : 0) - (e.Names == 0 ? common : 0));
        double NonNamePoints(CandidateScratch.Entry e, bool named, long firstAt, double text) =>
            e.Bonus + (named ? DuplicateScorer.ChannelReference : 0) + (Math.Abs(firstAt - query.FirstAt) <= Hour ? DuplicateScorer.NearBonus : 0) + text;
        var result = new List<ConversationDoc>();
        var first = s.First;
        first.Clear();
        var queryChannel = ChannelBit(query.Channel);
        byte queryNamed = 0;
        foreach (var c in query.ChannelsNamed) queryNamed |= ChannelBit(c);
        var exactChannels = _channelBits.Count <= 8;
        var firstSize = FirstStage * options.MaxCandidates;
        var touched = s.Touched;
        var ranks = s.Ranks(touched.Count);
        var buckets = s.Buckets;
        Array.Clear(buckets);
        // Pass 0: a slot that shares no content word and fewer than two name parts is not ranked when the query has
        // words (one name part alone is no request; a common first name's postings are most of a large window's
        // reads). The others' facts are asked for (pass 2 reads them) and, for two name parts or a weak case token
        // (an amount) in common, their word ids: their shared word weight is counted exactly (an older message
        // shares common words past their newest postings). The memory misses of a large window then overlap.
        var exact = s.Exact;
        exact.Clear();
        var needsWords = query.Words.Count > 0;
        for (var k = 0; k < touched.Count; k++)
        {
            ref var e = ref s.At(touched[k]);
            ranks[k].Bucket = 0;
            if (e.Evidence) continue;
            if (needsWords && e.Weight == 0 && System.Numerics.BitOperations.PopCount(e.Names) < 2)
            {
                ranks[k].Bucket = -1;
                continue;
            }
            Prefetch.Of(ref _facts[e.Slot]);
            if (System.Numerics.BitOperations.PopCount(e.Names) >= 2 || e.Bonus > 0) exact.Add(k);
        }
        foreach (var k in exact) Prefetch.Of(_facts[s.At(touched[k]).Slot].WordIds);
        // Pass 1, on what the postings said: evidence matches are taken; the others get the most they could reach
        // (with a mentioned channel and the hour bonus) and are bucketed by it.
        for (var k = 0; k < touched.Count; k++)
        {
            if (ranks[k].Bucket < 0) continue;
            ref var e = ref s.At(touched[k]);
            var slot = e.Slot;
            if (e.Evidence)
            {
                if (_facts[slot].LastAt >= from && _slots[slot] is { } d) result.Add(d);
                ranks[k].Bucket = -1;
                continue;
            }
            // Two name parts in common is enough to be ranked (a common word read past its newest postings may be all they share).
            var parts = System.Numerics.BitOperations.PopCount(e.Names);
            var namePoints = parts switch { 0 => 0, 1 => OneNamePoints + partRarity[System.Numerics.BitOperations.TrailingZeroCount(e.Names)], _ => TwoNamesPoints };
            var text = TextRank(e, parts >= 2 || e.Bonus > 0 ? Shared(_facts[slot].WordIds) : e.Weight);
            // One name part in common and a channel one side mentions: pass 2 counts the text exactly (below), so it may reach all of it.
            var ceiling = namePoints + e.Bonus + DuplicateScorer.ChannelReference + DuplicateScorer.NearBonus + (parts == 1 ? TextRank(e, (float)queryWeight) : text);
            var bucket = Math.Clamp((int)(ceiling * CandidateScratch.BucketsPerPoint), 0, buckets.Length - 1);
            ranks[k] = new CandidateScratch.Rank { Bucket = bucket, Ceiling = ceiling, Points = namePoints, Text = text };
            buckets[bucket]++;
        }
        // Pass 2, best ceilings first: a slot's facts (a memory miss each at a million documents) are read only while
        // its ceiling can beat the weakest of a full first stage; past that, nothing left can enter it.
        var order = s.Order(touched.Count);
        for (int b = buckets.Length - 1, at = 0; b >= 0; b--) (buckets[b], at) = (at, at + buckets[b]); // bucket → first index in order
        for (var k = 0; k < touched.Count; k++)
            if (ranks[k].Bucket >= 0) order[buckets[ranks[k].Bucket]++] = k;
        var ordered = buckets[0]; // after the fill, buckets[0] ends where the lowest bucket ends: the count of ranked slots
        for (var o = 0; o < ordered; o++)
        {
            var k = order[o];
            ref var r = ref ranks[k];
            if (first.Count == firstSize && first.TryPeek(out _, out var lowest) && r.Ceiling <= lowest)
            {
                if (r.Bucket < buckets.Length - 1 && (r.Bucket + 1) / CandidateScratch.BucketsPerPoint <= lowest) break; // the top bucket holds all above it
                continue;
            }
            ref var e = ref s.At(touched[k]);
            var slot = e.Slot;
            ref var f = ref _facts[slot];
            if (f.LastAt < from) continue;
            var named = exactChannels
                ? (queryNamed & f.ChannelBit) != 0 || (f.NamedBits & queryChannel) != 0
                : _slots[slot] is { } other && Mentions(query, other);
            // "I wrote to you on Messenger" and a Messenger sender with one of the name parts: an older message there
            // may share common words past their newest postings, so its shared word weight is counted exactly.
            var text = named && System.Numerics.BitOperations.PopCount(e.Names) == 1 ? TextRank(e, Shared(f.WordIds)) : r.Text;
            Keep(first, touched[k], r.Points + NonNamePoints(e, named, f.FirstAt, text), firstSize);
        }
        // Evidence matches count toward MaxCandidates, but at least half of it goes to ranked ones.
        var ranked = Math.Max(options.MaxCandidates / 2, options.MaxCandidates - result.Count);
        var best = s.Best;
        best.Clear();
        // The first stage's documents are scattered over the heap at a million documents, and each is two pointer
        // hops from its names and word ids: ask for every one's next hop before reading any (one round per hop).
        var slots = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_slots);
        foreach (var (position, _) in first.UnorderedItems) Prefetch.Of(ref slots[s.At(position).Slot]);
        foreach (var (position, _) in first.UnorderedItems) if (slots[s.At(position).Slot] is { } d) Prefetch.Object(d);
        foreach (var (position, _) in first.UnorderedItems)
            if (slots[s.At(position).Slot] is { } d)
            {
                Prefetch.Object(d.Names);
                Prefetch.Of(d.WordIds);
            }
        while (first.TryDequeue(out var position, out _))
        {
            ref var e = ref s.At(position);
            if (_slots[e.Slot] is not { } doc) continue;
            var names = e.Names == 0 ? 0 : DuplicateScorer.NamePoints(query.Names.Compare(doc.Names));
            var text = TextRank(e, Shared(doc.WordIds));
            Keep(best, doc, names + NonNamePoints(e, Mentions(query, doc), doc.FirstAt, text), ranked);
        }
        var top = new List<ConversationDoc>(best.Count);
        while (best.TryDequeue(out var d, out _)) top.Add(d);
        top.Reverse();
        result.AddRange(top);
        return result;
    }

    private void SetFacts(ConversationDoc doc)
    {
        var slot = doc.Slot;
        if (slot >= _facts.Length) Array.Resize(ref _facts, Math.Max(slot + 1, _facts.Length * 2));
        byte named = 0;
        foreach (var c in doc.ChannelsNamed) named |= ChannelBit(c);
        _facts[slot] = new SlotFacts { FirstAt = doc.FirstAt, LastAt = doc.LastAt, ChannelBit = ChannelBit(doc.Channel), NamedBits = named, WordIds = doc.WordIds };
    }

    /// <summary>One bit per channel name (0 past the eighth: then the documents themselves are checked).</summary>
    private byte ChannelBit(string channel)
    {
        if (_channelBits.TryGetValue(channel, out var bit)) return bit;
        bit = _channelBits.Count < 8 ? (byte)(1 << _channelBits.Count) : (byte)0;
        _channelBits[channel] = bit;
        return bit;
    }

    private static bool Mentions(ConversationDoc a, ConversationDoc b) => a.ChannelsNamed.Contains(b.Channel) || b.ChannelsNamed.Contains(a.Channel);

    private static void Keep<T>(PriorityQueue<T, double> queue, T doc, double rank, int size)
    {
        if (queue.Count < size) queue.Enqueue(doc, rank);
        else if (queue.TryPeek(out _, out var lowest) && rank > lowest) queue.EnqueueDequeue(doc, rank);
    }

    /// <summary>Drops conversations whose last message left the window and their postings, renumbering the slots (amortized: every ~N/2 adds).</summary>
    public void Sweep(long now)
    {
        _addsSinceSweep = 0;
        var from = now - WindowMs;
        if (!_docs.Values.Any(d => d.LastAt < from)) return;
        var remap = new int[_slots.Count];
        var live = new List<ConversationDoc?>(_docs.Count);
        for (var i = 0; i < _slots.Count; i++)
        {
            var doc = _slots[i];
            if (doc is null || doc.LastAt < from)
            {
                remap[i] = -1;
                if (doc is not null) _docs.Remove(doc.ConversationId);
                continue;
            }
            remap[i] = doc.Slot = live.Count;
            _facts[live.Count] = _facts[i];
            live.Add(doc);
        }
        Array.Clear(_facts, live.Count, _slots.Count - live.Count); // the freed slots' word ids
        _slots.Clear();
        _slots.AddRange(live);
        _oldest = live.Count == 0 ? long.MaxValue : live.Min(d => d!.FirstAt);
        var empty = new List<string>();
        foreach (var (token, list) in _postings)
            if (list.Remap(remap) == 0) empty.Add(token);
        foreach (var t in empty)
        {
            _byId[_postings[t].Id] = null;
            _postings.Remove(t);
        }
    }

    private Postings Post(string token, int slot)
    {
        if (!_postings.TryGetValue(token, out var list))
        {
            _postings[token] = list = new Postings { Id = _byId.Count };
            _byId.Add(list);
        }
        list.Add(slot);
        return list;
    }

    /// <summary>Slots in the order they were posted (newest last), each at most once in a row.</summary>
    private sealed class Postings
    {
        /// <summary>A number for the token, so that a document can keep its words as a few ints (ConversationDoc.WordIds).</summary>
        public int Id;
        public int[] Items = new int[2];
        public int Count;

        public void Add(int slot)
        {
            if (Count > 0 && Items[Count - 1] == slot) return;
            if (Count == Items.Length) Array.Resize(ref Items, Count < 1024 ? Count * 2 : Count + Count / 2);
            Items[Count++] = slot;
        }

        public int Remap(int[] remap)
        {
            var n = 0;
            for (var i = 0; i < Count; i++)
                if (remap[Items[i]] is var to && to >= 0 && (n == 0 || Items[n - 1] != to)) Items[n++] = to;
            Count = n;
            if (Items.Length > 8 && n < Items.Length / 4) Array.Resize(ref Items, Math.Max(2, n * 2));
            return n;
        }
    }
}
