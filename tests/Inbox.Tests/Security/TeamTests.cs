using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Inbox.Core.Conversations;
using Inbox.Tests.Support;
using Microsoft.AspNetCore.SignalR.Client;

namespace Inbox.Tests.Security;

/// <summary>
/// Team management over the real API and hub: an admin disables an account, changes a role or sets a password, and
/// every session signed in before ends at once (its next request is refused, its live connection is closed).
/// </summary>
public sealed class TeamTests : IAsyncLifetime
{
    private InboxServer _server = null!;
    public async Task InitializeAsync() => _server = await InboxServer.StartAsync();
    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static async Task<long> IdAsync(InboxServer.Client who) =>
        (await who.Http.GetFromJsonAsync<JsonElement>("/api/auth/me")).GetProperty("id").GetInt64();

    private static Task<HttpResponseMessage> ChangeAsync(InboxServer.Client admin, long id, object change) =>
        admin.Http.PutAsJsonAsync($"/api/admin/agents/{id}", change);

    [Fact]
    public async Task A_disabled_agent_is_cut_off_at_once_and_their_open_conversations_go_back_to_the_queue()
    {
        var open = await _server.ReceiveEmailAsync("zoe@customer.test", "Refund", "Where is my refund?");
        var closed = await _server.ReceiveEmailAsync("sam@customer.test", "Parcel", "Where is my parcel?");
        using var admin = await _server.LoginAsync();
        using var amy = await _server.CreateAndLoginAsync("amy", "agent");
        using var ben = await _server.CreateAndLoginAsync("ben", "agent");
        var amyId = await IdAsync(amy);
        foreach (var id in new[] { open, closed })
            (await amy.Http.PostAsJsonAsync($"/api/conversations/{id}/assignee", new { agentId = amyId })).EnsureSuccessStatusCode();
        (await amy.Http.PostAsJsonAsync($"/api/conversations/{closed}/status", new { status = "closed" })).EnsureSuccessStatusCode();
        await using var amyHub = await amy.ConnectHubAsync();
        var cut = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        amyHub.Closed += _ => { cut.TrySetResult(); return Task.CompletedTask; };
        await using var benHub = await ben.ConnectHubAsync();
        var backInQueue = new TaskCompletionSource<ConversationView>(TaskCreationOptions.RunContinuationsAsynchronously);
        benHub.On<ConversationView>("ConversationChanged", c => { if (c.Id == open && c.AssignedAgentId is null) backInQueue.TrySetResult(c); });

        using var r = await ChangeAsync(admin, amyId, new { disabled = true });
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.True((await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("disabled").GetBoolean());
        await cut.Task.WaitAsync(TimeSpan.FromSeconds(10));                                     // her live connection is closed
        Assert.Equal(HttpStatusCode.Unauthorized, (await amy.Http.GetAsync("/api/conversations")).StatusCode); // her cookie is refused
        Assert.Equal(HttpStatusCode.Unauthorized, (await amy.Http.PostAsJsonAsync("/api/auth/login", new { username = "amy", password = "password-amy" })).StatusCode);
        await backInQueue.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Null(_server.Scalar<long?>("SELECT assigned_agent_id FROM conversations WHERE id = @open", new { open }));
        Assert.Equal(amyId, _server.Scalar<long?>("SELECT assigned_agent_id FROM conversations WHERE id = @closed", new { closed })); // a closed one keeps who answered it
        Assert.Contains($"\"unassigned\":[{open}]", _server.Scalar<string>("SELECT details FROM audit_log WHERE action = 'agent.update'"));
        Assert.DoesNotContain((await ben.Http.GetFromJsonAsync<JsonElement[]>("/api/assignees"))!, a => a.GetProperty("id").GetInt64() == amyId);

        // Enabled again, she signs in as before.
        (await ChangeAsync(admin, amyId, new { disabled = false })).EnsureSuccessStatusCode();
        using var again = await _server.LoginAsync("amy", "password-amy");
        Assert.Equal(HttpStatusCode.OK, (await again.Http.GetAsync("/api/conversations")).StatusCode);
    }

    [Fact]
    public async Task A_new_role_ends_the_sessions_signed_in_with_the_old_one()
    {
        using var admin = await _server.LoginAsync();
        using var amy = await _server.CreateAndLoginAsync("amy", "agent");
        var amyId = await IdAsync(amy);
        Assert.Equal(HttpStatusCode.Forbidden, (await amy.Http.GetAsync("/api/board")).StatusCode);

        (await ChangeAsync(admin, amyId, new { role = "lead", displayName = "Amy Martin" })).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.Unauthorized, (await amy.Http.GetAsync("/api/conversations")).StatusCode);
        using var lead = await _server.LoginAsync("amy", "password-amy");
        Assert.Equal(HttpStatusCode.OK, (await lead.Http.GetAsync("/api/board")).StatusCode);
        Assert.Equal("Amy Martin", (await lead.Http.GetFromJsonAsync<JsonElement>("/api/auth/me")).GetProperty("displayName").GetString());

        // A new name alone ends nothing.
        (await ChangeAsync(admin, amyId, new { displayName = "Amy M." })).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.OK, (await lead.Http.GetAsync("/api/board")).StatusCode);
    }

    [Fact]
    public async Task The_last_admin_stays_and_an_admin_cannot_disable_themselves()
    {
        using var admin = await _server.LoginAsync();
        var adminId = await IdAsync(admin);
        using var self = await ChangeAsync(admin, adminId, new { disabled = true });
        Assert.Equal(HttpStatusCode.BadRequest, self.StatusCode);
        Assert.Equal("you cannot disable your own account", (await self.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
        using var demote = await ChangeAsync(admin, adminId, new { role = "lead" });
        Assert.Equal("at least one enabled admin must remain", (await demote.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, (await ChangeAsync(admin, adminId, new { role = "owner" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await ChangeAsync(admin, 999_999, new { role = "lead" })).StatusCode);

        // With a second admin, the first may step down.
        using var lead = await _server.CreateAndLoginAsync("lena", "lead");
        using var other = await _server.CreateAndLoginAsync("ada", "admin");
        Assert.Equal(HttpStatusCode.OK, (await ChangeAsync(admin, adminId, new { role = "lead" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await ChangeAsync(lead, await IdAsync(other), new { disabled = true })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await lead.Http.PostAsJsonAsync("/api/admin/agents", new { username = "eve", displayName = "Eve", password = "password-eve", role = "admin" })).StatusCode);
    }

    [Fact]
    public async Task A_new_password_set_by_an_admin_ends_the_agents_sessions()
    {
        using var admin = await _server.LoginAsync();
        using var amy = await _server.CreateAndLoginAsync("amy", "agent");
        var amyId = await IdAsync(amy);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.Http.PostAsJsonAsync($"/api/admin/agents/{amyId}/password", new { password = "short" })).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.Http.PostAsJsonAsync($"/api/admin/agents/{amyId}/password", new { password = "a-new-password" })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await amy.Http.GetAsync("/api/conversations")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await amy.Http.PostAsJsonAsync("/api/auth/login", new { username = "amy", password = "password-amy" })).StatusCode);
        using var back = await _server.LoginAsync("amy", "a-new-password");
        Assert.DoesNotContain("a-new-password", _server.Scalar<string>("SELECT group_concat(COALESCE(details, ''), ' ') FROM audit_log"));
    }

    [Fact]
    public async Task An_agent_changes_their_own_password_and_their_other_sessions_end()
    {
        await using var amy = await TwoSessionsAsync();
        var (here, hereHub, elsewhere, cut) = (amy.Here, amy.HereHub, amy.Elsewhere, amy.Cut);

        using var wrong = await here.Http.PostAsJsonAsync("/api/auth/me/password", new { current = "not-it", password = "a-new-password" });
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Equal("the current password is not right", (await wrong.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, (await here.Http.PostAsJsonAsync("/api/auth/me/password", new { current = "password-amy", password = "short" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await elsewhere.Http.GetAsync("/api/conversations")).StatusCode); // nothing changed yet

        Assert.Equal(HttpStatusCode.NoContent, (await here.Http.PostAsJsonAsync("/api/auth/me/password",
            new { current = "password-amy", password = "a-new-password", connection = hereHub.ConnectionId })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await here.Http.GetAsync("/api/conversations")).StatusCode);          // this session goes on
        Assert.Equal(HttpStatusCode.Unauthorized, (await elsewhere.Http.GetAsync("/api/conversations")).StatusCode);
        await cut.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(HubConnectionState.Connected, hereHub.State); // the page that changed it keeps its live connection
        using var next = await _server.LoginAsync("amy", "a-new-password");
        Assert.Equal(1, _server.Scalar<long>("SELECT COUNT(*) FROM audit_log WHERE action = 'agent.password.own'"));
    }

    [Fact]
    public async Task An_agent_signs_out_their_other_sessions_and_keeps_this_one()
    {
        await using var amy = await TwoSessionsAsync();
        var (here, hereHub, elsewhere, cut) = (amy.Here, amy.HereHub, amy.Elsewhere, amy.Cut);
        using var colleague = await _server.CreateAndLoginAsync("ben", "agent");

        Assert.Equal(HttpStatusCode.NoContent, (await here.Http.PostAsJsonAsync("/api/auth/me/sessions/end", new { connection = hereHub.ConnectionId })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await here.Http.GetAsync("/api/conversations")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await elsewhere.Http.GetAsync("/api/conversations")).StatusCode);
        await cut.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(HubConnectionState.Connected, hereHub.State);
        Assert.Equal(HttpStatusCode.OK, (await colleague.Http.GetAsync("/api/conversations")).StatusCode); // only amy's sessions
        using var again = await _server.LoginAsync("amy", "password-amy"); // the password is unchanged
        Assert.Equal(1, _server.Scalar<long>("SELECT COUNT(*) FROM audit_log WHERE action = 'agent.sessions.end'"));
    }

    [Fact]
    public async Task An_agent_sets_their_own_address_with_their_password_and_an_admin_signs_them_out_everywhere()
    {
        await using var amy = await TwoSessionsAsync();
        using var admin = await _server.LoginAsync();
        (await admin.Http.PostAsJsonAsync("/api/admin/agents", new { username = "ben", displayName = "Ben", password = "password-ben", role = "agent", email = "ben@example.test" }))
            .EnsureSuccessStatusCode();
        using (var wrong = await amy.Here.Http.PutAsJsonAsync("/api/auth/me/email", new { email = "amy@example.test", current = "not-it" }))
            Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        using (var taken = await amy.Here.Http.PutAsJsonAsync("/api/auth/me/email", new { email = "BEN@example.test", current = "password-amy" }))
            Assert.Equal(HttpStatusCode.Conflict, taken.StatusCode);
        using (var ok = await amy.Here.Http.PutAsJsonAsync("/api/auth/me/email", new { email = " Amy@Example.test ", current = "password-amy" }))
            Assert.Equal("amy@example.test", (await ok.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("email").GetString());
        Assert.Equal("amy@example.test", (await amy.Here.Http.GetFromJsonAsync<JsonElement>("/api/auth/me/email")).GetProperty("email").GetString());

        // Signed out everywhere by an admin: both her browsers, and her live connection closed; the admin goes on.
        var amyId = (await amy.Here.Http.GetFromJsonAsync<JsonElement>("/api/auth/me")).GetProperty("id").GetInt64();
        Assert.Equal(HttpStatusCode.NoContent, (await admin.Http.PostAsync($"/api/admin/agents/{amyId}/sessions/end", null)).StatusCode);
        await amy.Cut.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(HttpStatusCode.Unauthorized, (await amy.Here.Http.GetAsync("/api/conversations")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await amy.Elsewhere.Http.GetAsync("/api/conversations")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.Http.GetAsync("/api/conversations")).StatusCode);
        using var back = await _server.LoginAsync("amy", "password-amy");
    }

    /// <summary>Amy signed in on two browsers, each with a live connection; Cut completes when the server closes the second's.</summary>
    private async Task<TwoSessions> TwoSessionsAsync()
    {
        var here = await _server.CreateAndLoginAsync("amy", "agent");
        var elsewhere = await _server.LoginAsync("amy", "password-amy");
        var (hereHub, elsewhereHub) = (await here.ConnectHubAsync(), await elsewhere.ConnectHubAsync());
        var cut = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        elsewhereHub.Closed += _ => { cut.TrySetResult(); return Task.CompletedTask; };
        return new TwoSessions(here, hereHub, elsewhere, elsewhereHub, cut.Task);
    }

    private sealed record TwoSessions(InboxServer.Client Here, HubConnection HereHub, InboxServer.Client Elsewhere, HubConnection ElsewhereHub, Task Cut) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await HereHub.DisposeAsync();
            await ElsewhereHub.DisposeAsync();
            Here.Dispose();
            Elsewhere.Dispose();
        }
    }
}
