using Inbox.Core.Conversations;
using Inbox.Core.Intake;
using Microsoft.AspNetCore.SignalR.Client;

namespace Inbox.Tests.Support;

public static class HubEvents
{
    /// <summary>
    /// Every message pushed to agents: one by one (agent replies) or in an intake batch, as the web
    /// client's hub.js sees them.
    /// </summary>
    public static void OnMessageAdded(this HubConnection hub, Action<MessageView> handler)
    {
        hub.On("MessageAdded", handler);
        hub.On<IntakeBatchView>("IntakeBatch", b => { foreach (var m in b.Messages) handler(m); });
    }
}
