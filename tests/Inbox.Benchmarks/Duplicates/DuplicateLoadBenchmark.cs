using System.Diagnostics;
using FuzzySharp;
using Inbox.Core.Duplicates;

namespace Inbox.Benchmarks.Duplicates;

/// <summary>
/// `scripts/bench duplicates [--sizes 10000,100000,1000000] [--queries 4000] [--recall 200]`: per window size,
/// p50/p99 of one lookup (index the new message, candidates, scoring), start-up (index build) time, memory
/// per indexed message, the brute-force baselines and the index's recall against brute force.
/// </summary>
public static class DuplicateLoadBenchmark
{
    public static int Run(string[] args)
    {
        var sizes = (Arg(args, "--sizes") ?? "10000,100000,1000000").Split(',').Select(int.Parse).ToArray();
        var queryCount = int.Parse(Arg(args, "--queries") ?? "4000");
        var recallCount = int.Parse(Arg(args, "--recall") ?? "200");
        var options = new DuplicateOptions();
        if (Arg(args, "--candidates") is { } c) options.MaxCandidates = int.Parse(c);
        if (Arg(args, "--postings") is { } p) options.MaxPostingsPerToken = int.Parse(p);
        if (Arg(args, "--names") is { } nm) options.MaxPostingsPerName = int.Parse(nm);
        Console.WriteLine($"threshold {options.LinkThreshold}, candidates {options.MaxCandidates}, postings/word {options.MaxPostingsPerToken}, postings/name part {options.MaxPostingsPerName}, " +
            $"{Environment.ProcessorCount} cores, server GC {System.Runtime.GCSettings.IsServerGC}, {SyntheticPeople.DistinctFullNames:N0} distinct full names");
        foreach (var n in sizes)
        {
            var w = DuplicateWindow.Build(n, queryCount, options);
            foreach (var q in w.WarmUp) w.Lookup(q, options.LinkThreshold);
            var times = new List<double>(w.Queries.Count);
            var indexHits = new Dictionary<long, HashSet<long>>();
            w.AddTicks = w.CandidateTicks = w.ScoreTicks = w.CandidateCount = w.AddBytes = w.CandidateBytes = w.ScoreBytes = 0;
            var gcs = GC.CollectionCount(0);
            var (gen1, gen2, pause) = (GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalPauseDuration());
            var allocated = GC.GetAllocatedBytesForCurrentThread();
            var phases = new List<(double Us, SyntheticMessage Q, (long, long, long) Ticks, int Gcs)>();
            foreach (var q in w.Queries)
            {
                var g0 = GC.CollectionCount(0);
                var sw = Stopwatch.StartNew();
                var hits = w.Lookup(q, options.LinkThreshold);
                sw.Stop();
                times.Add(sw.Elapsed.TotalMicroseconds);
                phases.Add((sw.Elapsed.TotalMicroseconds, q, w.Last, GC.CollectionCount(0) - g0));
                indexHits[q.Id] = hits.Select(h => h.Doc.ConversationId).ToHashSet();
            }
            allocated = (GC.GetAllocatedBytesForCurrentThread() - allocated) / w.Queries.Count;
            gcs = GC.CollectionCount(0) - gcs;
            (gen1, gen2, pause) = (GC.CollectionCount(1) - gen1, GC.CollectionCount(2) - gen2, GC.GetTotalPauseDuration() - pause);
            times.Sort();
            // What the slowest 1% spend their time on (DUP_BENCH_SLOW): phases in µs, GCs during the lookup, the text.
            if (Environment.GetEnvironmentVariable("DUP_BENCH_SLOW") is not null)
                foreach (var (us, q, (a, cand, sc), g) in phases.OrderByDescending(p => p.Us).Take(phases.Count / 100))
                    Console.WriteLine($"  slow {us,7:0} µs: index {a * 1e6 / Stopwatch.Frequency,6:0} candidates {cand * 1e6 / Stopwatch.Frequency,6:0} score {sc * 1e6 / Stopwatch.Frequency,6:0} gc {g} [{q.Channel} {string.Join(',', q.Names.Parts)}] {w.Index.Get(q.Id)!.Words.Count} words");
            double P(double p) => times[Math.Min(times.Count - 1, (int)(p * times.Count))];

            // Brute force: the same scorer against every document that was in the index when the query was looked up
            // (the window and the earlier queries). Recall = share of those pairs at/above the threshold the index found.
            var (found, expected, bruteUs, kinds) = Recall(w, indexHits, recallCount, options);
            // The plain baseline: FuzzySharp token-set ratio of the new message against every message of the window.
            var sample = Math.Min(n, 20_000);
            var fuzzUs = 0.0;
            foreach (var q in w.Queries.Take(3))
            {
                var content = w.Index.Get(q.Id)!.Content;
                var sw = Stopwatch.StartNew();
                for (var i = 0; i < sample; i++) Fuzz.TokenSetRatio(content, w.Docs[i].Content);
                fuzzUs += sw.Elapsed.TotalMicroseconds * n / sample / 3;
            }
            Console.WriteLine($"N={n,9:N0}  build {w.BuildSeconds,6:0.0} s ({n / w.BuildSeconds:N0}/s) + compacting {w.CompactSeconds * 1000:0} ms  memory {w.BytesPerMessage,6:N0} B/message  " +
                $"lookup p50 {P(0.50),6:0} µs  p99 {P(0.99),6:0} µs  max {times[^1],6:0} µs  ({allocated / 1024.0:0.0} KB allocated/lookup, {gcs} collections in {times.Count} lookups, of them {gen1} gen 1 and {gen2} gen 2, pausing {pause.TotalMilliseconds:0} ms in all)");
            double Ms(long ticks) => ticks * 1000.0 / Stopwatch.Frequency / w.Queries.Count;
            Console.WriteLine($"             mean per lookup: normalize+index {Ms(w.AddTicks):0.000} ms, candidates {Ms(w.CandidateTicks):0.000} ms ({w.CandidateCount / (double)w.Queries.Count:0.0} of them), scoring {Ms(w.ScoreTicks):0.000} ms; allocated {w.AddBytes / 1024.0 / w.Queries.Count:0.0} / {w.CandidateBytes / 1024.0 / w.Queries.Count:0.0} / {w.ScoreBytes / 1024.0 / w.Queries.Count:0.0} KB");
            Console.WriteLine($"             brute-force FuzzySharp {fuzzUs / 1000,8:0.0} ms/message{(sample < n ? $" (timed on {sample:N0}, extrapolated)" : "")}, " +
                $"full scorer over the window {bruteUs / 1000,7:0.0} ms/message  | recall vs brute force {(expected == 0 ? 1 : found / (double)expected):0.000} " +
                $"({found}/{expected} pairs from {recallCount} queries: {kinds})");
        }
        return 0;
    }

    private static (long Found, long Expected, double BruteUsPerQuery, string Kinds) Recall(DuplicateWindow w, Dictionary<long, HashSet<long>> indexHits, int count, DuplicateOptions options)
    {
        if (count <= 0) return (0, 0, 0, "not measured (--recall 0)");
        var step = Math.Max(1, w.Queries.Count / count);
        var sample = w.Queries.Where((_, i) => i % step == 0).Take(count).ToList();
        long found = 0, expected = 0, linkedQueries = 0, samePerson = 0, samePersonFound = 0;
        var sw = Stopwatch.StartNew();
        var missed = new List<string>();
        var strangers = new Dictionary<string, int>();
        foreach (var q in sample)
        {
            var doc = w.Index.Get(q.Id)!;
            var truth = new List<long>();
            foreach (var d in w.Docs)
            {
                if (d.ConversationId == doc.ConversationId) break; // later queries were not indexed yet
                if (d.LastAt >= q.At - w.Index.WindowMs && DuplicateScorer.Score(doc, d, d.CustomerId == doc.CustomerId, options.LinkThreshold, w.Index.Rarity).Score >= options.LinkThreshold)
                    truth.Add(d.ConversationId);
            }
            expected += truth.Count;
            // What made the scorer link strangers (printed with DUP_BENCH_STRANGERS): the evidence kinds, without numbers.
            if (Environment.GetEnvironmentVariable("DUP_BENCH_STRANGERS") is not null)
                foreach (var t in truth.Where(t => w.PersonOf[t] != w.PersonOf[q.Id]))
                {
                    var ev = DuplicateScorer.Score(doc, w.Index.Get(t)!, false, rarity: w.Index.Rarity).Evidence
                        .Select(e => new string(e.TakeWhile(ch => !char.IsDigit(ch) && ch != '(').ToArray()).Trim()).Where(e => !e.EndsWith("apart") && e.Length > 0);
                    var key = string.Join(" + ", ev.Order());
                    strangers[key] = strangers.GetValueOrDefault(key) + 1;
                }
            samePerson += truth.Count(t => w.PersonOf[t] == w.PersonOf[q.Id]);
            samePersonFound += truth.Count(t => w.PersonOf[t] == w.PersonOf[q.Id] && indexHits[q.Id].Contains(t));
            found += truth.Count(indexHits[q.Id].Contains);
            if (truth.Count > 0) linkedQueries++;
            foreach (var t in truth.Where(t => !indexHits[q.Id].Contains(t)).Take(1))
                if (missed.Count < 8)
                {
                    var other = w.Index.Get(t)!;
                    var sc = DuplicateScorer.Score(doc, other, other.CustomerId == doc.CustomerId, rarity: w.Index.Rarity);
                    missed.Add($"{q.Id} [{doc.Channel} {string.Join(',', doc.Names.Parts)}] {doc.Content}\n    ~ {t} [{other.Channel} {string.Join(',', other.Names.Parts)}] {other.Content}\n    {sc.Score:0.00} {string.Join("; ", sc.Evidence)}" +
                        $"\n    {WhyMissed(w, options, doc, t, q.At)}");
                }
        }
        foreach (var (k, v) in strangers.OrderByDescending(x => x.Value).Take(12)) Console.WriteLine($"  strangers linked by: {v,5} × {k}");
        if (missed.Count > 0 && Environment.GetEnvironmentVariable("DUP_BENCH_MISSED") is not null)
            foreach (var m in missed) Console.WriteLine("  missed " + m);
        return (found, expected, sw.Elapsed.TotalMicroseconds / sample.Count, $"{linkedQueries} with at least one pair; {samePerson} of the pairs are the same person, the index finds {samePersonFound} of those");
    }

    /// <summary>Whether the index would find the pair with more candidates, or only with longer postings too (the other limit).</summary>
    private static string WhyMissed(DuplicateWindow w, DuplicateOptions options, ConversationDoc doc, long other, long at)
    {
        var (candidates, postings, names) = (options.MaxCandidates, options.MaxPostingsPerToken, options.MaxPostingsPerName);
        try
        {
            options.MaxCandidates = 100_000;
            var ranked = w.Index.Candidates(doc, at).FindIndex(d => d.ConversationId == other);
            options.MaxPostingsPerToken = options.MaxPostingsPerName = 1_000_000;
            var read = w.Index.Candidates(doc, at).FindIndex(d => d.ConversationId == other);
            return $"ranked {(ranked < 0 ? "never (not read)" : "at " + ranked)} with all candidates; {(read < 0 ? "not found" : "at " + read)} with all postings read";
        }
        finally { (options.MaxCandidates, options.MaxPostingsPerToken, options.MaxPostingsPerName) = (candidates, postings, names); }
    }

    private static string? Arg(string[] args, string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
}
