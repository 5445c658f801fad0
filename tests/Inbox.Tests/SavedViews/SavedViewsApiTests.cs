using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Inbox.Tests.Support;

namespace Inbox.Tests.SavedViews;

/// <summary>Saved views over the real API: the list's filters under a name, counted for the agent asking, shared by leads.</summary>
public sealed class SavedViewsApiTests : IAsyncLifetime
{
    private InboxServer _server = null!;
    public async Task InitializeAsync() => _server = await InboxServer.StartAsync();
    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static async Task<JsonElement[]> Views(InboxServer.Client who) =>
        (await who.Http.GetFromJsonAsync<JsonElement>("/api/views")).EnumerateArray().ToArray();

    private static async Task<long> MeAsync(InboxServer.Client who) =>
        (await who.Http.GetFromJsonAsync<JsonElement>("/api/auth/me")).GetProperty("id").GetInt64();

    [Fact]
    public async Task A_view_keeps_the_lists_filters_and_counts_what_they_find_for_whoever_opens_it()
    {
        var refund = await _server.ReceiveEmailAsync("zoe@customer.test", "Refund", "Where is my refund?");
        var parcel = await _server.ReceiveEmailAsync("sam@customer.test", "Parcel", "Where is my parcel?");
        var other = await _server.ReceiveEmailAsync("lea@customer.test", "Invoice", "I need my invoice");
        using var lead = await _server.CreateAndLoginAsync("lena", "lead");
        using var amy = await _server.CreateAndLoginAsync("amy", "agent");
        using var ben = await _server.CreateAndLoginAsync("ben", "agent");
        (await amy.Http.PostAsJsonAsync($"/api/conversations/{refund}/assignee", new { agentId = await MeAsync(amy) })).EnsureSuccessStatusCode();
        (await amy.Http.PostAsJsonAsync($"/api/conversations/{parcel}/assignee", new { agentId = await MeAsync(amy) })).EnsureSuccessStatusCode();
        (await ben.Http.PostAsJsonAsync($"/api/conversations/{other}/assignee", new { agentId = await MeAsync(ben) })).EnsureSuccessStatusCode();
        (await amy.Http.PutAsJsonAsync($"/api/conversations/{refund}/tags", new { tags = new[] { "refund" } })).EnsureSuccessStatusCode();

        // Amy's own view: stored in one order, empty and false filters left out, the tag as the list reads it.
        using var mine = await amy.Http.PostAsJsonAsync("/api/views", new { name = "  My refunds ", query = "tag=Refund&search=&unread=false&assigned=me&status=open" });
        Assert.Equal(HttpStatusCode.Created, mine.StatusCode);
        var saved = await mine.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("My refunds", saved.GetProperty("name").GetString());
        Assert.Equal("status=open&assigned=me&tag=refund", saved.GetProperty("query").GetString());
        Assert.Equal(1, saved.GetProperty("count").GetInt32());

        // A lead shares "mine, open" with the team: each agent's count is their own queue's.
        using var shared = await lead.Http.PostAsJsonAsync("/api/views", new { name = "Mine", query = "assigned=me&status=open", shared = true });
        Assert.Equal(HttpStatusCode.Created, shared.StatusCode);
        var amyViews = await Views(amy);
        Assert.Equal([("My refunds", 1, false), ("Mine", 2, true)],
            amyViews.Select(v => (v.GetProperty("name").GetString(), v.GetProperty("count").GetInt32(), v.GetProperty("shared").GetBoolean())));
        var benViews = await Views(ben);
        Assert.Equal([("Mine", 1)], benViews.Select(v => (v.GetProperty("name").GetString(), v.GetProperty("count").GetInt32())));
        Assert.Equal("lena", benViews[0].GetProperty("ownerName").GetString());

        // The count is the list's: the same filters through /api/conversations find the same rows.
        var listed = await amy.Http.GetFromJsonAsync<JsonElement>("/api/conversations?" + saved.GetProperty("query").GetString());
        Assert.Equal([refund], listed.EnumerateArray().Select(c => c.GetProperty("id").GetInt64()));
        (await amy.Http.PostAsJsonAsync($"/api/conversations/{parcel}/status", new { status = "closed" })).EnsureSuccessStatusCode();
        Assert.Equal(1, (await Views(amy)).Single(v => v.GetProperty("name").GetString() == "Mine").GetProperty("count").GetInt32());
        Assert.Equal(1, _server.Scalar<long>("SELECT COUNT(*) FROM audit_log WHERE action = 'view.share'"));
    }

    [Theory]
    [InlineData("", "status=open", "name is required")]
    [InlineData("Bad", "status=asleep", "status must be open, pending, closed or spam")]
    [InlineData("Bad", "channel=fax", "channel must be one of email, messenger, instagram, whatsapp, x, webchat")]
    [InlineData("Bad", "assigned=someone", "assigned must be me, none or an agent id")]
    [InlineData("Bad", "before=123&status=open", "a view keeps only channel, status, assigned, tag, unread, automated, search, sort: not \"before\"")]
    public async Task A_view_that_cannot_be_kept_is_refused_with_the_reason(string name, string query, string error)
    {
        using var amy = await _server.CreateAndLoginAsync("amy", "agent");
        using var r = await amy.Http.PostAsJsonAsync("/api/views", new { name, query });
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        var problem = await r.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(error, problem.GetProperty("error").GetString());
        Assert.NotEqual(error, problem.GetProperty("errorFr").GetString());
        Assert.Equal(0, _server.Count("saved_views"));
    }

    [Fact]
    public async Task Only_leads_share_views_and_only_the_owner_or_a_lead_deletes_one()
    {
        using var lead = await _server.CreateAndLoginAsync("lena", "lead");
        using var amy = await _server.CreateAndLoginAsync("amy", "agent");
        using var ben = await _server.CreateAndLoginAsync("ben", "agent");
        Assert.Equal(HttpStatusCode.Forbidden, (await amy.Http.PostAsJsonAsync("/api/views", new { name = "All open", query = "status=open", shared = true })).StatusCode);
        var amyOwn = await (await amy.Http.PostAsJsonAsync("/api/views", new { name = "Email", query = "channel=email" })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.Conflict, (await amy.Http.PostAsJsonAsync("/api/views", new { name = "Email", query = "channel=x" })).StatusCode);
        var team = await (await lead.Http.PostAsJsonAsync("/api/views", new { name = "Unassigned", query = "assigned=none", shared = true })).Content.ReadFromJsonAsync<JsonElement>();

        // Someone else's own view does not exist for Ben; a shared one is the lead's to delete.
        Assert.Equal(HttpStatusCode.NotFound, (await ben.Http.DeleteAsync($"/api/views/{amyOwn.GetProperty("id").GetInt64()}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await ben.Http.DeleteAsync($"/api/views/{team.GetProperty("id").GetInt64()}")).StatusCode);
        Assert.Equal(["Unassigned"], (await Views(ben)).Select(v => v.GetProperty("name").GetString()));
        Assert.Equal(HttpStatusCode.NoContent, (await amy.Http.DeleteAsync($"/api/views/{amyOwn.GetProperty("id").GetInt64()}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await lead.Http.DeleteAsync($"/api/views/{team.GetProperty("id").GetInt64()}")).StatusCode);
        Assert.Equal(0, _server.Count("saved_views"));
        Assert.Equal(1, _server.Scalar<long>("SELECT COUNT(*) FROM audit_log WHERE action = 'view.delete'"));

        using var anonymous = _server.Anonymous();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.Http.GetAsync("/api/views")).StatusCode);
    }

    [Fact]
    public async Task The_list_comes_newest_first_oldest_first_or_by_the_response_due_soonest_and_a_view_keeps_its_order()
    {
        // Zoé first, then Sam, then Léa; Sam's timer is stopped by an answer, so he has no response due.
        var zoe = await _server.ReceiveEmailAsync("zoe@customer.test", "Refund", "Where is my refund?");
        var sam = await _server.ReceiveEmailAsync("sam@customer.test", "Parcel", "Where is my parcel?");
        var lea = await _server.ReceiveEmailAsync("lea@customer.test", "Card", "My card is blocked.");
        using var amy = await _server.CreateAndLoginAsync("amy", "agent");
        (await amy.Http.PostAsJsonAsync($"/api/conversations/{sam}/replies", new { text = "On it.", clientRef = "s1" })).EnsureSuccessStatusCode();
        await Wait.UntilAsync(() => _server.Scalar<long?>("SELECT due_at FROM conversation_timers WHERE conversation_id = @sam", new { sam }) is null, what: "Sam's timer stopped");
        async Task<long[]> Ids(string query) =>
            (await amy.Http.GetFromJsonAsync<JsonElement>("/api/conversations?" + query)).EnumerateArray().Select(c => c.GetProperty("id").GetInt64()).ToArray();

        Assert.Equal([sam, lea, zoe], await Ids(""));              // Sam's conversation moved up with the answer
        Assert.Equal([zoe, lea, sam], await Ids("sort=oldest"));
        Assert.Equal([zoe, lea, sam], await Ids("sort=due"));     // Zoé waited longest; Sam has nothing due
        using var bad = await amy.Http.GetAsync("/api/conversations?sort=random");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var view = await (await amy.Http.PostAsJsonAsync("/api/views", new { name = "Due", query = "sort=due&status=open" })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("status=open&sort=due", view.GetProperty("query").GetString());
        var plain = await (await amy.Http.PostAsJsonAsync("/api/views", new { name = "Plain", query = "sort=newest&status=open" })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("status=open", plain.GetProperty("query").GetString()); // the default order is not written
    }

    [Fact]
    public async Task The_list_refuses_filters_it_cannot_read_with_the_reason()
    {
        using var amy = await _server.CreateAndLoginAsync("amy", "agent");
        using var r = await amy.Http.GetAsync("/api/conversations?unread=maybe");
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.Equal("unread and automated are true or false", (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
    }
}
