namespace Inbox.Core.Consistency;

/// <summary>One contradiction between two answers: what kind of fact, and the phrase on each side.</summary>
public sealed record Conflict(FactKind Kind, string Topic, Fact A, Fact B);

/// <summary>
/// Compares two answers given to one request. Only a contradiction counts: a fact present on one side
/// only (an amount, a URL) is not one, and the same facts in other words are not flagged.
/// </summary>
public static class AnswerComparer
{
    public static IReadOnlyList<Conflict> Compare(AnswerFacts a, AnswerFacts b)
    {
        var conflicts = new List<Conflict>();
        Decisions(a, b, conflicts);
        Disjoint(a, b, FactKind.Duration, DurationsAgree, conflicts);
        foreach (var currency in a.Of(FactKind.Amount).Select(f => f.Topic).Distinct())
            Disjoint(a, b, FactKind.Amount, (x, y) => x.Key == y.Key, conflicts, f => f.Topic == currency);
        foreach (var prefix in a.Of(FactKind.Reference).Select(f => f.Topic).Distinct())
            Disjoint(a, b, FactKind.Reference, (x, y) => x.Key == y.Key, conflicts, f => f.Topic == prefix);
        foreach (var kind in new[] { FactKind.Date, FactKind.Percent, FactKind.Phone, FactKind.Email, FactKind.Procedure })
            Disjoint(a, b, kind, (x, y) => x.Key == y.Key, conflicts);
        return conflicts;
    }

    /// <summary>Both answers state facts of this kind and none of them agree.</summary>
    private static void Disjoint(AnswerFacts a, AnswerFacts b, FactKind kind, Func<Fact, Fact, bool> agree, List<Conflict> into, Func<Fact, bool>? where = null)
    {
        var xs = a.Of(kind).Where(where ?? (_ => true)).ToList();
        var ys = b.Of(kind).Where(where ?? (_ => true)).ToList();
        if (xs.Count == 0 || ys.Count == 0) return;
        if (xs.Any(x => ys.Any(y => agree(x, y)))) return;
        into.Add(new Conflict(kind, kind.ToString().ToLowerInvariant(), xs[0], ys[0]));
    }

    /// <summary>"5 jours ouvrés" = "5 business days"; "48h" = "2 days"; a week of business days ≈ 7 calendar days.</summary>
    public static bool DurationsAgree(Fact x, Fact y)
    {
        if (x.Business == y.Business) return Math.Abs(x.Value - y.Value) < 0.01;
        var (business, calendar) = x.Business ? (x, y) : (y, x);
        var days = calendar.Value / 24;
        return Math.Abs(days - business.Value) < 0.01 || Math.Abs(days - Math.Ceiling(business.Value * 7 / 5)) <= 1;
    }

    /// <summary>Per topic, a refusal anywhere in the answer wins over a mention ("we can't refund: refund requests are closed").</summary>
    private static Dictionary<string, Fact> Positions(AnswerFacts f)
    {
        var byTopic = new Dictionary<string, Fact>();
        foreach (var d in f.Of(FactKind.Decision))
            if (!byTopic.TryGetValue(d.Key, out var seen) || seen.Polarity == true && d.Polarity == false) byTopic[d.Key] = d;
        return byTopic;
    }

    private static void Decisions(AnswerFacts a, AnswerFacts b, List<Conflict> into)
    {
        var pa = Positions(a);
        var pb = Positions(b);
        foreach (var (topic, x) in pa)
            if (pb.TryGetValue(topic, out var y) && x.Polarity != y.Polarity)
                into.Add(new Conflict(FactKind.Decision, topic, x, y));
        if (into.Count > 0) return;
        // One answer only refuses, the other grants something on a neighbouring topic
        // ("we can't treat it as fraud" against "we'll reimburse you"): still opposite outcomes.
        if (Outcome(a, pa) is { } oa && Outcome(b, pb) is { } ob && oa.Polarity != ob.Polarity)
            into.Add(new Conflict(FactKind.Decision, (oa.Polarity == true ? oa : ob).Key, oa, ob));
    }

    /// <summary>The answer's overall outcome when it is one-sided: only refusals, or only grants.</summary>
    private static Fact? Outcome(AnswerFacts f, Dictionary<string, Fact> positions)
    {
        var granted = positions.Values.Where(d => d.Polarity == true).ToList();
        var refused = positions.Values.Where(d => d.Polarity == false).ToList();
        if (f.Refuses && granted.Count == 0) return refused.FirstOrDefault() ?? f.Refusal;
        if (!f.Refuses && granted.Count > 0) return granted[0];
        return null;
    }
}
