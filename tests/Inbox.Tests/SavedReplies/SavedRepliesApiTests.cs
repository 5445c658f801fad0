using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Inbox.Core.SavedReplies;
using Inbox.Tests.Support;

namespace Inbox.Tests.SavedReplies;

/// <summary>Saved replies over the real API: leads write them (audited), agents read them filled for a conversation.</summary>
public sealed class SavedRepliesApiTests : IAsyncLifetime
{
    private InboxServer _server = null!;
    public async Task InitializeAsync() => _server = await InboxServer.StartAsync();
    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task A_lead_writes_a_reply_and_an_agent_gets_it_filled_for_the_conversation()
    {
        var conversation = await _server.ReceiveEmailAsync("Zoé Martin <zoe@customer.test>", "Remboursement", "Où en est mon remboursement ?");
        using var lead = await _server.CreateAndLoginAsync("lea", "lead");
        using var agent = await _server.CreateAndLoginAsync("sam", "agent");

        using var created = await lead.Http.PostAsJsonAsync("/api/saved-replies", new
        {
            title = "Remboursement sous 5 jours",
            body = "Bonjour {first_name},\r\nvotre remboursement part sous 5 jours ouvrés.\r\n{agent_name}, service client",
            language = "fr",
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        using (var english = await lead.Http.PostAsJsonAsync("/api/saved-replies", new { title = "Refund in 5 days", body = "Hello {customer_name}, your refund leaves within 5 working days." }))
            Assert.Equal(HttpStatusCode.Created, english.StatusCode);

        // An agent reads them, filled for this customer and for the agent himself, ordered by title.
        var filled = await agent.Http.GetFromJsonAsync<JsonElement>($"/api/conversations/{conversation}/saved-replies");
        Assert.Equal(["Refund in 5 days", "Remboursement sous 5 jours"], filled.EnumerateArray().Select(r => r.GetProperty("title").GetString()));
        Assert.Equal("Hello Zoé Martin, your refund leaves within 5 working days.", filled[0].GetProperty("text").GetString());
        Assert.Equal("Bonjour Zoé,\nvotre remboursement part sous 5 jours ouvrés.\nsam, service client", filled[1].GetProperty("text").GetString());
        Assert.Equal("fr", filled[1].GetProperty("language").GetString());
        Assert.Equal(JsonValueKind.Null, filled[0].GetProperty("language").ValueKind);
        Assert.Equal("lea", filled[1].GetProperty("updatedBy").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await agent.Http.GetAsync("/api/conversations/999999/saved-replies")).StatusCode);

        // Each insertion is counted for the leads, with its time.
        Assert.Equal(0, filled[1].GetProperty("useCount").GetInt64());
        Assert.Equal(HttpStatusCode.NoContent, (await agent.Http.PostAsync($"/api/saved-replies/{id}/used", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await agent.Http.PostAsync($"/api/saved-replies/{id}/used", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await agent.Http.PostAsync("/api/saved-replies/999999/used", null)).StatusCode);
        var tallied = (await lead.Http.GetFromJsonAsync<JsonElement>("/api/saved-replies")).EnumerateArray().Single(r => r.GetProperty("id").GetInt64() == id);
        Assert.Equal(2, tallied.GetProperty("useCount").GetInt64());
        Assert.NotEqual(JsonValueKind.Null, tallied.GetProperty("lastUsedAt").ValueKind);

        // Agents do not write them; nobody reads them without logging in.
        using (var refused = await agent.Http.PostAsJsonAsync("/api/saved-replies", new { title = "Mine", body = "Hello" }))
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.Http.DeleteAsync($"/api/saved-replies/{id}")).StatusCode);
        using (var anonymous = _server.Anonymous())
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.Http.GetAsync("/api/saved-replies")).StatusCode);

        // Edited and deleted by a lead, each on record (a deleted reply's words stay in the audit log).
        using (var edited = await lead.Http.PutAsJsonAsync($"/api/saved-replies/{id}", new { title = "Remboursement sous 3 jours", body = "Bonjour {first_name}, sous 3 jours.", language = "fr" }))
            Assert.Equal("Remboursement sous 3 jours", (await edited.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString());
        Assert.Equal(HttpStatusCode.NoContent, (await lead.Http.DeleteAsync($"/api/saved-replies/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await lead.Http.DeleteAsync($"/api/saved-replies/{id}")).StatusCode);
        Assert.Single((await agent.Http.GetFromJsonAsync<JsonElement>("/api/saved-replies")).EnumerateArray());
        Assert.Equal(["saved_reply.create", "saved_reply.create", "saved_reply.update", "saved_reply.delete"],
            _server.Query<string>("SELECT action FROM audit_log WHERE action LIKE 'saved_reply.%' ORDER BY id"));
        Assert.Contains("sous 3 jours", _server.Scalar<string>("SELECT details FROM audit_log WHERE action = 'saved_reply.delete'"));
    }

    [Theory]
    [InlineData("", "Hello", null, "title is required")]
    [InlineData("Refund", " ", null, "body is required")]
    [InlineData("Refund", "Hello {prenom}", null, "unknown placeholder {prenom}: use {first_name}, {customer_name}, {agent_name}")]
    [InlineData("Refund", "Hello", "de", "language must be en, fr or empty (any)")]
    public async Task A_reply_that_cannot_be_used_is_refused_with_the_reason(string title, string body, string? language, string error)
    {
        using var lead = await _server.CreateAndLoginAsync("lea", "lead");
        using var r = await lead.Http.PostAsJsonAsync("/api/saved-replies", new { title, body, language });
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        var problem = await r.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(error, problem.GetProperty("error").GetString());
        // The French page shows the reason in French.
        Assert.NotEqual(error, problem.GetProperty("errorFr").GetString());
        if (error.StartsWith("unknown placeholder"))
            Assert.Equal("champ inconnu {prenom} : utilisez {first_name}, {customer_name}, {agent_name}", problem.GetProperty("errorFr").GetString());
        Assert.Equal(0, _server.Count("saved_replies"));
    }

    [Theory]
    [InlineData("Zoé Martin", "Zoé")]
    [InlineData("Jean-Luc Picard", "Jean-Luc")]
    [InlineData("bluefox42", "bluefox42")]
    [InlineData("zoe@customer.test", "zoe@customer.test")]
    [InlineData("@MaisonHelp fan", "@MaisonHelp fan")]
    public void The_first_name_is_the_first_word_when_it_reads_as_a_name(string customer, string first) =>
        Assert.Equal($"Hi {first}, {customer} / Ann", SavedReplyStore.Fill("Hi {first_name}, {customer_name} / {agent_name}", customer, "Ann"));
    [Fact]
    public async Task A_saved_replys_tags_and_status_follow_the_reply_sent_with_it_once()
    {
        var conversation = await _server.ReceiveEmailAsync("Zoé Martin <zoe@customer.test>", "Remboursement", "Où en est mon remboursement ?");
        using var lead = await _server.CreateAndLoginAsync("lea", "lead");
        using var agent = await _server.CreateAndLoginAsync("sam", "agent");
        (await agent.Http.PutAsJsonAsync($"/api/conversations/{conversation}/tags", new { tags = new[] { "vip" } })).EnsureSuccessStatusCode();

        // A macro: the words, then "refund" and "billing" on the conversation, and it waits for the customer.
        using var created = await lead.Http.PostAsJsonAsync("/api/saved-replies", new
        {
            title = "Remboursement lancé", body = "Bonjour {first_name}, le remboursement est lancé.", addTags = new[] { " Refund", "billing", "refund" }, thenStatus = "pending",
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var saved = await created.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("billing,refund", "pending"), (saved.GetProperty("addTags").GetString(), saved.GetProperty("thenStatus").GetString()));
        var id = saved.GetProperty("id").GetInt64();

        // The agent sends a reply started from it (edited: the actions stay the agent's choice).
        var clientRef = Guid.NewGuid().ToString();
        var reply = new { text = "Bonjour Zoé, le remboursement est lancé aujourd'hui.", clientRef, savedReplyId = id };
        Assert.Equal(HttpStatusCode.Created, (await agent.Http.PostAsJsonAsync($"/api/conversations/{conversation}/replies", reply)).StatusCode);
        var view = (await agent.Http.GetFromJsonAsync<JsonElement>($"/api/conversations/{conversation}")).GetProperty("conversation");
        Assert.Equal(["billing", "refund", "vip"], view.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal("pending", view.GetProperty("status").GetString());
        // In the conversation's history, as the agent's own clicks would be.
        var history = await agent.Http.GetFromJsonAsync<JsonElement>($"/api/conversations/{conversation}/history");
        Assert.Contains(history.EnumerateArray(), e => e.GetProperty("action").GetString() == "status" && e.GetProperty("status").GetString() == "pending");
        Assert.Contains(history.EnumerateArray(), e => e.GetProperty("action").GetString() == "tags");

        // A repeated request (the same clientRef) does not apply them again: the status an agent set since stays.
        (await agent.Http.PostAsJsonAsync($"/api/conversations/{conversation}/status", new { status = "open" })).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.OK, (await agent.Http.PostAsJsonAsync($"/api/conversations/{conversation}/replies", reply)).StatusCode);
        Assert.Equal("open", (await agent.Http.GetFromJsonAsync<JsonElement>($"/api/conversations/{conversation}")).GetProperty("conversation").GetProperty("status").GetString());

        // What a saved reply cannot do is refused by name.
        using var bad = await lead.Http.PostAsJsonAsync("/api/saved-replies", new { title = "x", body = "y", thenStatus = "open" });
        Assert.Contains("then status must be pending, closed or empty", await bad.Content.ReadAsStringAsync());
        using var badTag = await lead.Http.PostAsJsonAsync("/api/saved-replies", new { title = "x", body = "y", addTags = new[] { "no/slash" } });
        Assert.Equal(HttpStatusCode.BadRequest, badTag.StatusCode);
    }
}
