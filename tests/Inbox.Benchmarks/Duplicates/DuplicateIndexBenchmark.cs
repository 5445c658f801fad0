using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using FuzzySharp;
using Inbox.Core.Duplicates;

namespace Inbox.Benchmarks.Duplicates;

/// <summary>A window of N indexed synthetic conversations and the query stream that goes with it.</summary>
public sealed class DuplicateWindow
{
    public required CandidateIndex Index { get; init; }
    public required List<ConversationDoc> Docs { get; init; }
    public required List<SyntheticMessage> Queries { get; init; }
    public required SyntheticTraffic Traffic { get; init; }
    public double BuildSeconds { get; init; }
    public double BytesPerMessage { get; init; }
    public long Now { get; init; }

    public static DuplicateWindow Build(int n, int queries, DuplicateOptions options)
    {
        var traffic = new SyntheticTraffic(RawDir());
        var now = 1_800_000_000_000L;
        var messages = new List<SyntheticMessage>(n);
        for (var i = 0; i < n; i++) messages.Add(traffic.Message(i + 1, now - SyntheticTraffic.WindowMs + (long)((double)i / n * SyntheticTraffic.WindowMs)));
        GC.Collect(); GC.WaitForPendingFinalizers(); GC.Collect();
        var before = GC.GetTotalMemory(true);
        var sw = Stopwatch.StartNew();
        var index = new CandidateIndex(options);
        var docs = new List<ConversationDoc>(n);
        foreach (var m in messages) docs.Add(index.Add(m.Id, m.Person, m.Channel, m.Names, [], TextNormalizer.Normalize(m.Text), m.At));
        sw.Stop();
        var after = GC.GetTotalMemory(true);
        var random = new Random(7);
        var qs = Enumerable.Range(0, queries).Select(i => i % 2 == 0
            ? traffic.DuplicateOf(messages[random.Next(n)], 10_000_000 + i, now)
            : traffic.Message(10_000_000 + i, now)).ToList();
        // the raw messages are not part of the index's footprint: the index keeps only the documents
        var bytes = (after - before) / (double)n;
        GC.KeepAlive(messages);
        return new DuplicateWindow { Index = index, Docs = docs, Queries = qs, Traffic = traffic, BuildSeconds = sw.Elapsed.TotalSeconds, BytesPerMessage = bytes, Now = now };
    }

    /// <summary>What DuplicateDetector does for one new message: normalize, index, find candidates, score them.</summary>
    public List<(ConversationDoc Doc, DuplicateScore Score)> Lookup(SyntheticMessage q, double threshold)
    {
        var doc = Index.Add(q.Id, q.Person + 100_000_000, q.Channel, q.Names, [], TextNormalizer.Normalize(q.Text), q.At);
        return Index.Candidates(doc, q.At).Select(c => (c, DuplicateScorer.Score(doc, c, false, threshold))).Where(x => x.Item2.Score >= threshold).ToList();
    }

    public static string RawDir()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            var raw = Path.Combine(d.FullName, "..", "shared", "data", "raw");
            if (File.Exists(Path.Combine(d.FullName, "Inbox.sln")) && Directory.Exists(raw)) return raw;
        }
        return "/work/shared/data/raw";
    }
}

/// <summary>BenchmarkDotNet: lookup + scoring of one new message against a window of N indexed messages (mean; p99 comes from `scripts/bench duplicates`).</summary>
[ShortRunJob, MemoryDiagnoser]
public class DuplicateLookupBenchmark
{
    private DuplicateWindow _w = null!;
    private int _i;
    private readonly DuplicateOptions _options = new();

    [Params(10_000, 100_000, 1_000_000)] public int N;

    [GlobalSetup] public void Setup() => _w = DuplicateWindow.Build(N, 4096, _options);

    [Benchmark] public int LookupAndScore() => _w.Lookup(_w.Queries[_i++ % _w.Queries.Count], _options.LinkThreshold).Count;
}

/// <summary>`scripts/bench duplicates [--sizes 10000,100000,1000000]`: p50/p99 per lookup, build time, memory, brute force and recall.</summary>
public static class DuplicateLoadBenchmark
{
    public static int Run(string[] args)
    {
        var sizes = (Arg(args, "--sizes") ?? "10000,100000,1000000").Split(',').Select(int.Parse).ToArray();
        var options = new DuplicateOptions();
        Console.WriteLine($"threshold {options.LinkThreshold}, candidates {options.MaxCandidates}, postings/token {options.MaxPostingsPerToken}, {Environment.ProcessorCount} cores");
        foreach (var n in sizes)
        {
            var w = DuplicateWindow.Build(n, 4000, options);
            var times = new List<double>();
            var indexHits = new Dictionary<long, HashSet<long>>();
            foreach (var q in w.Queries.Take(500)) w.Lookup(q with { Id = q.Id + 50_000_000 }, options.LinkThreshold); // warm-up
            foreach (var q in w.Queries)
            {
                var sw = Stopwatch.StartNew();
                var hits = w.Lookup(q, options.LinkThreshold);
                sw.Stop();
                times.Add(sw.Elapsed.TotalMicroseconds);
                indexHits[q.Id] = hits.Select(h => h.Doc.ConversationId).ToHashSet();
            }
            times.Sort();
            double P(double p) => times[Math.Min(times.Count - 1, (int)(p * times.Count))];

            // Brute force: every document of the window scored by the same scorer (FuzzySharp + evidence).
            // It is timed over the whole window; at large N only a few queries are run (say so in the output).
            var recallQueries = w.Queries.Where((_, i) => i % 2 == 0).Take(Math.Clamp(1_000_000 / n, 3, 100)).ToList();
            long found = 0, expected = 0;
            double bruteUs = 0;
            foreach (var q in recallQueries)
            {
                var doc = w.Index.Get(q.Id)!;
                var sw = Stopwatch.StartNew();
                var truth = new List<long>();
                foreach (var d in w.Docs)
                    if (d.ConversationId != doc.ConversationId && d.LastAt >= q.At - w.Index.WindowMs
                        && DuplicateScorer.Score(doc, d, false, options.LinkThreshold).Score >= options.LinkThreshold)
                        truth.Add(d.ConversationId);
                bruteUs += sw.Elapsed.TotalMicroseconds;
                expected += truth.Count;
                found += truth.Count(indexHits[q.Id].Contains);
            }
            // The plain baseline: FuzzySharp token-set ratio of the new message against every message of the window.
            var sample = Math.Min(n, 20_000);
            var fuzzUs = 0.0;
            foreach (var q in recallQueries.Take(3))
            {
                var content = w.Index.Get(q.Id)!.Content;
                var sw = Stopwatch.StartNew();
                for (var i = 0; i < sample; i++) Fuzz.TokenSetRatio(content, w.Docs[i].Content);
                fuzzUs += sw.Elapsed.TotalMicroseconds * n / sample;
            }
            fuzzUs /= Math.Min(3, recallQueries.Count);
            Console.WriteLine($"N={n,9:N0}  build {w.BuildSeconds,6:0.0} s ({n / w.BuildSeconds:N0}/s)  memory {w.BytesPerMessage,6:N0} B/message  " +
                $"lookup p50 {P(0.50),6:0} µs  p99 {P(0.99),6:0} µs  max {times[^1],6:0} µs  | brute-force FuzzySharp {fuzzUs / 1000,8:0.0} ms/message" +
                $"{(sample < n ? $" (timed on {sample:N0}, extrapolated)" : "")}, full scorer over the window {bruteUs / recallQueries.Count / 1000,7:0.0} ms  | recall vs brute force {(expected == 0 ? 1 : found / (double)expected):0.000} ({found}/{expected} pairs, {recallQueries.Count} queries)");
        }
        return 0;
    }

    private static string? Arg(string[] args, string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
}
