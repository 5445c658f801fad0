using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Inbox.Tests.Support;
using Microsoft.AspNetCore.SignalR.Client;

namespace Inbox.Tests.Foundation;

/// <summary>Read and unread per agent: what one agent has seen of a conversation, against the customer's last message.</summary>
public sealed class ReadMarksTests : IAsyncLifetime
{
    private InboxServer _server = null!;
    public async Task InitializeAsync() => _server = await InboxServer.StartAsync();
    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static async Task<JsonElement> Row(InboxServer.Client who, long id) =>
        (await who.Http.GetFromJsonAsync<JsonElement>("/api/conversations")).EnumerateArray().Single(c => c.GetProperty("id").GetInt64() == id);

    private static long? Seen(JsonElement row) => row.TryGetProperty("seenInboundAt", out var v) ? v.GetInt64() : null;

    [Fact]
    public async Task Each_agent_reads_for_themselves_and_a_new_customer_message_is_unread_again()
    {
        var refund = await _server.ReceiveEmailAsync("zoe@customer.test", "Refund", "Where is my refund?", messageId: "r1@customer.test");
        using var amy = await _server.CreateAndLoginAsync("amy", "agent");
        using var ben = await _server.CreateAndLoginAsync("ben", "agent");
        Assert.Null(Seen(await Row(amy, refund))); // never opened: unread for both

        // Amy reads it: the mark is the customer's last message time, as the server has it; her other tabs are told.
        await using var amyTab = await amy.ConnectHubAsync();
        var told = new TaskCompletionSource<Inbox.Core.Conversations.ReadMark>(TaskCreationOptions.RunContinuationsAsynchronously);
        amyTab.On<Inbox.Core.Conversations.ReadMark>("ReadChanged", m => told.TrySetResult(m));
        using var read = await amy.Http.PostAsync($"/api/conversations/{refund}/read", null);
        read.EnsureSuccessStatusCode();
        var lastInbound = (await Row(amy, refund)).GetProperty("lastInboundAt").GetInt64();
        Assert.Equal(lastInbound, (await read.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("seenInboundAt").GetInt64());
        Assert.Equal(lastInbound, Seen(await Row(amy, refund)));
        Assert.Equal(new Inbox.Core.Conversations.ReadMark(refund, lastInbound), await told.Task.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Null(Seen(await Row(ben, refund)));

        // The customer writes again: later than Amy's mark, so unread for her again, until she reads it.
        // A mail's time is its Date header, in whole seconds: the next one is sent in the next second (it failed once when both fell in one).
        await Task.Delay(1100);
        await _server.ReceiveEmailAsync("zoe@customer.test", "Re: Refund", "Any news?", messageId: "r2@customer.test", inReplyTo: "r1@customer.test");
        var row = await Row(amy, refund);
        Assert.True(row.GetProperty("lastInboundAt").GetInt64() > Seen(row));
        (await amy.Http.PostAsync($"/api/conversations/{refund}/read", null)).EnsureSuccessStatusCode();
        row = await Row(amy, refund);
        Assert.Equal(row.GetProperty("lastInboundAt").GetInt64(), Seen(row));

        // "Unread only": each agent's own list.
        var parcel = await _server.ReceiveEmailAsync("sam@customer.test", "Parcel", "Where is my parcel?");
        async Task<long[]> Unread(InboxServer.Client who) =>
            (await who.Http.GetFromJsonAsync<JsonElement>("/api/conversations?unread=true")).EnumerateArray().Select(c => c.GetProperty("id").GetInt64()).Order().ToArray();
        Assert.Equal([parcel], await Unread(amy));
        Assert.Equal([refund, parcel], await Unread(ben));
        (await ben.Http.PostAsJsonAsync($"/api/conversations/{parcel}/status", new { status = "closed" })).EnsureSuccessStatusCode();
        Assert.Equal([refund], await Unread(ben)); // closed: nothing left to read there
        Assert.Empty(await Unread(amy));

        // Marked unread: the mark goes.
        Assert.Equal(HttpStatusCode.NoContent, (await amy.Http.DeleteAsync($"/api/conversations/{refund}/read")).StatusCode);
        Assert.Null(Seen(await Row(amy, refund)));
        Assert.Equal(HttpStatusCode.NotFound, (await amy.Http.PostAsync("/api/conversations/999999/read", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await amy.Http.DeleteAsync("/api/conversations/999999/read")).StatusCode);
        using var anonymous = _server.Anonymous();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.Http.PostAsync($"/api/conversations/{refund}/read", null)).StatusCode);
    }
}
