using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Inbox.Core.Channels.WebChat;
using Inbox.Core.Conversations;
using Inbox.Core.Replay;
using Inbox.Tests.Support;
using Microsoft.AspNetCore.SignalR.Client;

namespace Inbox.Tests.Social;

/// <summary>The web chat on the real host: a visitor's session and messages over HTTP, the team's answer over the visitors' hub.</summary>
public sealed class WebChatTests : IAsyncLifetime
{
    private InboxServer _server = null!;
    public async Task InitializeAsync() => _server = await InboxServer.StartAsync(new Dictionary<string, string?>
    {
        ["Inbox:WebChat:EmbedOrigins:0"] = "https://www.maison.test",
    });
    public async Task DisposeAsync() => await _server.DisposeAsync();

    private sealed record Session(string Visitor, string Token);

    private HttpClient Visitor(Session? s)
    {
        var http = new HttpClient { BaseAddress = new Uri(_server.Url) };
        http.DefaultRequestHeaders.Add("X-Requested-With", "inbox");
        if (s is not null) { http.DefaultRequestHeaders.Add("X-Chat-Visitor", s.Visitor); http.DefaultRequestHeaders.Add("X-Chat-Token", s.Token); }
        return http;
    }

    private async Task<Session> StartAsync(string? name, string? email)
    {
        using var http = Visitor(null);
        using var r = await http.PostAsJsonAsync("/chat/session", new { name, email });
        Assert.Equal(HttpStatusCode.Created, r.StatusCode);
        return (await r.Content.ReadFromJsonAsync<Session>())!;
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    [Fact]
    public async Task A_visitor_writes_the_agents_see_it_live_and_the_answer_reaches_the_visitors_page()
    {
        using var agent = await _server.LoginAsync();
        await using var agentHub = await agent.ConnectHubAsync();
        var arrived = new TaskCompletionSource<Inbox.Core.Intake.MessageArrival>(TaskCreationOptions.RunContinuationsAsynchronously);
        agentHub.OnArrived(a => arrived.TrySetResult(a));

        var lea = await StartAsync("Léa Martin", "Lea@Customer.test");
        using var page = Visitor(lea);
        using (var sent = await page.PostAsync("/chat/messages", Json("""{"id":"m1","text":"Bonjour, ma commande 4471 n'est pas arrivée"}""")))
            Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
        var a = await arrived.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(("webchat", "in", "m1"), (a.Channel, a.Direction, a.ExternalId));
        var detail = (await agent.Http.GetFromJsonAsync<ConversationDetail>($"/api/conversations/{a.ConversationId}"))!;
        Assert.Equal("Léa Martin", detail.Customer.DisplayName);
        Assert.Equal(("webchat", lea.Visitor, "lea@customer.test"), (detail.Customer.Identities[0].Channel, detail.Customer.Identities[0].ExternalId, detail.Customer.Identities[0].Email));

        // A resend is stored once; a wrong or missing token stores nothing; a message the page got wrong is kept and named.
        var raw = _server.Count("raw_events");
        using (var again = await page.PostAsync("/chat/messages", Json("""{"id":"m1","text":"Bonjour, ma commande 4471 n'est pas arrivée"}""")))
            Assert.True((await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("duplicate").GetBoolean());
        using (var forged = Visitor(lea with { Token = "not-the-token" }))
            Assert.Equal(HttpStatusCode.Unauthorized, (await forged.PostAsync("/chat/messages", Json("""{"id":"m9","text":"forged"}"""))).StatusCode);
        using (var nobody = Visitor(null))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await nobody.PostAsync("/chat/messages", Json("""{"id":"m9","text":"who?"}"""))).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await nobody.GetAsync("/chat/messages")).StatusCode);
        }
        Assert.Equal(raw, _server.Count("raw_events"));
        using (var bad = await page.PostAsync("/chat/messages", Json("""{"id":"m2"}""")))
        {
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            Assert.Contains("text is required", await bad.Content.ReadAsStringAsync());
        }
        Assert.Equal("text is required", _server.Scalar<string>("SELECT error FROM raw_events WHERE source = 'webchat' AND status = 'failed'"));
        Assert.Equal(1, _server.Scalar<long>("SELECT COUNT(*) FROM messages WHERE channel = 'webchat'"));
        // The token is never stored; the verified visitor is kept with the payload.
        var headers = _server.Scalar<string>("SELECT headers FROM raw_events WHERE source = 'webchat' LIMIT 1");
        Assert.Contains(lea.Visitor, headers);
        Assert.DoesNotContain(lea.Token, headers);

        // The visitor's page listens (the agents who have the conversation open are told); the agent answers.
        await agentHub.InvokeAsync("OpenConversation", a.ConversationId);
        var presence = new List<VisitorPresenceView>();
        agentHub.On<VisitorPresenceView>("VisitorPresence", p => { lock (presence) presence.Add(p); });
        Assert.False((await agent.Http.GetFromJsonAsync<VisitorPresenceView>($"/api/conversations/{a.ConversationId}/visitor"))!.Online);
        await using var visitorHub = new HubConnectionBuilder()
            .WithUrl(new Uri(new Uri(_server.Url), $"/hubs/chat?visitor={lea.Visitor}&token={Uri.EscapeDataString(lea.Token)}")).Build();
        var answer = new TaskCompletionSource<ChatMessageView>(TaskCreationOptions.RunContinuationsAsynchronously);
        visitorHub.On<ChatMessageView>("Message", m => answer.TrySetResult(m));
        await visitorHub.StartAsync();
        // The visitor types: the agents who have the chat open see it, as a colleague's typing.
        var typing = new TaskCompletionSource<Inbox.Core.Collision.TypingView>(TaskCreationOptions.RunContinuationsAsynchronously);
        agentHub.On<Inbox.Core.Collision.TypingView>("Typing", t => typing.TrySetResult(t));
        await visitorHub.InvokeAsync("Typing");
        Assert.Equal(new Inbox.Core.Collision.TypingView(a.ConversationId, 0, "Léa Martin"), await typing.Task.WaitAsync(TimeSpan.FromSeconds(10)));
        using (var reply = await agent.Http.PostAsJsonAsync($"/api/conversations/{a.ConversationId}/replies", new { text = "Elle part aujourd'hui.", clientRef = "r1" }))
            Assert.Equal(HttpStatusCode.Created, reply.StatusCode);
        var got = await answer.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await Wait.UntilAsync(() => { lock (presence) return presence.Any(p => p.Online); });
        Assert.True((await agent.Http.GetFromJsonAsync<VisitorPresenceView>($"/api/conversations/{a.ConversationId}/visitor"))!.Online);
        Assert.Equal(("out", "Elle part aujourd'hui.", "admin"), (got.Direction, got.Text, got.AgentName));
        await Wait.UntilAsync(() => _server.Scalar<string>("SELECT status FROM messages WHERE client_ref = 'r1'") == "sent");
        // Coming back later: the page reads the whole chat.
        var chat = await page.GetFromJsonAsync<JsonElement>("/chat/messages");
        Assert.Equal(["in", "out"], chat.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("direction").GetString()));
        Assert.Equal("Léa Martin", chat.GetProperty("name").GetString());

        // The visitor closes the page: gone, and since when.
        await visitorHub.StopAsync();
        await Wait.UntilAsync(() => { lock (presence) return presence[^1] is { Online: false, LeftAt: not null }; });
        var email = await _server.ReceiveEmailAsync("sam@customer.test", "Hello", "An email");
        Assert.Equal(HttpStatusCode.NotFound, (await agent.Http.GetAsync($"/api/conversations/{email}/visitor")).StatusCode);

        // Another visitor's token does not open this chat's hub group: a wrong token is refused.
        await using var intruder = new HubConnectionBuilder()
            .WithUrl(new Uri(new Uri(_server.Url), $"/hubs/chat?visitor={lea.Visitor}&token=wrong")).Build();
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        intruder.Closed += _ => { closed.TrySetResult(); return Task.CompletedTask; };
        try { await intruder.StartAsync(); await closed.Task.WaitAsync(TimeSpan.FromSeconds(10)); }
        catch (HttpRequestException) { } // refused at once is as good
        Assert.NotEqual(HubConnectionState.Connected, intruder.State);

        // Erasure: the session goes with the customer; their page starts afresh.
        var customerId = detail.Customer.Id;
        (await agent.Http.PostAsJsonAsync($"/api/admin/customers/{customerId}/erase", new { confirm = true })).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.Unauthorized, (await page.GetAsync("/chat/messages")).StatusCode);
        Assert.Equal(0, _server.Count("chat_visitors"));
    }

    [Fact]
    public async Task Sessions_are_checked_the_page_may_be_framed_only_by_named_sites_and_replay_uses_the_visitor_path()
    {
        using var http = Visitor(null);
        using (var bad = await http.PostAsJsonAsync("/chat/session", new { email = "not an address" }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            var refusal = await bad.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(("this is not an email address", "ce n’est pas une adresse e-mail"),
                (refusal.GetProperty("error").GetString(), refusal.GetProperty("errorFr").GetString())); // the page shows the French one on a French page
        }
        using (var pageResponse = await http.GetAsync("/chat.html"))
        {
            Assert.Equal(HttpStatusCode.OK, pageResponse.StatusCode);
            Assert.Contains("frame-ancestors 'self' https://www.maison.test", pageResponse.Headers.GetValues("Content-Security-Policy").Single());
            Assert.False(pageResponse.Headers.Contains("X-Frame-Options"));
        }
        using (var inbox = await http.GetAsync("/index.html"))
        {
            Assert.Contains("frame-ancestors 'none'", inbox.Headers.GetValues("Content-Security-Policy").Single());
            Assert.Equal("DENY", inbox.Headers.GetValues("X-Frame-Options").Single());
        }

        // The team's hours as the page shows them: at work now, or when next.
        var hours = await http.GetFromJsonAsync<JsonElement>("/chat/hours");
        if (!hours.GetProperty("open").GetBoolean()) Assert.True(hours.GetProperty("opensAt").GetInt64() > DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());

        // Replay: one session per customer, the event ids as the messages' ids, the events' times kept.
        var at = DateTimeOffset.Parse("2026-03-02T09:14:05Z");
        var events = new[]
        {
            new ScenarioEvent { Id = "w1", At = at, Channel = "webchat", Direction = "in", Customer = new ScenarioCustomer { Name = "Marie Dupont", Email = "marie@example.fr" }, Text = "Commande 4471 jamais reçue" },
            new ScenarioEvent { Id = "w2", At = at.AddMinutes(2), Channel = "webchat", Direction = "in", Customer = new ScenarioCustomer { Name = "Marie Dupont", Email = "marie@example.fr" }, Text = "Vous êtes là ?" },
        };
        var channel = new WebChatScenarioChannel(http);
        foreach (var e in events) await channel.SendAsync(e, e.At, CancellationToken.None);
        await Wait.UntilAsync(() => _server.Scalar<long>("SELECT COUNT(*) FROM messages WHERE channel = 'webchat'") == 2);
        Assert.Equal(1, _server.Count("chat_visitors"));
        Assert.Equal(1, _server.Scalar<long>("SELECT COUNT(DISTINCT conversation_id) FROM messages WHERE channel = 'webchat'"));
        Assert.Equal(at.ToUnixTimeMilliseconds(), _server.Scalar<long>("SELECT sent_at FROM messages WHERE external_id = 'w1'"));
    }

    [Fact]
    public async Task Off_the_chat_is_not_there()
    {
        await using var server = await InboxServer.StartAsync(new Dictionary<string, string?> { ["Inbox:WebChat:Enabled"] = "false" });
        using var http = new HttpClient { BaseAddress = new Uri(server.Url) };
        http.DefaultRequestHeaders.Add("X-Requested-With", "inbox");
        Assert.Equal(HttpStatusCode.NotFound, (await http.PostAsJsonAsync("/chat/session", new { name = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/chat.html")).StatusCode);
    }
}
