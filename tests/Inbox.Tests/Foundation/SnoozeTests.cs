using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Inbox.Core.Conversations;
using Inbox.Tests.Support;
using Microsoft.AspNetCore.SignalR.Client;

namespace Inbox.Tests.Foundation;

/// <summary>A snoozed conversation waits as pending (its response timer stands still) and opens again by itself, or at the customer's next message.</summary>
public sealed class SnoozeTests : IAsyncLifetime
{
    private InboxServer _server = null!;
    public async Task InitializeAsync() => _server = await InboxServer.StartAsync();
    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task A_snoozed_conversation_opens_again_when_its_time_comes()
    {
        var conversation = await _server.ReceiveEmailAsync("zoe@customer.test", "Refund", "Where is my refund?");
        using var agent = await _server.CreateAndLoginAsync("amy", "agent");
        await using var hub = await agent.ConnectHubAsync();
        var changes = new List<ConversationView>();
        var woken = new TaskCompletionSource<ConversationView>(TaskCreationOptions.RunContinuationsAsynchronously);
        hub.On<ConversationView>("ConversationChanged", c =>
        {
            lock (changes) changes.Add(c);
            if (c.Id == conversation && c.Status == "open" && c.SnoozedUntil is null) woken.TrySetResult(c);
        });

        var until = DateTimeOffset.UtcNow.AddSeconds(2).ToUnixTimeMilliseconds();
        using var snoozed = await agent.Http.PostAsJsonAsync($"/api/conversations/{conversation}/snooze", new { until });
        Assert.Equal(HttpStatusCode.OK, snoozed.StatusCode);
        var view = await snoozed.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("pending", until), (view.GetProperty("status").GetString(), view.GetProperty("snoozedUntil").GetInt64()));
        Assert.NotNull(_server.Scalar<long?>("SELECT paused_at FROM conversation_timers WHERE conversation_id = @conversation", new { conversation }));

        var back = await woken.Task.WaitAsync(TimeSpan.FromSeconds(15));
        Assert.True(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() >= until);
        Assert.Equal("open", back.Status);
        Assert.Null(_server.Scalar<long?>("SELECT paused_at FROM conversation_timers WHERE conversation_id = @conversation", new { conversation }));
        Assert.Equal(1, _server.Scalar<long>("SELECT COUNT(*) FROM audit_log WHERE action = 'conversation.snooze'"));
        // Its history says who snoozed it, and that the time (nobody) opened it again.
        var history = (await agent.Http.GetFromJsonAsync<ConversationEvent[]>($"/api/conversations/{conversation}/history"))!;
        Assert.Equal([("snooze", "amy"), ("woke", (string?)null)], history.Select(e => (e.Action, e.AgentName)));
    }

    [Fact]
    public async Task A_customer_writing_again_in_a_closed_conversation_opens_it_and_an_automatic_mail_does_not()
    {
        var messageId = MimeKit.Utils.MimeUtils.GenerateMessageId("customer.test");
        var conversation = await _server.ReceiveEmailAsync("zoe@customer.test", "Refund", "Where is my refund?", messageId: messageId);
        using var agent = await _server.CreateAndLoginAsync("amy", "agent");
        string Status() => _server.Scalar<string>("SELECT status FROM conversations WHERE id = @conversation", new { conversation });
        (await agent.Http.PostAsJsonAsync($"/api/conversations/{conversation}/status", new { status = "closed" })).EnsureSuccessStatusCode();

        // An out-of-office threads in and leaves it closed.
        var auto = new MimeKit.MimeMessage();
        auto.From.Add(MimeKit.MailboxAddress.Parse("zoe@customer.test"));
        auto.To.Add(MimeKit.MailboxAddress.Parse("support@inbox.local"));
        auto.Subject = "Absence";
        auto.InReplyTo = messageId.Trim('<', '>');
        auto.Headers.Add("Auto-Submitted", "auto-replied");
        auto.Body = new MimeKit.TextPart("plain") { Text = "Je suis absente jusqu'à lundi." };
        using (var ms = new MemoryStream())
        {
            auto.WriteTo(ms);
            (await _server.PostEmailAsync(ms.ToArray())).EnsureSuccessStatusCode();
        }
        await Wait.UntilAsync(() => _server.Scalar<long>("SELECT COUNT(*) FROM messages WHERE conversation_id = @conversation", new { conversation }) == 2, what: "the automatic mail");
        Assert.Equal("closed", Status());

        // The customer's own answer opens it again, starts its response timer and says so in its history.
        await _server.ReceiveEmailAsync("zoe@customer.test", "Re: Refund", "It still has not arrived.", inReplyTo: messageId);
        Assert.Equal("open", Status());
        Assert.NotNull(_server.Scalar<long?>("SELECT started_at FROM conversation_timers WHERE conversation_id = @conversation", new { conversation }));
        var history = (await agent.Http.GetFromJsonAsync<ConversationEvent[]>($"/api/conversations/{conversation}/history"))!;
        Assert.Equal(["status", "reopened"], history.Select(e => e.Action));
    }

    [Fact]
    public async Task The_customers_next_message_ends_the_snooze_and_bad_times_are_refused()
    {
        var messageId = MimeKit.Utils.MimeUtils.GenerateMessageId("customer.test");
        var conversation = await _server.ReceiveEmailAsync("zoe@customer.test", "Refund", "Where is my refund?", messageId: messageId);
        using var agent = await _server.CreateAndLoginAsync("amy", "agent");
        var later = DateTimeOffset.UtcNow.AddDays(1).ToUnixTimeMilliseconds();
        (await agent.Http.PostAsJsonAsync($"/api/conversations/{conversation}/snooze", new { until = later })).EnsureSuccessStatusCode();

        await _server.ReceiveEmailAsync("zoe@customer.test", "Re: Refund", "Any news?", inReplyTo: messageId);
        Assert.Equal(("open", (long?)null), (_server.Scalar<string>("SELECT status FROM conversations WHERE id = @conversation", new { conversation }),
            _server.Scalar<long?>("SELECT snoozed_until FROM conversations WHERE id = @conversation", new { conversation })));

        async Task<string?> Refusal(object body, long id)
        {
            using var r = await agent.Http.PostAsJsonAsync($"/api/conversations/{id}/snooze", body);
            return r.StatusCode == HttpStatusCode.OK ? null : $"{(int)r.StatusCode} {(await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString()}";
        }
        Assert.Equal("400 until must be in the future (UTC milliseconds)", await Refusal(new { until = 1000 }, conversation));
        Assert.Equal("400 a conversation is snoozed for 90 days at most", await Refusal(new { until = DateTimeOffset.UtcNow.AddDays(91).ToUnixTimeMilliseconds() }, conversation));
        Assert.Equal("404 conversation 999999 not found or closed", await Refusal(new { until = later }, 999999));
    }
}
