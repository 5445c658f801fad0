using Inbox.Core.Intake;
using Inbox.Web.Inbound;

namespace Inbox.Web.Background;

/// <summary>Processes accepted raw events one at a time (SQLite has one writer), after re-queuing any left pending by a restart.</summary>
public sealed class IntakeWorker(IntakeQueue queue, IntakePipeline pipeline, RawEventStore rawEvents, ILogger<IntakeWorker> log) : BackgroundService
{
    private const int MaxBatch = 256;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        foreach (var id in rawEvents.Unfinished(includeFailed: false)) queue.Enqueue(id);
        var reader = queue.Reader;
        while (await reader.WaitToReadAsync(stoppingToken))
        {
            // Drain what has queued up while the previous batch was being written: one transaction for a burst.
            var batch = new List<(long, NormalizeResult?)>();
            while (batch.Count < MaxBatch && reader.TryRead(out var item)) batch.Add(item);
            try
            {
                await pipeline.ProcessBatchAsync(batch);
            }
            catch (Exception e)
            {
                log.LogError(e, "Intake batch failed");
                foreach (var (rawId, _) in batch) rawEvents.MarkFailed(rawId, e.GetType().Name + ": " + e.Message);
            }
            finally
            {
                queue.Done(batch.Count);
            }
        }
    }
}
