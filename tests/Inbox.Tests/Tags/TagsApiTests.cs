using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Inbox.Core.Conversations;
using Inbox.Tests.Support;
using Microsoft.AspNetCore.SignalR.Client;

namespace Inbox.Tests.Tags;

/// <summary>Conversation tags over the real API and hub: cleaned, pushed to every agent, used as a list filter.</summary>
public sealed class TagsApiTests : IAsyncLifetime
{
    private InboxServer _server = null!;
    public async Task InitializeAsync() => _server = await InboxServer.StartAsync();
    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task The_tags_in_use_are_an_empty_list_before_any_tag()
    {
        using var amy = await _server.CreateAndLoginAsync("amy", "agent");
        using var r = await amy.Http.GetAsync("/api/tags");
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Empty((await r.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray());
    }

    [Fact]
    public async Task Tags_are_cleaned_pushed_to_every_agent_and_filter_the_list()
    {
        var refund = await _server.ReceiveEmailAsync("zoe@customer.test", "Refund", "Where is my refund?");
        var parcel = await _server.ReceiveEmailAsync("sam@customer.test", "Parcel", "Where is my parcel?");
        using var amy = await _server.CreateAndLoginAsync("amy", "agent");
        using var ben = await _server.CreateAndLoginAsync("ben", "agent");
        await using var benHub = await ben.ConnectHubAsync();
        var changed = new TaskCompletionSource<ConversationView>(TaskCreationOptions.RunContinuationsAsynchronously);
        benHub.On<ConversationView>("ConversationChanged", c => { if (c.Id == refund && c.Tags.Count > 0) changed.TrySetResult(c); });

        using var set = await amy.Http.PutAsJsonAsync($"/api/conversations/{refund}/tags", new { tags = new[] { " VIP ", "remboursement  urgent", "vip", "", "Élodie-2" } });
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        string[] expected = ["remboursement urgent", "vip", "élodie-2"];
        Assert.Equal(expected, (await set.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal(expected, (await changed.Task.WaitAsync(TimeSpan.FromSeconds(10))).Tags);
        (await amy.Http.PutAsJsonAsync($"/api/conversations/{parcel}/tags", new { tags = new[] { "vip" } })).EnsureSuccessStatusCode();

        async Task<long[]> Ids(string query) =>
            (await ben.Http.GetFromJsonAsync<JsonElement>("/api/conversations?" + query)).EnumerateArray().Select(c => c.GetProperty("id").GetInt64()).Order().ToArray();
        Assert.Equal([refund, parcel], await Ids("tag=vip"));
        Assert.Equal([refund], await Ids("tag=Remboursement%20urgent"));
        Assert.Empty(await Ids("tag=outage"));
        var inUse = await ben.Http.GetFromJsonAsync<JsonElement>("/api/tags");
        Assert.Equal([("vip", 2), ("remboursement urgent", 1), ("élodie-2", 1)],
            inUse.EnumerateArray().Select(x => (x.GetProperty("tag").GetString()!, x.GetProperty("conversations").GetInt32())));

        // Replacing the set removes what is left out; the conversation's detail and list rows carry the tags.
        (await amy.Http.PutAsJsonAsync($"/api/conversations/{refund}/tags", new { tags = new[] { "vip" } })).EnsureSuccessStatusCode();
        var detail = await ben.Http.GetFromJsonAsync<JsonElement>($"/api/conversations/{refund}");
        Assert.Equal(["vip"], detail.GetProperty("conversation").GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal(2, _server.Count("conversation_tags"));
    }

    [Theory]
    [InlineData("a tag is letters, digits, spaces, '-' and '_': \"#vip\"", "#vip")]
    [InlineData("a tag is at most 30 characters: \"abcdefghijabcdefghijabcdefghijk\"", "abcdefghijabcdefghijabcdefghijk")]
    [InlineData("at most 10 tags on a conversation", "a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k")]
    public async Task Tags_that_cannot_be_kept_are_refused_with_the_reason(string error, params string[] tags)
    {
        var conversation = await _server.ReceiveEmailAsync("zoe@customer.test", "Refund", "Where is my refund?");
        using var amy = await _server.CreateAndLoginAsync("amy", "agent");
        using var r = await amy.Http.PutAsJsonAsync($"/api/conversations/{conversation}/tags", new { tags });
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        var problem = await r.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(error, problem.GetProperty("error").GetString());
        Assert.NotEqual(error, problem.GetProperty("errorFr").GetString()); // the French page shows it in French
        Assert.Equal(0, _server.Count("conversation_tags"));
        Assert.Equal(HttpStatusCode.NotFound, (await amy.Http.PutAsJsonAsync("/api/conversations/999999/tags", new { tags = new[] { "vip" } })).StatusCode);
        using var anonymous = _server.Anonymous();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.Http.PutAsJsonAsync($"/api/conversations/{conversation}/tags", new { tags = new[] { "vip" } })).StatusCode);
    }

    [Fact]
    public async Task A_lead_renames_a_tag_everywhere_or_merges_it_into_another()
    {
        var a = await _server.ReceiveEmailAsync("zoe@customer.test", "A", "Where is my refund?");
        var b = await _server.ReceiveEmailAsync("sam@customer.test", "B", "Remboursement ?");
        var c = await _server.ReceiveEmailAsync("lea@customer.test", "C", "Refund please");
        using var lead = await _server.CreateAndLoginAsync("lena", "lead");
        using var amy = await _server.CreateAndLoginAsync("amy", "agent");
        (await amy.Http.PutAsJsonAsync($"/api/conversations/{a}/tags", new { tags = new[] { "refund", "vip" } })).EnsureSuccessStatusCode();
        (await amy.Http.PutAsJsonAsync($"/api/conversations/{b}/tags", new { tags = new[] { "remboursement" } })).EnsureSuccessStatusCode();
        (await amy.Http.PutAsJsonAsync($"/api/conversations/{c}/tags", new { tags = new[] { "remboursement", "refund" } })).EnsureSuccessStatusCode();
        await using var amyHub = await amy.ConnectHubAsync();
        var pushed = new TaskCompletionSource<ConversationView>(TaskCreationOptions.RunContinuationsAsynchronously);
        amyHub.On<ConversationView>("ConversationChanged", v => { if (v.Id == b && v.Tags.Contains("refund")) pushed.TrySetResult(v); });

        // Agents tag; leads tidy.
        Assert.Equal(HttpStatusCode.Forbidden, (await amy.Http.PostAsJsonAsync("/api/tags/rename", new { from = "remboursement", to = "refund" })).StatusCode);
        using var renamed = await lead.Http.PostAsJsonAsync("/api/tags/rename", new { from = " Remboursement ", to = "refund" });
        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        Assert.Equal(2, (await renamed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("conversations").GetInt32());
        Assert.Equal(["refund"], (await pushed.Task.WaitAsync(TimeSpan.FromSeconds(10))).Tags); // every agent's list is told

        async Task<string[]> TagsOf(long id) => (await amy.Http.GetFromJsonAsync<JsonElement>($"/api/conversations/{id}"))
            .GetProperty("conversation").GetProperty("tags").EnumerateArray().Select(t => t.GetString()!).ToArray();
        Assert.Equal(["refund", "vip"], await TagsOf(a));
        Assert.Equal(["refund"], await TagsOf(b));
        Assert.Equal(["refund"], await TagsOf(c)); // had both: keeps one
        Assert.Contains("tag.rename", _server.Query<string>("SELECT action FROM audit_log"));

        using var same = await lead.Http.PostAsJsonAsync("/api/tags/rename", new { from = "vip", to = "VIP" });
        Assert.Equal(HttpStatusCode.BadRequest, same.StatusCode);
        using var bad = await lead.Http.PostAsJsonAsync("/api/tags/rename", new { from = "vip", to = "v.i.p!" });
        Assert.Contains("une étiquette ne contient que", (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errorFr").GetString());
    }
}
