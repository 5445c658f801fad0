using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization;
using Inbox.Core.Outbox;

namespace Inbox.Core.Channels.Social;

/// <summary>One POST to a platform API (JSON, or a file upload), with its answer mapped to sent / retry later / refused for good.</summary>
public static class PlatformCall
{
    public const string HttpClientName = "social";

    private static readonly JsonSerializerOptions Json = new() { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    public sealed record Answer(JsonElement Body, SendResult? Failure);

    public static Task<Answer> PostAsync(HttpClient http, string url, object body, string? bearer, TimeProvider clock, CancellationToken ct)
    {
        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(body, Json));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return PostAsync(http, url, content, bearer, clock, ct);
    }

    /// <summary>The same with a body of another kind (a multipart/form-data file upload); the request disposes it.</summary>
    public static async Task<Answer> PostAsync(HttpClient http, string url, HttpContent content, string? bearer, TimeProvider clock, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = content };
        if (bearer is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        using var response = await http.SendAsync(request, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        var json = Parse(text);
        if (response.IsSuccessStatusCode) return new Answer(json, null);

        var error = $"{(int)response.StatusCode}: {ErrorText(json, text)}";
        var code = json.Path("error", "code");
        SendResult failure = response.StatusCode switch
        {
            HttpStatusCode.TooManyRequests => new SendResult.Transient("rate limited " + error, RetryAfter(response, clock)),
            >= HttpStatusCode.InternalServerError or HttpStatusCode.RequestTimeout => new SendResult.Transient(error),
            // Graph reports throttling and temporary faults as 400 with these codes or is_transient.
            _ when code is "1" or "2" or "4" or "17" or "32" or "613" || json.Get("error")?.Bool("is_transient") == true
                => new SendResult.Transient(error, TimeSpan.FromSeconds(60)),
            _ => new SendResult.Permanent(error),
        };
        return new Answer(json, failure);
    }

    /// <summary>
    /// Sends one reply as several platform messages (its text, then one per file), in order. Until the first is out a
    /// failure is the first call's own (a transient one is retried whole); once one is out a failure is reported, not
    /// retried, since a retry would send the customer the first ones again. The reply's platform id is the first message's.
    /// </summary>
    public static async Task<SendResult> SendInOrderAsync(IReadOnlyList<Func<Task<Answer>>> calls, Func<JsonElement, string?> platformId, string channel)
    {
        string? firstId = null;
        for (var i = 0; i < calls.Count; i++)
        {
            var answer = await calls[i]();
            if (answer.Failure is { } failure)
                return i == 0 ? failure : new SendResult.Permanent(
                    $"sent in part: {i} of {calls.Count} messages went out, the next failed ({failure switch { SendResult.Transient t => t.Error, SendResult.Permanent p => p.Error, _ => "" }}); check the conversation on {channel} before sending the rest");
            firstId ??= platformId(answer.Body);
        }
        return new SendResult.Sent(firstId);
    }

    /// <summary>X gives x-rate-limit-reset (epoch seconds); others may give Retry-After.</summary>
    private static TimeSpan? RetryAfter(HttpResponseMessage r, TimeProvider clock)
    {
        TimeSpan? wait = null;
        if (r.Headers.TryGetValues("x-rate-limit-reset", out var reset) &&
            long.TryParse(reset.FirstOrDefault(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var epoch))
            wait = DateTimeOffset.FromUnixTimeSeconds(epoch) - clock.GetUtcNow();
        else if (r.Headers.RetryAfter?.Delta is { } delta) wait = delta;
        if (wait is null) return null;
        return wait < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : wait > TimeSpan.FromMinutes(15) ? TimeSpan.FromMinutes(15) : wait;
    }

    private static string ErrorText(JsonElement json, string text) =>
        json.Path("error", "message") ?? json.Str("detail") ?? json.Str("title") ??
        json.Array("errors").Select(e => e.Str("message") ?? e.Str("detail")).FirstOrDefault() ??
        (text.Length > 300 ? text[..300] : text);

    private static JsonElement Parse(string text)
    {
        try
        {
            using var doc = JsonDocument.Parse(text.Length == 0 ? "{}" : text);
            return doc.RootElement.Clone();
        }
        catch (JsonException)
        {
            using var empty = JsonDocument.Parse("{}");
            return empty.RootElement.Clone();
        }
    }
}
