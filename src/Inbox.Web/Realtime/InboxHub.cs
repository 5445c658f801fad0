using Inbox.Core.Consistency;
using Inbox.Core.Model;
using Inbox.Core.Storage;
using Microsoft.AspNetCore.Mvc;
using Inbox.Core.Realtime;
using Inbox.Web.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using System.Security.Claims;

namespace Inbox.Web.Realtime;

/// <summary>The one hub. Thin: it manages group membership; state changes are pushed by services through IBroadcaster.</summary>
[Authorize(Policy = Policies.Agent)]
public sealed class InboxHub : Hub<IInboxClient>
{
    public override async Task OnConnectedAsync()
    {
        await Groups.AddToGroupAsync(Context.ConnectionId, Core.Realtime.Groups.Agents);
        if (Roles.Rank(Context.User?.FindFirstValue(ClaimTypes.Role) ?? "") >= Roles.Rank(Roles.Lead))
            await Groups.AddToGroupAsync(Context.ConnectionId, Core.Realtime.Groups.Leads);
        await base.OnConnectedAsync();
    }

    /// <summary>The client opened a conversation: it receives that conversation's detailed events.</summary>
    public Task OpenConversation(long conversationId) =>
        Groups.AddToGroupAsync(Context.ConnectionId, Core.Realtime.Groups.Conversation(conversationId));

    public Task CloseConversation(long conversationId) =>
        Groups.RemoveFromGroupAsync(Context.ConnectionId, Core.Realtime.Groups.Conversation(conversationId));

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
}
