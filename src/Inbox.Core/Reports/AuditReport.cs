namespace Inbox.Core.Reports;

/// <summary>The self-audit report of a period: what a mystery-shopper barometer would measure, measured from inside.</summary>
public sealed record AuditReport
{
    public long From { get; init; }
    public long To { get; init; }
    public IReadOnlyList<ChannelFigures> Channels { get; init; } = [];
    public ChannelFigures Overall { get; init; } = new();
    public ClusterFigures Clusters { get; init; } = new();
    public IReadOnlyList<DivergenceView> Divergences { get; init; } = [];
    public IReadOnlyList<WeekFigures> Weeks { get; init; } = [];
    public GridSummary Grid { get; init; } = new();
    /// <summary>The same figures for the brand's own mystery testers alone (null when no campaign matches).</summary>
    public ProbeScorecard? Probes { get; init; }
    public SatisfactionFigures Satisfaction { get; init; } = new();
    /// <summary>The period's requests by the agents' tags (a request with two tags counts in both), the most frequent first.</summary>
    public IReadOnlyList<TagFigures> Tags { get; init; } = [];
}

/// <summary>The requests of one tag ("refund", "delivery"): how they were answered, and how many were answered differently across channels.</summary>
public sealed record TagFigures
{
    public string Tag { get; init; } = "";
    public int Requests { get; init; }
    public int Answered { get; init; }
    public double? ResponseRate { get; init; }
    public long? MedianMs { get; init; }
    public double? WithinPolicyShare { get; init; }
    /// <summary>Requests of this tag in a request sent on several channels whose answers diverged.</summary>
    public int Divergent { get; init; }
}

/// <summary>
/// The customers' own verdict (satisfaction surveys) on the period's requests, split by whether the request was answered
/// consistently: the answers of a request sent on several channels whose answers diverged, against all the others.
/// </summary>
public sealed record SatisfactionFigures
{
    public int Answers { get; init; }
    public int Good { get; init; }
    public double? GoodShare { get; init; }
    public int DivergentAnswers { get; init; }
    public int DivergentGood { get; init; }
    public double? DivergentGoodShare { get; init; }
    public int OtherAnswers { get; init; }
    public int OtherGood { get; init; }
    public double? OtherGoodShare { get; init; }
}

/// <summary>Requests of one channel (or "all"): shares are of all requests, so an unanswered request counts against them.</summary>
public sealed record ChannelFigures
{
    public string Channel { get; init; } = "all";
    public int Requests { get; init; }
    public int Answered { get; init; }
    public double? ResponseRate { get; init; }
    public long? MedianMs { get; init; }
    public long? P90Ms { get; init; }
    /// <summary>The first-response allowance for this channel's private conversations (null for "all").</summary>
    public long? PolicyMinutes { get; init; }
    public int WithinPolicy { get; init; }
    public double? WithinPolicyShare { get; init; }
    public int Within24h { get; init; }
    public double? Within24hShare { get; init; }
}

/// <summary>Requests sent more than once (on several channels): answered everywhere? answered the same way?</summary>
public sealed record ClusterFigures
{
    public int Clusters { get; init; }
    public int MultiChannel { get; init; }
    public int AnsweredEverywhere { get; init; }
    public double? AnsweredEverywhereShare { get; init; }
    /// <summary>Answered everywhere and no divergence flag between its answers.</summary>
    public int Consistent { get; init; }
    public double? ConsistentShare { get; init; }
    public int Divergent { get; init; }
    /// <summary>False while the consistency feature's flags table is absent: Consistent is then not measured.</summary>
    public bool FlagsAvailable { get; init; }
}

public sealed record AnswerSide(long MessageId, long ConversationId, string Channel, string? Agent, long SentAt, string Text);

public sealed record DivergenceView(long FlagId, long? ClusterId, string Explanation, string Status, AnswerSide A, AnswerSide B);

public sealed record WeekFigures
{
    /// <summary>Monday 00:00 UTC of the week, ms.</summary>
    public long WeekStart { get; init; }
    public int Requests { get; init; }
    public int Answered { get; init; }
    public double? ResponseRate { get; init; }
    public long? MedianMs { get; init; }
    public long? P90Ms { get; init; }
    public double? WithinPolicyShare { get; init; }
    public int Clusters { get; init; }
    public double? AnsweredEverywhereShare { get; init; }
    public double? ConsistentShare { get; init; }
}

public sealed record ProbeScorecard
{
    public IReadOnlyList<string> Campaigns { get; init; } = [];
    public ChannelFigures Overall { get; init; } = new();
    public IReadOnlyList<ChannelFigures> Channels { get; init; } = [];
    public ClusterFigures Clusters { get; init; } = new();
    public GridSummary Grid { get; init; } = new();
}
