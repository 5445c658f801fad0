using Inbox.Core.Channels.Social;
using Inbox.Core.Model;
using Inbox.Core.Outbox;

namespace Inbox.Core.Channels.Meta;

/// <summary>WhatsApp Cloud API text replies: free-form only inside the 24 h customer-service window.</summary>
public sealed class WhatsAppSender(IHttpClientFactory http, MetaOptions options, TimeProvider clock) : IChannelSender, IComposeRules
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
        var url = $"{options.GraphBaseUrl.TrimEnd('/')}/{options.ApiVersion}/{reply.Account}/messages";
        var answer = await PlatformCall.PostAsync(http.CreateClient(PlatformCall.HttpClientName), url, body, token, clock, ct);
        return answer.Failure ?? new SendResult.Sent(answer.Body.Array("messages").Select(m => m.Str("id")).FirstOrDefault());
    }
}
