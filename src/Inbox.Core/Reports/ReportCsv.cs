using System.Globalization;
using System.Text;

namespace Inbox.Core.Reports;

/// <summary>
/// The report as one long CSV table (section, scope, metric, value): every figure of the JSON on its own row, so a
/// spreadsheet can pivot it and a test can read it back. Empty value = not measurable (no data). RFC 4180 quoting.
/// </summary>
public static class ReportCsv
{
    public const string Header = "section,scope,metric,value";

    public static string Write(AuditReport r)
    {
        var sb = new StringBuilder(Header).Append("\r\n");
        void Row(string section, string scope, string metric, object? value) =>
            sb.Append(Field(section)).Append(',').Append(Field(scope)).Append(',').Append(Field(metric)).Append(',').Append(Field(Format(value))).Append("\r\n");

        Row("period", "all", "from", r.From);
        Row("period", "all", "to", r.To);
        foreach (var ch in r.Channels.Append(r.Overall)) Channel(Row, "channel", ch);
        Clusters(Row, "clusters", r.Clusters);
        var sat = r.Satisfaction;
        foreach (var (scope, answers, good, share) in new[] { ("all", sat.Answers, sat.Good, sat.GoodShare),
                     ("divergent", sat.DivergentAnswers, sat.DivergentGood, sat.DivergentGoodShare), ("other", sat.OtherAnswers, sat.OtherGood, sat.OtherGoodShare) })
        {
            Row("satisfaction", scope, "answers", answers);
            Row("satisfaction", scope, "good", good);
            Row("satisfaction", scope, "good_share", share);
        }
        foreach (var tag in r.Tags)
        {
            Row("tag", tag.Tag, "requests", tag.Requests);
            Row("tag", tag.Tag, "answered", tag.Answered);
            Row("tag", tag.Tag, "response_rate", tag.ResponseRate);
            Row("tag", tag.Tag, "median_ms", tag.MedianMs);
            Row("tag", tag.Tag, "within_policy_share", tag.WithinPolicyShare);
            Row("tag", tag.Tag, "divergent", tag.Divergent);
        }
        foreach (var w in r.Weeks)
        {
            var scope = Date(w.WeekStart);
            Row("week", scope, "requests", w.Requests);
            Row("week", scope, "answered", w.Answered);
            Row("week", scope, "response_rate", w.ResponseRate);
            Row("week", scope, "median_ms", w.MedianMs);
            Row("week", scope, "p90_ms", w.P90Ms);
            Row("week", scope, "within_policy_share", w.WithinPolicyShare);
            Row("week", scope, "clusters", w.Clusters);
            Row("week", scope, "answered_everywhere_share", w.AnsweredEverywhereShare);
            Row("week", scope, "consistent_share", w.ConsistentShare);
        }
        foreach (var d in r.Divergences)
        {
            var scope = d.FlagId.ToString(CultureInfo.InvariantCulture);
            Row("divergence", scope, "cluster_id", d.ClusterId);
            Row("divergence", scope, "explanation", d.Explanation);
            Row("divergence", scope, "status", d.Status);
            foreach (var (side, a) in new[] { ("a", d.A), ("b", d.B) })
            {
                Row("divergence", scope, side + "_message_id", a.MessageId);
                Row("divergence", scope, side + "_channel", a.Channel);
                Row("divergence", scope, side + "_agent", a.Agent);
                Row("divergence", scope, side + "_sent_at", a.SentAt);
                Row("divergence", scope, side + "_text", a.Text);
            }
        }
        Grid(Row, "grid", r.Grid);
        if (r.Probes is { } p)
        {
            Row("probes", "all", "campaigns", string.Join("; ", p.Campaigns));
            foreach (var ch in p.Channels.Append(p.Overall)) Channel(Row, "probe_channel", ch);
            Clusters(Row, "probe_clusters", p.Clusters);
            Grid(Row, "probe_grid", p.Grid);
        }
        return sb.ToString();
    }

    private static void Channel(Action<string, string, string, object?> row, string section, ChannelFigures c)
    {
        row(section, c.Channel, "requests", c.Requests);
        row(section, c.Channel, "answered", c.Answered);
        row(section, c.Channel, "response_rate", c.ResponseRate);
        row(section, c.Channel, "median_ms", c.MedianMs);
        row(section, c.Channel, "p90_ms", c.P90Ms);
        row(section, c.Channel, "policy_minutes", c.PolicyMinutes);
        row(section, c.Channel, "within_policy", c.WithinPolicy);
        row(section, c.Channel, "within_policy_share", c.WithinPolicyShare);
        row(section, c.Channel, "within_24h", c.Within24h);
        row(section, c.Channel, "within_24h_share", c.Within24hShare);
    }

    private static void Clusters(Action<string, string, string, object?> row, string section, ClusterFigures k)
    {
        row(section, "all", "clusters", k.Clusters);
        row(section, "all", "multi_channel", k.MultiChannel);
        row(section, "all", "answered_everywhere", k.AnsweredEverywhere);
        row(section, "all", "answered_everywhere_share", k.AnsweredEverywhereShare);
        row(section, "all", "consistent", k.Consistent);
        row(section, "all", "consistent_share", k.ConsistentShare);
        row(section, "all", "divergent", k.Divergent);
        row(section, "all", "flags_available", k.FlagsAvailable);
    }

    private static void Grid(Action<string, string, string, object?> row, string section, GridSummary g)
    {
        row(section, "all", "answers", g.Answers);
        row(section, "all", "average_score", g.AverageScore);
        foreach (var c in g.Checks)
        {
            row(section, "check:" + c.Check, "applicable", c.Applicable);
            row(section, "check:" + c.Check, "passed", c.Passed);
            row(section, "check:" + c.Check, "share", c.Share);
        }
        foreach (var (kind, groups) in new[] { ("agent", g.ByAgent), ("channel", g.ByChannel) })
            foreach (var x in groups)
            {
                var scope = $"{kind}:{x.Key}";
                row(section, scope, "label", x.Label);
                row(section, scope, "answers", x.Answers);
                row(section, scope, "average_score", x.AverageScore);
                row(section, scope, "failing", x.Failing);
            }
    }

    public static string Date(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms).UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Invariant culture; doubles in round-trip form so the CSV holds exactly the JSON's number.</summary>
    public static string Format(object? v) => v switch
    {
        null => "",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => v.ToString() ?? "",
    };

    private static string Field(string s) => Model.Csv.Cell(s);
}
