using System.Net;
using System.Net.Http.Json;
using System.Text;
using Inbox.Core.Agents;
using Inbox.Tests.Support;

namespace Inbox.Tests.Security;

/// <summary>Anti-forgery, security headers, login lockout, body limits and inbound rate limits over real HTTP.</summary>
public sealed class RequestProtectionTests : IAsyncLifetime
{
    private InboxServer _server = null!;
    public async Task InitializeAsync() => _server = await InboxServer.StartAsync(new Dictionary<string, string?>
    {
        ["Inbox:MaxApiBytes"] = "65536",
        ["Inbox:MaxInboundBytes"] = "262144",
    });
    public async Task DisposeAsync() => await _server.DisposeAsync();

    /// <summary>A logged-in client that behaves like a forged cross-site form post: cookie, no custom header.</summary>
    private async Task<HttpClient> WithoutHeaderAsync()
    {
        var c = await _server.LoginAsync();
        c.Http.DefaultRequestHeaders.Remove("X-Requested-With");
        return c.Http;
    }

    [Fact]
    public async Task A_state_change_without_the_custom_header_is_refused_and_nothing_changes()
    {
        var convId = await _server.ReceiveEmailAsync("eve@customer.test", "Hello", "Is the shop open on Sunday?");
        var http = await WithoutHeaderAsync();
        var r = await http.PostAsJsonAsync($"/api/conversations/{convId}/status", new { status = "closed" });
        Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode);
        Assert.Contains("X-Requested-With", await r.Content.ReadAsStringAsync());
        Assert.Equal("open", _server.Scalar<string>("SELECT status FROM conversations WHERE id = @convId", new { convId }));
        // Reading stays possible without the header (links from mail clients are cross-site GETs).
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/conversations")).StatusCode);
    }

    [Fact]
    public async Task A_state_change_from_a_foreign_origin_is_refused_even_with_the_header()
    {
        var convId = await _server.ReceiveEmailAsync("eve@customer.test", "Hello", "Is the shop open on Sunday?");
        using var c = await _server.LoginAsync();
        using var forged = new HttpRequestMessage(HttpMethod.Post, $"/api/conversations/{convId}/status") { Content = JsonContent.Create(new { status = "closed" }) };
        forged.Headers.Add("Origin", "https://evil.example");
        Assert.Equal(HttpStatusCode.Forbidden, (await c.Http.SendAsync(forged)).StatusCode);

        using var crossSite = new HttpRequestMessage(HttpMethod.Post, $"/api/conversations/{convId}/status") { Content = JsonContent.Create(new { status = "closed" }) };
        crossSite.Headers.Add("Sec-Fetch-Site", "cross-site");
        Assert.Equal(HttpStatusCode.Forbidden, (await c.Http.SendAsync(crossSite)).StatusCode);

        using var sameOrigin = new HttpRequestMessage(HttpMethod.Post, $"/api/conversations/{convId}/status") { Content = JsonContent.Create(new { status = "closed" }) };
        sameOrigin.Headers.Add("Origin", _server.Url.TrimEnd('/'));
        Assert.Equal(HttpStatusCode.NoContent, (await c.Http.SendAsync(sameOrigin)).StatusCode);
        Assert.Equal("closed", _server.Scalar<string>("SELECT status FROM conversations WHERE id = @convId", new { convId }));
    }

    [Fact]
    public async Task The_hub_refuses_a_foreign_origin()
    {
        using var c = await _server.LoginAsync();
        using var negotiate = new HttpRequestMessage(HttpMethod.Post, "/hubs/inbox/negotiate?negotiateVersion=1");
        negotiate.Headers.Add("Origin", "https://evil.example");
        Assert.Equal(HttpStatusCode.Forbidden, (await c.Http.SendAsync(negotiate)).StatusCode);
    }

    [Fact]
    public async Task Pages_and_api_answers_carry_the_security_headers()
    {
        using var anonymous = _server.Anonymous();
        foreach (var path in new[] { "/login.html", "/", "/api/auth/me" })
        {
            using var r = await anonymous.Http.GetAsync(path);
            var csp = string.Join(";", r.Headers.GetValues("Content-Security-Policy"));
            Assert.Contains("script-src 'self'", csp);
            Assert.DoesNotContain("unsafe-eval", csp);
            Assert.Contains("frame-ancestors 'none'", csp);
            Assert.Equal("nosniff", r.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.Equal("DENY", r.Headers.GetValues("X-Frame-Options").Single());
        }
        var html = await anonymous.Http.GetStringAsync("/index.html");
        Assert.DoesNotMatch(@"<script(?![^>]*\bsrc=)[^>]*>", html); // no inline script for the CSP to forbid
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_even_against_the_right_one()
    {
        using var anonymous = _server.Anonymous();
        for (var i = 1; i < AgentStore.MaxFailedLogins; i++)
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.Http.PostAsJsonAsync("/api/auth/login", new { username = "admin", password = "guess-" + i })).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await anonymous.Http.PostAsJsonAsync("/api/auth/login", new { username = "admin", password = "guess-last" })).StatusCode);
        var right = await anonymous.Http.PostAsJsonAsync("/api/auth/login", new { username = "admin", password = InboxServer.AdminPassword });
        Assert.Equal(HttpStatusCode.TooManyRequests, right.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.Http.GetAsync("/api/auth/me")).StatusCode);
    }

    [Fact]
    public async Task An_api_body_over_its_limit_is_refused_with_413()
    {
        var convId = await _server.ReceiveEmailAsync("big@customer.test", "Hello", "Question");
        using var c = await _server.LoginAsync();
        // A note (the reply route takes files, up to its own limit: ReplyAttachmentTests).
        var r = await c.Http.PostAsJsonAsync($"/api/conversations/{convId}/notes", new { text = new string('x', 100_000) });
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, r.StatusCode);
        Assert.Equal(0, _server.Scalar<long>("SELECT COUNT(*) FROM notes"));
    }

    [Fact]
    public async Task An_oversized_inbound_mail_is_refused_with_413_and_loses_nothing_already_accepted()
    {
        await _server.ReceiveEmailAsync("first@customer.test", "Before", "Accepted before the big one");
        var rawBefore = _server.Count("raw_events");

        var huge = Mail.Mime("huge@customer.test", "Huge", new string('y', 400_000));
        using (var r = await _server.PostEmailAsync(huge)) Assert.Equal(HttpStatusCode.RequestEntityTooLarge, r.StatusCode);
        // Without Content-Length (chunked), the limit trips while reading.
        using (var anonymous = _server.Anonymous())
        {
            var content = new StreamContent(new MemoryStream(huge));
            content.Headers.ContentType = new("message/rfc822");
            using var req = new HttpRequestMessage(HttpMethod.Post, "/inbound/email") { Content = content };
            req.Headers.TransferEncodingChunked = true;
            req.Headers.Add("X-Inbox-Secret", InboxServer.InboundSecret);
            using var r = await anonymous.Http.SendAsync(req);
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, r.StatusCode);
        }

        Assert.Equal(rawBefore, _server.Count("raw_events"));
        await _server.ReceiveEmailAsync("after@customer.test", "After", "Accepted after the big one");
        Assert.Equal(2, _server.Count("messages"));
    }
}

public sealed class InboundRateLimitTests : IAsyncLifetime
{
    private InboxServer _server = null!;
    public async Task InitializeAsync() => _server = await InboxServer.StartAsync(new Dictionary<string, string?>
    {
        ["Inbox:InboundPerSecond"] = "1",
        ["Inbox:InboundBurst"] = "3",
    });
    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Inbound_posts_over_the_rate_are_answered_429_and_not_stored()
    {
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 20; i++)
        {
            using var r = await _server.PostEmailAsync(Mail.Mime($"c{i}@customer.test", "Hi", "Message " + i));
            statuses.Add(r.StatusCode);
        }
        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
        var accepted = statuses.Count(s => s == HttpStatusCode.OK);
        Assert.InRange(accepted, 3, 19);
        Assert.Equal(accepted, _server.Count("raw_events"));
    }
}
