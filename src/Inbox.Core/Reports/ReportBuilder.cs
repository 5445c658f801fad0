using System.Data.Common;
using Dapper;
using Inbox.Core.Model;

namespace Inbox.Core.Reports;

/// <summary>
/// Computes the self-audit report from the base tables. A request is a conversation whose first inbound message
/// falls in [from, to); it is answered when a brand message follows; response time is first answer minus first
/// inbound; shares are of all requests. A cluster (the same request sent several times, often on several channels)
/// belongs to the period of its first request.
/// </summary>
public static class ReportBuilder
{
    public const long Day = 24 * 3600_000L, Week = 7 * Day;

    public static AuditReport Build(DbConnection c, long from, long to, string lang, long? campaignId = null)
    {
        var policy = ResponsePolicy.Load(c);
        var facts = RequestFacts.InPeriod(c, from, to);
        var clusters = ClustersOf(c, facts, from, to);
        var flagsAvailable = DivergenceSource.Available(c);
        var flags = DivergenceSource.Among(c, clusters.SelectMany(k => k).Select(f => f.ConversationId).ToHashSet(), from, lang);
        var sides = Sides(c, flags);
        var clusterOf = clusters.SelectMany(k => k.Select(f => (f.ConversationId, k.Key))).ToDictionary(x => x.ConversationId, x => x.Key);
        long? ClusterOf(DivergencePair f) => clusterOf.TryGetValue(sides[f.MessageA].ConversationId, out var k) ? k : null;
        var divergent = flags.Select(ClusterOf).OfType<long>().ToHashSet();
        var answers = GridReport.Answers(c, from, to, lang);

        return new AuditReport
        {
            From = from,
            To = to,
            Channels = PerChannel(facts, policy),
            Overall = Figures("all", facts, policy),
            Clusters = ClusterStats(clusters, divergent, flagsAvailable),
            Divergences = flags.Select(f => new DivergenceView(f.FlagId, ClusterOf(f), f.Explanation, f.Status, sides[f.MessageA], sides[f.MessageB])).ToList(),
            Weeks = Weeks(facts, clusters, divergent, policy, flagsAvailable),
            Grid = GridReport.Summarize(answers),
            Probes = Probes(c, campaignId, facts, clusters, divergent, policy, flagsAvailable, answers),
            Satisfaction = SatisfactionOf(c, facts, clusterOf, divergent),
            Tags = PerTag(c, facts, policy, clusterOf, divergent),
        };
    }

    /// <summary>The period's requests by tag: the topics whose answers are slow, missing or inconsistent.</summary>
    private static IReadOnlyList<TagFigures> PerTag(DbConnection c, IReadOnlyList<RequestFact> facts, ResponsePolicy policy,
        Dictionary<long, long> clusterOf, HashSet<long> divergent)
    {
        var byConversation = facts.ToDictionary(f => f.ConversationId);
        // Tags are few per conversation; read them all and keep the period's requests.
        var tagged = c.Query<(long ConversationId, string Tag)>("SELECT conversation_id, tag FROM conversation_tags")
            .Where(t => byConversation.ContainsKey(t.ConversationId)).ToLookup(t => t.Tag, t => byConversation[t.ConversationId]);
        return tagged.Select(g =>
            {
                var f = Figures("all", g.ToList(), policy);
                return new TagFigures
                {
                    Tag = g.Key, Requests = f.Requests, Answered = f.Answered, ResponseRate = f.ResponseRate, MedianMs = f.MedianMs,
                    WithinPolicyShare = f.WithinPolicyShare,
                    Divergent = g.Count(r => clusterOf.TryGetValue(r.ConversationId, out var k) && divergent.Contains(k)),
                };
            })
            .OrderByDescending(t => t.Requests).ThenBy(t => t.Tag, StringComparer.Ordinal).ToList();
    }

    /// <summary>The survey answers of the period's requests (the latest answer of each), split by divergence.</summary>
    private static SatisfactionFigures SatisfactionOf(DbConnection c, IReadOnlyList<RequestFact> facts, Dictionary<long, long> clusterOf, HashSet<long> divergent)
    {
        var requests = facts.Select(f => f.ConversationId).ToHashSet();
        // Surveys are few beside messages: read the rated ones and keep the period's.
        var rated = c.Query<(long ConversationId, string Rating)>(
                "SELECT conversation_id, rating FROM satisfaction_surveys WHERE rating IS NOT NULL ORDER BY id")
            .Where(r => requests.Contains(r.ConversationId))
            .GroupBy(r => r.ConversationId).Select(g => g.Last()).ToList();
        bool Divergent(long conversationId) => clusterOf.TryGetValue(conversationId, out var k) && divergent.Contains(k);
        var inDivergent = rated.Where(r => Divergent(r.ConversationId)).ToList();
        var others = rated.Where(r => !Divergent(r.ConversationId)).ToList();
        static int GoodOf(IEnumerable<(long, string Rating)> xs) => xs.Count(x => x.Rating == "good");
        return new SatisfactionFigures
        {
            Answers = rated.Count, Good = GoodOf(rated), GoodShare = Stats.Share(GoodOf(rated), rated.Count),
            DivergentAnswers = inDivergent.Count, DivergentGood = GoodOf(inDivergent), DivergentGoodShare = Stats.Share(GoodOf(inDivergent), inDivergent.Count),
            OtherAnswers = others.Count, OtherGood = GoodOf(others), OtherGoodShare = Stats.Share(GoodOf(others), others.Count),
        };
    }

    private static List<IGrouping<long, RequestFact>> ClustersOf(DbConnection c, IReadOnlyList<RequestFact> facts, long from, long to)
    {
        var ids = facts.Where(f => f.ClusterId is not null).Select(f => f.ClusterId!.Value).ToHashSet();
        return RequestFacts.ClusterMembers(c, ids, from, to).GroupBy(f => f.ClusterId!.Value)
            .Where(k => k.Count() >= 2 && k.Min(f => f.FirstIn) >= from && k.Min(f => f.FirstIn) < to)
            .OrderBy(k => k.Key).ToList();
    }

    private static IReadOnlyList<ChannelFigures> PerChannel(IReadOnlyList<RequestFact> facts, ResponsePolicy policy) =>
        facts.GroupBy(f => f.Channel).OrderBy(g => Order(g.Key))
            .Select(g => Figures(g.Key, g.ToList(), policy) with { PolicyMinutes = policy.Minutes(g.Key, false) }).ToList();

    private static int Order(string channel) => ChannelName.All.ToList().IndexOf(channel) is var i and >= 0 ? i : 99;

    public static ChannelFigures Figures(string channel, IReadOnlyList<RequestFact> facts, ResponsePolicy policy)
    {
        var times = facts.Where(f => f.ResponseMs is not null).Select(f => f.ResponseMs!.Value).ToList();
        var withinPolicy = facts.Count(f => f.FirstOut is { } answered && answered <= policy.DueAt(f.Channel, f.IsPublic, f.FirstIn));
        var within24h = times.Count(ms => ms <= Day);
        return new ChannelFigures
        {
            Channel = channel,
            Requests = facts.Count,
            Answered = times.Count,
            ResponseRate = Stats.Share(times.Count, facts.Count),
            MedianMs = Stats.Percentile(times, 0.5),
            P90Ms = Stats.Percentile(times, 0.9),
            WithinPolicy = withinPolicy,
            WithinPolicyShare = Stats.Share(withinPolicy, facts.Count),
            Within24h = within24h,
            Within24hShare = Stats.Share(within24h, facts.Count),
        };
    }

    public static ClusterFigures ClusterStats(IReadOnlyList<IGrouping<long, RequestFact>> clusters, IReadOnlySet<long> divergent, bool flagsAvailable)
    {
        var everywhere = clusters.Where(k => k.All(f => f.FirstOut is not null)).ToList();
        var consistent = everywhere.Count(k => !divergent.Contains(k.Key));
        return new ClusterFigures
        {
            Clusters = clusters.Count,
            MultiChannel = clusters.Count(k => k.Select(f => f.Channel).Distinct().Count() > 1),
            AnsweredEverywhere = everywhere.Count,
            AnsweredEverywhereShare = Stats.Share(everywhere.Count, clusters.Count),
            Consistent = flagsAvailable ? consistent : 0,
            ConsistentShare = flagsAvailable ? Stats.Share(consistent, clusters.Count) : null,
            Divergent = clusters.Count(k => divergent.Contains(k.Key)),
            FlagsAvailable = flagsAvailable,
        };
    }

    /// <summary>Monday 00:00 UTC of the week holding t.</summary>
    public static long WeekStart(long t)
    {
        var day = DateTimeOffset.FromUnixTimeMilliseconds(t).UtcDateTime.Date;
        var monday = day.AddDays(-(((int)day.DayOfWeek + 6) % 7));
        return new DateTimeOffset(monday, TimeSpan.Zero).ToUnixTimeMilliseconds();
    }

    private static IReadOnlyList<WeekFigures> Weeks(IReadOnlyList<RequestFact> facts, IReadOnlyList<IGrouping<long, RequestFact>> clusters,
        IReadOnlySet<long> divergent, ResponsePolicy policy, bool flagsAvailable)
    {
        if (facts.Count == 0) return [];
        var weeks = new List<WeekFigures>();
        var factsByWeek = facts.ToLookup(f => WeekStart(f.FirstIn));
        var clustersByWeek = clusters.ToLookup(g => WeekStart(g.Min(f => f.FirstIn)));
        for (var w = factsByWeek.Min(g => g.Key); w <= factsByWeek.Max(g => g.Key); w += Week)
        {
            var start = w;
            var inWeek = factsByWeek[start].ToList();
            var k = ClusterStats(clustersByWeek[start].ToList(), divergent, flagsAvailable);
            var fig = Figures("all", inWeek, policy);
            weeks.Add(new WeekFigures
            {
                WeekStart = start, Requests = fig.Requests, Answered = fig.Answered, ResponseRate = fig.ResponseRate,
                MedianMs = fig.MedianMs, P90Ms = fig.P90Ms, WithinPolicyShare = fig.WithinPolicyShare,
                Clusters = k.Clusters, AnsweredEverywhereShare = k.AnsweredEverywhereShare, ConsistentShare = k.ConsistentShare,
            });
        }
        return weeks;
    }

    private static ProbeScorecard? Probes(DbConnection c, long? campaignId, IReadOnlyList<RequestFact> facts, IReadOnlyList<IGrouping<long, RequestFact>> clusters,
        IReadOnlySet<long> divergent, ResponsePolicy policy, bool flagsAvailable, IReadOnlyList<GradedAnswer> answers)
    {
        var matches = ProbeCampaigns.Matches(c, campaignId);
        var probeIds = matches.Select(m => m.ConversationId).ToHashSet();
        var probeFacts = facts.Where(f => probeIds.Contains(f.ConversationId)).ToList();
        if (probeFacts.Count == 0) return null;
        return new ProbeScorecard
        {
            Campaigns = matches.Where(m => probeFacts.Exists(f => f.ConversationId == m.ConversationId)).Select(m => m.Campaign).Distinct().Order().ToList(),
            Overall = Figures("all", probeFacts, policy),
            Channels = PerChannel(probeFacts, policy),
            Clusters = ClusterStats(clusters.Where(k => k.Any(f => probeIds.Contains(f.ConversationId))).ToList(), divergent, flagsAvailable),
            Grid = GridReport.Summarize(answers.Where(a => probeIds.Contains(a.ConversationId)).ToList()),
        };
    }

    private static Dictionary<long, AnswerSide> Sides(DbConnection c, IReadOnlyList<DivergencePair> flags)
    {
        var ids = flags.SelectMany(f => new[] { f.MessageA, f.MessageB }).Distinct().ToList();
        if (ids.Count == 0) return [];
        return c.Query<AnswerSide>("""
            SELECT m.id AS MessageId, m.conversation_id AS ConversationId, m.channel AS Channel, a.display_name AS Agent, m.sent_at AS SentAt, m.text AS Text
            FROM messages m LEFT JOIN agents a ON a.id = m.agent_id WHERE m.id IN @ids
            """, new { ids }).ToDictionary(s => s.MessageId);
    }
}
