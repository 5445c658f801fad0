using System.Diagnostics;
using Inbox.Core.Intake;
using Inbox.Web.Inbound;

namespace Inbox.Web.Background;

/// <summary>
/// The database's single intake writer: stores the payloads that requests are waiting on in one transaction
/// (group commit), answers those requests, then processes the batch in a second transaction. Requests never
/// write to SQLite themselves, so the writer never waits on a lock. Raw events left pending by a restart are
/// re-queued first (StartAsync).
/// </summary>
public sealed class IntakeWorker(IntakeQueue queue, IntakePipeline pipeline, RawEventStore rawEvents, ILogger<IntakeWorker> log) : BackgroundService
{
    private const int MaxBatch = 256;
    /// <summary>How often new messages go into the search index (at most; and once after the intake falls idle).</summary>
    private static readonly TimeSpan SearchEvery = TimeSpan.FromMilliseconds(500);
    private long _indexedAt;

    /// <summary>
    /// Queues the raw events a restart left pending while the host starts (hosted services start before the server
    /// takes requests), so they go first. Since .NET 10, all of ExecuteAsync runs on the thread pool, at no set point
    /// of the start: from there the scan raced the first requests and queued their raw events a second time (a test
    /// that processed its own stored events hung on the worker processing them beside it).
    /// </summary>
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var id in rawEvents.Unfinished(includeFailed: false)) queue.Enqueue(id);
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try { await RunAsync(stoppingToken); }
        finally
        {
            WriteCarriedLinks();
            // Shutting down: requests still waiting are refused (503 by the host), so senders redeliver.
            while (queue.Reader.TryRead(out var left)) left.Stored?.TrySetCanceled(CancellationToken.None);
        }
    }

    private async Task RunAsync(CancellationToken stoppingToken)
    {
        var reader = queue.Reader;
        while (await WaitAsync(reader, stoppingToken))
        {
            // Drain what has queued up while the previous batch was being written: one transaction for a burst.
            var items = new List<IntakeQueue.Item>();
            while (items.Count < MaxBatch && reader.TryRead(out var item)) items.Add(item);
            var batch = new List<(long, NormalizeResult?)>(items.Count);
            try
            {
                batch.AddRange(items.Where(i => i.Submission is null).Select(i => (i.RawId, i.Parsed)));
                batch.AddRange(StoreSubmissions(items.Where(i => i.Submission is not null).ToList()));
                if (batch.Count > 0) await pipeline.ProcessBatchAsync(batch, () => reader.TryPeek(out _));
            }
            catch (Exception e)
            {
                log.LogError(e, "Intake batch failed");
                foreach (var (rawId, _) in batch) rawEvents.MarkFailed(rawId, e.GetType().Name + ": " + e.Message);
            }
            finally
            {
                // Before counting the batch done: whoever waits for an idle intake (replay, eval) sees every link.
                if (!reader.TryPeek(out _)) WriteCarriedLinks();
                queue.Done(items.Count);
            }
            if (Stopwatch.GetElapsedTime(_indexedAt) >= SearchEvery) IndexForSearch();
        }
    }

    /// <summary>
    /// Waits for the next request. While none comes, the search index catches up every SearchEvery (an agent's reply,
    /// stored by another connection, or the last messages of a burst).
    /// </summary>
    private async Task<bool> WaitAsync(System.Threading.Channels.ChannelReader<IntakeQueue.Item> reader, CancellationToken stoppingToken)
    {
        while (true)
        {
            if (reader.TryPeek(out _)) return true;
            using var tick = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            tick.CancelAfter(SearchEvery);
            try { return await reader.WaitToReadAsync(tick.Token); }
            catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
            {
                IndexForSearch();
            }
        }
    }

    private void IndexForSearch()
    {
        _indexedAt = Stopwatch.GetTimestamp();
        try { pipeline.IndexForSearch(); }
        catch (Exception e) { log.LogError(e, "Indexing new messages for search failed (retried at the next turn)"); }
    }

    /// <summary>A batch that ended with more requests waiting left its last duplicate lookups' links to the next: written here once the queue is empty.</summary>
    private void WriteCarriedLinks()
    {
        try { pipeline.WriteCarriedLinks(); }
        catch (Exception e) { log.LogError(e, "Writing the links of the last duplicate lookups failed"); }
    }

    /// <summary>One commit for every waiting request; each request is answered only once its payload is durable.</summary>
    private IEnumerable<(long, NormalizeResult?)> StoreSubmissions(List<IntakeQueue.Item> waiting)
    {
        if (waiting.Count == 0) return [];
        IReadOnlyList<AcceptResult> results;
        try
        {
            results = pipeline.Store(waiting.Select(i => i.Submission!).ToList());
        }
        catch (Exception e)
        {
            log.LogError(e, "Storing {Count} raw events failed", waiting.Count);
            foreach (var i in waiting) i.Stored!.TrySetException(e);
            return [];
        }
        var accepted = new List<(long, NormalizeResult?)>();
        for (var n = 0; n < waiting.Count; n++)
        {
            waiting[n].Stored!.TrySetResult(results[n]);
            if (results[n] is AcceptResult.Accepted a) accepted.Add((a.RawId, a.Parsed));
        }
        return accepted;
    }
}
