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
        ByRole(a, b, FactKind.Duration, DurationsAgree, conflicts, _ => true);
        foreach (var currency in a.Of(FactKind.Amount).Select(f => f.Topic).Distinct())
            ByRole(a, b, FactKind.Amount, (x, y) => x.Key == y.Key, conflicts, f => f.Topic == currency);
        foreach (var prefix in a.Of(FactKind.Reference).Select(f => f.Topic).Distinct())
            Disjoint(a, b, FactKind.Reference, (x, y) => x.Key == y.Key, conflicts, f => f.Topic == prefix);
        foreach (var kind in new[] { FactKind.Date, FactKind.Percent, FactKind.Phone, FactKind.Email, FactKind.Procedure })
            Disjoint(a, b, kind, (x, y) => x.Key == y.Key, conflicts);
        return conflicts;
    }

    /// <summary>
    /// Compares a draft with a reference answer of the team's. Two answers to one request speak of one subject, but a
    /// reference speaks of its own and a draft of anything: so only delays and amounts whose clauses name the same role
    /// (a refund delay with a refund delay, in one currency) are compared, and the contact points the team gives (a
    /// phone number, an address). Decisions are left out: a refusal in one case does not contradict a stated policy.
    /// </summary>
    public static IReadOnlyList<Conflict> CompareWithReference(AnswerFacts reference, AnswerFacts draft)
    {
        reference = WithSubject(reference);
        var conflicts = new List<Conflict>();
        SameRole(reference, draft, FactKind.Duration, (_, _) => true, DurationsAgree, conflicts);
        SameRole(reference, draft, FactKind.Amount, (x, y) => x.Topic == y.Topic, (x, y) => x.Key == y.Key, conflicts);
        foreach (var kind in new[] { FactKind.Phone, FactKind.Email })
            Disjoint(reference, draft, kind, (x, y) => x.Key == y.Key, conflicts);
        return conflicts;
    }

    /// <summary>
    /// Whether an answer states something this reference speaks of, so that agreeing with it means something: a delay or
    /// an amount of the same role (and currency), or a phone number or address where the reference gives one.
    /// </summary>
    public static bool SpeaksOf(AnswerFacts reference, AnswerFacts answer)
    {
        reference = WithSubject(reference);
        bool Same(FactKind kind, Func<Fact, Fact, bool> comparable) =>
            reference.Of(kind).Any(x => x.Role != "" && answer.Of(kind).Any(y => y.Role == x.Role && comparable(x, y)));
        return Same(FactKind.Duration, (_, _) => true) || Same(FactKind.Amount, (x, y) => x.Topic == y.Topic)
            || new[] { FactKind.Phone, FactKind.Email }.Any(k => reference.Of(k).Any() && answer.Of(k).Any());
    }

    /// <summary>
    /// A reference answer is about one subject: a delay or an amount whose own clause names no role takes the role the
    /// reference names elsewhere, when it names only one ("Your refund is on its way: it shows within 5 working days").
    /// </summary>
    private static AnswerFacts WithSubject(AnswerFacts reference)
    {
        string? Subject((string Role, System.Text.RegularExpressions.Regex Pattern)[] roles) =>
            roles.Where(r => r.Pattern.IsMatch(reference.Text)).Select(r => r.Role).Distinct().ToList() is [var only] ? only : null;
        var (duration, amount) = (Subject(FactPatterns.DurationRoles), Subject(FactPatterns.AmountRoles));
        return reference with
        {
            Facts = reference.Facts.Select(f => f.Role != "" ? f : f.Kind switch
            {
                FactKind.Duration when duration is not null => f with { Role = duration },
                FactKind.Amount when amount is not null => f with { Role = amount },
                _ => f,
            }).ToList(),
        };
    }

    private static void SameRole(AnswerFacts a, AnswerFacts b, FactKind kind, Func<Fact, Fact, bool> comparable, Func<Fact, Fact, bool> agree, List<Conflict> into)
    {
        foreach (var role in a.Of(kind).Select(f => f.Role).Where(r => r != "").Distinct())
        {
            var rx = a.Of(kind).Where(x => x.Role == role).ToList();
            var ry = b.Of(kind).Where(y => y.Role == role && rx.Any(x => comparable(x, y))).ToList();
            if (ry.Count == 0 || rx.Any(x => ry.Any(y => comparable(x, y) && agree(x, y)))) continue;
            into.Add(new Conflict(kind, kind.ToString().ToLowerInvariant(), rx.First(x => comparable(x, ry[0])), ry[0]));
            return;
        }
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

    /// <summary>
    /// Delays and amounts are compared role by role (a refund delay with a refund delay); facts whose role is
    /// unclear agree with anything of their side. Two answers that only state facts of different roles are not compared.
    /// </summary>
    private static void ByRole(AnswerFacts a, AnswerFacts b, FactKind kind, Func<Fact, Fact, bool> agree, List<Conflict> into, Func<Fact, bool> where)
    {
        var xs = a.Of(kind).Where(where).ToList();
        var ys = b.Of(kind).Where(where).ToList();
        if (xs.Count == 0 || ys.Count == 0) return;
        var common = xs.Select(x => x.Role).Intersect(ys.Select(y => y.Role)).Where(r => r != "").ToList();
        if (common.Count == 0)
        {
            // Everything is compared with everything only when one side does not say what its figures are
            // about, or when each answer states a single figure (one request, one delay / one amount).
            if (xs.All(x => x.Role == "") || ys.All(y => y.Role == "") || xs.Count == 1 && ys.Count == 1) Disjoint(a, b, kind, agree, into, where);
            return;
        }
        foreach (var role in common)
        {
            var rx = xs.Where(x => x.Role == role || x.Role == "").ToList();
            var ry = ys.Where(y => y.Role == role || y.Role == "").ToList();
            if (rx.Any(x => ry.Any(y => agree(x, y)))) continue;
            into.Add(new Conflict(kind, kind.ToString().ToLowerInvariant(), rx.First(x => x.Role == role), ry.First(y => y.Role == role)));
            return;
        }
    }

    /// <summary>"5 jours ouvrés" = "5 business days"; "48h" = "2 days"; a week of business days ≈ 7 calendar days.</summary>
    public static bool DurationsAgree(Fact x, Fact y)
    {
        if (x.Business == y.Business) return Math.Abs(x.Value - y.Value) < 0.01;
        var (business, calendar) = x.Business ? (x, y) : (y, x);
        var days = calendar.Value / 24;
        return Math.Abs(days - business.Value) < 0.01 || Math.Abs(days - Math.Ceiling(business.Value * 7 / 5)) <= 1;
    }

    /// <summary>
    /// The answer's position per topic. A topic both granted and refused in one answer ("your refund is done;
    /// we can't refund the shipping fee") is mixed: it is not compared, and counts as a grant for the outcome.
    /// </summary>
    private static Dictionary<string, Fact> Positions(AnswerFacts f, out bool mixedGrant)
    {
        var byTopic = new Dictionary<string, Fact>();
        var mixed = new HashSet<string>();
        foreach (var d in f.Of(FactKind.Decision))
        {
            if (!byTopic.TryGetValue(d.Key, out var seen)) byTopic[d.Key] = d;
            else if (seen.Polarity != d.Polarity) mixed.Add(d.Key);
        }
        foreach (var m in mixed) byTopic.Remove(m);
        mixedGrant = mixed.Count > 0;
        return byTopic;
    }

    private static void Decisions(AnswerFacts a, AnswerFacts b, List<Conflict> into)
    {
        var pa = Positions(a, out var mixedA);
        var pb = Positions(b, out var mixedB);
        foreach (var (topic, x) in pa)
            if (pb.TryGetValue(topic, out var y) && x.Polarity != y.Polarity)
                into.Add(new Conflict(FactKind.Decision, topic, x, y));
        if (into.Count > 0) return;
        // One answer only refuses, the other grants something on a neighbouring topic
        // ("we can't treat it as fraud" against "we'll reimburse you"): still opposite outcomes.
        if (Outcome(a, pa, mixedA) is { } oa && Outcome(b, pb, mixedB) is { } ob && oa.Polarity != ob.Polarity)
            into.Add(new Conflict(FactKind.Decision, (oa.Polarity == true ? oa : ob).Key, oa, ob));
    }

    /// <summary>The answer's overall outcome when it is one-sided: only refusals, or only grants.</summary>
    private static Fact? Outcome(AnswerFacts f, Dictionary<string, Fact> positions, bool mixedGrant)
    {
        if (mixedGrant) return null;
        var granted = positions.Values.Where(d => d.Polarity == true).ToList();
        var refused = positions.Values.Where(d => d.Polarity == false).ToList();
        if (f.Refuses && granted.Count == 0) return refused.FirstOrDefault() ?? f.Refusal;
        if (!f.Refuses && granted.Count > 0) return granted[0];
        return null;
    }
}
