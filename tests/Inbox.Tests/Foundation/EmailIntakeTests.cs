using System.Net.Http.Json;
using System.Net;
using System.Net.Http.Headers;
using Dapper;
using Inbox.Core.Conversations;
using Inbox.Core.Intake;
using Inbox.Core.Storage;
using Inbox.Tests.Support;
using Microsoft.AspNetCore.SignalR.Client;

namespace Inbox.Tests.Foundation;

/// <summary>POST /inbound/email through the real host, observed by a real SignalR client.</summary>
public sealed class EmailIntakeTests : IAsyncLifetime
{
    private InboxServer _server = null!;

    public async Task InitializeAsync() => _server = await InboxServer.StartAsync();
    public async Task DisposeAsync() => await _server.DisposeAsync();

    private Task<HttpResponseMessage> PostMime(byte[] body, string secret = InboxServer.InboundSecret)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("message/rfc822");
        var request = new HttpRequestMessage(HttpMethod.Post, "/inbound/email") { Content = content };
        request.Headers.Add("X-Inbox-Secret", secret);
        return _server.Anonymous().Http.SendAsync(request);
    }

    private long Count(string table)
    {
        using var c = _server.Get<Db>().Open();
        return c.ExecuteScalar<long>($"SELECT COUNT(*) FROM {table}");
    }

    [Fact]
    public async Task PostedEmailReachesTheLoggedInAgentsHubClient()
    {
        using var agent = await _server.LoginAsync();
        await using var hub = await agent.ConnectHubAsync();
        var batches = new System.Collections.Concurrent.ConcurrentQueue<IntakeBatchView>();
        hub.On<IntakeBatchView>("IntakeBatch", batches.Enqueue);
        var added = new System.Collections.Concurrent.ConcurrentQueue<MessageView>();
        hub.OnMessageAdded(added.Enqueue);

        var r = await PostMime(Mail.Mime("Marie Dupont <marie@example.fr>", "Commande 4471", "Bonjour, ma commande 4471 n'est jamais arrivée.",
            messageId: "first-4471@example.fr"));

        // Every agent's list learns of it: the arrival and the conversation's new row, with its preview.
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        await Wait.UntilAsync(() => !batches.IsEmpty, what: "IntakeBatch");
        var batch = Assert.Single(batches);
        var arrival = Assert.Single(batch.Arrived);
        Assert.Equal(("email", "in", "<first-4471@example.fr>"), (arrival.Channel, arrival.Direction, arrival.ExternalId));
        var row = Assert.Single(batch.Conversations);
        Assert.Equal((arrival.ConversationId, "Marie Dupont"), (row.Id, row.CustomerName));
        Assert.Contains("4471", row.Preview);
        var list = await agent.Http.GetFromJsonAsync<List<ConversationView>>("/api/conversations");
        Assert.Equal("Marie Dupont", Assert.Single(list!).CustomerName);
        Assert.Empty(added); // the text itself goes only to the agents who have the conversation open

        // With the conversation open, the next message of its thread arrives in full.
        await hub.InvokeAsync("OpenConversation", arrival.ConversationId);
        await PostMime(Mail.Mime("Marie Dupont <marie@example.fr>", "Re: Commande 4471", "Toujours rien reçu pour la commande 4471.",
            inReplyTo: "first-4471@example.fr"));
        await Wait.UntilAsync(() => !added.IsEmpty, what: "MessageAdded");
        var m = Assert.Single(added);
        Assert.Equal((arrival.ConversationId, "email"), (m.ConversationId, m.Channel));
        Assert.Contains("Toujours rien reçu", m.DisplayText);
    }

    [Fact]
    public async Task RedeliveredEmailIsStoredOnce()
    {
        var mime = Mail.Mime("a@example.com", "Hello", "Where is my parcel?", messageId: "same-id@example.com");
        Assert.Equal(HttpStatusCode.OK, (await PostMime(mime)).StatusCode);
        await Wait.UntilAsync(() => Count("messages") == 1, what: "first message");
        var again = await PostMime(mime);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Contains("\"duplicate\":true", await again.Content.ReadAsStringAsync());
        // The same Message-ID with different bytes (a relay re-encoded it) is also one message.
        Assert.Equal(HttpStatusCode.OK, (await PostMime(Mail.Mime("a@example.com", "Hello", "Where is my parcel?  ", messageId: "same-id@example.com"))).StatusCode);
        await Task.Delay(300);
        Assert.Equal(1, Count("messages"));
    }

    [Fact]
    public async Task MalformedEmailGetsA400NamingTheProblemAndTheRawBodyIsKept()
    {
        var r = await PostMime("this is not a mime message at all"u8.ToArray());

        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        var problem = await r.Content.ReadAsStringAsync();
        Assert.Contains("not a MIME message", problem);
        using var c = _server.Get<Db>().Open();
        var (status, error) = c.QuerySingle<(string, string)>("SELECT status, error FROM raw_events");
        Assert.Equal("failed", status);
        Assert.Contains("MIME", error);
        Assert.Equal(0, Count("messages"));
    }

    [Fact]
    public async Task WrongSecretIsRefusedAndNothingIsStored()
    {
        var r = await PostMime(Mail.Mime("a@example.com", "Hi", "text"), secret: "wrong");
        Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode);
        Assert.Equal(0, Count("raw_events"));
    }

    [Fact]
    public async Task ApiAndHubRefuseRequestsWithoutLogin()
    {
        var anon = _server.Anonymous();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anon.Http.GetAsync("/api/conversations")).StatusCode);
        var hub = new HubConnectionBuilder().WithUrl(new Uri(new Uri(_server.Url), "/hubs/inbox")).Build();
        var e = await Assert.ThrowsAnyAsync<Exception>(() => hub.StartAsync());
        Assert.Contains("401", e.Message);
    }

    [Fact]
    public async Task AgentReplyIsStoredQueuedAndPushed()
    {
        await PostMime(Mail.Mime("b@example.com", "Refund", "I want a refund for order 12"));
        await Wait.UntilAsync(() => Count("messages") == 1);
        using var agent = await _server.LoginAsync();
        await using var hub = await agent.ConnectHubAsync();
        var pushed = new TaskCompletionSource<MessageView>();
        hub.OnMessageAdded(m => { if (m.Direction == "out") pushed.TrySetResult(m); });
        var conv = (await agent.Http.GetFromJsonAsync<List<ConversationView>>("/api/conversations"))!.Single();
        await hub.InvokeAsync("OpenConversation", conv.Id); // the reply's text goes to the agents who have it open

        var r = await agent.Http.PostAsJsonAsync($"/api/conversations/{conv.Id}/replies", new { text = "Your refund is on its way.", clientRef = "c1" });

        Assert.Equal(HttpStatusCode.Created, r.StatusCode);
        var m = await Wait.ForAsync(pushed);
        Assert.Equal("Your refund is on its way.", m.Text);
        Assert.Equal(1, Count("outbox"));
        // The same client reference again (double click, retry) does not send twice.
        var again = await agent.Http.PostAsJsonAsync($"/api/conversations/{conv.Id}/replies", new { text = "Your refund is on its way.", clientRef = "c1" });
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(1, Count("outbox"));
    }
}
