using Inbox.Core.Intake;
using Inbox.Web.Inbound;

namespace Inbox.Web.Background;

/// <summary>Processes accepted raw events one at a time (SQLite has one writer), after re-queuing any left pending by a restart.</summary>
public sealed class IntakeWorker(IntakeQueue queue, IntakePipeline pipeline, RawEventStore rawEvents, ILogger<IntakeWorker> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        foreach (var id in rawEvents.Unfinished(includeFailed: false)) queue.Enqueue(id);
        await foreach (var (rawId, parsed) in queue.ReadAllAsync(stoppingToken))
        {
            try
            {
                await pipeline.ProcessAsync(rawId, parsed);
            }
            catch (Exception e)
            {
                // Not a parse error (those are dead letters already): keep the event failed with its error for reprocessing.
                log.LogError(e, "Intake of raw event {RawId} failed", rawId);
                rawEvents.MarkFailed(rawId, e.GetType().Name + ": " + e.Message);
            }
            finally
            {
                queue.Done();
            }
        }
    }
}
