using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Inbox.Core.Agents;
using Inbox.Core.Channels.Email;
using Inbox.Core.Conversations;
using Inbox.Core.Outbox;
using Inbox.Tests.Support;

namespace Inbox.Tests.Email;

/// <summary>Each agent's email signature: kept per agent, snapshot on the reply, sent under the "-- " line, never in the answer's text.</summary>
public sealed class SignatureTests : IAsyncLifetime
{
    private InboxServer _server = null!;
    public async Task InitializeAsync() => _server = await InboxServer.StartAsync();
    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task An_agents_signature_goes_with_their_email_replies_as_it_was_when_written()
    {
        var email = await _server.ReceiveEmailAsync("zoe@customer.test", "Refund", "Where is my refund?");
        using var amy = await _server.CreateAndLoginAsync("amy", "agent");
        Assert.Equal(JsonValueKind.Null, (await amy.Http.GetFromJsonAsync<JsonElement>("/api/auth/me/signature")).GetProperty("signature").ValueKind);

        using (var set = await amy.Http.PutAsJsonAsync("/api/auth/me/signature", new { signature = "-- \r\nAmy Durand  \r\nService client · 01 23 45 67 89\r\n\r\n" }))
            Assert.Equal("Amy Durand\nService client · 01 23 45 67 89", (await set.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("signature").GetString());
        using (var tooLong = await amy.Http.PutAsJsonAsync("/api/auth/me/signature", new { signature = new string('x', 601) }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
            Assert.Contains("601", (await tooLong.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errorFr").GetString());
        }

        using var r = await amy.Http.PostAsJsonAsync($"/api/conversations/{email}/replies", new { text = "The refund left today.", clientRef = "s1" });
        var reply = (await r.Content.ReadFromJsonAsync<MessageView>())!;
        Assert.Equal(("The refund left today.", "Amy Durand\nService client · 01 23 45 67 89"), (reply.Text, reply.Signature));
        // Changed later: the reply keeps the one it was written with.
        (await amy.Http.PutAsJsonAsync("/api/auth/me/signature", new { signature = "" })).EnsureSuccessStatusCode();
        Assert.Equal("Amy Durand\nService client · 01 23 45 67 89", _server.Scalar<string>("SELECT signature FROM messages WHERE id = @Id", reply));
        Assert.Null(_server.Scalar<string?>("SELECT signature FROM agents WHERE username = 'amy'"));
        Assert.Contains("agent.signature", _server.Query<string>("SELECT action FROM audit_log"));
    }

    [Fact]
    public void The_mail_carries_the_signature_under_the_standard_delimiter()
    {
        var options = new EmailOptions { Smtp = new SmtpOptions { From = "Support <support@example.test>" } };
        var reply = new Outbound
        {
            Text = "The refund left today.", Signature = "Amy\nSupport", ExternalId = "<a@inbox.local>", ConversationToken = "t1",
            Recipient = new IdentityView { Email = "zoe@customer.test" }, SentAt = 1_700_000_000_000,
        };
        using var mail = SmtpEmailSender.Build(reply, options);
        Assert.Equal("The refund left today.\n\n-- \nAmy\nSupport", mail.TextBody!.Replace("\r\n", "\n"));
        using var plain = SmtpEmailSender.Build(reply with { Signature = null }, options);
        Assert.Equal("The refund left today.", plain.TextBody!.Replace("\r\n", "\n"));
        // The customer's answer quoting it: Inbox's own parser leaves the signature out with the quote.
        Assert.Equal("Merci !", EmailReplyParser.VisibleText("Merci !\n\n> The refund left today.\n>\n> -- \n> Amy\n> Support"));
    }
}
