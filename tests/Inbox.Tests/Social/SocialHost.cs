using System.Net.Http.Headers;
using System.Text;
using Dapper;
using Inbox.Core.Channels.Social;
using Inbox.Core.Storage;
using Inbox.Tests.Support;
using Inbox.Web.Sandbox;

namespace Inbox.Tests.Social;

/// <summary>The real host on 127.0.0.1 with its senders pointed at a local Graph/X API sandbox; short retries.</summary>
public sealed class SocialHost : IAsyncLifetime
{
    public const string MetaSecret = "meta-app-secret";
    public const string XSecret = "x-consumer-secret";
    public const string VerifyToken = "verify-me";
    public const string Page = "P1", Instagram = "IG1", WhatsApp = "WA1", XUser = "100";

    public PlatformSandbox Sandbox { get; private set; } = null!;
    public InboxServer Server { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Sandbox = await PlatformSandbox.StartAsync();
        Server = await InboxServer.StartAsync(Settings(Sandbox.Url));
    }

    public static Dictionary<string, string?> Settings(string sandboxUrl) => new()
    {
        ["Inbox:Meta:AppSecret"] = MetaSecret,
        ["Inbox:Meta:VerifyToken"] = VerifyToken,
        ["Inbox:Meta:GraphBaseUrl"] = sandboxUrl,
        ["Inbox:Meta:ApiVersion"] = "v21.0",
        ["Inbox:Meta:Pages:0:Id"] = Page, ["Inbox:Meta:Pages:0:Token"] = "page-token",
        ["Inbox:Meta:Instagram:0:Id"] = Instagram, ["Inbox:Meta:Instagram:0:Token"] = "ig-token",
        ["Inbox:Meta:WhatsApp:0:PhoneNumberId"] = WhatsApp, ["Inbox:Meta:WhatsApp:0:Token"] = "wa-token",
        ["Inbox:X:ConsumerSecret"] = XSecret,
        ["Inbox:X:ApiBaseUrl"] = sandboxUrl,
        ["Inbox:X:Accounts:0:UserId"] = XUser, ["Inbox:X:Accounts:0:Handle"] = "support", ["Inbox:X:Accounts:0:Token"] = "x-token",
        ["Inbox:Outbox:MaxAttempts"] = "3",
        ["Inbox:Outbox:FirstRetrySeconds"] = "0.2",
        ["Inbox:Outbox:MaxRetrySeconds"] = "1",
    };

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        await Sandbox.DisposeAsync();
    }

    public Task<HttpResponseMessage> PostMeta(string json, Func<byte[], byte[]>? tamper = null, string? signature = null) =>
        Post("/webhooks/meta", json, "X-Hub-Signature-256", signature ?? WebhookSignature.MetaSign(MetaSecret, Encoding.UTF8.GetBytes(json)), tamper);

    public Task<HttpResponseMessage> PostX(string json, Func<byte[], byte[]>? tamper = null, string? signature = null) =>
        Post("/webhooks/x", json, "x-twitter-webhooks-signature", signature ?? WebhookSignature.XSign(XSecret, Encoding.UTF8.GetBytes(json)), tamper);

    private async Task<HttpResponseMessage> Post(string path, string json, string header, string signature, Func<byte[], byte[]>? tamper)
    {
        var body = Encoding.UTF8.GetBytes(json);
        var content = new ByteArrayContent(tamper is null ? body : tamper(body));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        if (signature.Length > 0) request.Headers.Add(header, signature);
        using var http = Server.Anonymous();
        return await http.Http.SendAsync(request);
    }

    /// <summary>The conversation the message with this channel id landed in, once intake has stored it.</summary>
    public async Task<long> ConversationOf(string channel, string externalId)
    {
        long id = 0;
        await Wait.UntilAsync(() => (id = Scalar<long>("SELECT conversation_id FROM messages WHERE channel = @channel AND external_id = @externalId",
            new { channel, externalId })) > 0, TimeSpan.FromSeconds(30), $"{channel} message {externalId}");
        return id;
    }

    public T Scalar<T>(string sql, object? args = null)
    {
        using var c = Server.Get<Db>().Open();
        return c.ExecuteScalar<T>(sql, args)!;
    }

    public static long Ms(DateTimeOffset t) => t.ToUnixTimeMilliseconds();

    public static string Messenger(string psid, string mid, string text, DateTimeOffset at, string obj = "page", string account = Page) =>
        $$"""{"object":"{{obj}}","entry":[{"id":"{{account}}","time":{{Ms(at)}},"messaging":[{"sender":{"id":"{{psid}}"},"recipient":{"id":"{{account}}"},"timestamp":{{Ms(at)}},"message":{"mid":"{{mid}}","text":"{{text}}"} }]}]}""";

    public static string WhatsAppText(string waId, string wamid, string text, DateTimeOffset at) =>
        $$"""{"object":"whatsapp_business_account","entry":[{"id":"WABA","changes":[{"field":"messages","value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550001111","phone_number_id":"{{WhatsApp}}"},"contacts":[{"profile":{"name":"Wanda"},"wa_id":"{{waId}}"}],"messages":[{"from":"{{waId}}","id":"{{wamid}}","timestamp":"{{at.ToUnixTimeSeconds()}}","type":"text","text":{"body":"{{text}}"} }]} }]}]}""";

    public static string WhatsAppStatus(string wamid, string status, string waId, DateTimeOffset at) =>
        $$"""{"object":"whatsapp_business_account","entry":[{"id":"WABA","changes":[{"field":"messages","value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550001111","phone_number_id":"{{WhatsApp}}"},"statuses":[{"id":"{{wamid}}","status":"{{status}}","timestamp":"{{at.ToUnixTimeSeconds()}}","recipient_id":"{{waId}}"}]} }]}]}""";

    public static string Mention(string userId, string tweetId, string text, DateTimeOffset at) =>
        $$"""{"for_user_id":"{{XUser}}","user_has_blocked":false,"tweet_create_events":[{"created_at":"{{Inbox.Core.Channels.X.XNormalizer.FormatCreatedAt(at)}}","id_str":"{{tweetId}}","text":"{{text}}","truncated":false,"in_reply_to_status_id_str":null,"in_reply_to_user_id_str":"{{XUser}}","in_reply_to_screen_name":"support","user":{"id_str":"{{userId}}","screen_name":"u{{userId}}","name":"User {{userId}}"} }]}""";

    public static string Dm(string userId, string eventId, string text, DateTimeOffset at) =>
        $$"""{"for_user_id":"{{XUser}}","direct_message_events":[{"type":"message_create","id":"{{eventId}}","created_timestamp":"{{Ms(at)}}","message_create":{"target":{"recipient_id":"{{XUser}}"},"sender_id":"{{userId}}","message_data":{"text":"{{text}}"} } }],"users":{"{{userId}}":{"id":"{{userId}}","name":"User {{userId}}","screen_name":"u{{userId}}"} } }""";

    public static string NewId() => Guid.NewGuid().ToString("N")[..12];
}
