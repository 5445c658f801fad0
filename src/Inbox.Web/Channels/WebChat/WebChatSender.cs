using Dapper;
using Inbox.Core.Channels.WebChat;
using Inbox.Core.Outbox;
using Inbox.Core.Storage;
using Microsoft.AspNetCore.SignalR;

namespace Inbox.Web.Channels.WebChat;

/// <summary>
/// An agent's answer in a web chat: pushed to the visitor's open pages (every tab), and kept for when they come back
/// (the page reads its chat again on opening). There is no platform between: once pushed, or with the visitor away,
/// it is sent; the visitor reads it when they return.
/// </summary>
public sealed class WebChatSender(Db db, IHubContext<ChatHub, IChatClient> hub) : IChannelSender
{
    public string Channel => Core.Model.ChannelName.WebChat;

    public string? Check(Outbound reply, long now) =>
        reply.Text.Length > WebChatNormalizer.MaxText ? $"too long for the web chat: {reply.Text.Length} characters, at most {WebChatNormalizer.MaxText} allowed" : null;

    public async Task<SendResult> SendAsync(Outbound reply, CancellationToken ct)
    {
        string? agent;
        using (var c = db.Open())
            agent = c.ExecuteScalar<string?>("SELECT a.display_name FROM messages m LEFT JOIN agents a ON a.id = m.agent_id WHERE m.id = @MessageId", reply);
        await hub.Clients.Group(ChatHub.Group(reply.Recipient.ExternalId))
            .Message(new ChatMessageView(reply.MessageId, reply.ExternalId, "out", reply.Text, reply.SentAt, agent));
        return new SendResult.Sent(null);
    }
}
