using Inbox.Core.Channels.WebChat;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace Inbox.Web.Channels.WebChat;

/// <summary>What the server calls on a visitor's chat page.</summary>
public interface IChatClient
{
    /// <summary>An agent's answer (or the visitor's own message, from another of their tabs).</summary>
    Task Message(ChatMessageView message);
}

/// <summary>
/// The visitors' hub (/hubs/chat): no sign-in, the visitor's id and token in the query string (a browser's WebSocket
/// cannot send headers); a connection without a valid pair is refused. Each visitor has a group of their own, so an
/// answer reaches every tab they have open. Separate from the agents' hub, which requires an agent's cookie.
/// </summary>
[AllowAnonymous]
public sealed class ChatHub(ChatVisitors visitors, ChatPresence presence) : Hub<IChatClient>
{
    public static string Group(string visitorId) => "visitor:" + visitorId;
    private const string VisitorKey = "visitor";

    public override async Task OnConnectedAsync()
    {
        var query = Context.GetHttpContext()?.Request.Query;
        if (visitors.Verify(query?["visitor"], query?["token"]) is not { } visitor)
        {
            Context.Abort();
            return;
        }
        Context.Items[VisitorKey] = visitor.Id;
        await Groups.AddToGroupAsync(Context.ConnectionId, Group(visitor.Id));
        await presence.ConnectedAsync(visitor.Id);
    }

    /// <summary>The visitor is typing (the page says so at most every second and a half).</summary>
    public Task Typing() =>
        Context.Items.TryGetValue(VisitorKey, out var id) && id is string visitorId ? presence.TypingAsync(Context.ConnectionId, visitorId) : Task.CompletedTask;

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        presence.Forget(Context.ConnectionId);
        if (Context.Items.TryGetValue(VisitorKey, out var id) && id is string visitorId) await presence.DisconnectedAsync(visitorId);
        await base.OnDisconnectedAsync(exception);
    }
}
