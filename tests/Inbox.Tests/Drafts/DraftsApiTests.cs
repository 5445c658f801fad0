using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Inbox.Core.Drafts;
using Inbox.Tests.Support;
using Microsoft.AspNetCore.SignalR.Client;

namespace Inbox.Tests.Drafts;

/// <summary>Drafts on the real host: kept per agent and conversation, seen by colleagues as a name only, ended by the reply.</summary>
public sealed class DraftsApiTests : IAsyncLifetime
{
    private InboxServer _server = null!;
    public async Task InitializeAsync() => _server = await InboxServer.StartAsync();
    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static async Task<DraftView[]> Mine(InboxServer.Client who) => (await who.Http.GetFromJsonAsync<DraftView[]>("/api/drafts"))!;
    private static async Task<DraftHolder[]> Holders(InboxServer.Client who, long id) =>
        (await who.Http.GetFromJsonAsync<DraftHolder[]>($"/api/conversations/{id}/drafts"))!;

    [Fact]
    public async Task A_draft_is_kept_for_its_author_shown_to_colleagues_by_name_and_ended_by_the_reply()
    {
        var refund = await _server.ReceiveEmailAsync("zoe@customer.test", "Refund", "Where is my refund?");
        var seen = _server.Scalar<long>("SELECT MAX(id) FROM messages WHERE conversation_id = @refund", new { refund });
        using var amy = await _server.CreateAndLoginAsync("amy", "agent");
        using var ben = await _server.CreateAndLoginAsync("ben", "agent");

        // Ben has the conversation open; Amy has another tab.
        await using var benHub = await ben.ConnectHubAsync();
        var benTold = new List<ConversationDrafts>();
        benHub.On<ConversationDrafts>("DraftsChanged", d => { lock (benTold) benTold.Add(d); });
        await benHub.InvokeAsync("OpenConversation", refund);
        await using var amyTab = await amy.ConnectHubAsync();
        var amyTold = new List<DraftView>();
        amyTab.On<DraftView>("DraftSaved", d => { lock (amyTold) amyTold.Add(d); });

        // Amy types; the page saves twice as she pauses. Her other tab gets each; Ben is told once that she has one.
        var first = await amy.Http.PutAsJsonAsync($"/api/conversations/{refund}/draft", new { text = "Hello Zoe,", seenMessageId = seen });
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        (await amy.Http.PutAsJsonAsync($"/api/conversations/{refund}/draft", new { text = "Hello Zoe,\r\nyour refund left on Monday.", seenMessageId = seen })).EnsureSuccessStatusCode();
        var mine = Assert.Single(await Mine(amy));
        Assert.Equal((refund, "Hello Zoe,\nyour refund left on Monday."), (mine.ConversationId, mine.Text));
        Assert.Empty(await Mine(ben)); // her words are hers
        var holder = Assert.Single(await Holders(ben, refund));
        Assert.Equal("amy", holder.AgentName);
        await Wait.UntilAsync(() => { lock (amyTold) return amyTold.Count == 2; });
        await Wait.UntilAsync(() => { lock (benTold) return benTold.Count == 1; });
        Assert.Equal("amy", Assert.Single(benTold[0].Holders).AgentName);

        // A colleague's draft does not stop another one (Ben's own), and each sees both names.
        (await ben.Http.PutAsJsonAsync($"/api/conversations/{refund}/draft", new { text = "Hi Zoe" })).EnsureSuccessStatusCode();
        Assert.Equal(["amy", "ben"], (await Holders(amy, refund)).Select(h => h.AgentName));

        // Amy sends: her draft is the reply now, gone for her and for Ben's view; Ben's stays.
        using var sent = await amy.Http.PostAsJsonAsync($"/api/conversations/{refund}/replies", new { text = mine.Text, clientRef = "r1", seenMessageId = seen });
        Assert.Equal(HttpStatusCode.Created, sent.StatusCode);
        Assert.Empty(await Mine(amy));
        Assert.Equal(["ben"], (await Holders(ben, refund)).Select(h => h.AgentName));
        await Wait.UntilAsync(() => { lock (benTold) return benTold.Count == 3 && benTold[2].Holders.Select(h => h.AgentName).SequenceEqual(["ben"]); });
        await Wait.UntilAsync(() => { lock (amyTold) return amyTold.Count == 3 && amyTold[2].Text == ""; });

        // A save still on its way when she pressed Send (typed against the thread before her reply) does not bring it back.
        using var late = await amy.Http.PutAsJsonAsync($"/api/conversations/{refund}/draft", new { text = mine.Text, seenMessageId = seen });
        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
        Assert.True((await late.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("superseded").GetBoolean());
        Assert.Empty(await Mine(amy));
        // Typed after her reply reached the page: a new draft.
        var afterReply = _server.Scalar<long>("SELECT MAX(id) FROM messages WHERE conversation_id = @refund", new { refund });
        (await amy.Http.PutAsJsonAsync($"/api/conversations/{refund}/draft", new { text = "PS: the reference is 4471", seenMessageId = afterReply })).EnsureSuccessStatusCode();
        Assert.Single(await Mine(amy));

        // Emptied, it goes (204); an empty box that had none is fine too.
        Assert.Equal(HttpStatusCode.NoContent, (await amy.Http.PutAsJsonAsync($"/api/conversations/{refund}/draft", new { text = "  \n" })).StatusCode);
        Assert.Empty(await Mine(amy));
        Assert.Equal(HttpStatusCode.NoContent, (await amy.Http.DeleteAsync($"/api/conversations/{refund}/draft")).StatusCode);
        Assert.Equal(["ben"], (await Holders(amy, refund)).Select(h => h.AgentName));

        // Bad requests say what is wrong; nobody signed in gets nothing.
        using var tooLong = await amy.Http.PutAsJsonAsync($"/api/conversations/{refund}/draft", new { text = new string('a', DraftStore.MaxLength + 1) });
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Contains("at most", (await tooLong.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await amy.Http.PutAsJsonAsync("/api/conversations/999999/draft", new { text = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await amy.Http.GetAsync("/api/conversations/999999/drafts")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await amy.Http.DeleteAsync("/api/conversations/999999/draft")).StatusCode);
        using var anonymous = _server.Anonymous();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.Http.GetAsync("/api/drafts")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.Http.PutAsJsonAsync($"/api/conversations/{refund}/draft", new { text = "x" })).StatusCode);
        Assert.Equal(1, _server.Count("drafts")); // Ben's
    }
}
