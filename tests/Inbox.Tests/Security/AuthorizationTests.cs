using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.RegularExpressions;
using Inbox.Tests.Support;
using Inbox.Web.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace Inbox.Tests.Security;

/// <summary>Every endpoint of the real app, found from its EndpointDataSource, is checked against the role rules.</summary>
public sealed partial class AuthorizationTests : IAsyncLifetime
{
    private InboxServer _server = null!;
    public async Task InitializeAsync() => _server = await InboxServer.StartAsync();
    public async Task DisposeAsync() => await _server.DisposeAsync();

    private sealed record Route(string Method, string Pattern, IReadOnlyList<string> Policies, bool Anonymous);

    private IReadOnlyList<Route> Routes() =>
        ((IEndpointRouteBuilder)_server.App).DataSources.SelectMany(d => d.Endpoints).OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => new Route(m,
                "/" + e.RoutePattern.RawText!.TrimStart('/'),
                e.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy ?? "").ToList(),
                e.Metadata.GetMetadata<IAllowAnonymous>() is not null)))
            .ToList();

    // Signing in, and what an agent who cannot sign in needs: whether password mail is set up, asking for a link, using one.
    private static readonly string[] SignIn = ["/api/auth/login", "/api/auth/options", "/api/auth/forgot", "/api/auth/link"];
    // A customer's answer to a satisfaction survey: the mailed link's token is the key.
    private static readonly string[] Customer = ["/api/survey"];

    // The customers' web chat: the visitor's token is the key (checked by the endpoints and the visitors' hub, WebChatTests); its hours are public.
    private static readonly string[] Chat = ["/chat/session", "/chat/messages", "/chat/hours", "/hubs/chat", "/hubs/chat/negotiate"];

    private static bool Open(Route r) => SignIn.Contains(r.Pattern) || Customer.Contains(r.Pattern) || Chat.Contains(r.Pattern)
        || r.Pattern.StartsWith("/inbound/") || r.Pattern.StartsWith("/webhooks/");

    private static HttpRequestMessage Request(Route r)
    {
        var url = Param().Replace(r.Pattern, "1");
        var req = new HttpRequestMessage(new HttpMethod(r.Method), url);
        if (r.Method is "POST" or "PUT" or "PATCH") req.Content = new StringContent("{}", Encoding.UTF8, "application/json");
        return req;
    }

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex Param();

    [Fact]
    public void Only_login_signed_webhooks_survey_answers_and_the_web_chat_allow_anonymous_access()
    {
        var routes = Routes();
        Assert.True(routes.Count > 15, $"found only {routes.Count} endpoints");
        var anonymous = routes.Where(r => r.Anonymous).Select(r => r.Pattern).ToList();
        Assert.All(anonymous, p => Assert.True(Open(new Route("", p, [], true)), $"{p} allows anonymous access"));
        Assert.Contains("/api/auth/login", anonymous);
        Assert.Contains("/inbound/email", anonymous);
    }

    [Fact]
    public async Task Every_other_endpoint_answers_401_to_an_anonymous_caller()
    {
        using var anonymous = _server.Anonymous();
        var checkedCount = 0;
        foreach (var r in Routes().Where(r => !Open(r)))
        {
            using var req = Request(r);
            using var res = await anonymous.Http.SendAsync(req);
            Assert.True(res.StatusCode == HttpStatusCode.Unauthorized, $"{r.Method} {r.Pattern} answered {(int)res.StatusCode} to an anonymous caller");
            checkedCount++;
        }
        Assert.True(checkedCount > 10);
    }

    [Fact]
    public async Task Every_read_answers_an_admin_on_an_empty_inbox_without_a_server_error()
    {
        // Empty lists and absent rows are where a row-type mismatch or a missing null check hides (the tags in use and
        // the audit report both failed so once). Every GET, its ids set to 1 (nothing there: a 404 is fine).
        using var admin = await _server.LoginAsync();
        var reads = Routes().Where(r => r.Method == "GET" && !r.Pattern.StartsWith("/hubs/") && !r.Pattern.StartsWith("/webhooks/")).ToList();
        Assert.True(reads.Count > 30, $"only {reads.Count} reads found");
        var failed = new List<string>();
        async Task ReadAll(string when)
        {
            foreach (var r in reads)
            {
                using var req = Request(r);
                using var res = await admin.Http.SendAsync(req);
                if ((int)res.StatusCode >= 500) failed.Add($"{when}: {r.Pattern} answered {(int)res.StatusCode}");
            }
        }
        await ReadAll("empty");
        // Then with one conversation, so that the reads by id 1 find something.
        await _server.ReceiveEmailAsync("zoe@customer.test", "Refund", "Where is my refund?");
        await ReadAll("one conversation");
        Assert.Empty(failed);
    }

    [Fact]
    public async Task Every_write_answers_an_admin_s_empty_body_without_a_server_error()
    {
        // A body with nothing in it ({}), ids set to 1: refused with a reason, or not found, never a 500.
        using var admin = await _server.LoginAsync();
        await _server.ReceiveEmailAsync("zoe@customer.test", "Refund", "Where is my refund?"); // conversation 1 exists
        var writes = Routes().Where(r => r.Method is "POST" or "PUT" or "PATCH" or "DELETE" && !r.Pattern.StartsWith("/hubs/")
            && !r.Pattern.StartsWith("/webhooks/") && !r.Pattern.StartsWith("/inbound/") && !r.Pattern.StartsWith("/chat/")
            // what would end the admin's own session (agent 1 is the admin) and leave the rest unread
            && r.Pattern is not ("/api/auth/logout" or "/api/admin/agents/{id:long}/sessions/end")).ToList();
        Assert.True(writes.Count > 30, $"only {writes.Count} writes found");
        var failed = new List<string>();
        foreach (var r in writes)
        {
            using var req = Request(r);
            using var res = await admin.Http.SendAsync(req);
            // A 401 would say the admin's session ended on the way (only a sign-in with no credentials may answer one).
            if ((int)res.StatusCode >= 500 || res.StatusCode == HttpStatusCode.Unauthorized && r.Pattern != "/api/auth/login")
                failed.Add($"{r.Method} {r.Pattern} answered {(int)res.StatusCode}: {await res.Content.ReadAsStringAsync()}");
        }
        Assert.Empty(failed);
    }

    [Fact]
    public async Task An_agent_is_refused_every_lead_and_admin_endpoint_and_a_lead_every_admin_endpoint()
    {
        using var agent = await _server.CreateAndLoginAsync("alice", "agent");
        using var lead = await _server.CreateAndLoginAsync("lena", "lead");
        var restricted = Routes().Where(r => r.Policies.Contains(Policies.Lead) || r.Policies.Contains(Policies.Admin)).ToList();
        Assert.Contains(restricted, r => r.Pattern == "/api/admin/audit/export");
        Assert.Contains(restricted, r => r.Pattern.StartsWith("/api/admin/customers/"));
        Assert.Contains(restricted, r => r.Pattern == "/api/agents");
        foreach (var r in restricted)
        {
            using (var req = Request(r))
            using (var res = await agent.Http.SendAsync(req))
                Assert.True(res.StatusCode == HttpStatusCode.Forbidden, $"agent: {r.Method} {r.Pattern} answered {(int)res.StatusCode}");
            if (!r.Policies.Contains(Policies.Admin)) continue;
            using (var req = Request(r))
            using (var res = await lead.Http.SendAsync(req))
                Assert.True(res.StatusCode == HttpStatusCode.Forbidden, $"lead: {r.Method} {r.Pattern} answered {(int)res.StatusCode}");
        }
    }

    [Fact]
    public async Task An_agent_cannot_create_accounts_read_the_audit_log_or_erase_a_customer()
    {
        using var agent = await _server.CreateAndLoginAsync("bob", "agent");
        var create = await agent.Http.PostAsJsonAsync("/api/admin/agents", new { username = "mallory", displayName = "M", password = "password-123456", role = "admin" });
        Assert.Equal(HttpStatusCode.Forbidden, create.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.Http.GetAsync("/api/admin/audit")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.Http.GetAsync("/api/admin/audit/export")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.Http.PostAsJsonAsync("/api/admin/customers/1/erase", new { confirm = true })).StatusCode);
        Assert.Equal(0, _server.Scalar<long>("SELECT COUNT(*) FROM agents WHERE username = 'mallory'"));
    }

    [Fact]
    public async Task The_hub_refuses_anonymous_clients_and_its_lead_method_refuses_agents()
    {
        using var anonymous = _server.Anonymous();
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => anonymous.ConnectHubAsync());

        using var agent = await _server.CreateAndLoginAsync("carl", "agent");
        await using var agentHub = await agent.ConnectHubAsync();
        var refused = await Assert.ThrowsAsync<HubException>(() => agentHub.InvokeAsync<List<object>>("PresenceOverview"));
        Assert.Contains("unauthorized", refused.Message, StringComparison.OrdinalIgnoreCase);

        using var lead = await _server.CreateAndLoginAsync("lina", "lead");
        await using var leadHub = await lead.ConnectHubAsync();
        await agentHub.InvokeAsync("OpenConversation", 7L);
        var overview = await leadHub.InvokeAsync<List<Inbox.Core.Collision.PresenceView>>("PresenceOverview");
        var seen = Assert.Single(overview);
        Assert.Equal(7, seen.ConversationId);
        Assert.Equal("carl", Assert.Single(seen.Viewers).Name);
    }

    [Fact]
    public async Task Logout_needs_a_session_and_ends_it()
    {
        using var agent = await _server.CreateAndLoginAsync("dora", "agent");
        Assert.Equal(HttpStatusCode.OK, (await agent.Http.GetAsync("/api/auth/me")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await agent.Http.PostAsync("/api/auth/logout", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await agent.Http.GetAsync("/api/auth/me")).StatusCode);
    }
}
