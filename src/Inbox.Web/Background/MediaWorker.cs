using Inbox.Core.Channels.Meta;

namespace Inbox.Web.Background;

/// <summary>Fetches the media Meta sends by reference (MediaFetcher): a round every two seconds, so a failed download waits for the next.</summary>
public sealed class MediaWorker(MediaFetcher fetcher, ILogger<MediaWorker> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try { await fetcher.FetchDueAsync(stoppingToken); }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { return; }
            catch (Exception e) { log.LogError(e, "Media fetch round failed"); }
            try { await Task.Delay(TimeSpan.FromSeconds(2), stoppingToken); }
            catch (OperationCanceledException) { return; }
        }
    }
}
