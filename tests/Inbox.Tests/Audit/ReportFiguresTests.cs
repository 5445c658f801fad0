using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Inbox.Core.Storage;
using static Inbox.Tests.Audit.AuditScenario;

namespace Inbox.Tests.Audit;

/// <summary>Every figure of the report on the replayed scenario, against a hand computation.</summary>
public sealed class ReportFiguresTests(AuditScenario s) : IClassFixture<AuditScenario>
{
    /// <summary>2–15 March 2026 (inclusive): R1…R9; R0 (27 February) is before the period.</summary>
    private const string Period = "from=2026-03-02&to=2026-03-15";
    private const double Eps = 1e-12;

    private async Task<JsonElement> Report(string query = Period) => await s.Lead.Http.GetFromJsonAsync<JsonElement>("/api/audit/report?" + query);

    private static JsonElement Channel(JsonElement report, string channel) =>
        report.GetProperty("channels").EnumerateArray().Single(c => c.GetProperty("channel").GetString() == channel);

    private static void AssertFigures(JsonElement f, int requests, int answered, long? median, long? p90, int withinPolicy, int within24h)
    {
        var ch = f.GetProperty("channel").GetString();
        Assert.True(requests == f.GetProperty("requests").GetInt32(), $"{ch} requests");
        Assert.True(answered == f.GetProperty("answered").GetInt32(), $"{ch} answered");
        Assert.Equal((double)answered / requests, f.GetProperty("responseRate").GetDouble(), Eps);
        Assert.True(median == f.GetProperty("medianMs").GetInt64(), $"{ch} median {f.GetProperty("medianMs")}");
        Assert.True(p90 == f.GetProperty("p90Ms").GetInt64(), $"{ch} p90 {f.GetProperty("p90Ms")}");
        Assert.True(withinPolicy == f.GetProperty("withinPolicy").GetInt32(), $"{ch} within policy");
        Assert.Equal((double)withinPolicy / requests, f.GetProperty("withinPolicyShare").GetDouble(), Eps);
        Assert.True(within24h == f.GetProperty("within24h").GetInt32(), $"{ch} within 24h");
        Assert.Equal((double)within24h / requests, f.GetProperty("within24hShare").GetDouble(), Eps);
    }

    [Fact]
    public async Task ResponseFiguresPerChannelAndOverallEqualTheHandComputation()
    {
        var r = await Report();
        Assert.Equal(new[] { "email", "messenger", "x" }, r.GetProperty("channels").EnumerateArray().Select(c => c.GetProperty("channel").GetString()));
        // email: R1 2 h, R3 unanswered, R5 30 h, R6 20 min, R8 1 h → sorted 20 min, 1 h, 2 h, 30 h; median = 2nd of 4, p90 = 4th;
        // policy 24 h: R1, R6, R8 within; 24 h: the same three.
        AssertFigures(Channel(r, "email"), 5, 4, Hour, 30 * Hour, 3, 3);
        Assert.Equal(24 * 60, Channel(r, "email").GetProperty("policyMinutes").GetInt64());
        // messenger: R2 30 min, R7 45 min, R9 10 min → median 2nd of 3 = 30 min, p90 3rd = 45 min; policy 1 h: all three.
        AssertFigures(Channel(r, "messenger"), 3, 3, 30 * Minute, 45 * Minute, 3, 3);
        Assert.Equal(60, Channel(r, "messenger").GetProperty("policyMinutes").GetInt64());
        // x: R4 3 h → outside the 1 h policy, inside 24 h.
        AssertFigures(Channel(r, "x"), 1, 1, 3 * Hour, 3 * Hour, 0, 1);
        // all: 10, 20, 30, 45 min, 1, 2, 3, 30 h → median = 4th of 8 = 45 min, p90 = 8th = 30 h; policy: 3 + 3 + 0; 24 h: 3 + 3 + 1.
        AssertFigures(r.GetProperty("overall"), 9, 8, 45 * Minute, 30 * Hour, 6, 7);
    }

    [Fact]
    public async Task ClusterFiguresCountAnsweredEverywhereAndConsistentRequests()
    {
        var k = (await Report()).GetProperty("clusters");
        // Clusters R1/R2, R3/R4, R6/R7, R8/R9, each on two channels; R3 is unanswered; R6/R7 diverge.
        Assert.Equal(4, k.GetProperty("clusters").GetInt32());
        Assert.Equal(4, k.GetProperty("multiChannel").GetInt32());
        Assert.Equal(3, k.GetProperty("answeredEverywhere").GetInt32());
        Assert.Equal(0.75, k.GetProperty("answeredEverywhereShare").GetDouble(), Eps);
        Assert.True(k.GetProperty("flagsAvailable").GetBoolean());
        Assert.Equal(1, k.GetProperty("divergent").GetInt32());
        Assert.Equal(2, k.GetProperty("consistent").GetInt32());
        Assert.Equal(0.5, k.GetProperty("consistentShare").GetDouble(), Eps);
    }

    [Fact]
    public async Task DivergencesAreListedWithBothAnswersSideBySide()
    {
        var d = Assert.Single((await Report()).GetProperty("divergences").EnumerateArray());
        var sides = new[] { d.GetProperty("a"), d.GetProperty("b") };
        Assert.Equal(new[] { s.Answers["R6"], s.Answers["R7"] }.Order(), sides.Select(x => x.GetProperty("messageId").GetInt64()).Order());
        Assert.Contains(sides, x => x.GetProperty("channel").GetString() == "email" && x.GetProperty("text").GetString()!.Contains("5 jours ouvrés") && x.GetProperty("agent").GetString() == "Marc");
        Assert.Contains(sides, x => x.GetProperty("channel").GetString() == "messenger" && x.GetProperty("text").GetString()!.Contains("14 jours"));
        Assert.Equal(Math.Min(s.Conversations["R6"], s.Conversations["R7"]), d.GetProperty("clusterId").GetInt64());
        // The explanation comes in the language asked for.
        var fr = Assert.Single((await Report(Period + "&lang=fr")).GetProperty("divergences").EnumerateArray()).GetProperty("explanation").GetString();
        var en = d.GetProperty("explanation").GetString();
        Assert.Contains("14", en);
        Assert.Contains("14", fr);
        Assert.NotEqual(en, fr);
    }

    [Fact]
    public async Task WeeklyTrendSplitsRequestsAndClustersByWeek()
    {
        var weeks = (await Report()).GetProperty("weeks").EnumerateArray().ToList();
        Assert.Equal(2, weeks.Count);
        Assert.Equal(At(-9 * Hour), weeks[0].GetProperty("weekStart").GetInt64()); // Monday 2 March 00:00 UTC
        Assert.Equal(At(7 * Day - 9 * Hour), weeks[1].GetProperty("weekStart").GetInt64());
        // Week 1: R1 2 h, R2 30 min, R3 —, R4 3 h, R5 30 h → 4 of 5; sorted 30 min, 2 h, 3 h, 30 h: median 2 h, p90 30 h;
        // within policy R1, R2; clusters R1/R2 (everywhere, consistent) and R3/R4 (not everywhere).
        var w1 = weeks[0];
        Assert.Equal((5, 4), (w1.GetProperty("requests").GetInt32(), w1.GetProperty("answered").GetInt32()));
        Assert.Equal((2 * Hour, 30 * Hour), (w1.GetProperty("medianMs").GetInt64(), w1.GetProperty("p90Ms").GetInt64()));
        Assert.Equal(0.4, w1.GetProperty("withinPolicyShare").GetDouble(), Eps);
        Assert.Equal(2, w1.GetProperty("clusters").GetInt32());
        Assert.Equal(0.5, w1.GetProperty("answeredEverywhereShare").GetDouble(), Eps);
        Assert.Equal(0.5, w1.GetProperty("consistentShare").GetDouble(), Eps);
        // Week 2: R6 20 min, R7 45 min, R8 1 h, R9 10 min → median 2nd of 4 = 20 min, p90 = 1 h; all within policy;
        // clusters R6/R7 (everywhere, divergent) and R8/R9 (everywhere, consistent).
        var w2 = weeks[1];
        Assert.Equal((4, 4), (w2.GetProperty("requests").GetInt32(), w2.GetProperty("answered").GetInt32()));
        Assert.Equal((20 * Minute, Hour), (w2.GetProperty("medianMs").GetInt64(), w2.GetProperty("p90Ms").GetInt64()));
        Assert.Equal(1.0, w2.GetProperty("withinPolicyShare").GetDouble(), Eps);
        Assert.Equal(1.0, w2.GetProperty("answeredEverywhereShare").GetDouble(), Eps);
        Assert.Equal(0.5, w2.GetProperty("consistentShare").GetDouble(), Eps);
    }

    [Fact]
    public async Task GridScoresPerAgentAndChannelEqualTheHandComputation()
    {
        var g = (await Report()).GetProperty("grid");
        // Six complete answers (score 1); R4 "Hi Carol, sorry for the inconvenience" passes greeting, name, length (3/7); R5 passes nothing.
        const double r4 = 3.0 / 7;
        Assert.Equal(8, g.GetProperty("answers").GetInt32());
        Assert.Equal((6 + r4) / 8, g.GetProperty("averageScore").GetDouble(), Eps);
        var checks = g.GetProperty("checks").EnumerateArray().ToDictionary(c => c.GetProperty("check").GetString()!, c => (c.GetProperty("applicable").GetInt32(), c.GetProperty("passed").GetInt32()));
        Assert.Equal(new Dictionary<string, (int, int)>
        {
            ["greeting"] = (8, 7), ["name"] = (8, 7), ["relevance"] = (8, 6), ["nextStep"] = (8, 6), ["signature"] = (8, 6), ["length"] = (8, 7), ["substance"] = (8, 6),
        }, checks);
        var agents = g.GetProperty("byAgent").EnumerateArray().ToDictionary(a => a.GetProperty("label").GetString()!);
        Assert.Equal(5, agents["Julie"].GetProperty("answers").GetInt32()); // R1, R2, R4, R8, R9
        Assert.Equal((4 + r4) / 5, agents["Julie"].GetProperty("averageScore").GetDouble(), Eps);
        Assert.Equal(1, agents["Julie"].GetProperty("failing").GetInt32());
        Assert.Equal(3, agents["Marc"].GetProperty("answers").GetInt32()); // R5, R6, R7
        Assert.Equal(2.0 / 3, agents["Marc"].GetProperty("averageScore").GetDouble(), Eps);
        var channels = g.GetProperty("byChannel").EnumerateArray().ToDictionary(a => a.GetProperty("key").GetString()!);
        Assert.Equal(0.75, channels["email"].GetProperty("averageScore").GetDouble(), Eps);
        Assert.Equal(1.0, channels["messenger"].GetProperty("averageScore").GetDouble(), Eps);
        Assert.Equal(0, channels["messenger"].GetProperty("failing").GetInt32());
        Assert.Equal(r4, channels["x"].GetProperty("averageScore").GetDouble(), Eps);
    }

    [Fact]
    public async Task FailingAnswersOfAnAgentAreOneRequestAway()
    {
        using var c = s.Server.Get<Db>().Open();
        var marc = c.ExecuteScalar<long>("SELECT id FROM agents WHERE username = 'marc'");
        var failing = await s.Lead.Http.GetFromJsonAsync<JsonElement>($"/api/audit/answers?{Period}&agent={marc}&failing=true&lang=fr");
        var only = Assert.Single(failing.EnumerateArray());
        Assert.Equal(s.Answers["R5"], only.GetProperty("messageId").GetInt64());
        Assert.Contains("invoice 9921", only.GetProperty("request").GetString());
        Assert.Contains(only.GetProperty("checks").EnumerateArray(), x => x.GetProperty("check").GetString() == "greeting" && x.GetProperty("note").GetString() == "pas de formule de salutation au début");
        var signatureFails = await s.Lead.Http.GetFromJsonAsync<JsonElement>($"/api/audit/answers?{Period}&check=signature&failing=true");
        Assert.Equal(new[] { s.Answers["R4"], s.Answers["R5"] }.Order(), signatureFails.EnumerateArray().Select(a => a.GetProperty("messageId").GetInt64()).Order());
    }

    [Fact]
    public async Task ProbeScorecardCoversTheMysteryTestersAlone()
    {
        var p = (await Report()).GetProperty("probes");
        Assert.Equal(["Mystery wave 1"], p.GetProperty("campaigns").EnumerateArray().Select(x => x.GetString()!));
        // R8 email 1 h, R9 messenger 10 min → median 1st of 2 = 10 min, p90 2nd = 1 h; both within policy and 24 h.
        AssertFigures(p.GetProperty("overall"), 2, 2, 10 * Minute, Hour, 2, 2);
        var k = p.GetProperty("clusters");
        Assert.Equal((1, 1, 1), (k.GetProperty("clusters").GetInt32(), k.GetProperty("answeredEverywhere").GetInt32(), k.GetProperty("consistent").GetInt32()));
        Assert.Equal(2, p.GetProperty("grid").GetProperty("answers").GetInt32());
        Assert.Equal(1.0, p.GetProperty("grid").GetProperty("averageScore").GetDouble(), Eps);

        var conversations = await s.Lead.Http.GetFromJsonAsync<long[]>($"/api/audit/campaigns/{s.CampaignId}/conversations");
        Assert.Equal(new[] { s.Conversations["R8"], s.Conversations["R9"] }.Order(), conversations!.Order());
        using var c = s.Server.Get<Db>().Open();
        Assert.Equal(1, c.ExecuteScalar<long>("SELECT COUNT(*) FROM audit_log WHERE action = 'probe.campaign.create' AND target = @t", new { t = $"probe-campaign:{s.CampaignId}" }));
    }

    [Fact]
    public async Task ReportIsForLeadsAndAdminsOnly()
    {
        using var agent = await s.Server.LoginAsync("julie", "password-julie");
        using var r = await agent.Http.GetAsync("/api/audit/report?" + Period);
        Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode);
        using var bad = await s.Lead.Http.GetAsync("/api/audit/report?from=2026-03-15&to=2026-03-01");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }
    [Fact]
    public async Task SatisfactionIsSplitBetweenDivergentAnswersAndTheOthers()
    {
        Assert.Equal(0, (await Report()).GetProperty("satisfaction").GetProperty("answers").GetInt32());
        using (var c = s.Server.Get<Db>().Open())
        {
            // The customers' answers (the survey flow itself is SurveyMailTests'): R1 first bad then good (the latest
            // counts), R5 bad, R8 good; R6 and R7, whose answers diverged, both bad; R0 is before the period.
            var answered = AuditScenario.At(10 * Day);
            foreach (var (request, rating) in new[] { ("R1", "bad"), ("R1", "good"), ("R5", "bad"), ("R8", "good"), ("R6", "bad"), ("R7", "bad"), ("R0", "good") })
                c.Execute("""
                    INSERT INTO satisfaction_surveys (conversation_id, status, created_at, send_after, sent_at, rating, answered_at)
                    VALUES (@id, 'sent', @answered, @answered, @answered, @rating, @answered)
                    """, new { id = s.Conversations[request], rating, answered });
        }
        var sat = (await Report()).GetProperty("satisfaction");
        Assert.Equal((5, 2), (sat.GetProperty("answers").GetInt32(), sat.GetProperty("good").GetInt32()));
        Assert.Equal(0.4, sat.GetProperty("goodShare").GetDouble(), Eps);
        Assert.Equal((2, 0, 0.0), (sat.GetProperty("divergentAnswers").GetInt32(), sat.GetProperty("divergentGood").GetInt32(), sat.GetProperty("divergentGoodShare").GetDouble()));
        Assert.Equal((3, 2), (sat.GetProperty("otherAnswers").GetInt32(), sat.GetProperty("otherGood").GetInt32()));
        Assert.Equal(2.0 / 3, sat.GetProperty("otherGoodShare").GetDouble(), Eps);
        var csv = await s.Lead.Http.GetStringAsync("/api/audit/report.csv?" + Period);
        Assert.Contains("satisfaction,divergent,answers,2\r\n", csv);
        Assert.Contains("satisfaction,all,good,2\r\n", csv);
    }
    [Fact]
    public async Task RequestsAreCountedByTagWithTheirDivergences()
    {
        foreach (var (request, tags) in new[] { ("R1", new[] { "livraison" }), ("R2", ["livraison"]), ("R3", ["livraison", "produit"]), ("R6", ["remboursement"]),
                     ("R7", ["remboursement"]), ("R0", ["compte"]) })
            (await s.Lead.Http.PutAsJsonAsync($"/api/conversations/{s.Conversations[request]}/tags", new { tags })).EnsureSuccessStatusCode();
        var tagRows = (await Report()).GetProperty("tags").EnumerateArray().ToList();
        // R0 is before the period; the most frequent tag first.
        Assert.Equal(["livraison", "remboursement", "produit"], tagRows.Select(t => t.GetProperty("tag").GetString()));
        // livraison: R1 2 h, R2 30 min, R3 unanswered → 2 of 3, median 1st of 2 = 30 min; within policy R1 (24 h) and R2 (1 h); R1/R2 agree.
        var delivery = tagRows[0];
        Assert.Equal((3, 2, 30 * Minute, 0), (delivery.GetProperty("requests").GetInt32(), delivery.GetProperty("answered").GetInt32(),
            delivery.GetProperty("medianMs").GetInt64(), delivery.GetProperty("divergent").GetInt32()));
        Assert.Equal(2.0 / 3, delivery.GetProperty("withinPolicyShare").GetDouble(), Eps);
        // remboursement: R6 20 min, R7 45 min, whose answers diverged.
        var refund = tagRows[1];
        Assert.Equal((2, 20 * Minute, 2), (refund.GetProperty("requests").GetInt32(), refund.GetProperty("medianMs").GetInt64(), refund.GetProperty("divergent").GetInt32()));
        Assert.Equal(1.0, refund.GetProperty("responseRate").GetDouble(), Eps);
    }
}
