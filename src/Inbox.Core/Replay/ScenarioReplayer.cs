using System.Net;
using System.Net.Http.Json;
using Inbox.Core.Model;

namespace Inbox.Core.Replay;

/// <summary>Sends one inbound scenario event through a channel's real receiving path (webhook, MIME, SMTP).</summary>
public interface IScenarioChannel
{
    bool Handles(ScenarioEvent e);
    Task SendAsync(ScenarioEvent e, DateTimeOffset at, CancellationToken ct);
}

public sealed record ReplayOptions
{
    /// <summary>Time compression: 60 plays an hour of traffic in a minute. Ignored with Max.</summary>
    public double Speed { get; init; } = 1;
    public bool Max { get; init; }
    /// <summary>Shift every timestamp so the last event lands at the replay's start time (demo: realistic ages).</summary>
    public bool ShiftToNow { get; init; }
}

public sealed record ReplaySummary(int Inbound, int Answers, int Skipped, IReadOnlyList<string> Errors);

/// <summary>
/// Replays a scenario against a running server: inbound events through their channel path, answers through
/// the agent API (POST /api/replies) with the event id as client reference and the event time as message time.
/// </summary>
public sealed class ScenarioReplayer(HttpClient api, IReadOnlyList<IScenarioChannel> channels, TimeProvider clock)
{
    public async Task<ReplaySummary> RunAsync(IReadOnlyList<ScenarioEvent> events, ReplayOptions options, Action<string>? progress = null, CancellationToken ct = default)
    {
        int inbound = 0, answers = 0, skipped = 0;
        var errors = new List<string>();
        if (events.Count == 0) return new ReplaySummary(0, 0, 0, errors);
        var offset = options.ShiftToNow ? clock.GetUtcNow() - events.Max(e => e.At) : TimeSpan.Zero;
        var previous = events[0].At;
        var channelOf = events.ToDictionary(e => e.Id, e => e.Channel);
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            if (!options.Max && options.Speed > 0 && e.At > previous)
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min((e.At - previous).TotalMilliseconds / options.Speed, 60_000)), ct);
            previous = e.At;
            var at = e.At + offset;
            try
            {
                if (e.Direction == "out")
                {
                    await AnswerAsync(e, channelOf.GetValueOrDefault(e.InReplyTo ?? "", e.Channel), at, ct);
                    answers++;
                }
                else if (channels.FirstOrDefault(c => c.Handles(e)) is { } channel)
                {
                    await channel.SendAsync(e, at, ct);
                    inbound++;
                }
                else skipped++;
            }
            catch (Exception ex) when (ex is HttpRequestException or InvalidOperationException)
            {
                errors.Add($"{e.Id}: {ex.Message}");
            }
            if ((i + 1) % 100 == 0 || i + 1 == events.Count) progress?.Invoke($"{i + 1}/{events.Count} events");
        }
        return new ReplaySummary(inbound, answers, skipped, errors);
    }

    /// <summary>The answer goes to the conversation of the event it answers; that event may still be in the intake queue.</summary>
    private async Task AnswerAsync(ScenarioEvent e, string inboundChannel, DateTimeOffset at, CancellationToken ct)
    {
        var body = new
        {
            channel = inboundChannel,
            inReplyTo = Scenario.ExternalId(inboundChannel, e.InReplyTo ?? ""),
            text = e.Text,
            clientRef = e.Id,
            confirmed = true,
            sentAt = at.ToUnixTimeMilliseconds(),
        };
        for (var attempt = 0; ; attempt++)
        {
            using var response = await api.PostAsJsonAsync("/api/replies", body, ct);
            if (response.IsSuccessStatusCode) return;
            if (response.StatusCode == HttpStatusCode.NotFound && attempt < 200)
            {
                await Task.Delay(50, ct);
                continue;
            }
            throw new InvalidOperationException($"reply refused: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct)}");
        }
    }

    /// <summary>Logs the API client in (cookie) so answers are sent as an agent.</summary>
    public static async Task LoginAsync(HttpClient api, string user, string password, CancellationToken ct = default)
    {
        // The server refuses state-changing API calls without this header (its anti-forgery rule).
        if (!api.DefaultRequestHeaders.Contains("X-Requested-With")) api.DefaultRequestHeaders.Add("X-Requested-With", "inbox");
        using var r = await api.PostAsJsonAsync("/api/auth/login", new { username = user, password }, ct);
        if (!r.IsSuccessStatusCode) throw new InvalidOperationException($"login as '{user}' failed: {(int)r.StatusCode}");
    }

    /// <summary>Waits until the server's intake queue is empty (everything replayed is processed).</summary>
    public static async Task WaitForIntakeAsync(HttpClient api, TimeSpan timeout, CancellationToken ct = default)
    {
        var until = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < until)
        {
            var s = await api.GetFromJsonAsync<IntakeStatus>("/api/admin/intake", ct);
            if (s is { Pending: 0 }) return;
            await Task.Delay(100, ct);
        }
        throw new TimeoutException("intake queue did not drain");
    }

    private sealed record IntakeStatus(long Pending);
}
