using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Inbox.Tests.Support;

namespace Inbox.Tests.Foundation;

/// <summary>The conversation list filtered to an agent's queue: assigned to me, nobody's, by status.</summary>
public sealed class ConversationQueueTests : IAsyncLifetime
{
    private InboxServer _server = null!;
    public async Task InitializeAsync() => _server = await InboxServer.StartAsync();
    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task The_list_shows_my_conversations_the_unassigned_ones_or_one_status()
    {
        var refund = await _server.ReceiveEmailAsync("zoe@customer.test", "Refund", "Where is my refund?");
        var parcel = await _server.ReceiveEmailAsync("sam@customer.test", "Parcel", "Where is my parcel?");
        var card = await _server.ReceiveEmailAsync("lea@customer.test", "Card", "My card is blocked.");
        using var amy = await _server.CreateAndLoginAsync("amy", "agent");
        using var ben = await _server.CreateAndLoginAsync("ben", "agent");
        var benId = (await ben.Http.GetFromJsonAsync<JsonElement>("/api/auth/me")).GetProperty("id").GetInt64();
        var amyId = (await amy.Http.GetFromJsonAsync<JsonElement>("/api/auth/me")).GetProperty("id").GetInt64();
        (await amy.Http.PostAsJsonAsync($"/api/conversations/{refund}/assignee", new { agentId = amyId })).EnsureSuccessStatusCode();
        (await amy.Http.PostAsJsonAsync($"/api/conversations/{parcel}/assignee", new { agentId = benId })).EnsureSuccessStatusCode();
        (await amy.Http.PostAsJsonAsync($"/api/conversations/{card}/status", new { status = "closed" })).EnsureSuccessStatusCode();

        async Task<long[]> Ids(InboxServer.Client who, string query) =>
            (await who.Http.GetFromJsonAsync<JsonElement>("/api/conversations?" + query)).EnumerateArray().Select(c => c.GetProperty("id").GetInt64()).Order().ToArray();
        Assert.Equal([refund], await Ids(amy, "assigned=me"));
        Assert.Equal([parcel], await Ids(ben, "assigned=me"));
        Assert.Equal([parcel], await Ids(amy, $"assigned={benId}"));
        Assert.Equal([card], await Ids(amy, "assigned=none"));
        Assert.Equal([card], await Ids(amy, "status=closed"));
        Assert.Equal([refund, parcel], await Ids(amy, "status=open"));
        Assert.Empty(await Ids(amy, "assigned=none&status=open"));
        Assert.Equal([refund, parcel, card], await Ids(amy, "status="));

        using (var bad = await amy.Http.GetAsync("/api/conversations?assigned=someone"))
        {
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            Assert.Equal("assigned must be me, none or an agent id", (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
        }
        Assert.Equal(HttpStatusCode.BadRequest, (await amy.Http.GetAsync("/api/conversations?status=done")).StatusCode);
    }
}
