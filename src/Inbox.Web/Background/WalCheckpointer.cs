using Inbox.Core.Storage;

namespace Inbox.Web.Background;

/// <summary>
/// Copies SQLite's write-ahead log into the database file on its own thread, a few times a second, so that the
/// intake writer's commits never stop for it (a commit that crossed 1,000 log pages used to do the copy and its
/// fsync before returning). A passive checkpoint runs beside readers and writers; nothing is copied twice.
/// </summary>
public sealed class WalCheckpointer(Db db, ILogger<WalCheckpointer> log) : BackgroundService
{
    private static readonly TimeSpan Every = TimeSpan.FromMilliseconds(250);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        db.CheckpointElsewhere(true);
        try
        {
            using var timer = new PeriodicTimer(Every);
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try { await Task.Run(db.Checkpoint, stoppingToken); }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    log.LogWarning(e, "WAL checkpoint failed; trying again");
                }
            }
        }
        catch (OperationCanceledException) { }
        finally
        {
            db.CheckpointElsewhere(false); // stopping: commits checkpoint for themselves again
        }
    }
}
