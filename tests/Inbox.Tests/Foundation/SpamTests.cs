using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Inbox.Core.Conversations;
using Inbox.Core.Reports;
using Inbox.Core.Satisfaction;
using Inbox.Core.Storage;
using Inbox.Tests.Support;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Inbox.Tests.Foundation;

/// <summary>Spam on the real host: out of every list but its own, the timers, the reports and the surveys, and kept; a blocked customer's new conversations go there.</summary>
public sealed class SpamTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private InboxServer _server = null!;
    public async Task InitializeAsync() => _server = await InboxServer.StartAsync(new Dictionary<string, string?>
    {
        ["Inbox:Satisfaction:Enabled"] = "true",
        ["Inbox:Satisfaction:DelayMinutes"] = "10",
    }, configure: b => b.Services.AddSingleton<TimeProvider>(_clock));
    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static async Task<long[]> Listed(InboxServer.Client who, string query = "") =>
        (await who.Http.GetFromJsonAsync<ConversationView[]>("/api/conversations?" + query))!.Select(c => c.Id).Order().ToArray();

    private static async Task<ConversationDetail> Detail(InboxServer.Client who, long id) =>
        (await who.Http.GetFromJsonAsync<ConversationDetail>($"/api/conversations/{id}"))!;

    [Fact]
    public async Task Spam_leaves_the_lists_timers_reports_and_surveys_and_a_blocked_sender_goes_straight_there()
    {
        using var amy = await _server.CreateAndLoginAsync("amy", "agent");
        var real = await _server.ReceiveEmailAsync("Zoe <zoe@customer.test>", "Refund", "Where is my refund?");
        var junk = await _server.ReceiveEmailAsync("Cheap Pills <pills@spam.test>", "BUY NOW", "Cheap pills, best price", messageId: "junk-1@spam.test");
        // The team answered it (a survey would follow a closing), and it has a response timer.
        (await amy.Http.PostAsJsonAsync($"/api/conversations/{junk}/replies", new { text = "Hello?", clientRef = "j1" })).EnsureSuccessStatusCode();
        await _server.ReceiveEmailAsync("Cheap Pills <pills@spam.test>", "Re: BUY NOW", "Buy more", messageId: "junk-2@spam.test", inReplyTo: "junk-1@spam.test");
        Assert.NotNull((await Detail(amy, junk)).Conversation.TimerDueAt);

        await using var hub = await amy.ConnectHubAsync();
        var pushed = new TaskCompletionSource<ConversationView>(TaskCreationOptions.RunContinuationsAsynchronously);
        hub.On<ConversationView>("ConversationChanged", c => { if (c.Id == junk && c.SpamAt is not null) pushed.TrySetResult(c); });

        // Marked as spam, its sender blocked.
        using var marked = await amy.Http.PostAsJsonAsync($"/api/conversations/{junk}/spam", new { block = true });
        Assert.Equal(HttpStatusCode.OK, marked.StatusCode);
        var view = (await marked.Content.ReadFromJsonAsync<ConversationView>())!;
        Assert.Equal(("closed", (long?)null), (view.Status, view.TimerDueAt));
        Assert.NotNull(view.SpamAt);
        Assert.Equal(junk, (await pushed.Task.WaitAsync(TimeSpan.FromSeconds(10))).Id);
        Assert.Equal([real], await Listed(amy));
        Assert.Empty(await Listed(amy, "status=closed")); // closed, but only the Spam list shows it
        Assert.Empty(await Listed(amy, "search=pills"));
        Assert.Equal([junk], await Listed(amy, "status=spam"));
        var customer = (await Detail(amy, junk)).Customer;
        Assert.NotNull(customer.BlockedAt);
        Assert.Equal(0, _server.Count("satisfaction_surveys")); // a spam closing is not the team's answer
        Assert.Equal(2, _server.Scalar<long>("SELECT COUNT(*) FROM audit_log WHERE action IN ('conversation.spam', 'customer.block') AND agent_id = (SELECT id FROM agents WHERE username = 'amy')"));

        // The spammer writes again in the thread: stored, still spam and closed (not reopened, no timer).
        await _server.ReceiveEmailAsync("Cheap Pills <pills@spam.test>", "Re: BUY NOW", "Last chance", messageId: "junk-3@spam.test", inReplyTo: "junk-2@spam.test");
        var again = (await Detail(amy, junk)).Conversation;
        Assert.Equal(("closed", (long?)null, 4), (again.Status, again.TimerDueAt, again.MessageCount));
        Assert.NotNull(again.SpamAt);
        // A new thread from the blocked sender starts in Spam, kept, with no timer.
        var next = await _server.ReceiveEmailAsync("Cheap Pills <pills@spam.test>", "Offer", "New offer");
        var nextView = (await Detail(amy, next)).Conversation;
        Assert.Equal(("closed", (long?)null), (nextView.Status, nextView.TimerDueAt));
        Assert.NotNull(nextView.SpamAt);
        Assert.Equal([junk, next], await Listed(amy, "status=spam"));
        Assert.Equal([real], await Listed(amy));
        // Out of the audit's requests, and of the board's counts.
        using (var c = _server.Get<Db>().Open())
            Assert.Equal([real], RequestFacts.InPeriod(c, 0, long.MaxValue).Select(f => f.ConversationId));

        // Not spam: open again with its timer, the customer unblocked, and their next thread reaches the inbox.
        using var undone = await amy.Http.DeleteAsync($"/api/conversations/{junk}/spam");
        Assert.Equal(HttpStatusCode.OK, undone.StatusCode);
        var back = (await undone.Content.ReadFromJsonAsync<ConversationView>())!;
        Assert.Equal("open", back.Status);
        Assert.Null(back.SpamAt);
        Assert.NotNull(back.TimerDueAt);
        Assert.Null((await Detail(amy, junk)).Customer.BlockedAt);
        var after = await _server.ReceiveEmailAsync("Cheap Pills <pills@spam.test>", "Question", "A real question");
        Assert.Equal([real, junk, after], await Listed(amy));
        Assert.Equal([next], await Listed(amy, "status=spam"));

        // Reopening a spam conversation by its status is saying it is not spam; closing it again does not make it spam.
        (await amy.Http.PostAsJsonAsync($"/api/conversations/{next}/status", new { status = "open" })).EnsureSuccessStatusCode();
        Assert.Empty(await Listed(amy, "status=spam"));
        (await amy.Http.PostAsJsonAsync($"/api/conversations/{next}/status", new { status = "closed" })).EnsureSuccessStatusCode();
        Assert.Empty(await Listed(amy, "status=spam"));
        // A normal closing of an answered email still asks (the survey rule is unchanged).
        (await amy.Http.PostAsJsonAsync($"/api/conversations/{junk}/status", new { status = "closed" })).EnsureSuccessStatusCode();
        Assert.Equal(1, _server.Count("satisfaction_surveys"));

        // Blocking without marking, then lifting it from the customer.
        (await amy.Http.PostAsJsonAsync($"/api/conversations/{after}/spam", new { block = true })).EnsureSuccessStatusCode();
        var blocked = (await Detail(amy, after)).Customer.Id;
        Assert.Equal(HttpStatusCode.NoContent, (await amy.Http.DeleteAsync($"/api/customers/{blocked}/block")).StatusCode);
        Assert.Null((await Detail(amy, after)).Customer.BlockedAt);
        Assert.NotNull((await Detail(amy, after)).Conversation.SpamAt); // the conversation stays where it was put

        Assert.Equal(HttpStatusCode.NotFound, (await amy.Http.PostAsJsonAsync("/api/conversations/999999/spam", new { block = false })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await amy.Http.DeleteAsync("/api/conversations/999999/spam")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await amy.Http.DeleteAsync("/api/customers/999999/block")).StatusCode);
        using var bad = await amy.Http.GetAsync("/api/conversations?status=junk");
        Assert.Contains("spam", (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
        using var anonymous = _server.Anonymous();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.Http.PostAsJsonAsync($"/api/conversations/{junk}/spam", new { block = true })).StatusCode);
        // Nothing the spammer sent was deleted.
        Assert.Equal(7, _server.Count("messages"));
    }
}
