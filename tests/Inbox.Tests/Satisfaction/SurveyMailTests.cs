using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Inbox.Core.Conversations;
using Inbox.Core.Satisfaction;
using Inbox.Tests.Email;
using Inbox.Tests.Support;
using Inbox.Web.Channels.Email;
using Microsoft.AspNetCore.SignalR.Client;

namespace Inbox.Tests.Satisfaction;

/// <summary>
/// A satisfaction survey through real Postfix and Dovecot: the customer's mail in over IMAP, the agent's reply and the
/// closing, the survey mail in the customer's mailbox, the customer's answer through its link, the agent told at once.
/// </summary>
[Collection(MailServersCollection.Name)]
public sealed class SurveyMailTests(MailServers servers) : IAsyncLifetime
{
    private const string PublicUrl = "https://inbox.example.test";
    private InboxServer _server = null!;
    private InboxServer.Client _agent = null!;
    private HubConnection _hub = null!;
    private readonly ConcurrentQueue<MessageView> _added = new();
    private readonly ConcurrentQueue<SurveyView> _answers = new();

    public async Task InitializeAsync()
    {
        _ = servers;
        await MailServers.ClearAsync(MailServers.Support, MailServers.Customer);
        var settings = MailServers.Settings();
        settings["Inbox:PublicUrl"] = PublicUrl;
        settings["Inbox:Satisfaction:Enabled"] = "true";
        settings["Inbox:Satisfaction:DelayMinutes"] = "0";
        _server = await InboxServer.StartAsync(settings);
        _agent = await _server.LoginAsync();
        _hub = await _agent.ConnectHubAsync();
        _hub.OnArrivedInFull(_agent.Http, m => _added.Enqueue(m));
        _hub.On<SurveyView>("SurveyAnswered", v => _answers.Enqueue(v));
        await Wait.UntilAsync(() => _server.Get<ImapIntakeService>().Watchers[0].Sessions > 0, TimeSpan.FromSeconds(15), "IMAP session");
    }

    public async Task DisposeAsync()
    {
        await _hub.DisposeAsync();
        _agent.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task ACustomerAskedAfterClosingAnswersThroughTheLinkAndTheAgentSeesItAtOnce()
    {
        await Task.Delay(300);
        var first = MailServers.NewMail("Léa Roux <customer@example.test>", MailServers.Support, "Remboursement commande 5521",
            "Bonjour, je n'ai toujours pas reçu le remboursement de ma commande 5521. Merci de vérifier.");
        await MailServers.SendAsync(first);
        await Wait.UntilAsync(() => _added.Any(m => m.ExternalId == $"<{first.MessageId}>"), TimeSpan.FromSeconds(20), "the customer's mail");
        var conversation = _added.First(m => m.ExternalId == $"<{first.MessageId}>").ConversationId;

        // Closed before anyone answered: nobody to rate, no survey.
        await Close(conversation);
        Assert.Equal(0, Surveys(conversation));
        await Status(conversation, "open");

        using (var r = await _agent.Http.PostAsJsonAsync($"/api/conversations/{conversation}/replies",
                   new { text = "Bonjour Léa, le remboursement part aujourd'hui.", clientRef = Guid.NewGuid().ToString() }))
            Assert.Equal(HttpStatusCode.Created, r.StatusCode);
        await Close(conversation);

        // The survey reaches the customer: in French (the conversation's language), two links to the survey page.
        var survey = await MailServers.WaitForAsync(MailServers.Customer, m => m.Subject?.StartsWith("Votre avis") == true);
        Assert.Equal("auto-generated", survey.Headers["Auto-Submitted"]);
        Assert.Contains("Remboursement commande 5521", survey.TextBody);
        var link = Regex.Match(survey.TextBody!, @"Bien : (\S+)#token=([A-Za-z0-9_-]+)&rating=good");
        Assert.True(link.Success, survey.TextBody);
        Assert.Equal(PublicUrl + "/survey.html", link.Groups[1].Value);
        Assert.Contains($"#token={link.Groups[2].Value}&rating=bad", survey.TextBody);
        var token = link.Groups[2].Value;
        Assert.Equal($"reply+{Token(conversation)}@example.test", survey.ReplyTo.Mailboxes.Single().Address);
        await Wait.UntilAsync(() => _server.Scalar<string>("SELECT status FROM satisfaction_surveys") == "sent", what: "survey marked sent");

        // The customer answers (no sign-in: the link is the key); the agent's page is told at once.
        using var customer = _server.Anonymous();
        using (var r = await customer.Http.PostAsJsonAsync("/api/survey", new { token, rating = "bad", comment = "Trois relances avant une réponse." }))
        {
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            var answer = await r.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(("bad", "fr"), (answer.GetProperty("rating").GetString(), answer.GetProperty("language").GetString()));
        }
        await Wait.UntilAsync(() => _answers.Any(a => a.ConversationId == conversation && a.Rating == "bad"), what: "SurveyAnswered");
        var view = (await _agent.Http.GetFromJsonAsync<SurveyView>($"/api/conversations/{conversation}/satisfaction"))!;
        Assert.Equal(("bad", "Trois relances avant une réponse.", "sent"), (view.Rating, view.Comment, view.Status));

        // A change of mind keeps the word already left; the team's figures follow.
        using (var r = await customer.Http.PostAsJsonAsync("/api/survey", new { token, rating = "good" }))
            Assert.Equal("Trois relances avant une réponse.", (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("comment").GetString());
        var report = (await _agent.Http.GetFromJsonAsync<JsonElement>("/api/satisfaction?days=30"));
        Assert.Equal((1, 0, 1), (report.GetProperty("good").GetInt32(), report.GetProperty("bad").GetInt32(), report.GetProperty("sent").GetInt32()));
        Assert.Equal("Trois relances avant une réponse.", report.GetProperty("recent")[0].GetProperty("comment").GetString());

        // What is not an answer is refused by name; a link nobody sent is not found.
        using (var r = await customer.Http.PostAsJsonAsync("/api/survey", new { token, rating = "meh" }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
            Assert.Contains("rating must be good or bad", await r.Content.ReadAsStringAsync());
        }
        using (var r = await customer.Http.PostAsJsonAsync("/api/survey", new { token = "not-a-token", rating = "good" }))
            Assert.Equal(HttpStatusCode.NotFound, r.StatusCode);

        // Opened and closed again within the week: not asked twice.
        await Status(conversation, "open");
        await Close(conversation);
        await Task.Delay(500);
        Assert.Equal(1, Surveys(conversation));
        Assert.Single(await MailServers.ReadAsync(MailServers.Customer), m => m.Subject?.StartsWith("Votre avis") == true);
    }

    private async Task Close(long conversation) => await Status(conversation, "closed");

    private async Task Status(long conversation, string status)
    {
        using var r = await _agent.Http.PostAsJsonAsync($"/api/conversations/{conversation}/status", new { status });
        Assert.Equal(HttpStatusCode.NoContent, r.StatusCode);
    }

    private long Surveys(long conversation) => _server.Scalar<long>("SELECT COUNT(*) FROM satisfaction_surveys WHERE conversation_id = @conversation", new { conversation });
    private string Token(long conversation) => _server.Scalar<string>("SELECT token FROM conversations WHERE id = @conversation", new { conversation });
}
