namespace Inbox.Core.Duplicates;

public sealed record DuplicateScore(double Score, int TextSimilarity, IReadOnlyList<string> Evidence);

/// <summary>
/// How common things are in the window: how many documents carry an index key (a name part, a first name with a
/// surname initial, a canonical content word: see NameKeys and CandidateIndex), how many there are, the time they span.
/// </summary>
public sealed record WindowRarity(Func<string, int> Docs, int Total, long SpanMs)
{
    /// <summary>Documents carrying a word, by the id the index gave it (ConversationDoc.WordIds); 0 when not known.</summary>
    public Func<int, int> DocsWithWordId { get; init; } = _ => 0;
}

/// <summary>
/// Scores whether two conversations carry the same request. Text similarity says "same kind of request";
/// only case tokens (order numbers, emails, phones), the sender's identity and names say "same person and
/// same case". Each piece adds or removes points; the evidence list says in words what counted.
/// </summary>
public static class DuplicateScorer
{
    /// <summary>The most text similarity can add (100% similar, five or more content words each).</summary>
    public const double MaxText = 2.0;

    /// <summary>The later conversation names the earlier one's channel ("I also sent this on Twitter").</summary>
    public const double ChannelReference = 1.0;

    // Not `evidence ?? []`: its type is the list's, so that would be a new empty list per candidate.
    private static readonly IReadOnlyList<string> NoEvidence = [];

    /// <param name="explain">Say in words what counted (off while ranking candidates: formatting evidence for every
    /// candidate cost more than scoring it; the detector explains only the pairs it links).</param>
    public static DuplicateScore Score(ConversationDoc a, ConversationDoc b, bool sameCustomer, double? threshold = null, WindowRarity? rarity = null, bool explain = true)
    {
        var evidence = explain ? new List<string>() : null;
        double s = 0;
        // "Hello, I have a problem": nothing to compare yet (the request follows in the next chat message). Unless the
        // message is only a follow-up of a request on another channel ("Contacted you by email yesterday, nothing"):
        // then it is scored on who sent it and when, with no text to compare.
        if (NoRequest(a) || NoRequest(b))
        {
            var (empty, other) = NoRequest(a) ? (a, b) : (b, a);
            if (NoRequest(other) || other.Channel == empty.Channel || !empty.ChannelsNamed.Contains(other.Channel) || other.FirstAt > empty.FirstAt)
                return new DuplicateScore(double.NegativeInfinity, 0, ["no request text yet"]);
        }

        // Specific tokens: a shared order number is near-proof; two different order numbers say "two cases".
        // (Loops, not LINQ: this runs for every candidate, and allocations here were most of a lookup's garbage.)
        string? strongShared = null, amountShared = null, dateShared = null;
        foreach (var token in a.Specifics)
            if (b.Specifics.Contains(token))
            {
                if (SpecificTokens.IsStrong(token)) strongShared ??= token;
                else if (SpecificTokens.IsDate(token)) dateShared ??= token;
                else amountShared ??= token;
            }
        if (strongShared is not null)
        {
            s += 3;
            evidence?.Add($"same {Describe(strongShared)}");
        }
        else
        {
            // An amount is shared by strangers now and then (a price): support, not proof. A day alone is shared by many
            // (one person's two orders of the same day, everyone's payments of a busy day); with the amount it names
            // one payment ("the £1000.50 payment on February 23").
            if (amountShared is not null)
            {
                s += SharedAmount;
                evidence?.Add($"same {Describe(amountShared)}");
                if (dateShared is not null) { s += SharedDate; evidence?.Add($"same {Describe(dateShared)}"); }
            }
        }
        if (strongShared is null && Conflicting(a.Specifics, b.Specifics))
        {
            s -= 3;
            evidence?.Add("different reference numbers");
        }

        // Who: one known customer, or names/handles/email local parts that resemble each other.
        var names = a.Names.Compare(b.Names);
        if (sameCustomer) { s += 2.5; evidence?.Add("same customer"); }
        else
        {
            s += NamePoints(names);
            switch (names)
            {
                case NameMatch.Strong:
                    // In a large window a common full name is shared by strangers: "same name" then says less.
                    // With only an initial on one side, by how many senders an hour show the same: the first name and the
                    // surname's initial ("Sylvie D."), or the first name's initial and the surname ("L. Girard").
                    if (InitialOnly(a.Names, b.Names) || FirstInitialOnly(a.Names, b.Names))
                    {
                        var docs = InitialOnly(a.Names, b.Names) ? FirstAndInitialDocs(a.Names, b.Names, rarity) : InitialAndLastDocs(a.Names, b.Names, rarity);
                        var shown = PerHour(docs, rarity);
                        var commonShown = Commonness(shown);
                        s -= commonShown;
                        evidence?.Add(commonShown > 0 ? $"same name (common: ~{shown:0.#} an hour)" : "same name");
                        break;
                    }
                    var namesakes = ExpectedNamesakes(a.Names, b.Names, rarity);
                    var common = Commonness(namesakes);
                    s -= common;
                    evidence?.Add(common > 0 ? $"same name (common: ~{namesakes:0} namesakes in the window)" : "same name");
                    break;
                case NameMatch.Surname or NameMatch.FirstName:
                    // A surname (or first name) alone is shared by strangers every hour in a busy window.
                    var word = names == NameMatch.Surname ? "surname" : "first name";
                    var perHour = PerHour(SharedNameDocs(a.Names, b.Names, names, rarity), rarity);
                    var commonName = Math.Min(NamePoints(names), Commonness(perHour));
                    s -= commonName;
                    evidence?.Add(commonName > 0 ? $"same {word} (common: ~{perHour:0.#} an hour)" : $"same {word}");
                    break;
                case NameMatch.Weak: evidence?.Add("similar name"); break;
            }
            // Two different accounts on one platform are usually two people.
            if (a.Channel == b.Channel) s -= 1;
        }
        var sharedContact = Shares(a.OwnedContacts, b.OwnedContacts) || Shares(a.OwnedContacts, b.Specifics) || Shares(b.OwnedContacts, a.Specifics);
        if (sharedContact && !sameCustomer) { s += 2; evidence?.Add("same email address or phone number"); }

        // The customer says it: "I also sent this on Twitter".
        var (earlier, later) = a.FirstAt <= b.FirstAt ? (a, b) : (b, a);
        if (later.ChannelsNamed.Contains(earlier.Channel) && earlier.Channel != later.Channel)
        {
            s += ChannelReference;
            evidence?.Add($"refers to a message on {earlier.Channel}");
            // "... on Twitter yesterday": the earlier copy must be about that old.
            if (later.RemarkAgo is { } remark)
            {
                var ago = remark.At - earlier.FirstAt;
                if (remark.Window.Contains(ago)) { s += RemarkTimeFits; evidence?.Add($"sent {Gap(ago)} before, as the customer says"); }
                else s -= ChannelReference;
            }
        }

        var gap = Math.Abs(a.FirstAt - b.FirstAt);
        if (gap <= 3_600_000) s += NearBonus;
        else if (gap > 3 * 86_400_000L) s -= 0.3;

        double TextPoints(int similarity) => DuplicateScorer.TextPoints(similarity, a, b);
        // The text can add at most MaxText points: when even a perfect match cannot reach the threshold,
        // FuzzySharp is not called (this is what keeps a lookup cheap; the outcome is the same).
        var reachable = s + MaxText + (later.ChannelsNamed.Contains(earlier.Channel) ? OnlyMatchBonus : 0);
        if (threshold is { } t && reachable < t) return new DuplicateScore(s, 0, evidence ?? NoEvidence);
        // Nor when TextBound's ceiling of the similarity cannot reach it (exact too; the score returned stays below
        // the threshold). Not on a channel the customer named: PreferOnlyMatch compares those similarities.
        if (threshold is { } t2 && a.Words.Count > 0 && b.Words.Count > 0 && !a.ChannelsNamed.Contains(b.Channel) && !b.ChannelsNamed.Contains(a.Channel)
            && TextBound.TokenSetRatioCeiling(a, b) is var ceiling && s + TextPoints(ceiling) < t2)
            return new DuplicateScore(Math.Min(s, s + TextPoints(ceiling)), 0, evidence ?? NoEvidence);
        // Text: token-set similarity copes with a short tweet against a long email, but a short text matches
        // too easily, so its weight grows with the number of content words the shorter side has. Different
        // people often write the very same sentence: text alone (2 points at most) stays below the threshold.
        // It needs the sender, a case token, the customer's own mention of the other channel, or (the one
        // weak spot) arriving within the hour: the same long sentence twice in an hour (2 + 0.5) reaches the
        // threshold (2.4), which the scenarios show is far more often one person than two.
        var text = a.Words.Count == 0 || b.Words.Count == 0 ? 0 : TokenSetRatio.Compute(a.Content, b.Content);
        var textPoints = TextPoints(text);
        s += textPoints;
        if (text >= 60) evidence?.Add($"text {text}% similar");
        // In a busy window strangers write these very words every hour (an outage, a template): text alike then
        // says "same kind of request", not "same person". Discounted like a common name, never below nothing.
        // Counted only when the pair could still link (the count reads the index once per shared word).
        var couldLink = threshold is not { } t3 || s + (later.ChannelsNamed.Contains(earlier.Channel) ? OnlyMatchBonus : 0) >= t3;
        if (textPoints > 0 && couldLink && ExpectedLookAlikesPerHour(a, b, rarity) is var lookAlikes && lookAlikes > 0.5)
        {
            var common = Math.Min(textPoints, Commonness(lookAlikes));
            s -= common;
            evidence?.Add($"common wording (~{lookAlikes:0.#} such messages an hour)");
        }

        evidence?.Add(Gap(gap) + " apart");
        return new DuplicateScore(s, text, evidence ?? NoEvidence);
    }

    private static bool NoRequest(ConversationDoc d) => d.Words.Count == 0 && d.Specifics.Count == 0;

    /// <summary>What a text similarity is worth: nothing at 60%, up to MaxText at 100%, less when the shorter side has under five content words.</summary>
    internal static double TextPoints(int similarity, ConversationDoc a, ConversationDoc b) =>
        (similarity / 100.0 - 0.6) * 5 * Math.Min(1.0, Math.Min(a.DistinctWords, b.DistinctWords) / 5.0);

    /// <summary>What <see cref="PreferOnlyMatch"/> adds to the one clear match on a channel the customer named.</summary>
    public const double OnlyMatchBonus = 0.8;

    /// <summary>The customer's remark says when the other copy went, and the earlier conversation fits.</summary>
    public const double RemarkTimeFits = 0.5;

    /// <summary>
    /// What the name evidence is worth (the candidate index ranks with the same points): a full name agreeing
    /// is near proof of one person, a surname or a first name alone much less (common first names make that
    /// weak), and two different names say "two people".
    /// </summary>
    public static double NamePoints(NameMatch match) => match switch
    {
        NameMatch.Strong => StrongName,
        NameMatch.Surname => 1.5,
        NameMatch.FirstName or NameMatch.Weak => 0.5,
        NameMatch.Conflict => -3,
        _ => 0,
    };

    /// <summary>Both name the same amount (and the same day with it), and no case token.</summary>
    public const double SharedAmount = 0.7, SharedDate = 0.5;

    /// <summary>Both requests arrived within the hour.</summary>
    public const double NearBonus = 0.5;

    /// <summary>First and last name agree (or a first name and the surname's initial).</summary>
    public const double StrongName = 2.5;

    /// <summary>
    /// "I also sent this on Twitter": the customer says an earlier copy exists on that channel. When exactly one
    /// earlier conversation there reads clearly like this one (no rival within 10 points of text similarity),
    /// it is that copy, even under a pseudonym; this is the comparison an agent makes by hand.
    /// </summary>
    public static void PreferOnlyMatch(ConversationDoc doc, List<(ConversationDoc Other, DuplicateScore Score)> scored)
    {
        foreach (var channel in doc.ChannelsNamed)
        {
            if (channel == doc.Channel) continue;
            var there = scored.Select((h, i) => (h, i))
                .Where(x => x.h.Other.Channel == channel && x.h.Other.FirstAt <= doc.LastAt
                    && (doc.RemarkAgo is not { } r || r.Window.Contains(r.At - x.h.Other.FirstAt)))
                .OrderByDescending(x => x.h.Score.TextSimilarity).Take(2).ToList();
            if (there.Count == 0 || there[0].h.Score.TextSimilarity < 75) continue;
            if (there.Count == 2 && there[1].h.Score.TextSimilarity > there[0].h.Score.TextSimilarity - 10) continue;
            var (best, at) = there[0];
            scored[at] = (best.Other, best.Score with
            {
                Score = best.Score.Score + OnlyMatchBonus,
                Evidence = [.. best.Score.Evidence, $"the only similar message on {channel}"],
            });
        }
    }

    /// <summary>
    /// How many other people in the window are expected to carry this full name, taking first and last names
    /// as independent: (documents with the first name × documents with the last name) / documents.
    /// </summary>
    public static double ExpectedNamesakes(PersonNames a, PersonNames b, WindowRarity? rarity)
    {
        if (rarity is null || rarity.Total == 0 || (a.First ?? b.First) is not { } first || (a.Last ?? b.Last) is not { } last) return 0;
        return rarity.Docs(NameKeys.Part(first)) * (double)rarity.Docs(NameKeys.Part(last)) / rarity.Total;
    }

    private static bool InitialOnly(PersonNames a, PersonNames b) => a.LastInitial is not null || b.LastInitial is not null;

    private static bool FirstInitialOnly(PersonNames a, PersonNames b) => (a.First is null && a.FirstInitial is not null) || (b.First is null && b.FirstInitial is not null);

    /// <summary>Documents showing this first initial and surname (both "L. Girard" and "Li Girard" post it).</summary>
    private static int InitialAndLastDocs(PersonNames a, PersonNames b, WindowRarity? rarity) =>
        rarity is not null && (a.Last ?? b.Last) is { } last && (a.FirstInitial ?? b.FirstInitial ?? a.First?[0] ?? b.First?[0]) is { } initial
            ? rarity.Docs(NameKeys.InitialAndLast(initial, last, fullFirst: false)) + rarity.Docs(NameKeys.InitialAndLast(initial, last, fullFirst: true)) : 0;

    /// <summary>
    /// Documents showing this first name and surname initial. Counted as a rate, not as expected namesakes: one
    /// person's own few conversations already make a common first name with an initial look shared in a small window.
    /// </summary>
    private static int FirstAndInitialDocs(PersonNames a, PersonNames b, WindowRarity? rarity) =>
        rarity is not null && (a.First ?? b.First) is { } first && (a.Last?[0] ?? b.Last?[0] ?? a.LastInitial ?? b.LastInitial) is { } initial
            ? rarity.Docs(NameKeys.FirstAndInitial(first, initial, fullSurname: false)) + rarity.Docs(NameKeys.FirstAndInitial(first, initial, fullSurname: true)) : 0;

    /// <summary>How many other messages an hour carry the rarest content word the two texts share: an upper bound on how often strangers write this text.</summary>
    public static double ExpectedLookAlikesPerHour(ConversationDoc a, ConversationDoc b, WindowRarity? rarity)
    {
        if (rarity is null || rarity.Total == 0) return 0;
        var rarest = int.MaxValue;
        foreach (var id in a.WordIds)
            if (Array.IndexOf(b.WordIds, id) >= 0) rarest = Math.Min(rarest, rarity.DocsWithWordId(id));
        return rarest == int.MaxValue ? 0 : PerHour(rarest, rarity);
    }

    /// <summary>Documents of the window carrying a count of a thing both sides have, as other messages an hour (the pair itself left out); the traffic rate is taken over the window's span, a day at least (a young index has too little history to tell a busy hour).</summary>
    private static double PerHour(int docs, WindowRarity? rarity) => rarity is null ? 0 : PerHour(docs, rarity.SpanMs);

    internal static double PerHour(int docs, long spanMs) => Math.Max(0, docs - 2) * 3_600_000.0 / Math.Max(86_400_000L, spanMs);

    /// <summary>What evidence shared by this many strangers an hour loses: nothing below one every two hours, at most 1.5 points.</summary>
    internal static double Commonness(double perHour) => Math.Clamp(Math.Log2(perHour / 0.5) * 0.75, 0, 1.5);

    /// <summary>Documents carrying the name word the two sides share at this level.</summary>
    private static int SharedNameDocs(PersonNames a, PersonNames b, NameMatch level, WindowRarity? rarity)
    {
        if (rarity is null) return 0;
        var word = level == NameMatch.Surname ? a.Last ?? b.Last : a.First ?? b.First;
        return word is null ? 0 : rarity.Docs(NameKeys.Part(word));
    }

    /// <summary>Each side names its own reference of one kind (an order number the other lacks, and the other's own).</summary>
    private static bool Conflicting(HashSet<string> a, HashSet<string> b)
    {
        foreach (var t in a)
        {
            if (b.Contains(t) || !IsReferenceKind(t)) continue;
            foreach (var u in b)
                if (!a.Contains(u) && SameKind(t, u)) return true;
        }
        return false;
    }

    private static bool IsReferenceKind(string token) =>
        token.StartsWith("ref:", StringComparison.Ordinal) || token.StartsWith("num:", StringComparison.Ordinal) || token.StartsWith("card:", StringComparison.Ordinal);

    private static bool Shares(HashSet<string> a, HashSet<string> b)
    {
        if (a.Count == 0 || b.Count == 0) return false;
        foreach (var t in a.Count <= b.Count ? a : b)
            if ((a.Count <= b.Count ? b : a).Contains(t)) return true;
        return false;
    }

    private static bool SameKind(string t, string u)
    {
        var kt = SpecificTokens.KindOf(t);
        if (!kt.SequenceEqual(SpecificTokens.KindOf(u))) return false;
        if (!kt.SequenceEqual("ref")) return true;
        // References of one family (MA-…, TX-…) conflict; an order number and a transfer reference do not.
        return LetterPrefix(SpecificTokens.ValueOf(t)).SequenceEqual(LetterPrefix(SpecificTokens.ValueOf(u)));
    }

    private static ReadOnlySpan<char> LetterPrefix(ReadOnlySpan<char> value)
    {
        var n = 0;
        while (n < value.Length && char.IsLetter(value[n])) n++;
        return value[..n];
    }

    public static string Describe(string token) => SpecificTokens.Kind(token) switch
    {
        "ref" => "reference " + SpecificTokens.Value(token),
        "num" => "number " + SpecificTokens.Value(token),
        "email" => "email address " + SpecificTokens.Value(token),
        "phone" => "phone number …" + SpecificTokens.Value(token),
        "card" => "card ending " + SpecificTokens.Value(token),
        "amount" => "amount " + SpecificTokens.Value(token),
        "date" => "date (" + SpecificTokens.Value(token) + ")",
        _ => token,
    };

    public static string Gap(long ms) => ms switch
    {
        < 120_000 => $"{ms / 1000} s",
        < 7_200_000 => $"{ms / 60_000} min",
        < 172_800_000 => $"{ms / 3_600_000} h",
        _ => $"{ms / 86_400_000} days",
    };
}
