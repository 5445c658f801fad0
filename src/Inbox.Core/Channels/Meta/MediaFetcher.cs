using System.Net.Http.Headers;
using Dapper;
using Inbox.Core.Channels.Social;
using Inbox.Core.Conversations;
using Inbox.Core.Realtime;
using Inbox.Core.Storage;
using Microsoft.Extensions.Logging;

namespace Inbox.Core.Channels.Meta;

/// <summary>
/// Fetches the files Meta sends by reference, after intake and outside its transaction (a download may take
/// seconds): a WhatsApp media id is asked for its short-lived URL (GET /{media-id}, the number's token) and that URL
/// is read with the same token; a Messenger or Instagram attachment's URL is read as it came. Only Meta's hosts are
/// fetched (its CDNs and the configured Graph host): a webhook's URL never makes the server call anywhere else.
/// A file over the inbound size limit is not kept. A failure is retried on the next rounds, five attempts in all,
/// its error kept on the row. Once fetched, or given up, the message is pushed again (MessageChanged): an open thread
/// shows the link, or that the file could not be fetched.
/// </summary>
public sealed class MediaFetcher(Db db, MetaOptions options, IHttpClientFactory http, IBroadcaster broadcaster, ILogger<MediaFetcher> log, long maxBytes)
{
    public const int MaxAttempts = 5;
    /// <summary>The HttpClient for media: it follows no redirect by itself (each one is checked against Meta's hosts here).</summary>
    public const string HttpClientName = "media";
    private static readonly string[] MetaHosts = ["fbcdn.net", "fbsbx.com", "cdninstagram.com", "facebook.com", "whatsapp.net"];

    private sealed record Due(long Id, long MessageId, long ConversationId, string MediaRef, string Account);

    /// <summary>One round: every attachment still to fetch (up to 20); returns how many were tried.</summary>
    public async Task<int> FetchDueAsync(CancellationToken ct)
    {
        List<Due> due;
        using (var c = db.Open())
            due = c.Query<Due>("""
                SELECT a.id AS Id, a.message_id AS MessageId, m.conversation_id AS ConversationId, a.media_ref AS MediaRef, cv.account AS Account
                FROM attachments a JOIN messages m ON m.id = a.message_id JOIN conversations cv ON cv.id = m.conversation_id
                WHERE a.content IS NULL AND a.media_ref IS NOT NULL AND a.fetch_attempts < @MaxAttempts
                ORDER BY a.id LIMIT 20
                """, new { MaxAttempts }).AsList();
        foreach (var d in due)
        {
            ct.ThrowIfCancellationRequested();
            try
            {
                var (bytes, type) = await FetchAsync(d, ct);
                using var c = db.Open();
                // Not over an erasure made meanwhile: it cleared media_ref.
                var stored = c.Execute("""
                    UPDATE attachments SET content = @bytes, size = @size, content_type = COALESCE(@type, content_type), fetch_error = NULL
                    WHERE id = @Id AND content IS NULL AND media_ref IS NOT NULL
                    """, new { bytes, size = bytes.Length, type, d.Id });
                if (stored == 1) await PushAsync(c, d);
            }
            catch (Exception e) when (e is HttpRequestException or MediaException or System.Text.Json.JsonException or TaskCanceledException && !ct.IsCancellationRequested)
            {
                log.LogWarning("Fetching attachment {Id} ({Ref}) failed: {Error}", d.Id, d.MediaRef, e.Message);
                using var c = db.Open();
                var attempts = c.ExecuteScalar<long?>(
                    "UPDATE attachments SET fetch_attempts = fetch_attempts + 1, fetch_error = @error WHERE id = @Id AND media_ref IS NOT NULL RETURNING fetch_attempts",
                    new { error = e.Message, d.Id });
                if (attempts == MaxAttempts) await PushAsync(c, d);
            }
        }
        return due.Count;
    }

    private async Task PushAsync(System.Data.Common.DbConnection c, Due d)
    {
        if (ConversationQueries.MessageWithAttachments(c, d.MessageId) is { } view)
            await broadcaster.Conversation(d.ConversationId).MessageChanged(view);
    }

    private async Task<(byte[] Bytes, string? Type)> FetchAsync(Due d, CancellationToken ct)
    {
        var client = http.CreateClient(HttpClientName);
        if (d.MediaRef.StartsWith("whatsapp:", StringComparison.Ordinal))
        {
            var token = options.WhatsAppToken(d.Account) ?? throw new MediaException($"no token configured for WhatsApp number {d.Account}");
            var id = d.MediaRef["whatsapp:".Length..];
            using var ask = new HttpRequestMessage(HttpMethod.Get, $"{options.GraphBaseUrl.TrimEnd('/')}/{options.ApiVersion}/{Uri.EscapeDataString(id)}");
            ask.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var answer = await client.SendAsync(ask, ct);
            if (!answer.IsSuccessStatusCode) throw new MediaException($"media {id}: Graph answered {(int)answer.StatusCode}");
            using var json = System.Text.Json.JsonDocument.Parse(await answer.Content.ReadAsStringAsync(ct));
            var url = json.RootElement.Str("url") ?? throw new MediaException($"media {id}: no url in Graph's answer");
            return await ReadAsync(client, url, token, ct);
        }
        if (d.MediaRef.StartsWith("url:", StringComparison.Ordinal)) return await ReadAsync(client, d.MediaRef["url:".Length..], null, ct);
        throw new MediaException($"unknown media reference '{d.MediaRef}'");
    }

    private async Task<(byte[] Bytes, string? Type)> ReadAsync(HttpClient client, string url, string? bearer, CancellationToken ct)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri)) throw new MediaException($"not a Meta media address: {url}");
        HttpResponseMessage response;
        // A CDN may redirect: each hop must be one of Meta's hosts too, or a webhook could send the server anywhere.
        for (var hops = 0; ; hops++)
        {
            if (!Allowed(uri)) throw new MediaException($"not a Meta media address: {uri}");
            using var request = new HttpRequestMessage(HttpMethod.Get, uri);
            if (bearer is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
            response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
            if ((int)response.StatusCode is >= 300 and < 400 && response.Headers.Location is { } next && hops < 3)
            {
                uri = next.IsAbsoluteUri ? next : new Uri(uri, next);
                response.Dispose();
                continue;
            }
            break;
        }
        using var _ = response;
        if (!response.IsSuccessStatusCode) throw new MediaException($"{uri.Host} answered {(int)response.StatusCode}");
        if (response.Content.Headers.ContentLength > maxBytes) throw new MediaException($"file of {response.Content.Headers.ContentLength} bytes is over the {maxBytes}-byte limit");
        await using var body = await response.Content.ReadAsStreamAsync(ct);
        using var copy = new MemoryStream();
        var buffer = new byte[81920];
        int read;
        while ((read = await body.ReadAsync(buffer, ct)) > 0)
        {
            if (copy.Length + read > maxBytes) throw new MediaException($"file over the {maxBytes}-byte limit");
            copy.Write(buffer, 0, read);
        }
        return (copy.ToArray(), response.Content.Headers.ContentType?.MediaType);
    }

    /// <summary>Meta's CDN hosts over HTTPS, or the configured Graph host (a local sandbox in tests and the demo).</summary>
    private bool Allowed(Uri uri)
    {
        var graph = new Uri(options.GraphBaseUrl);
        if (uri.Scheme == graph.Scheme && uri.Host == graph.Host && uri.Port == graph.Port) return true;
        return uri.Scheme == Uri.UriSchemeHttps && MetaHosts.Any(h => uri.Host == h || uri.Host.EndsWith("." + h, StringComparison.OrdinalIgnoreCase));
    }

    private sealed class MediaException(string message) : Exception(message);
}
