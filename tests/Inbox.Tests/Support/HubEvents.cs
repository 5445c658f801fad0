using System.Net.Http.Json;
using Inbox.Core.Conversations;
using Inbox.Core.Intake;
using Microsoft.AspNetCore.SignalR.Client;

namespace Inbox.Tests.Support;

public static class HubEvents
{
    /// <summary>Messages intake delivered, as every agent's client learns of them (ids, in the batch's IntakeBatch event).</summary>
    public static void OnArrived(this HubConnection hub, Action<MessageArrival> handler) =>
        hub.On<IntakeBatchView>("IntakeBatch", b => { foreach (var a in b.Arrived) handler(a); });

    /// <summary>Full messages of the conversations this client has open (OpenConversation): intake's and agents' replies.</summary>
    public static void OnMessageAdded(this HubConnection hub, Action<MessageView> handler) => hub.On("MessageAdded", handler);

    /// <summary>Every message intake delivers, in full: on its arrival the client reads it through the API, as the web page does when it shows it.</summary>
    public static void OnArrivedInFull(this HubConnection hub, HttpClient http, Action<MessageView> handler) =>
        hub.On<IntakeBatchView>("IntakeBatch", async b =>
        {
            foreach (var a in b.Arrived)
            {
                var detail = await http.GetFromJsonAsync<ConversationDetail>($"/api/conversations/{a.ConversationId}");
                handler(detail!.Messages.Single(m => m.Id == a.Id));
            }
        });
}
