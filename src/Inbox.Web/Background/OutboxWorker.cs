using Inbox.Core.Outbox;
using Inbox.Core.Replies;

namespace Inbox.Web.Background;

/// <summary>Runs the outbox: at once when a reply is queued, and every second for retries that come due.</summary>
public sealed class OutboxWorker(OutboxProcessor outbox, ReplyService replies, ILogger<OutboxWorker> log) : BackgroundService
{
    private readonly SemaphoreSlim _wake = new(0);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var reconciled = outbox.Reconcile();
        if (reconciled > 0) log.LogWarning("Reconciled {Count} outbox rows interrupted while sending", reconciled);
        replies.Queued += () => _wake.Release();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await outbox.RunDueAsync(stoppingToken) > 0) { }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError(e, "Outbox run failed");
            }
            try { await _wake.WaitAsync(TimeSpan.FromSeconds(1), stoppingToken); }
            catch (OperationCanceledException) { }
        }
    }
}
