using System.Net;
using Inbox.Core.Conversations;
using Inbox.Core.Intake;
using Inbox.Tests.Support;

namespace Inbox.Tests.Foundation;

/// <summary>Concurrent requests are stored together by the single intake writer; each answer still means "stored".</summary>
public sealed class GroupCommitTests : IAsyncLifetime
{
    private InboxServer _server = null!;

    public async Task InitializeAsync() => _server = await InboxServer.StartAsync();
    public async Task DisposeAsync() => await _server.DisposeAsync();

    private async Task<HttpStatusCode> PostMime(byte[] body)
    {
        using var r = await _server.PostEmailAsync(body);
        return r.StatusCode;
    }

    private long Count(string sql) => _server.Scalar<long>(sql);

    [Fact]
    public async Task ABurstOfDistinctRedeliveredAndMalformedPostsIsStoredOnceEachAndEveryAnswerHoldsAtOnce()
    {
        using var agent = await _server.LoginAsync();
        await using var hub = await agent.ConnectHubAsync();
        var pushed = new System.Collections.Concurrent.ConcurrentBag<MessageArrival>();
        hub.OnArrived(pushed.Add);

        var distinct = Enumerable.Range(0, 30).Select(i => Mail.Mime($"p{i}@example.com", $"Order {i}", $"Where is order {1000 + i}?")).ToList();
        var redelivered = Mail.Mime("same@example.com", "Refund", "Please refund order 77");
        var bodies = distinct.Concat(Enumerable.Repeat(redelivered, 10)).Concat(Enumerable.Repeat("not a mime message"u8.ToArray(), 3)).ToList();

        var answers = await Task.WhenAll(bodies.Select(PostMime));

        // The same malformed bytes three times: the first is refused (and kept), the others are redeliveries of it.
        Assert.Equal(42, answers.Count(a => a == HttpStatusCode.OK));
        Assert.Equal(1, answers.Count(a => a == HttpStatusCode.BadRequest));
        // Answered means stored: the raw events are there the moment the last answer arrives.
        Assert.Equal(32, Count("SELECT COUNT(*) FROM raw_events"));
        Assert.Equal(1, Count("SELECT COUNT(*) FROM raw_events WHERE status = 'failed'"));
        await Wait.UntilAsync(() => Count("SELECT COUNT(*) FROM messages") == 31, what: "31 messages");
        await Wait.UntilAsync(() => pushed.Count >= 31, what: "31 pushed messages");
        await Task.Delay(200);
        Assert.Equal(31, pushed.Select(m => m.Id).Distinct().Count());
        Assert.Equal(31, pushed.Count);
    }
}
