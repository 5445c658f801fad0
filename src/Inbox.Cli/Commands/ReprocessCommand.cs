using System.Net.Http.Json;
using Inbox.Core.Replay;

namespace Inbox.Cli;

/// <summary>`inbox reprocess`: queues every failed (dead-letter) and pending raw event again on a running server.</summary>
public static class ReprocessCommand
{
    public static async Task<int> RunAsync(CliArgs a)
    {
        using var http = new HttpClient(new HttpClientHandler { UseCookies = true }) { BaseAddress = new Uri(a.Require("server")) };
        await ScenarioReplayer.LoginAsync(http, a.Require("user", "INBOX_USER"), a.Require("password", "INBOX_PASSWORD"));
        using var r = await http.PostAsync("/api/admin/reprocess", null);
        r.EnsureSuccessStatusCode();
        var body = await r.Content.ReadFromJsonAsync<QueuedCount>();
        Console.WriteLine($"queued {body?.Queued ?? 0} raw events for reprocessing");
        return 0;
    }

    private sealed record QueuedCount(int Queued);
}
