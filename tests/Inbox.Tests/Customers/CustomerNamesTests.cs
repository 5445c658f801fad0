using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Inbox.Core.Conversations;
using Inbox.Tests.Support;
using Microsoft.AspNetCore.SignalR.Client;

namespace Inbox.Tests.Customers;

/// <summary>An agent names a customer over the real API: every agent's list is told, intake keeps the name, erasure wins.</summary>
public sealed class CustomerNamesTests : IAsyncLifetime
{
    private InboxServer _server = null!;
    public async Task InitializeAsync() => _server = await InboxServer.StartAsync();
    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task A_customer_named_by_an_agent_keeps_that_name_everywhere()
    {
        var first = await _server.ReceiveEmailAsync("bluefox42@customer.test", "Refund", "Where is my refund?");
        var customer = _server.Scalar<long>("SELECT customer_id FROM conversations WHERE id = @first", new { first });
        using var amy = await _server.CreateAndLoginAsync("amy", "agent");
        using var ben = await _server.CreateAndLoginAsync("ben", "agent");
        await using var benHub = await ben.ConnectHubAsync();
        var pushed = new TaskCompletionSource<ConversationView>(TaskCreationOptions.RunContinuationsAsynchronously);
        benHub.On<ConversationView>("ConversationChanged", c => { if (c.Id == first && c.CustomerName == "Marie Dubois") pushed.TrySetResult(c); });

        using var r = await amy.Http.PutAsJsonAsync($"/api/customers/{customer}", new { displayName = "  Marie   Dubois " });
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Equal("Marie Dubois", (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("displayName").GetString());
        await pushed.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(1, _server.Scalar<long>("SELECT COUNT(*) FROM audit_log WHERE action = 'customer.rename' AND details IS NULL")); // who and whom, not the names

        // Her next mail keeps the agent's name; her address is still what the identity shows.
        var second = await _server.ReceiveEmailAsync("bluefox42@customer.test", "Another", "And my invoice?");
        var detail = await ben.Http.GetFromJsonAsync<JsonElement>($"/api/conversations/{second}");
        Assert.Equal("Marie Dubois", detail.GetProperty("customer").GetProperty("displayName").GetString());
        Assert.Equal("bluefox42@customer.test", detail.GetProperty("customer").GetProperty("identities")[0].GetProperty("email").GetString());
    }

    [Fact]
    public async Task A_name_that_cannot_be_kept_is_refused()
    {
        var conversation = await _server.ReceiveEmailAsync("zoe@customer.test", "Refund", "Where is my refund?");
        var customer = _server.Scalar<long>("SELECT customer_id FROM conversations WHERE id = @conversation", new { conversation });
        using var amy = await _server.CreateAndLoginAsync("amy", "agent");
        using var empty = await amy.Http.PutAsJsonAsync($"/api/customers/{customer}", new { displayName = "  " });
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Equal("le nom ne peut pas être vide", (await empty.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errorFr").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await amy.Http.PutAsJsonAsync("/api/customers/999999", new { displayName = "X" })).StatusCode);

        using (var admin = await _server.LoginAsync())
            (await admin.Http.PostAsJsonAsync($"/api/admin/customers/{customer}/erase", new { confirm = true })).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.Conflict, (await amy.Http.PutAsJsonAsync($"/api/customers/{customer}", new { displayName = "Zoé" })).StatusCode);
        using var anonymous = _server.Anonymous();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.Http.PutAsJsonAsync($"/api/customers/{customer}", new { displayName = "Zoé" })).StatusCode);
    }

    [Fact]
    public async Task The_teams_note_on_a_customer_is_in_each_of_their_conversations_and_an_erasure_empties_it()
    {
        var refund = await _server.ReceiveEmailAsync("zoe@customer.test", "Refund", "Where is my refund?");
        var parcel = await _server.ReceiveEmailAsync("zoe@customer.test", "Parcel", "And my parcel?");
        var customer = _server.Scalar<long>("SELECT customer_id FROM conversations WHERE id = @refund", new { refund });
        using var amy = await _server.CreateAndLoginAsync("amy", "agent");
        using (var r = await amy.Http.PutAsJsonAsync($"/api/customers/{customer}/note", new { note = "  Prefers to be called in the afternoon.\r\nVIP.  " }))
            Assert.Equal("Prefers to be called in the afternoon.\nVIP.", (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("note").GetString());
        foreach (var conversation in new[] { refund, parcel })
            Assert.Equal("Prefers to be called in the afternoon.\nVIP.",
                (await amy.Http.GetFromJsonAsync<JsonElement>($"/api/conversations/{conversation}")).GetProperty("customer").GetProperty("note").GetString());
        // Saved over an older note than the one stored (a colleague's change meanwhile): nothing written, the note as it is now comes back.
        using (var r = await amy.Http.PutAsJsonAsync($"/api/customers/{customer}/note", new { note = "Calls in the morning.", previous = "" }))
        {
            Assert.Equal(HttpStatusCode.Conflict, r.StatusCode);
            Assert.Equal("Prefers to be called in the afternoon.\nVIP.", (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("note").GetString());
        }
        Assert.Equal("Prefers to be called in the afternoon.\nVIP.", _server.Scalar<string>("SELECT note FROM customers WHERE id = @customer", new { customer }));
        // Audited without its words; too long refused; unknown customer not found.
        Assert.Equal(1, _server.Scalar<long>("SELECT COUNT(*) FROM audit_log WHERE action = 'customer.note' AND (details IS NULL OR details NOT LIKE '%afternoon%')"));
        Assert.Equal(HttpStatusCode.BadRequest, (await amy.Http.PutAsJsonAsync($"/api/customers/{customer}/note", new { note = new string('x', 2001) })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await amy.Http.PutAsJsonAsync("/api/customers/999999/note", new { note = "x" })).StatusCode);

        using (var admin = await _server.LoginAsync())
            (await admin.Http.PostAsJsonAsync($"/api/admin/customers/{customer}/erase", new { confirm = true })).EnsureSuccessStatusCode();
        Assert.Null(_server.Scalar<string?>("SELECT note FROM customers WHERE id = @customer", new { customer }));
        Assert.Equal(HttpStatusCode.Conflict, (await amy.Http.PutAsJsonAsync($"/api/customers/{customer}/note", new { note = "again" })).StatusCode);
    }
}
