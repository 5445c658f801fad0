using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Inbox.Core.Conversations;
using Inbox.Tests.Support;
using Microsoft.AspNetCore.SignalR.Client;

namespace Inbox.Tests.Security;

/// <summary>
/// Automatic assignment over the real host: a new conversation goes to an agent online with the fewest open
/// conversations, up to the cap; nobody offline, nobody past the cap, nothing when it is off.
/// </summary>
public sealed class AutoAssignTests : IAsyncLifetime
{
    private InboxServer _server = null!;
    public async Task InitializeAsync() => _server = await InboxServer.StartAsync();
    public async Task DisposeAsync() => await _server.DisposeAsync();

    /// <summary>Amy and Ben signed in with a live connection each, automatic assignment on (cap 10), and an admin's client.</summary>
    private async Task<TwoAgents> TwoAgentsOnlineAsync()
    {
        var admin = await _server.LoginAsync();
        var (amy, ben) = (await _server.CreateAndLoginAsync("amy", "agent"), await _server.CreateAndLoginAsync("ben", "agent"));
        async Task<long> Id(InboxServer.Client who) => (await who.Http.GetFromJsonAsync<JsonElement>("/api/auth/me")).GetProperty("id").GetInt64();
        var team = new TwoAgents(admin, amy, ben, await Id(amy), await Id(ben), await amy.ConnectHubAsync(), await ben.ConnectHubAsync());
        (await admin.Http.PutAsJsonAsync("/api/admin/assignment/auto", new { enabled = true, maxOpen = 10 })).EnsureSuccessStatusCode();
        return team;
    }

    private sealed record TwoAgents(InboxServer.Client Admin, InboxServer.Client Amy, InboxServer.Client Ben, long AmyId, long BenId,
        HubConnection AmyHub, HubConnection BenHub) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await AmyHub.DisposeAsync();
            await BenHub.DisposeAsync();
            foreach (var c in new[] { Admin, Amy, Ben }) c.Dispose();
        }
    }

    private long? Assignee(long conversation) =>
        _server.Scalar<long?>("SELECT assigned_agent_id FROM conversations WHERE id = @conversation", new { conversation });

    [Fact]
    public async Task A_conversation_knows_its_language_and_goes_to_an_agent_who_speaks_it()
    {
        await using var team = await TwoAgentsOnlineAsync();
        var (admin, amyId, benId) = (team.Admin, team.AmyId, team.BenId);
        // Amy answers in English only; Ben in both.
        using (var r = await admin.Http.PutAsJsonAsync($"/api/admin/agents/{amyId}", new { languages = new[] { "en" } }))
            Assert.Equal("en", (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("languages").GetString());

        var french = await _server.ReceiveEmailAsync("zoe@customer.test", "Remboursement", "Bonjour, je n'ai pas reçu le remboursement de ma commande.");
        var english = await _server.ReceiveEmailAsync("sam@customer.test", "Refund", "Hello, I have not received the refund for my order.");
        var unknown = await _server.ReceiveEmailAsync("lea@customer.test", "?", "Merci", messageId: "merci@customer.test");
        string? Language(long id) => _server.Scalar<string?>("SELECT language FROM conversations WHERE id = @id", new { id });
        Assert.Equal(("fr", "en", (string?)null), (Language(french), Language(english), Language(unknown)));
        Assert.Equal("fr", (await team.Amy.Http.GetFromJsonAsync<JsonElement>($"/api/conversations/{french}")).GetProperty("conversation").GetProperty("language").GetString());
        // The French one to Ben (Amy does not take French), the English one to Amy (fewer open), the unknown one to either.
        Assert.Equal([benId, amyId], [Assignee(french), Assignee(english)]);
        Assert.NotNull(Assignee(unknown));
        // The customer says more: the conversation's language is known from then on.
        await _server.ReceiveEmailAsync("lea@customer.test", "Re: ?", "Bonjour, je voudrais savoir où en est ma commande.", inReplyTo: "merci@customer.test");
        Assert.Equal("fr", Language(unknown));

        using var bad = await admin.Http.PutAsJsonAsync($"/api/admin/agents/{benId}", new { languages = new[] { "de" } });
        Assert.Contains("unknown language 'de'", await bad.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Nobody_who_may_take_it_online_leaves_it_unassigned_and_the_intake_goes_on()
    {
        using var admin = await _server.LoginAsync();
        await using var adminHub = await admin.ConnectHubAsync(); // online, but admins are given none
        (await admin.Http.PutAsJsonAsync("/api/admin/assignment/auto", new { enabled = true, maxOpen = 10 })).EnsureSuccessStatusCode();
        Assert.Null(Assignee(await _server.ReceiveEmailAsync("zoe@customer.test", "Refund", "Where is my refund?")));
        Assert.Null(Assignee(await _server.ReceiveEmailAsync("sam@customer.test", "Parcel", "Where is my parcel?")));
    }

    [Fact]
    public async Task An_agent_narrowed_to_some_channels_is_given_only_their_conversations()
    {
        await using var team = await TwoAgentsOnlineAsync();
        var (admin, amyId, benId) = (team.Admin, team.AmyId, team.BenId);

        // Amy answers the social channels only: every mail goes to Ben, whatever the loads.
        using (var r = await admin.Http.PutAsJsonAsync($"/api/admin/agents/{amyId}", new { channels = new[] { "x", "messenger" } }))
            Assert.Equal("messenger,x", (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("channels").GetString());
        var first = await _server.ReceiveEmailAsync("zoe@customer.test", "Refund", "Where is my refund?");
        var second = await _server.ReceiveEmailAsync("sam@customer.test", "Parcel", "Where is my parcel?");
        Assert.Equal([benId, benId], [Assignee(first), Assignee(second)]);

        // Given email too, she gets the next one (the fewest open).
        (await admin.Http.PutAsJsonAsync($"/api/admin/agents/{amyId}", new { channels = new[] { "email", "x" } })).EnsureSuccessStatusCode();
        Assert.Equal(amyId, Assignee(await _server.ReceiveEmailAsync("lea@customer.test", "Card", "My card is blocked.")));

        // Every channel chosen is no restriction (stored as none); an unknown channel is refused with its name.
        using (var all = await admin.Http.PutAsJsonAsync($"/api/admin/agents/{amyId}", new { channels = new[] { "email", "messenger", "instagram", "whatsapp", "x", "webchat" } }))
            Assert.Equal(JsonValueKind.Null, (await all.Content.ReadFromJsonAsync<JsonElement>()).TryGetProperty("channels", out var none) ? none.ValueKind : JsonValueKind.Null);
        using var bad = await admin.Http.PutAsJsonAsync($"/api/admin/agents/{benId}", new { channels = new[] { "fax" } });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("unknown channel 'fax'", await bad.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task New_conversations_go_to_the_agents_online_by_load_up_to_the_cap()
    {
        using var admin = await _server.LoginAsync();
        using var amy = await _server.CreateAndLoginAsync("amy", "agent");
        using var ben = await _server.CreateAndLoginAsync("ben", "agent");
        using var carl = await _server.CreateAndLoginAsync("carl", "agent"); // never online
        var ids = new Dictionary<string, long>();
        foreach (var (name, who) in new[] { ("amy", amy), ("ben", ben) })
            ids[name] = (await who.Http.GetFromJsonAsync<JsonElement>("/api/auth/me")).GetProperty("id").GetInt64();
        await using var amyHub = await amy.ConnectHubAsync();
        await using var benHub = await ben.ConnectHubAsync();

        // Off by default: nobody is given anything.
        var before = await _server.ReceiveEmailAsync("old@customer.test", "Old", "Before it was on.");
        Assert.Null(Assignee(before));

        using var on = await admin.Http.PutAsJsonAsync("/api/admin/assignment/auto", new { enabled = true, maxOpen = 2 });
        Assert.Equal(HttpStatusCode.OK, on.StatusCode);
        var first = await _server.ReceiveEmailAsync("zoe@customer.test", "Refund", "Where is my refund?", messageId: "z1@customer.test");
        var second = await _server.ReceiveEmailAsync("sam@customer.test", "Parcel", "Where is my parcel?");
        var third = await _server.ReceiveEmailAsync("lea@customer.test", "Card", "My card is blocked.");
        Assert.Equal([ids["amy"], ids["ben"], ids["amy"]], [Assignee(first), Assignee(second), Assignee(third)]); // by load, then turn
        // The response timer's copy of the assignee (the board counts at-risk conversations per agent from it) follows,
        // for an automatic assignment as for a lead's.
        long? TimerAssignee(long conversation) =>
            _server.Scalar<long?>("SELECT assigned_agent_id FROM conversation_timers WHERE conversation_id = @conversation", new { conversation });
        Assert.Equal(ids["amy"], TimerAssignee(first));
        (await admin.Http.PostAsJsonAsync($"/api/conversations/{before}/assignee", new { agentId = ids["ben"] })).EnsureSuccessStatusCode();
        Assert.Equal(ids["ben"], TimerAssignee(before));
        (await admin.Http.PostAsJsonAsync($"/api/conversations/{before}/assignee", new { agentId = (long?)null })).EnsureSuccessStatusCode();
        Assert.Null(TimerAssignee(before));

        // A follow-up in a conversation keeps its assignee; Amy is at the cap, so Ben gets the next; then nobody.
        await _server.ReceiveEmailAsync("zoe@customer.test", "Re: Refund", "Any news?", inReplyTo: "z1@customer.test");
        Assert.Equal(ids["amy"], Assignee(first));
        var fourth = await _server.ReceiveEmailAsync("max@customer.test", "Invoice", "I need my invoice.");
        var fifth = await _server.ReceiveEmailAsync("eva@customer.test", "Login", "I cannot log in.");
        Assert.Equal(ids["ben"], Assignee(fourth));
        Assert.Null(Assignee(fifth));
        Assert.Equal(0, _server.Scalar<long>("SELECT COUNT(*) FROM conversations c JOIN agents a ON a.id = c.assigned_agent_id WHERE a.username = 'carl'"));

        // Closing one frees a place; the list and the history say who got it, automatically.
        (await amy.Http.PostAsJsonAsync($"/api/conversations/{third}/status", new { status = "closed" })).EnsureSuccessStatusCode();
        var sixth = await _server.ReceiveEmailAsync("tom@customer.test", "Refund", "Refund please.");
        Assert.Equal(ids["amy"], Assignee(sixth));
        var history = (await amy.Http.GetFromJsonAsync<ConversationEvent[]>($"/api/conversations/{sixth}/history"))!;
        var given = Assert.Single(history);
        Assert.Equal(("assign", "amy", true, (string?)null), (given.Action, given.To, given.Auto, given.AgentName));
        var row = (await amy.Http.GetFromJsonAsync<JsonElement>("/api/conversations?assigned=me")).EnumerateArray().Select(c => c.GetProperty("id").GetInt64());
        Assert.Contains(sixth, row);

        // Off again: nothing more is given out.
        (await admin.Http.PutAsJsonAsync("/api/admin/assignment/auto", new { enabled = false, maxOpen = 2 })).EnsureSuccessStatusCode();
        (await amy.Http.PostAsJsonAsync($"/api/conversations/{sixth}/status", new { status = "closed" })).EnsureSuccessStatusCode();
        Assert.Null(Assignee(await _server.ReceiveEmailAsync("ivy@customer.test", "Other", "Hello?")));
    }

    [Fact]
    public async Task An_agent_away_is_given_nothing_until_back()
    {
        using var admin = await _server.LoginAsync();
        using var amy = await _server.CreateAndLoginAsync("amy", "agent");
        await using var amyHub = await amy.ConnectHubAsync();
        (await admin.Http.PutAsJsonAsync("/api/admin/assignment/auto", new { enabled = true, maxOpen = 5 })).EnsureSuccessStatusCode();

        using var away = await amy.Http.PutAsJsonAsync("/api/auth/me/away", new { away = true });
        Assert.Equal(HttpStatusCode.OK, away.StatusCode);
        Assert.True((await amy.Http.GetFromJsonAsync<JsonElement>("/api/auth/me")).GetProperty("away").GetBoolean());
        Assert.Null(Assignee(await _server.ReceiveEmailAsync("zoe@customer.test", "Refund", "Where is my refund?")));

        (await amy.Http.PutAsJsonAsync("/api/auth/me/away", new { away = false })).EnsureSuccessStatusCode();
        Assert.NotNull(Assignee(await _server.ReceiveEmailAsync("sam@customer.test", "Parcel", "Where is my parcel?")));
    }

    [Fact]
    public async Task Only_admins_change_it_and_the_cap_is_checked()
    {
        using var admin = await _server.LoginAsync();
        using var lead = await _server.CreateAndLoginAsync("lena", "lead");
        using var bad = await admin.Http.PutAsJsonAsync("/api/admin/assignment/auto", new { enabled = true, maxOpen = 0 });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("the cap is 1 to 200 open conversations", (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, (await lead.Http.PutAsJsonAsync("/api/admin/assignment/auto", new { enabled = true, maxOpen = 5 })).StatusCode);
        Assert.False((await lead.Http.GetFromJsonAsync<JsonElement>("/api/assignment/auto")).GetProperty("enabled").GetBoolean());
        Assert.Equal(0, _server.Scalar<long>("SELECT COUNT(*) FROM audit_log WHERE action = 'assignment.auto'"));
    }
}
