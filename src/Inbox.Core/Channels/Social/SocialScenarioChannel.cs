using System.Net.Http.Headers;
using System.Text.Json;
using Inbox.Core.Channels.X;
using Inbox.Core.Model;
using Inbox.Core.Replay;

namespace Inbox.Core.Channels.Social;

/// <summary>The brand accounts replay speaks for (a scenario names none: the server's configured ones are used).</summary>
public sealed record SocialReplayAccounts(
    string? MetaAppSecret, string PageId, string InstagramId, string WhatsAppPhoneNumberId,
    string? XConsumerSecret, string XUserId, string XHandle = "support");

/// <summary>
/// Replays Messenger, Instagram, WhatsApp and X events as real signed webhooks: the event id is the mid,
/// wamid, tweet id or DM event id, and the event time is the platform timestamp.
/// </summary>
public sealed class SocialScenarioChannel(HttpClient server, SocialReplayAccounts accounts) : IScenarioChannel
{
    public bool Handles(ScenarioEvent e) => e.Channel switch
    {
        ChannelName.Messenger or ChannelName.Instagram or ChannelName.WhatsApp => accounts.MetaAppSecret is not null,
        ChannelName.X => accounts.XConsumerSecret is not null,
        _ => false,
    };

    public async Task SendAsync(ScenarioEvent e, DateTimeOffset at, CancellationToken ct)
    {
        var (path, body, header, signature) = e.Channel == ChannelName.X
            ? Signed("/webhooks/x", XPayload(e, at, accounts), "x-twitter-webhooks-signature", b => WebhookSignature.XSign(accounts.XConsumerSecret!, b))
            : Signed("/webhooks/meta", MetaPayload(e, at, accounts), "X-Hub-Signature-256", b => WebhookSignature.MetaSign(accounts.MetaAppSecret!, b));
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        request.Headers.Add(header, signature);
        using var response = await server.SendAsync(request, ct);
        if (!response.IsSuccessStatusCode)
            throw new HttpRequestException($"{path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(ct)}");
    }

    private static (string, byte[], string, string) Signed(string path, object payload, string header, Func<byte[], string> sign)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(payload);
        return (path, body, header, sign(body));
    }

    public static object MetaPayload(ScenarioEvent e, DateTimeOffset at, SocialReplayAccounts a)
    {
        var c = e.Customer ?? new ScenarioCustomer();
        var ms = at.ToUnixTimeMilliseconds();
        if (e.Channel == ChannelName.WhatsApp)
        {
            var waId = c.WaId ?? e.Id;
            return new Dictionary<string, object>
            {
                ["object"] = "whatsapp_business_account",
                ["entry"] = new[] { new { id = "waba-" + a.WhatsAppPhoneNumberId, changes = new[] { new { field = "messages", value = new
                {
                    messaging_product = "whatsapp",
                    metadata = new { display_phone_number = a.WhatsAppPhoneNumberId, phone_number_id = a.WhatsAppPhoneNumberId },
                    contacts = new[] { new { profile = new { name = c.Name ?? waId }, wa_id = waId } },
                    messages = new[] { new { from = waId, id = e.Id, timestamp = at.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), type = "text", text = new { body = e.Text } } },
                } } } } },
            };
        }
        var instagram = e.Channel == ChannelName.Instagram;
        var account = instagram ? a.InstagramId : a.PageId;
        var user = (instagram ? c.Igsid : c.Psid) ?? e.Id;
        return new Dictionary<string, object>
        {
            ["object"] = instagram ? "instagram" : "page",
            ["entry"] = new[] { new { id = account, time = ms, messaging = new[] { new
            {
                sender = new { id = user }, recipient = new { id = account }, timestamp = ms,
                message = new { mid = e.Id, text = e.Text },
            } } } },
        };
    }

    public static object XPayload(ScenarioEvent e, DateTimeOffset at, SocialReplayAccounts a)
    {
        var c = e.Customer ?? new ScenarioCustomer();
        var userId = c.XId ?? e.Id;
        var ms = at.ToUnixTimeMilliseconds();
        if (e.Kind == "dm")
            return new Dictionary<string, object>
            {
                ["for_user_id"] = a.XUserId,
                ["direct_message_events"] = new[] { new
                {
                    type = "message_create", id = e.Id, created_timestamp = ms.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    message_create = new { target = new { recipient_id = a.XUserId }, sender_id = userId, message_data = new { text = e.Text } },
                } },
                ["users"] = new Dictionary<string, object>
                {
                    [userId] = new { id = userId, name = c.Name ?? c.Handle ?? userId, screen_name = c.Handle ?? userId },
                    [a.XUserId] = new { id = a.XUserId, name = a.XHandle, screen_name = a.XHandle },
                },
            };
        var truncated = e.Text.Length > 140;
        return new Dictionary<string, object>
        {
            ["for_user_id"] = a.XUserId,
            ["user_has_blocked"] = false,
            ["tweet_create_events"] = new object[] { new Dictionary<string, object?>
            {
                ["created_at"] = XNormalizer.FormatCreatedAt(at),
                ["id_str"] = e.Id,
                // Long tweets arrive in compatibility mode: text cut, the whole in extended_tweet.full_text.
                ["text"] = truncated ? e.Text[..137] + "…" : e.Text,
                ["truncated"] = truncated,
                ["extended_tweet"] = truncated ? new { full_text = e.Text } : null,
                ["in_reply_to_status_id_str"] = null,
                ["in_reply_to_user_id_str"] = a.XUserId,
                ["in_reply_to_screen_name"] = a.XHandle,
                ["timestamp_ms"] = ms.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["user"] = new { id_str = userId, screen_name = c.Handle ?? userId, name = c.Name ?? c.Handle ?? userId },
            } },
        };
    }
}
