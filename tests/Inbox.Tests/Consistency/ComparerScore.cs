using System.Text.Json;
using Inbox.Core.Consistency;
using Inbox.Core.Replay;

namespace Inbox.Tests.Consistency;

/// <summary>
/// Offline harness for the comparer alone: the gold duplicate groups stand in for the clusters, and every
/// pair of answers to two different inbound events of one group is compared. It does not exercise
/// duplicate detection (the end-to-end figure comes from `inbox eval`).
/// </summary>
public static class ComparerScore
{
    public sealed record Result(int TruePositives, int FalsePositives, int FalseNegatives, int ConsistentFlagged, int ConsistentTotal,
        IReadOnlyList<(string A, string B, string Why)> Wrong)
    {
        public double Precision => TruePositives + FalsePositives == 0 ? 1 : (double)TruePositives / (TruePositives + FalsePositives);
        public double Recall => TruePositives + FalseNegatives == 0 ? 1 : (double)TruePositives / (TruePositives + FalseNegatives);
        public double F1 => Precision + Recall == 0 ? 0 : 2 * Precision * Recall / (Precision + Recall);
        public double ConsistentWronglyFlagged => ConsistentTotal == 0 ? 0 : (double)ConsistentFlagged / ConsistentTotal;
        public override string ToString() =>
            $"divergence P={Precision:0.000} R={Recall:0.000} F1={F1:0.000} (tp {TruePositives}, fp {FalsePositives}, fn {FalseNegatives}); " +
            $"consistent pairs wrongly flagged {ConsistentFlagged}/{ConsistentTotal} = {ConsistentWronglyFlagged:P1}";
    }

    private sealed record Gold(string[][] DuplicateGroups, string[][] DivergentPairs, string[][] ConsistentPairs);

    public static Result Run(string scenarioPath, string goldPath)
    {
        var events = Scenario.Load(scenarioPath);
        var gold = JsonSerializer.Deserialize<Gold>(File.ReadAllText(goldPath), Scenario.Json)!;
        var answersTo = events.Where(e => e.Direction == "out" && e.InReplyTo is not null).ToLookup(e => e.InReplyTo!);
        var facts = new Dictionary<string, AnswerFacts>();
        AnswerFacts Facts(ScenarioEvent e) => facts.TryGetValue(e.Id, out var f) ? f : facts[e.Id] = FactExtractor.Extract(e.Text);

        var flagged = new Dictionary<string, string>();
        foreach (var group in gold.DuplicateGroups)
        {
            var answers = group.SelectMany(id => answersTo[id]).ToList();
            for (var i = 0; i < answers.Count; i++)
                for (var j = i + 1; j < answers.Count; j++)
                {
                    if (answers[i].InReplyTo == answers[j].InReplyTo) continue;
                    var conflicts = AnswerComparer.Compare(Facts(answers[i]), Facts(answers[j]));
                    if (conflicts.Count > 0)
                        flagged[Key(answers[i].Id, answers[j].Id)] = string.Join("; ", conflicts.Select(c => $"{c.Topic}: «{c.A.Phrase}» vs «{c.B.Phrase}»"));
                }
        }
        var divergent = gold.DivergentPairs.Select(p => Key(p[0], p[1])).ToHashSet();
        var consistent = gold.ConsistentPairs.Select(p => Key(p[0], p[1])).ToHashSet();
        var wrong = new List<(string, string, string)>();
        foreach (var (k, why) in flagged.Where(f => !divergent.Contains(f.Key))) wrong.Add(("FP " + k, Text(events, k), why));
        foreach (var k in divergent.Where(d => !flagged.ContainsKey(d))) wrong.Add(("FN " + k, Text(events, k), ""));
        var tp = flagged.Keys.Count(divergent.Contains);
        return new Result(tp, flagged.Count - tp, divergent.Count - tp, consistent.Count(flagged.ContainsKey), consistent.Count, wrong);
    }

    private static string Key(string a, string b) => string.CompareOrdinal(a, b) < 0 ? a + " " + b : b + " " + a;

    private static string Text(IReadOnlyList<ScenarioEvent> events, string key) =>
        string.Join("\n   ", key.Split(' ').Select(id => events.First(e => e.Id == id)).Select(e => $"{e.Channel}: {e.Text.Replace('\n', ' ')}"));
}
