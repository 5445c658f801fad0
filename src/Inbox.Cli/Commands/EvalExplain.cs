using Dapper;
using Inbox.Core.Duplicates;
using Inbox.Core.Replay;
using Microsoft.Data.Sqlite;

namespace Inbox.Cli;

/// <summary>
/// `inbox eval … --explain [N]`: after scoring, prints up to N missed and N wrong duplicate pairs with what
/// the scorer saw (score, evidence, whether the index proposed the pair). A tuning aid that reads the kept
/// database of the replay; it runs only after the export has been taken and scored.
/// </summary>
public static class EvalExplain
{
    public static void Print(string databasePath, ScenarioGold gold, IReadOnlyList<string[]> exported, IReadOnlyList<ScenarioEvent> events, int limit)
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
                var score = DuplicateScorer.Score(da, db, da.CustomerId == db.CustomerId);
                Console.WriteLine($"{header}  score {score.Score:0.00} {(proposed ? "" : "NOT PROPOSED ")}[{string.Join("; ", score.Evidence)}]");
                foreach (var id in new[] { a, b })
                {
                    var e = byId[id];
                    Console.WriteLine($"   {id} {e.Channel} {e.Customer?.Name} {e.Subject} | {Flat(e.Text)}");
                }
            }
        }
        Show("missed duplicate pairs", goldPairs.Where(p => !predicted.Contains(p)));
        Show("wrong duplicate pairs", predicted.Where(p => !goldPairs.Contains(p)));
    }

    private static string Flat(string text)
    {
        var s = text.Replace('\n', ' ').Replace("\r", "");
        return s.Length > 220 ? s[..220] + "…" : s;
    }
}
