using System.Net;
using System.Net.Http.Json;
using Inbox.Core.Conversations;
using Inbox.Tests.Support;

namespace Inbox.Tests.Foundation;

/// <summary>A conversation's history over the real API: what agents did to it, from the audit log, oldest first.</summary>
public sealed class ConversationHistoryTests : IAsyncLifetime
{
    private InboxServer _server = null!;
    public async Task InitializeAsync() => _server = await InboxServer.StartAsync();
    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Who_assigned_tagged_snoozed_and_closed_a_conversation_is_its_history()
    {
        var conversation = await _server.ReceiveEmailAsync("zoe@customer.test", "Refund", "Where is my refund?");
        var other = await _server.ReceiveEmailAsync("sam@customer.test", "Parcel", "Where is my parcel?");
        using var amy = await _server.CreateAndLoginAsync("amy", "agent");
        using var ben = await _server.CreateAndLoginAsync("ben", "agent");
        var benId = (await ben.Http.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/auth/me")).GetProperty("id").GetInt64();
        var until = DateTimeOffset.UtcNow.AddHours(3).ToUnixTimeMilliseconds();

        (await amy.Http.PostAsJsonAsync($"/api/conversations/{conversation}/assignee", new { agentId = benId })).EnsureSuccessStatusCode();
        (await amy.Http.PutAsJsonAsync($"/api/conversations/{conversation}/tags", new { tags = new[] { "refund", "VIP" } })).EnsureSuccessStatusCode();
        (await ben.Http.PostAsJsonAsync($"/api/conversations/{conversation}/snooze", new { until })).EnsureSuccessStatusCode();
        (await ben.Http.PostAsJsonAsync($"/api/conversations/{conversation}/status", new { status = "closed" })).EnsureSuccessStatusCode();
        (await ben.Http.PostAsJsonAsync($"/api/conversations/{other}/status", new { status = "closed" })).EnsureSuccessStatusCode(); // another's
        (await ben.Http.PostAsJsonAsync($"/api/conversations/{conversation}/read", new { })).EnsureSuccessStatusCode();            // not an event

        var history = (await amy.Http.GetFromJsonAsync<ConversationEvent[]>($"/api/conversations/{conversation}/history"))!;
        Assert.Equal(
            [("amy", "assign", "ben"), ("amy", "tags", null), ("ben", "snooze", null), ("ben", "status", null)],
            history.Select(e => (e.AgentName, e.Action, e.To)));
        Assert.Equal(["refund", "vip"], history[1].Tags);
        Assert.Equal(until, history[2].Until);
        Assert.Equal("closed", history[3].Status);
        Assert.True(history.Zip(history.Skip(1)).All(p => p.First.At <= p.Second.At));

        using var anonymous = _server.Anonymous();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.Http.GetAsync($"/api/conversations/{conversation}/history")).StatusCode);
    }
}
