using Dapper;
using Inbox.Core.Duplicates;
using Inbox.Core.Replay;
using Microsoft.Data.Sqlite;

namespace Inbox.Cli;

/// <summary>
/// `inbox eval … --explain [N]`: after scoring, prints up to N missed and N wrong duplicate pairs with what
/// the scorer saw (score, evidence, whether the index proposed the pair), and with --scores FILE every proposed
/// pair's score beside its gold label. A tuning aid that reads the kept database of the replay; it runs only
/// after the export has been taken and scored.
/// </summary>
public static class EvalExplain
{
    public static void Print(string databasePath, ScenarioGold gold, IReadOnlyList<string[]> exported, IReadOnlyList<ScenarioEvent> events, int limit, string? scoresPath = null)
    {
        using var c = new SqliteConnection($"Data Source={databasePath};Mode=ReadOnly");
        c.Open();
        var conversationOf = c.Query<(string ExternalId, long ConversationId)>(
            "SELECT external_id, conversation_id FROM messages WHERE direction = 'in'")
            .ToDictionary(r => DuplicateExport.Reference(r.ExternalId), r => r.ConversationId);
        var clusterOf = c.Query<(long Id, long? Cluster)>("SELECT id, cluster_id FROM conversations").ToDictionary(r => r.Id, r => r.Cluster ?? r.Id);
        var options = new DuplicateOptions();
        var last = c.ExecuteScalar<long>("SELECT MAX(sent_at) FROM messages");
        var index = DuplicateDetector.Load(c, null, new DuplicateOptions { WindowDays = 3650 }, last, new FirstNames());
        var byId = events.ToDictionary(e => e.Id);

        var goldPairs = gold.DuplicatePairs();
        var predicted = exported.Select(p => ScenarioGold.Key(p[0], p[1])).ToHashSet();
        void Show(string title, IEnumerable<(string, string)> pairs)
        {
            var list = pairs.Order().ToList();
            Console.WriteLine($"--- {title}: {list.Count}");
            foreach (var (a, b) in list.Take(limit))
            {
                if (!conversationOf.TryGetValue(a, out var ca) || !conversationOf.TryGetValue(b, out var cb)) { Console.WriteLine($"{a} {b}: not stored"); continue; }
                var (da, db) = (index.Get(ca), index.Get(cb));
                var header = $"{a} {b}  conv {ca}/{cb} cluster {clusterOf[ca]}/{clusterOf[cb]}";
                if (ca == cb) { Console.WriteLine(header + "  same conversation"); continue; }
                if (da is null || db is null) { Console.WriteLine(header + "  not indexed"); continue; }
                var (early, late) = da.FirstAt <= db.FirstAt ? (da, db) : (db, da);
                var proposed = index.Candidates(late, late.FirstAt).Any(d => d.ConversationId == early.ConversationId);
                var score = DuplicateScorer.Score(da, db, da.CustomerId == db.CustomerId, rarity: index.Rarity);
                Console.WriteLine($"{header}  score {score.Score:0.00} {(proposed ? "" : "NOT PROPOSED ")}[{string.Join("; ", score.Evidence)}]");
                foreach (var id in new[] { a, b })
                {
                    var e = byId[id];
                    Console.WriteLine($"   {id} {e.Channel} {e.Customer?.Name} {e.Subject} | {Flat(e.Text)}");
                }
            }
        }
        // --scores FILE: every pair the index proposes, tab-separated: conversations, gold (1/0), linked (1/0), score, evidence, and each conversation's inbound texts.
        if (scoresPath is not null)
        {
            using var w = new StreamWriter(scoresPath);
            var eventsOf = conversationOf.GroupBy(kv => kv.Value).ToDictionary(g => g.Key, g => g.Select(kv => kv.Key).ToList());
            var goldConv = goldPairs.Where(p => conversationOf.ContainsKey(p.Item1) && conversationOf.ContainsKey(p.Item2))
                .Select(p => (Math.Min(conversationOf[p.Item1], conversationOf[p.Item2]), Math.Max(conversationOf[p.Item1], conversationOf[p.Item2]))).ToHashSet();
            var predConv = predicted.Where(p => conversationOf.ContainsKey(p.Item1) && conversationOf.ContainsKey(p.Item2))
                .Select(p => (Math.Min(conversationOf[p.Item1], conversationOf[p.Item2]), Math.Max(conversationOf[p.Item1], conversationOf[p.Item2]))).ToHashSet();
            var seen = new HashSet<(long, long)>();
            string Texts(long conversation) => string.Join(" // ", eventsOf[conversation].Order().Select(id => Flat(byId[id].Customer?.Name + ": " + byId[id].Subject + " " + byId[id].Text, 400)));
            foreach (var ca in eventsOf.Keys)
            {
                var da = index.Get(ca);
                if (da is null) continue;
                foreach (var db in index.Candidates(da, da.LastAt))
                {
                    var key = (Math.Min(ca, db.ConversationId), Math.Max(ca, db.ConversationId));
                    if (!seen.Add(key)) continue;
                    var sc = DuplicateScorer.Score(da, db, da.CustomerId == db.CustomerId, rarity: index.Rarity);
                    w.WriteLine($"{key.Item1}\t{key.Item2}\t{(goldConv.Contains(key) ? 1 : 0)}\t{(predConv.Contains(key) ? 1 : 0)}\t{sc.Score:0.00}\t{string.Join("; ", sc.Evidence)}\t{Texts(key.Item1)}\t{Texts(key.Item2)}");
                }
            }
        }
        Show("missed duplicate pairs", goldPairs.Where(p => !predicted.Contains(p)));
        Show("wrong duplicate pairs", predicted.Where(p => !goldPairs.Contains(p)));
    }

    private static string Flat(string text, int length = 220)
    {
        var s = text.Replace('\n', ' ').Replace("\r", "").Replace('\t', ' ');
        return s.Length > length ? s[..length] + "…" : s;
    }
}
