using System.Net.Http.Headers;
using Inbox.Core.Channels.Social;
using Inbox.Core.Model;
using Inbox.Core.Outbox;
using Inbox.Core.Replies;

namespace Inbox.Core.Channels.Meta;

/// <summary>
/// WhatsApp Cloud API replies: free-form only inside the 24 h customer-service window; files (images, PDF and office
/// documents, audio, video) uploaded to the number's media endpoint and sent as media messages after the text.
/// </summary>
public sealed class WhatsAppSender(IHttpClientFactory http, MetaOptions options, TimeProvider clock) : IChannelSender, IComposeRules, IAttachmentRules
{
    public const int MaxLength = 4096;
    /// <summary>A template body parameter is limited to 1024 characters.</summary>
    public const int TemplateParameterMaxLength = 1024;
    public string Channel => ChannelName.WhatsApp;

    public ComposeInfo Describe(Outbound draft, long now)
    {
        if (draft.LastInboundAt is not { } last)
            return new ComposeInfo(Channel, false, MaxLength, "closed", Reason: "template required: the customer has not written yet, and WhatsApp allows only approved templates",
                ReasonFr: "modèle requis : le client n’a pas encore écrit, et WhatsApp n’autorise que des modèles approuvés");
        var age = now - last;
        if (age <= MessagingWindow.Day) return new ComposeInfo(Channel, false, MaxLength, "open", last + MessagingWindow.Day);
        return options.WhatsAppFollowUpTemplate is { Name.Length: > 0 } template
            ? new ComposeInfo(Channel, false, TemplateParameterMaxLength, "template", Tag: template.Name)
            : new ComposeInfo(Channel, false, MaxLength, "closed",
                Reason: $"template required: WhatsApp's 24-hour customer-service window closed (last customer message {MessagingWindow.Ago(age)} ago); only an approved template message can be sent",
                ReasonFr: $"modèle requis : la fenêtre de service client de 24 h de WhatsApp est fermée (dernier message du client il y a {MessagingWindow.AgoFr(age)}) ; seul un modèle approuvé peut être envoyé");
    }

    public string? Check(Outbound reply, long now) => MessagingWindow.Refusal(Describe(reply, now), reply.Text);

    /// <summary>
    /// The media WhatsApp takes and its size limits (Cloud API, supported media types). A type it does not list
    /// (a .zip, a .heic photo) is refused before anything is stored, so the agent can convert it.
    /// </summary>
    private static readonly (string Kind, long MaxBytes, string[] Types)[] Media =
    [
        ("image", 5L << 20, ["image/jpeg", "image/png"]),
        ("video", 16L << 20, ["video/mp4", "video/3gpp"]),
        ("audio", 16L << 20, ["audio/aac", "audio/amr", "audio/mpeg", "audio/mp4", "audio/ogg"]),
        ("document", 100L << 20, ["text/plain", "application/pdf", "application/msword", "application/vnd.ms-excel", "application/vnd.ms-powerpoint",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "application/vnd.openxmlformats-officedocument.presentationml.presentation"]),
    ];

    private static (string Kind, long MaxBytes)? MediaKind(string contentType) =>
        Media.FirstOrDefault(m => m.Types.Contains(contentType)) is { Kind: not null } m ? (m.Kind, m.MaxBytes) : null;

    public Refusal? CheckAttachments(Outbound reply)
    {
        if (Describe(reply, reply.SentAt) is { Window: not "open" })
            return new Refusal("WhatsApp takes files only inside its 24-hour window: a template message carries text alone",
                "WhatsApp n’accepte de fichiers que dans sa fenêtre de 24 h : un modèle ne porte que du texte");
        foreach (var a in reply.Attachments)
        {
            if (MediaKind(a.ContentType) is not { } kind)
                return new Refusal($"WhatsApp does not take {a.FileName} ({a.ContentType}): send a PDF, an office document, a JPEG or PNG image, MP4 video or audio",
                    $"WhatsApp n’accepte pas {a.FileName} ({a.ContentType}) : envoyez un PDF, un document bureautique, une image JPEG ou PNG, une vidéo MP4 ou un son");
            if (a.Content.Length > kind.MaxBytes)
                return new Refusal($"{a.FileName} is too large for WhatsApp: {ReplyAttachments.Size(a.Content.Length)}, at most {ReplyAttachments.Size(kind.MaxBytes)} for {(kind.Kind == "image" ? "an" : "a")} {kind.Kind}",
                    $"{a.FileName} est trop lourd pour WhatsApp : {ReplyAttachments.SizeFr(a.Content.Length)}, {ReplyAttachments.SizeFr(kind.MaxBytes)} au plus");
        }
        return null;
    }

    public async Task<SendResult> SendAsync(Outbound reply, CancellationToken ct)
    {
        var token = options.WhatsAppToken(reply.Account);
        if (token is null) return new SendResult.Permanent($"no access token configured for WhatsApp number {reply.Account}");
        if (Check(reply, reply.SentAt) is { } refusal) return new SendResult.Permanent(refusal);
        var to = reply.Recipient.Phone ?? reply.Recipient.ExternalId;
        object body = Describe(reply, reply.SentAt) is { Window: "template" } && options.WhatsAppFollowUpTemplate is { } t
            ? new
            {
                messaging_product = "whatsapp", recipient_type = "individual", to, type = "template",
                template = new
                {
                    name = t.Name, language = new { code = t.Language },
                    components = new[] { new { type = "body", parameters = new[] { new { type = "text", text = reply.Text } } } },
                },
            }
            : new { messaging_product = "whatsapp", recipient_type = "individual", to, type = "text", text = new { body = reply.Text, preview_url = false } };
        var client = http.CreateClient(PlatformCall.HttpClientName);
        var url = $"{options.GraphBaseUrl.TrimEnd('/')}/{options.ApiVersion}/{reply.Account}/messages";
        if (reply.Attachments.Count == 0)
        {
            var answer = await PlatformCall.PostAsync(client, url, body, token, clock, ct);
            return answer.Failure ?? new SendResult.Sent(answer.Body.Array("messages").Select(m => m.Str("id")).FirstOrDefault());
        }
        if (CheckAttachments(reply) is { } noFiles) return new SendResult.Permanent(noFiles.En);

        // Every file uploaded before anything reaches the customer: a failed upload leaves nothing half sent, and is retried whole.
        var uploaded = new List<(ReplyAttachment File, string Kind, string Id)>();
        foreach (var a in reply.Attachments)
        {
            var form = new MultipartFormDataContent
            {
                { new StringContent("whatsapp"), "messaging_product" },
                { new StringContent(a.ContentType), "type" },
            };
            var file = new ByteArrayContent(a.Content);
            file.Headers.ContentType = new MediaTypeHeaderValue(a.ContentType);
            form.Add(file, "file", a.FileName);
            var up = await PlatformCall.PostAsync(client, $"{options.GraphBaseUrl.TrimEnd('/')}/{options.ApiVersion}/{reply.Account}/media", form, token, clock, ct);
            if (up.Failure is { } failed) return failed;
            if (up.Body.Str("id") is not { Length: > 0 } id) return new SendResult.Transient($"WhatsApp answered the upload of {a.FileName} without a media id");
            uploaded.Add((a, MediaKind(a.ContentType)!.Value.Kind, id));
        }
        // Then the text, then one media message per file naming its upload.
        var messages = new List<object>();
        if (reply.Text.Length > 0) messages.Add(body);
        foreach (var (a, kind, id) in uploaded)
            messages.Add(new Dictionary<string, object>
            {
                ["messaging_product"] = "whatsapp", ["recipient_type"] = "individual", ["to"] = to, ["type"] = kind,
                [kind] = kind == "document" ? new { id, filename = a.FileName } : new { id },
            });
        return await PlatformCall.SendInOrderAsync([.. messages.Select(m => (Func<Task<PlatformCall.Answer>>)(() => PlatformCall.PostAsync(client, url, m, token, clock, ct)))],
            json => json.Array("messages").Select(m => m.Str("id")).FirstOrDefault(), "WhatsApp");
    }
}
