using System.Text.Json;

namespace Inbox.Core.Replay;

public sealed record PairScore(int TruePositives, int FalsePositives, int FalseNegatives)
{
    public double Precision => TruePositives + FalsePositives == 0 ? 1 : TruePositives / (double)(TruePositives + FalsePositives);
    public double Recall => TruePositives + FalseNegatives == 0 ? 1 : TruePositives / (double)(TruePositives + FalseNegatives);
    public double F1 => Precision + Recall == 0 ? 0 : 2 * Precision * Recall / (Precision + Recall);
    public override string ToString() =>
        $"precision {Precision:0.000}  recall {Recall:0.000}  F1 {F1:0.0000}  (tp {TruePositives}, fp {FalsePositives}, fn {FalseNegatives})";
}

/// <summary>The gold file of a scenario (SCENARIOS.md) and pairwise scoring of an export against it.</summary>
public sealed record ScenarioGold(IReadOnlyList<string[]> DuplicateGroups, IReadOnlyList<string[]> DivergentPairs, IReadOnlyList<string[]> ConsistentPairs)
{
    public static ScenarioGold Load(string path)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        IReadOnlyList<string[]> Read(string name) => doc.RootElement.TryGetProperty(name, out var a)
            ? a.EnumerateArray().Select(g => g.EnumerateArray().Select(x => x.GetString()!).ToArray()).ToList()
            : [];
        return new ScenarioGold(Read("duplicate_groups"), Read("divergent_pairs"), Read("consistent_pairs"));
    }

    /// <summary>Every pair inside a duplicate group.</summary>
    public HashSet<(string, string)> DuplicatePairs() =>
        DuplicateGroups.SelectMany(g => g.SelectMany((a, i) => g.Skip(i + 1).Select(b => Key(a, b)))).ToHashSet();

    public static (string, string) Key(string a, string b) => string.CompareOrdinal(a, b) <= 0 ? (a, b) : (b, a);

    public static PairScore Score(IEnumerable<string[]> predicted, IEnumerable<(string, string)> gold)
    {
        var p = predicted.Where(x => x.Length == 2).Select(x => Key(x[0], x[1])).ToHashSet();
        var g = gold.ToHashSet();
        var tp = p.Count(g.Contains);
        return new PairScore(tp, p.Count - tp, g.Count - tp);
    }

    /// <summary>Share of the gold consistent pairs that were flagged as divergent (false alarms on good answers).</summary>
    public double ConsistentFlagged(IEnumerable<string[]> divergent)
    {
        if (ConsistentPairs.Count == 0) return 0;
        var flagged = divergent.Where(x => x.Length == 2).Select(x => Key(x[0], x[1])).ToHashSet();
        return ConsistentPairs.Count(c => flagged.Contains(Key(c[0], c[1]))) / (double)ConsistentPairs.Count;
    }
}
