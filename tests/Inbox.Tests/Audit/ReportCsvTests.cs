using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Inbox.Tests.Audit;

/// <summary>The CSV export read back holds exactly the JSON report: every figure, no more, no less.</summary>
public sealed class ReportCsvTests(AuditScenario s) : IClassFixture<AuditScenario>
{
    private const string Period = "from=2026-03-02&to=2026-03-15";

    [Fact]
    public async Task CsvExportRoundTripsToTheJsonReport()
    {
        var json = await s.Lead.Http.GetFromJsonAsync<JsonElement>("/api/audit/report?" + Period);
        using var response = await s.Lead.Http.GetAsync("/api/audit/report.csv?" + Period);
        response.EnsureSuccessStatusCode();
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("inbox-audit-2026-03-02-2026-03-15.csv", response.Content.Headers.ContentDisposition?.ToString());
        var rows = Inbox.Core.Model.Csv.Read(await response.Content.ReadAsStringAsync());
        Assert.Equal(["section", "scope", "metric", "value"], rows[0]);
        var csv = new Dictionary<(string, string, string), string>();
        foreach (var r in rows.Skip(1)) Assert.True(csv.TryAdd((r[0], r[1], r[2]), r[3]), $"duplicate row {string.Join(",", r)}");

        var seen = new HashSet<(string, string, string)>();
        void Same(string section, string scope, string metric, JsonElement v)
        {
            var key = (section, scope, metric);
            Assert.True(csv.TryGetValue(key, out var text), $"missing {key}");
            seen.Add(key);
            switch (v.ValueKind)
            {
                case JsonValueKind.Null: Assert.True(text == "", $"{key}: '{text}' for null"); break;
                case JsonValueKind.Number: Assert.True(v.GetDouble() == double.Parse(text, CultureInfo.InvariantCulture), $"{key}: {text} vs {v}"); break;
                case JsonValueKind.True or JsonValueKind.False: Assert.Equal(v.GetBoolean() ? "true" : "false", text); break;
                default: Assert.Equal(v.GetString(), text); break;
            }
        }
        void Object(string section, string scope, JsonElement o, params string[] skip)
        {
            foreach (var p in o.EnumerateObject().Where(p => !skip.Contains(p.Name))) Same(section, scope, Snake(p.Name), p.Value);
        }
        void Grid(string section, JsonElement g)
        {
            Same(section, "all", "answers", g.GetProperty("answers"));
            Same(section, "all", "average_score", g.GetProperty("averageScore"));
            foreach (var c in g.GetProperty("checks").EnumerateArray()) Object(section, "check:" + c.GetProperty("check").GetString(), c, "check");
            foreach (var (kind, prop) in new[] { ("agent", "byAgent"), ("channel", "byChannel") })
                foreach (var x in g.GetProperty(prop).EnumerateArray()) Object(section, $"{kind}:{x.GetProperty("key").GetString()}", x, "key");
        }

        Same("period", "all", "from", json.GetProperty("from"));
        Same("period", "all", "to", json.GetProperty("to"));
        foreach (var ch in json.GetProperty("channels").EnumerateArray().Append(json.GetProperty("overall")))
            Object("channel", ch.GetProperty("channel").GetString()!, ch, "channel");
        Object("clusters", "all", json.GetProperty("clusters"));
        var sat = json.GetProperty("satisfaction");
        foreach (var (scope, prefix) in new[] { ("all", ""), ("divergent", "divergent"), ("other", "other") })
            foreach (var (metric, name) in new[] { ("answers", "Answers"), ("good", "Good"), ("good_share", "GoodShare") })
                Same("satisfaction", scope, metric, sat.GetProperty(prefix.Length == 0 ? char.ToLowerInvariant(name[0]) + name[1..] : prefix + name));
        foreach (var tag in json.GetProperty("tags").EnumerateArray())
            Object("tag", tag.GetProperty("tag").GetString()!, tag, "tag");
        foreach (var w in json.GetProperty("weeks").EnumerateArray())
            Object("week", DateTimeOffset.FromUnixTimeMilliseconds(w.GetProperty("weekStart").GetInt64()).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), w, "weekStart");
        foreach (var d in json.GetProperty("divergences").EnumerateArray())
        {
            var scope = d.GetProperty("flagId").GetInt64().ToString(CultureInfo.InvariantCulture);
            Object("divergence", scope, d, "flagId", "a", "b");
            foreach (var side in new[] { "a", "b" })
                foreach (var p in d.GetProperty(side).EnumerateObject().Where(p => p.Name != "conversationId"))
                    Same("divergence", scope, side + "_" + Snake(p.Name), p.Value);
        }
        Grid("grid", json.GetProperty("grid"));
        var probes = json.GetProperty("probes");
        Assert.Equal(string.Join("; ", probes.GetProperty("campaigns").EnumerateArray().Select(c => c.GetString())), csv[("probes", "all", "campaigns")]);
        seen.Add(("probes", "all", "campaigns"));
        foreach (var ch in probes.GetProperty("channels").EnumerateArray().Append(probes.GetProperty("overall")))
            Object("probe_channel", ch.GetProperty("channel").GetString()!, ch, "channel");
        Object("probe_clusters", "all", probes.GetProperty("clusters"));
        Grid("probe_grid", probes.GetProperty("grid"));

        Assert.Empty(csv.Keys.Except(seen));
        // The divergent answers contain commas and line breaks: quoting must have survived.
        Assert.Contains(csv, kv => kv.Key.Item3 == "a_text" && kv.Value.Contains('\n') && kv.Value.Contains(','));
    }

    private static string Snake(string name) =>
        Regex.Replace(name, "(?<=[a-z0-9])([A-Z])", "_$1").ToLowerInvariant().Replace("within24h", "within_24h");
}
