namespace Inbox.Tests.Support;

public static class Wait
{
    /// <summary>Polls a condition until it holds or the timeout passes (for background work such as the intake worker).</summary>
    public static async Task UntilAsync(Func<bool> condition, TimeSpan? timeout = null, string? what = null)
    {
        var until = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (!condition())
        {
            if (DateTime.UtcNow > until) throw new TimeoutException($"timed out waiting for {what ?? "condition"}");
            await Task.Delay(20);
        }
    }

    /// <summary>The same with a condition that has to ask the server (an HTTP call), polled every 50 ms.</summary>
    public static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan? timeout = null, string? what = null)
    {
        var until = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (!await condition())
        {
            if (DateTime.UtcNow > until) throw new TimeoutException($"timed out waiting for {what ?? "condition"}");
            await Task.Delay(50);
        }
    }

    public static async Task<T> ForAsync<T>(TaskCompletionSource<T> tcs, TimeSpan? timeout = null) =>
        await tcs.Task.WaitAsync(timeout ?? TimeSpan.FromSeconds(10));
}
