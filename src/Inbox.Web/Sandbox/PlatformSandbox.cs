using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Inbox.Core.Customers;

namespace Inbox.Web.Sandbox;

/// <summary>
/// A local stand-in for the Graph API and the X API on 127.0.0.1: it speaks their documented request and
/// response formats for the calls Inbox makes, records every request, and answers errors on demand
/// (Fail). Used by the tests and by --demo, never in production.
/// </summary>
public sealed class PlatformSandbox : IAsyncDisposable, IProfileDirectory
{
    public sealed record Recorded(string Method, string Path, string Query, string? Authorization, string Body, DateTimeOffset At)
    {
        public JsonElement Json => JsonDocument.Parse(Body.Length == 0 ? "{}" : Body).RootElement;
    }

    private sealed class Fault(int status, int times, string? pathContains, IReadOnlyDictionary<string, string>? headers)
    {
        public int Status { get; } = status;
        public int Remaining = times;
        public string? PathContains { get; } = pathContains;
        public IReadOnlyDictionary<string, string> Headers { get; } = headers ?? new Dictionary<string, string>();
    }

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<Recorded> _requests = new();
    private readonly List<Fault> _faults = [];
    private readonly ConcurrentDictionary<string, Profile> _profiles = new();
    private readonly ConcurrentDictionary<string, (byte[] Bytes, string MimeType)> _media = new();
    private readonly ConcurrentDictionary<string, string> _redirects = new();
    private long _nextId = 1_900_000_000_000_000_000;

    private PlatformSandbox(WebApplication app) => _app = app;

    public string Url { get; private set; } = "";
    public IReadOnlyList<Recorded> Requests => _requests.ToArray();

    public static async Task<PlatformSandbox> StartAsync(CancellationToken ct = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var sandbox = new PlatformSandbox(app);
        app.MapPost("/_sandbox/fail", (int status, int? times, string? path) => { sandbox.Fail(status, times ?? 1, path); return Results.NoContent(); });
        app.MapGet("/_sandbox/requests", () => sandbox.Requests);
        app.MapPost("/_sandbox/profiles", (ProfileEntry p) => { sandbox.Register(p.Id, new Profile(p.Name, p.Username)); return Results.NoContent(); });
        app.MapPost("/{**path}", sandbox.HandleAsync);
        app.MapGet("/{**path}", sandbox.HandleGet);
        await app.StartAsync(ct);
        sandbox.Url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return sandbox;
    }

    /// <summary>The next `times` requests whose path contains pathContains (any when null) get this status.</summary>
    public void Fail(int status, int times = 1, string? pathContains = null, IReadOnlyDictionary<string, string>? headers = null)
    {
        lock (_faults) _faults.Add(new Fault(status, times, pathContains, headers));
    }

    public void Clear()
    {
        lock (_faults) _faults.Clear();
        _requests.Clear();
    }

    public sealed record ProfileEntry(string Id, string? Name, string? Username);

    /// <summary>What the User Profile API will answer for this PSID/IGSID (the platform's own profile data).</summary>
    public void Register(string userId, Profile profile) => _profiles[userId] = profile;

    /// <summary>
    /// A file the platform holds: WhatsApp's GET /{version}/{media id} answers its URL (/_media/{id} here), which
    /// serves the bytes to a bearer token as WhatsApp's media host does; a Messenger CDN URL is the same address.
    /// </summary>
    public string AddMedia(string id, byte[] bytes, string mimeType)
    {
        _media[id] = (bytes, mimeType);
        return $"{Url}/_media/{id}";
    }

    /// <summary>A media address that answers 302 to <paramref name="location"/> (CDNs redirect; a redirect may point anywhere).</summary>
    public string AddRedirect(string id, string location)
    {
        _redirects[id] = location;
        return $"{Url}/_media/{id}";
    }

    /// <summary>
    /// GET: a file (/_media/{id}, or its redirect), a WhatsApp media id's URL (/{version}/{media id}, bearer token), or a
    /// profile (/{version}/{PSID or IGSID}?fields=…&amp;access_token=…: only the fields asked for, as Graph does).
    /// </summary>
    private IResult HandleGet(HttpRequest request, string path)
    {
        var recorded = Record("GET", request, path, "");
        if (TakeFault(recorded.Path) is { } fault)
            return GraphError($"sandbox answered {fault.Status} on demand", fault.Status >= 500 ? 2 : 4, fault.Status);
        var segments = path.Split('/');
        if (segments is ["_media", var file] && _media.TryGetValue(file, out var stored))
            return Results.Bytes(stored.Bytes, stored.MimeType);
        if (segments is ["_media", var moved] && _redirects.TryGetValue(moved, out var location))
            return Results.Redirect(location);
        if (segments is [_, var mediaId] && _media.TryGetValue(mediaId, out var media))
            return request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.Ordinal)
                ? Results.Json(new { url = $"{Url}/_media/{mediaId}", mime_type = media.MimeType, file_size = media.Bytes.Length, id = mediaId, messaging_product = "whatsapp" })
                : GraphError("An access token is required to request this resource.", 190, 401);
        if (request.Query["access_token"].ToString().Length == 0) return GraphError("An access token is required to request this resource.", 190, 401);
        if (segments is not [_, var id] || !_profiles.TryGetValue(id, out var p))
            return GraphError($"Unsupported get request. Object with ID '{path}' does not exist", 100);
        var parts = p.Name?.Split(' ', 2) ?? [];
        var fields = new Dictionary<string, string?>
        {
            ["name"] = p.Name, ["first_name"] = parts.ElementAtOrDefault(0), ["last_name"] = parts.ElementAtOrDefault(1), ["username"] = p.Username,
        };
        var asked = request.Query["fields"].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var answer = new Dictionary<string, string?> { ["id"] = id };
        foreach (var f in asked) if (fields.GetValueOrDefault(f) is { } v) answer[f] = v;
        return Results.Json(answer);
    }

    /// <summary>Keeps a request as the tests read it back (Requests): its body, or a JSON summary of a form.</summary>
    private Recorded Record(string method, HttpRequest request, string path, string body)
    {
        var recorded = new Recorded(method, "/" + path, request.QueryString.Value ?? "",
            request.Headers.Authorization.ToString() is { Length: > 0 } a ? a : null, body, DateTimeOffset.UtcNow);
        _requests.Enqueue(recorded);
        return recorded;
    }

    private string NewId() => Interlocked.Increment(ref _nextId).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private async Task<IResult> HandleAsync(HttpRequest request, string path)
    {
        if (request.HasFormContentType && path.Split('/') is [_, _, "media"]) return await UploadAsync(request, path);
        if (request.HasFormContentType && path.Split('/') is [_, _, "messages"]) return await SendFileAsync(request, path);
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync();
        var recorded = Record("POST", request, path, body);

        if (TakeFault(recorded.Path) is { } fault)
        {
            foreach (var (k, v) in fault.Headers) request.HttpContext.Response.Headers[k] = v;
            return path.StartsWith("2/", StringComparison.Ordinal)
                ? Results.Json(new { title = "Sandbox fault", detail = $"sandbox answered {fault.Status} on demand", status = fault.Status }, statusCode: fault.Status)
                : GraphError($"sandbox answered {fault.Status} on demand", fault.Status >= 500 ? 2 : 4, fault.Status);
        }

        JsonElement json;
        try { json = recorded.Json; }
        catch (JsonException) { return path.StartsWith("2/") ? XError("body is not JSON") : GraphError("body is not JSON", 100); }
        var segments = path.Split('/');
        return segments switch
        {
            ["2", "tweets"] => Tweet(recorded, json),
            ["2", "dm_conversations", "with", var participant, "messages"] => Dm(recorded, json, participant),
            [_, var id, "messages"] => json.TryGetProperty("messaging_product", out _) ? WhatsApp(recorded, json) : SendApi(recorded, json, request),
            [_, var id, "comments"] => Comment(recorded, json, request, id),
            [_, var id, "replies"] => Comment(recorded, json, request, id), // an Instagram comment's reply
            _ => GraphError($"Unknown path components: /{path}", 2500, 404),
        };
    }

    private Fault? TakeFault(string path)
    {
        lock (_faults)
        {
            var f = _faults.FirstOrDefault(f => f.Remaining > 0 && (f.PathContains is null || path.Contains(f.PathContains, StringComparison.Ordinal)));
            if (f is null) return null;
            f.Remaining--;
            return f;
        }
    }

    private static IResult GraphError(string message, int code, int status = 400) =>
        Results.Json(new { error = new { message, type = "OAuthException", code, fbtrace_id = "sandbox" } }, statusCode: status);

    private static IResult XError(string detail, int status = 400) =>
        Results.Json(new { title = "Invalid Request", detail, type = "https://api.twitter.com/2/problems/invalid-request", status }, statusCode: status);

    private static bool GraphAuthorized(Recorded r, HttpRequest request) =>
        request.Query["access_token"].ToString().Length > 0 || (r.Authorization?.StartsWith("Bearer ") ?? false);

    private static string? Text(JsonElement e, params string[] path)
    {
        foreach (var p in path)
        {
            if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty(p, out e)) return null;
        }
        return e.ValueKind == JsonValueKind.String ? e.GetString() : null;
    }

    private IResult Tweet(Recorded r, JsonElement json)
    {
        if (!(r.Authorization?.StartsWith("Bearer ") ?? false)) return XError("Unauthorized", 401);
        if (Text(json, "text") is not { Length: > 0 } text) return XError("text is required");
        return Results.Json(new { data = new { id = NewId(), text, edit_history_tweet_ids = Array.Empty<string>() } }, statusCode: 201);
    }

    private IResult Dm(Recorded r, JsonElement json, string participant)
    {
        if (!(r.Authorization?.StartsWith("Bearer ") ?? false)) return XError("Unauthorized", 401);
        if (Text(json, "text") is not { Length: > 0 } && !json.TryGetProperty("attachments", out _)) return XError("text or attachments is required");
        return Results.Json(new { data = new { dm_conversation_id = $"{participant}-sandbox", dm_event_id = NewId() } }, statusCode: 201);
    }

    /// <summary>
    /// WhatsApp's media upload (POST /{version}/{phone number id}/media, multipart/form-data: messaging_product, type,
    /// file): keeps the file under a new media id, as the Cloud API does, and answers {"id": …}. Recorded as a JSON summary
    /// of the form (the file's name, type and size).
    /// </summary>
    private async Task<IResult> UploadAsync(HttpRequest request, string path)
    {
        var form = await request.ReadFormAsync();
        var file = form.Files.GetFile("file");
        var summary = JsonSerializer.Serialize(new
        {
            messaging_product = form["messaging_product"].ToString(), type = form["type"].ToString(),
            file_name = file?.FileName, file_type = file?.ContentType, size = file?.Length,
        });
        var recorded = Record("POST", request, path, summary);
        if (TakeFault(recorded.Path) is { } fault) return GraphError($"sandbox answered {fault.Status} on demand", fault.Status >= 500 ? 2 : 4, fault.Status);
        if (!(recorded.Authorization?.StartsWith("Bearer ") ?? false)) return GraphError("An access token is required to request this resource.", 190, 401);
        if (form["messaging_product"] != "whatsapp") return GraphError("(#100) The parameter messaging_product is required.", 100);
        if (file is null || file.Length == 0) return GraphError("(#100) The parameter file is required.", 100);
        using var bytes = new MemoryStream();
        await file.CopyToAsync(bytes);
        var id = NewId();
        _media[id] = (bytes.ToArray(), form["type"].ToString() is { Length: > 0 } type ? type : file.ContentType);
        return Results.Json(new { id });
    }

    /// <summary>
    /// The Send API's attachment upload (POST /{version}/{page id}/messages, multipart/form-data: recipient and message as
    /// JSON, messaging_type, filedata): keeps the file and answers as a sent message, with the attachment's id. Recorded as
    /// a JSON summary: the form's fields parsed, and the file's name, type, size and id.
    /// </summary>
    private async Task<IResult> SendFileAsync(HttpRequest request, string path)
    {
        var form = await request.ReadFormAsync();
        var file = form.Files.GetFile("filedata");
        JsonElement? Field(string name)
        {
            try { return form[name].ToString() is { Length: > 0 } v ? JsonDocument.Parse(v).RootElement.Clone() : null; }
            catch (JsonException) { return null; }
        }
        var recipient = Field("recipient");
        var message = Field("message");
        var attachmentId = NewId();
        var summary = JsonSerializer.Serialize(new
        {
            recipient, messaging_type = form["messaging_type"].ToString(), tag = form["tag"].ToString(), message,
            file_name = file?.FileName, file_type = file?.ContentType, size = file?.Length, attachment_id = attachmentId,
        });
        var recorded = Record("POST", request, path, summary);
        if (TakeFault(recorded.Path) is { } fault) return GraphError($"sandbox answered {fault.Status} on demand", fault.Status >= 500 ? 2 : 4, fault.Status);
        if (!GraphAuthorized(recorded, request)) return GraphError("An access token is required to request this resource.", 190, 401);
        if (recipient is not { } to || Text(to, "id") is not { } id) return GraphError("(#100) The parameter recipient is required", 100);
        if (form["messaging_type"].ToString() is not ("RESPONSE" or "MESSAGE_TAG")) return GraphError("(#100) messaging_type is required", 100);
        if (message is not { } m || Text(m, "attachment", "type") is not ("image" or "video" or "audio" or "file"))
            return GraphError("(#100) message.attachment.type must be image, video, audio or file", 100);
        if (file is null || file.Length == 0) return GraphError("(#100) Upload attachment failure: filedata is required", 100);
        using var bytes = new MemoryStream();
        await file.CopyToAsync(bytes);
        _media[attachmentId] = (bytes.ToArray(), file.ContentType);
        return Results.Json(new { recipient_id = id, message_id = "m_SBX" + NewId(), attachment_id = attachmentId });
    }

    /// <summary>The bytes and type of a file the platform holds (one uploaded by Inbox, or added by a test).</summary>
    public (byte[] Bytes, string MimeType)? Media(string id) => _media.TryGetValue(id, out var m) ? m : null;

    private IResult WhatsApp(Recorded r, JsonElement json)
    {
        if (!(r.Authorization?.StartsWith("Bearer ") ?? false)) return GraphError("An access token is required to request this resource.", 190, 401);
        var to = Text(json, "to");
        var valid = Text(json, "type") switch
        {
            "text" => Text(json, "text", "body") is not null,
            "template" => Text(json, "template", "name") is not null && Text(json, "template", "language", "code") is not null,
            // A media message names a file uploaded before (its media id).
            var kind when kind is "image" or "document" or "audio" or "video" => Text(json, kind, "id") is { } mediaId && _media.ContainsKey(mediaId),
            _ => false,
        };
        if (to is null || !valid) return GraphError("(#100) Invalid parameter", 100);
        return Results.Json(new { messaging_product = "whatsapp", contacts = new[] { new { input = to, wa_id = to } }, messages = new[] { new { id = "wamid.SBX" + NewId() } } });
    }

    private IResult SendApi(Recorded r, JsonElement json, HttpRequest request)
    {
        if (!GraphAuthorized(r, request)) return GraphError("An access token is required to request this resource.", 190, 401);
        var recipient = Text(json, "recipient", "id") ?? Text(json, "recipient", "comment_id");
        var type = Text(json, "messaging_type");
        if (recipient is null) return GraphError("(#100) The parameter recipient is required", 100);
        if (type is not ("RESPONSE" or "UPDATE" or "MESSAGE_TAG")) return GraphError("(#100) messaging_type is required", 100);
        if (type == "MESSAGE_TAG" && Text(json, "tag") is null) return GraphError("(#100) tag is required for MESSAGE_TAG", 100);
        if (Text(json, "message", "text") is not { } text) return GraphError("(#100) message.text is required", 100);
        if (text.Length >= 2000) return GraphError("(#100) Length of param message[text] must be less than or equal to 2000", 100);
        return Results.Json(new { recipient_id = recipient, message_id = "m_SBX" + NewId() });
    }

    private IResult Comment(Recorded r, JsonElement json, HttpRequest request, string commentId)
    {
        if (!GraphAuthorized(r, request)) return GraphError("An access token is required to request this resource.", 190, 401);
        if (Text(json, "message") is null) return GraphError("(#100) message is required", 100);
        return Results.Json(new { id = $"{commentId.Split('_')[0]}_{NewId()}" });
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
