using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Inbox.Core.Collision;
using Inbox.Tests.Support;
using Microsoft.AspNetCore.SignalR.Client;

namespace Inbox.Tests.Security;

/// <summary>Presence, typing, assignment and the stale-reply guard, with real SignalR clients.</summary>
public sealed class CollisionTests : IAsyncLifetime
{
    private InboxServer _server = null!;
    public async Task InitializeAsync() => _server = await InboxServer.StartAsync();
    public async Task DisposeAsync() => await _server.DisposeAsync();

    private long LastMessageId(long convId) => _server.Scalar<long>("SELECT MAX(id) FROM messages WHERE conversation_id = @convId", new { convId });

    private static Task<HttpResponseMessage> Reply(InboxServer.Client c, long convId, string text, long? seen, bool confirmed = false) =>
        c.Http.PostAsJsonAsync($"/api/conversations/{convId}/replies", new { text, clientRef = Guid.NewGuid().ToString(), seenMessageId = seen, confirmed });

    [Fact]
    public async Task A_reply_is_held_when_the_customer_wrote_again_since_the_agents_view_until_confirmed()
    {
        var convId = await _server.ReceiveEmailAsync("nina@customer.test", "Refund", "I want a refund for order 51.", messageId: "refund-51@customer.test");
        using var agent = await _server.CreateAndLoginAsync("amy", "agent");
        var seen = LastMessageId(convId);
        Assert.Equal(convId, await _server.ReceiveEmailAsync("nina@customer.test", "Re: Refund", "Actually, forget it, the parcel just arrived!", inReplyTo: "refund-51@customer.test"));

        var held = await Reply(agent, convId, "Your refund is on its way.", seen);
        Assert.Equal(HttpStatusCode.Conflict, held.StatusCode);
        var body = await held.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(body.GetProperty("stale").GetBoolean());
        Assert.Contains("new customer message", body.GetProperty("reasons")[0].GetString());
        Assert.Equal(LastMessageId(convId), body.GetProperty("newerMessageIds")[0].GetInt64());
        Assert.Equal(0, _server.Scalar<long>("SELECT COUNT(*) FROM messages WHERE direction = 'out'"));

        Assert.Equal(HttpStatusCode.Created, (await Reply(agent, convId, "Glad it arrived!", seen, confirmed: true)).StatusCode);
        Assert.Equal(1, _server.Scalar<long>("SELECT COUNT(*) FROM audit_log WHERE action = 'reply.forced'"));
    }

    [Fact]
    public async Task A_reply_is_held_when_another_agent_answered_since_but_not_after_ones_own_reply()
    {
        var convId = await _server.ReceiveEmailAsync("omar@customer.test", "Opening hours", "When do you open?");
        using var amy = await _server.CreateAndLoginAsync("amy", "agent");
        using var ben = await _server.CreateAndLoginAsync("ben", "agent");
        var seen = LastMessageId(convId);

        Assert.Equal(HttpStatusCode.Created, (await Reply(amy, convId, "We open at 9.", seen)).StatusCode);
        // Amy's own reply does not make her view stale…
        Assert.Equal(HttpStatusCode.Created, (await Reply(amy, convId, "And close at 18.", seen)).StatusCode);
        // …but Ben, who read the thread before Amy answered, is held.
        var held = await Reply(ben, convId, "We open at 10.", seen);
        Assert.Equal(HttpStatusCode.Conflict, held.StatusCode);
        Assert.Contains("amy", (await held.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("reasons")[0].GetString());
        // Up to date, Ben may answer; without a seen id the guard does not apply (API clients that do not track views).
        Assert.Equal(HttpStatusCode.Created, (await Reply(ben, convId, "Sorry, 9 is right.", LastMessageId(convId))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await Reply(ben, convId, "See you.", null)).StatusCode);
    }

    [Fact]
    public async Task Viewers_are_pushed_on_join_and_leave_and_typing_reaches_the_others_throttled()
    {
        using var amy = await _server.CreateAndLoginAsync("amy", "agent");
        using var ben = await _server.CreateAndLoginAsync("ben", "agent");
        await using var amyHub = await amy.ConnectHubAsync();
        await using var benHub = await ben.ConnectHubAsync();
        var presence = new ConcurrentQueue<PresenceView>();
        var typing = new ConcurrentQueue<TypingView>();
        var ownTyping = new ConcurrentQueue<TypingView>();
        benHub.On<PresenceView>("Presence", presence.Enqueue);
        benHub.On<TypingView>("Typing", typing.Enqueue);
        amyHub.On<TypingView>("Typing", ownTyping.Enqueue);

        await benHub.InvokeAsync("OpenConversation", 42L);
        await amyHub.InvokeAsync("OpenConversation", 42L);
        await Wait.UntilAsync(() => presence.Any(p => p.Viewers.Select(v => v.Name).Order().SequenceEqual(["amy", "ben"])), what: "both viewers");

        for (var i = 0; i < 5; i++) await amyHub.InvokeAsync("Typing", 42L);
        await Wait.UntilAsync(() => typing.Count >= 1, what: "typing");
        await amyHub.InvokeAsync("Typing", 99L); // not viewing 99: ignored
        await Task.Delay(300);
        // Five calls in quick succession pass on fewer signals (one, unless the machine stalls past the interval).
        Assert.InRange(typing.Count, 1, 4);
        Assert.All(typing, t => Assert.Equal(("amy", 42L), (t.Name, t.ConversationId)));
        Assert.Empty(ownTyping);

        await amyHub.StopAsync(); // disconnect counts as leaving
        await Wait.UntilAsync(() => presence.LastOrDefault() is { } p && p.Viewers.Count == 1 && p.Viewers[0].Name == "ben", what: "amy left");
    }

    [Fact]
    public async Task Agents_assign_free_conversations_but_only_a_lead_takes_one_from_a_colleague()
    {
        var convId = await _server.ReceiveEmailAsync("pia@customer.test", "Help", "Need help");
        using var amy = await _server.CreateAndLoginAsync("amy", "agent");
        using var ben = await _server.CreateAndLoginAsync("ben", "agent");
        using var lead = await _server.CreateAndLoginAsync("lea", "lead");
        var ids = (await amy.Http.GetFromJsonAsync<List<JsonElement>>("/api/assignees"))!.ToDictionary(a => a.GetProperty("displayName").GetString()!, a => a.GetProperty("id").GetInt64());
        await using var watcher = await ben.ConnectHubAsync();
        var pushed = new TaskCompletionSource<AssignmentView>();
        watcher.On<AssignmentView>("Assigned", a => pushed.TrySetResult(a));

        Assert.Equal(HttpStatusCode.OK, (await amy.Http.PostAsJsonAsync($"/api/conversations/{convId}/assignee", new { agentId = ids["amy"] })).StatusCode);
        var a = await Wait.ForAsync(pushed);
        Assert.Equal((convId, "amy"), (a.ConversationId, a.AgentName));

        var taken = await ben.Http.PostAsJsonAsync($"/api/conversations/{convId}/assignee", new { agentId = ids["ben"] });
        Assert.Equal(HttpStatusCode.Forbidden, taken.StatusCode);
        Assert.Equal(ids["amy"], _server.Scalar<long>("SELECT assigned_agent_id FROM conversations WHERE id = @convId", new { convId }));

        Assert.Equal(HttpStatusCode.OK, (await lead.Http.PostAsJsonAsync($"/api/conversations/{convId}/assignee", new { agentId = ids["ben"] })).StatusCode);
        Assert.Equal(ids["ben"], _server.Scalar<long>("SELECT assigned_agent_id FROM conversations WHERE id = @convId", new { convId }));
        // The owner may hand it on.
        Assert.Equal(HttpStatusCode.OK, (await ben.Http.PostAsJsonAsync($"/api/conversations/{convId}/assignee", new { agentId = (long?)null })).StatusCode);
        Assert.Equal(3, _server.Scalar<long>("SELECT COUNT(*) FROM audit_log WHERE action = 'conversation.assign'"));
    }
}
