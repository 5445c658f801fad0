using System.Net.Http.Headers;
using System.Text.Json;
using Dapper;
using Inbox.Core.Channels.Social;
using Inbox.Core.Model;
using Inbox.Core.Outbox;
using Inbox.Core.Replies;
using Inbox.Core.Storage;

namespace Inbox.Core.Channels.Meta;

/// <summary>
/// Messenger and Instagram through the Send API. Inside 24 h of the customer's last message: RESPONSE;
/// up to 7 days: MESSAGE_TAG + HUMAN_AGENT; later: refused. Page comments (public) are answered with a
/// comment on it, Instagram comments with a reply to them; a private conversation opened from a comment starts
/// with a private reply (recipient.comment_id). Files go to Messenger as attachment uploads (multipart, filedata), one
/// message each after the text.
/// </summary>
public sealed class MessengerSender(string channel, IHttpClientFactory http, MetaOptions options, Db db, TimeProvider clock) : IChannelSender, IComposeRules, IAttachmentRules
{
    public string Channel { get; } = channel;
    private bool IsInstagram => Channel == ChannelName.Instagram;
    private int MaxLength => IsInstagram ? 999 : 1999; // "under 1000" / "under 2000" characters
    public const int CommentMaxLength = 8000;
    /// <summary>Instagram holds a comment to 2,200 characters, as a caption.</summary>
    public const int InstagramCommentMaxLength = 2200;

    public ComposeInfo Describe(Outbound draft, long now)
    {
        if (PublicFlag.Of(db, draft)) return new ComposeInfo(Channel, true, IsInstagram ? InstagramCommentMaxLength : CommentMaxLength, "none");
        var (lastInbound, fromComment) = LastContact(draft);
        if (lastInbound is null)
            return new ComposeInfo(Channel, false, MaxLength, "closed", Reason: "the customer has not written on this channel yet",
                ReasonFr: "le client n’a pas encore écrit sur ce canal");
        var age = now - lastInbound.Value;
        if (age <= MessagingWindow.Day && !fromComment) return new ComposeInfo(Channel, false, MaxLength, "open", lastInbound + MessagingWindow.Day);
        if (age <= 7 * MessagingWindow.Day)
            return fromComment
                ? new ComposeInfo(Channel, false, MaxLength, "open", lastInbound + 7 * MessagingWindow.Day)
                : new ComposeInfo(Channel, false, MaxLength, "tag", lastInbound + 7 * MessagingWindow.Day, "HUMAN_AGENT");
        return new ComposeInfo(Channel, false, MaxLength, "closed",
            Reason: $"{MessagingWindow.Label(Channel)} window closed: the customer's last message was {MessagingWindow.Ago(age)} ago, and human-agent replies are allowed only within 7 days",
            ReasonFr: $"fenêtre {MessagingWindow.Label(Channel)} fermée : le dernier message du client remonte à {MessagingWindow.AgoFr(age)}, et un agent ne peut répondre que dans les 7 jours");
    }

    public string? Check(Outbound reply, long now) => MessagingWindow.Refusal(Describe(reply, now), reply.Text);

    /// <summary>The Send API's attachment upload takes up to 25 MB a file.</summary>
    public const long MaxFileBytes = 25L << 20;

    public Refusal? CheckAttachments(Outbound reply)
    {
        // Instagram's Send API takes a file only as a public URL to fetch, which Inbox does not publish.
        if (IsInstagram)
            return new Refusal("Instagram takes files only from a public link, which Inbox does not publish: send the text alone",
                "Instagram n’accepte de fichiers que par un lien public, qu’Inbox ne publie pas : envoyez le texte seul");
        if (PublicFlag.Of(db, reply))
            return new Refusal("a public comment carries text only: move the conversation to private to send files",
                "un commentaire public ne porte que du texte : passez la conversation en privé pour envoyer des fichiers");
        if (LastContact(reply) is (_, true))
            return new Refusal("the private reply to a comment carries text only: send the files once the customer answers",
                "la réponse privée à un commentaire ne porte que du texte : envoyez les fichiers quand le client aura répondu");
        if (reply.Attachments.FirstOrDefault(a => a.Content.Length > MaxFileBytes) is { } big)
            return new Refusal($"{big.FileName} is too large for Messenger: at most {ReplyAttachments.Size(MaxFileBytes)} a file",
                $"{big.FileName} est trop lourd pour Messenger : {ReplyAttachments.SizeFr(MaxFileBytes)} au plus par fichier");
        return null;
    }

    public async Task<SendResult> SendAsync(Outbound reply, CancellationToken ct)
    {
        var token = IsInstagram ? options.InstagramToken(reply.Account) : options.PageToken(reply.Account);
        if (token is null) return new SendResult.Permanent($"no access token configured for {MessagingWindow.Label(Channel)} account {reply.Account}");
        var info = Describe(reply, reply.SentAt);
        if (MessagingWindow.Refusal(info, reply.Text) is { } refusal) return new SendResult.Permanent(refusal);
        var client = http.CreateClient(PlatformCall.HttpClientName);
        var graph = $"{options.GraphBaseUrl.TrimEnd('/')}/{options.ApiVersion}";

        if (info.IsPublic)
        {
            // A Page comment is answered by a comment on it, an Instagram comment by a reply to it (POST /{comment-id}/replies).
            var commentId = Uri.EscapeDataString(BaseCommentId(reply.LastInboundExternalId ?? ""));
            var (commentUrl, commentBearer) = IsInstagram
                ? ($"{(options.InstagramBaseUrl ?? options.GraphBaseUrl).TrimEnd('/')}/{options.ApiVersion}/{commentId}/replies", token)
                : ($"{graph}/{commentId}/comments?access_token={Uri.EscapeDataString(token)}", (string?)null);
            var answer = await PlatformCall.PostAsync(client, commentUrl, new { message = reply.Text }, commentBearer, clock, ct);
            return answer.Failure ?? new SendResult.Sent(answer.Body.Str("id"));
        }

        var origin = reply.LastInboundAt is null ? Origin(reply.ConversationId) : null;
        object recipient = origin?.Id is { } comment ? new { comment_id = comment } : new { id = reply.Recipient.ExternalId };
        var body = new
        {
            recipient,
            messaging_type = info.Window == "tag" ? "MESSAGE_TAG" : "RESPONSE",
            tag = info.Window == "tag" ? "HUMAN_AGENT" : null,
            // Metadata comes back in the echo, so the echo matches this outbox row.
            message = new { text = reply.Text, metadata = reply.ClientRef ?? reply.ExternalId },
        };
        var (url, bearer) = IsInstagram
            ? ($"{(options.InstagramBaseUrl ?? options.GraphBaseUrl).TrimEnd('/')}/{options.ApiVersion}/{reply.Account}/messages", token)
            : ($"{graph}/{reply.Account}/messages?access_token={Uri.EscapeDataString(token)}", (string?)null);
        if (reply.Attachments.Count == 0)
        {
            var sent = await PlatformCall.PostAsync(client, url, body, bearer, clock, ct);
            return sent.Failure ?? new SendResult.Sent(sent.Body.Str("message_id"));
        }
        if (CheckAttachments(reply) is { } noFiles) return new SendResult.Permanent(noFiles.En);
        // The text, then one upload-and-send per file (the Send API's multipart form: recipient, message, filedata).
        var calls = new List<Func<Task<PlatformCall.Answer>>>();
        if (reply.Text.Length > 0) calls.Add(() => PlatformCall.PostAsync(client, url, body, bearer, clock, ct));
        foreach (var file in reply.Attachments)
        {
            calls.Add(() =>
            {
                var form = new MultipartFormDataContent
                {
                    { new StringContent(JsonSerializer.Serialize(recipient)), "recipient" },
                    { new StringContent(body.messaging_type), "messaging_type" },
                    { new StringContent(JsonSerializer.Serialize(new
                        {
                            attachment = new { type = AttachmentType(file.ContentType), payload = new { is_reusable = false } },
                            metadata = reply.ClientRef ?? reply.ExternalId,
                        })), "message" },
                };
                if (body.tag is { } tag) form.Add(new StringContent(tag), "tag");
                var bytes = new ByteArrayContent(file.Content);
                bytes.Headers.ContentType = new MediaTypeHeaderValue(file.ContentType);
                form.Add(bytes, "filedata", file.FileName);
                return PlatformCall.PostAsync(client, url, form, bearer, clock, ct);
            });
        }
        return await PlatformCall.SendInOrderAsync(calls, json => json.Str("message_id"), MessagingWindow.Label(Channel));
    }

    /// <summary>The Send API's attachment types: a photo shows as a photo, anything else as a file to download.</summary>
    private static string AttachmentType(string contentType) => contentType.Split('/')[0] switch
    {
        "image" => "image", "video" => "video", "audio" => "audio", _ => "file",
    };

    /// <summary>Edited comments are stored as "id#edited:…"; the platform knows only the id.</summary>
    private static string BaseCommentId(string id) => id.Split('#')[0];

    private (long? LastInbound, bool FromComment) LastContact(Outbound draft)
    {
        if (draft.LastInboundAt is not null) return (draft.LastInboundAt, false);
        var origin = Origin(draft.ConversationId);
        return origin?.At is { } at ? (at, true) : (null, false);
    }

    private sealed record OriginRow { public string? Id { get; init; } public long? At { get; init; } }

    private OriginRow? Origin(long conversationId)
    {
        using var c = db.Open();
        return c.QueryFirstOrDefault<OriginRow>(
            "SELECT origin_external_id AS Id, origin_at AS At FROM conversations WHERE id = @conversationId", new { conversationId });
    }
}
