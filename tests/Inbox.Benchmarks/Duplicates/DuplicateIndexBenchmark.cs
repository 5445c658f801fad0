using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using Inbox.Core.Duplicates;

namespace Inbox.Benchmarks.Duplicates;

/// <summary>A window of N indexed synthetic conversations and the query stream that goes with it.</summary>
public sealed class DuplicateWindow
{
    public required CandidateIndex Index { get; init; }
    /// <summary>Every document in the index, in the order added (window first, then the queries as they are looked up).</summary>
    public required List<ConversationDoc> Docs { get; init; }
    public required List<SyntheticMessage> Queries { get; init; }
    public required List<SyntheticMessage> WarmUp { get; init; }
    /// <summary>Who really sent each conversation (the scorer never sees it): says how many linked pairs are true duplicates.</summary>
    public required Dictionary<long, long> PersonOf { get; init; }
    public double BuildSeconds { get; init; }
    /// <summary>The compacting collection after the build (DuplicateDetector.CompactAfterBuild; none below its size).</summary>
    public double CompactSeconds { get; init; }
    public double BytesPerMessage { get; init; }
    public long Now { get; init; }
    /// <summary>Where lookup time goes: normalize + index the new message, find candidates, score them.</summary>
    public long AddTicks, CandidateTicks, ScoreTicks, CandidateCount, AddBytes, CandidateBytes, ScoreBytes;
    /// <summary>The last lookup's phases (ticks), to tell what the slowest lookups spend their time on.</summary>
    public (long Add, long Candidates, long Score) Last;

    public static DuplicateWindow Build(int n, int queries, DuplicateOptions options)
    {
        var traffic = new SyntheticTraffic(RawDir(), people: (long)(n * 0.7));
        var now = 1_800_000_000_000L;
        var messages = traffic.Window(n, now);
        GC.Collect(); GC.WaitForPendingFinalizers(); GC.Collect();
        var before = GC.GetTotalMemory(true);
        // Start-up cost: normalize and index every message of the window (what DuplicateDetector.Rebuild does after reading the rows).
        var sw = Stopwatch.StartNew();
        var index = new CandidateIndex(options);
        var docs = new List<ConversationDoc>(n + queries);
        foreach (var m in messages) docs.Add(index.Add(m.Id, m.Customer, m.Channel, m.Names, [], TextNormalizer.Normalize(m.Text), m.At));
        sw.Stop();
        var after = GC.GetTotalMemory(true);
        var random = new Random(7);
        // Queries arrive at the end of the window: 40% a repeat of an earlier request (mostly of the last day and a half),
        // 30% someone else's request of the same kind as a recent one (hard negative), 30% something new.
        SyntheticMessage Earlier() => messages[random.Next(4) == 0 ? random.Next(n) : n - 1 - random.Next(Math.Max(1, n / 5))];
        List<SyntheticMessage> Stream(int count, long firstId) => Enumerable.Range(0, count).Select(i => (i % 10) switch
        {
            < 4 => traffic.DuplicateOf(Earlier(), firstId + i, now),
            < 7 => traffic.SameKindAs(Earlier(), firstId + i, now),
            _ => traffic.Message(firstId + i, now),
        }).ToList();
        var qs = Stream(queries, 10_000_000);
        var warm = Stream(500, 20_000_000);
        // the raw messages are not part of the index's footprint: the index keeps only the documents
        var bytes = (after - before) / (double)n;
        GC.KeepAlive(messages);
        var personOf = messages.Concat(qs).Concat(warm).ToDictionary(m => m.Id, m => m.Person);
        var compact = Stopwatch.StartNew();
        DuplicateDetector.CompactAfterBuild(index); // as the server does once it has built its index (until the seventh session: not done)
        return new DuplicateWindow { Index = index, Docs = docs, Queries = qs, WarmUp = warm, PersonOf = personOf, BuildSeconds = sw.Elapsed.TotalSeconds,
            CompactSeconds = compact.Elapsed.TotalSeconds, BytesPerMessage = bytes, Now = now };
    }

    /// <summary>What DuplicateDetector does for one new message: normalize, index, find candidates, score them, keep those at the threshold.</summary>
    public List<(ConversationDoc Doc, DuplicateScore Score)> Lookup(SyntheticMessage q, double threshold)
    {
        var b0 = GC.GetAllocatedBytesForCurrentThread();
        var t0 = Stopwatch.GetTimestamp();
        var doc = Index.Add(q.Id, q.Customer, q.Channel, q.Names, [], TextNormalizer.Normalize(q.Text), q.At);
        Docs.Add(doc);
        var t1 = Stopwatch.GetTimestamp();
        var b1 = GC.GetAllocatedBytesForCurrentThread();
        var hits = new List<(ConversationDoc, DuplicateScore)>();
        var candidates = Index.Candidates(doc, q.At);
        var t2 = Stopwatch.GetTimestamp();
        var b2 = GC.GetAllocatedBytesForCurrentThread();
        AddTicks += t1 - t0;
        CandidateTicks += t2 - t1;
        CandidateCount += candidates.Count;
        foreach (var c in candidates)
        {
            var score = DuplicateScorer.Score(doc, c, c.CustomerId == doc.CustomerId, threshold, Index.Rarity, explain: false);
            // as the detector: the pairs it links are scored again to say why
            if (score.Score >= threshold) hits.Add((c, DuplicateScorer.Score(doc, c, c.CustomerId == doc.CustomerId, threshold, Index.Rarity)));
        }
        var t3 = Stopwatch.GetTimestamp();
        ScoreTicks += t3 - t2;
        Last = (t1 - t0, t2 - t1, t3 - t2);
        AddBytes += b1 - b0; CandidateBytes += b2 - b1; ScoreBytes += GC.GetAllocatedBytesForCurrentThread() - b2;
        return hits;
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

/// <summary>BenchmarkDotNet: lookup + scoring of one new message against a window of N indexed messages (mean; p50/p99 come from `scripts/bench duplicates`).</summary>
[ShortRunJob, MemoryDiagnoser]
public class DuplicateLookupBenchmark
{
    private DuplicateWindow _w = null!;
    private int _i;
    private readonly DuplicateOptions _options = new();

    [Params(10_000, 100_000, 1_000_000)] public int N;

    [GlobalSetup] public void Setup() => _w = DuplicateWindow.Build(N, 4096, _options);

    // Each call indexes a new conversation (as the detector does): ids stay unique across BenchmarkDotNet's many invocations.
    [Benchmark] public int LookupAndScore()
    {
        var q = _w.Queries[_i % _w.Queries.Count];
        return _w.Lookup(q with { Id = q.Id + 100_000_000L * (1 + _i++ / _w.Queries.Count) }, _options.LinkThreshold).Count;
    }
}
