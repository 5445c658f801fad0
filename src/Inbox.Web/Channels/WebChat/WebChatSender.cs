using Dapper;
using Inbox.Core.Channels.WebChat;
using Inbox.Core.Outbox;
using Inbox.Core.Storage;
using Inbox.Core.Channels.Email;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace Inbox.Web.Channels.WebChat;

/// <summary>
/// An agent's answer in a web chat: pushed to the visitor's open pages (every tab), and kept for when they come back
/// (the page reads its chat again on opening). There is no platform between: once pushed it is sent. A visitor who is
/// not on the chat page and gave an address gets the answer by email too (when SMTP is set up); one who left less than
/// <see cref="WebChatOptions.EmailAfterSeconds"/> ago (or not seen since Inbox started) may be reloading the page, so the reply waits that long (the
/// outbox tries it again) before the mail goes, and goes only if they are still away. The page shows a message once
/// however often it is pushed.
/// </summary>
public sealed class WebChatSender(Db db, IHubContext<ChatHub, IChatClient> hub, ChatPresence presence, EmailOptions email, WebChatOptions options,
    IOptions<InboxOptions> inbox, TimeProvider clock, ILogger<WebChatSender> log) : IChannelSender
{
    public string Channel => Core.Model.ChannelName.WebChat;

    public string? Check(Outbound reply, long now) =>
        reply.Text.Length > WebChatNormalizer.MaxText ? $"too long for the web chat: {reply.Text.Length} characters, at most {WebChatNormalizer.MaxText} allowed" : null;

    public async Task<SendResult> SendAsync(Outbound reply, CancellationToken ct)
    {
        (string? Agent, string? Language) about;
        using (var c = db.Open())
            about = c.QuerySingle<(string?, string?)>("""
                SELECT a.display_name, cv.language FROM messages m JOIN conversations cv ON cv.id = m.conversation_id
                LEFT JOIN agents a ON a.id = m.agent_id WHERE m.id = @MessageId
                """, reply);
        var visitor = reply.Recipient.ExternalId;
        await hub.Clients.Group(ChatHub.Group(visitor))
            .Message(new ChatMessageView(reply.MessageId, reply.ExternalId, "out", reply.Text, reply.SentAt, about.Agent));

        var (online, leftAt) = presence.Of(visitor);
        if (online || reply.Recipient.Email is not { } to || string.IsNullOrWhiteSpace(email.Smtp.Host) || string.IsNullOrWhiteSpace(email.Smtp.From))
            return new SendResult.Sent(null);
        // Not seen since this process started: they may be reconnecting after a restart, so the same grace applies.
        var gone = clock.GetUtcNow().ToUnixTimeMilliseconds() - (leftAt ?? presence.Since);
        var grace = options.EmailAfterSeconds * 1000L;
        if (gone < grace)
            return new SendResult.Transient("the visitor left the chat page a moment ago: the answer goes by email if they are not back",
                TimeSpan.FromMilliseconds(grace - gone));
        var page = inbox.Value.PublicUrl is { Length: > 0 } url ? url.TrimEnd('/') + "/chat.html" : null;
        using var mail = ChatMail.Compose(to, reply.Recipient.DisplayName, about.Language, reply.Text, about.Agent, page, email);
        try { await MailConnections.SendSmtpAsync(email.Smtp, mail, ct); }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            log.LogWarning(e, "Web chat answer {Message} not mailed to the visitor", reply.MessageId);
            return new SendResult.Transient("the answer could not be mailed to the visitor: " + e.Message);
        }
        return new SendResult.Sent(null);
    }
}
