using Inbox.Core.Agents;
using Inbox.Core.Collision;
using Inbox.Core.Consistency;
using Inbox.Core.Model;
using Inbox.Core.Storage;
using Microsoft.AspNetCore.Mvc;
using Inbox.Core.Realtime;
using Inbox.Web.Auth;
using Inbox.Web.Collision;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using System.Security.Claims;

namespace Inbox.Web.Realtime;

/// <summary>The one hub. Thin: it manages group membership and presence; state changes are pushed by services through IBroadcaster.</summary>
[Authorize(Policy = Policies.Agent)]
public sealed class InboxHub(PresenceTracker presence, AgentStore agents) : Hub<IInboxClient>
{
    public override async Task OnConnectedAsync()
    {
        await Groups.AddToGroupAsync(Context.ConnectionId, Core.Realtime.Groups.Agents);
        if (Context.User!.IsLead())
            await Groups.AddToGroupAsync(Context.ConnectionId, Core.Realtime.Groups.Leads);
        var id = Context.User!.AgentId();
        presence.Connected(Context.ConnectionId, new Viewer(id, agents.Get(id)?.DisplayName ?? Context.User!.Identity?.Name ?? ""), Context.Abort);
        await base.OnConnectedAsync();
    }

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        foreach (var conversationId in presence.Disconnected(Context.ConnectionId))
            await Clients.Group(Core.Realtime.Groups.Conversation(conversationId)).Presence(presence.Viewers(conversationId));
        await base.OnDisconnectedAsync(exception);
    }

    /// <summary>The client opened a conversation: it receives that conversation's detailed events, and the others see it there.</summary>
    public async Task OpenConversation(long conversationId)
    {
        await Groups.AddToGroupAsync(Context.ConnectionId, Core.Realtime.Groups.Conversation(conversationId));
        presence.Join(Context.ConnectionId, conversationId);
        await Clients.Group(Core.Realtime.Groups.Conversation(conversationId)).Presence(presence.Viewers(conversationId));
    }

    public async Task CloseConversation(long conversationId)
    {
        await Groups.RemoveFromGroupAsync(Context.ConnectionId, Core.Realtime.Groups.Conversation(conversationId));
        if (presence.Leave(Context.ConnectionId, conversationId))
            await Clients.Group(Core.Realtime.Groups.Conversation(conversationId)).Presence(presence.Viewers(conversationId));
    }

    /// <summary>The agent is typing in an open conversation; passed to the other viewers, throttled server-side.</summary>
    public async Task Typing(long conversationId)
    {
        if (!presence.AllowTyping(Context.ConnectionId, conversationId) || presence.ViewerOf(Context.ConnectionId) is not { } me) return;
        await Clients.OthersInGroup(Core.Realtime.Groups.Conversation(conversationId)).Typing(new TypingView(conversationId, me.AgentId, me.Name));
    }

    /// <summary>Who is viewing what, across the inbox: a lead's supervision view.</summary>
    [Authorize(Policy = Policies.Lead)]
    public IReadOnlyList<PresenceView> PresenceOverview() => presence.All();

    /// <summary>The live draft guard: contradictions between the draft and answers sent on sibling conversations.</summary>
    public IReadOnlyList<DraftConflict> CheckDraft(long conversationId, string text, [FromServices] Db db, [FromServices] ConsistencyChecker checker)
    {
        using var c = db.Open();
        return checker.CheckDraftDetailed(c, conversationId, text ?? "");
    }
}

/// <summary>IBroadcaster over the hub context, so Core can push without knowing SignalR.</summary>
public sealed class HubBroadcaster(IHubContext<InboxHub, IInboxClient> hub) : IBroadcaster
{
    public IInboxClient Everyone => hub.Clients.Group(Core.Realtime.Groups.Agents);
    public IInboxClient Leads => hub.Clients.Group(Core.Realtime.Groups.Leads);
    public IInboxClient Conversation(long conversationId) => hub.Clients.Group(Core.Realtime.Groups.Conversation(conversationId));
    /// <summary>By the connection's user: the agent id (the login cookie's NameIdentifier, SignalR's default user id).</summary>
    public IInboxClient Agent(long agentId) => hub.Clients.User(agentId.ToString(System.Globalization.CultureInfo.InvariantCulture));
}
