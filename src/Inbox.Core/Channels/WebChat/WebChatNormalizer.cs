using System.Text.Json;
using Inbox.Core.Intake;
using Inbox.Core.Model;

namespace Inbox.Core.Channels.WebChat;

/// <summary>
/// A message a visitor typed in the web chat: the body as the page sent it ({"id", "text", "sentAt"?}) and the
/// visitor as the endpoint verified them, in the headers kept with it (x-chat-visitor, x-chat-name, x-chat-email), so
/// that a dead letter can be reprocessed on its own. The page's id is the message's external id (a resend is stored once).
/// </summary>
public sealed class WebChatNormalizer : IChannelNormalizer
{
    public const string SourceName = "webchat";
    public const int MaxText = 5000;
    public const string VisitorHeader = "x-chat-visitor", NameHeader = "x-chat-name", EmailHeader = "x-chat-email";

    public string Source => SourceName;

    public NormalizeResult Normalize(RawEnvelope raw)
    {
        if (!raw.Headers.TryGetValue(VisitorHeader, out var visitor) || string.IsNullOrEmpty(visitor))
            throw new PayloadException("no visitor with the message");
        JsonElement root;
        try { root = JsonDocument.Parse(raw.Body).RootElement; }
        catch (JsonException e) { throw new PayloadException($"the body is not JSON: {e.Message}"); }
        if (root.ValueKind != JsonValueKind.Object) throw new PayloadException("the body is not a JSON object");
        var id = root.TryGetProperty("id", out var i) && i.ValueKind == JsonValueKind.String ? i.GetString()!.Trim() : "";
        if (id.Length is 0 or > 100) throw new PayloadException("id is required: a string of 1 to 100 characters (the page's own id for the message)");
        var text = root.TryGetProperty("text", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString()!.Trim() : "";
        if (text.Length == 0) throw new PayloadException("text is required");
        if (text.Length > MaxText) throw new PayloadException($"text is at most {MaxText} characters");
        // The page's own time for the message (a replayed scenario keeps its times), never later than its arrival.
        var sentAt = raw.ReceivedAt;
        if (root.TryGetProperty("sentAt", out var s))
        {
            if (s.ValueKind != JsonValueKind.Number || !s.TryGetInt64(out var at) || at <= 0) throw new PayloadException("sentAt is a time in milliseconds");
            sentAt = Math.Min(at, raw.ReceivedAt);
        }
        raw.Headers.TryGetValue(NameHeader, out var name);
        raw.Headers.TryGetValue(EmailHeader, out var email);
        return NormalizeResult.Of(new NormalizedMessage
        {
            Channel = ChannelName.WebChat,
            Account = "web",
            ExternalId = id,
            Customer = new IdentityInfo(ChannelName.WebChat, visitor, string.IsNullOrWhiteSpace(name) ? null : name,
                Email: string.IsNullOrWhiteSpace(email) ? null : email.ToLowerInvariant()),
            Text = text,
            SentAt = sentAt,
        });
    }
}
