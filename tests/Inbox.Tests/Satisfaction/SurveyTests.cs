using System.Net.Http.Json;
using Inbox.Core.Satisfaction;
using Inbox.Core.Security;
using Inbox.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Inbox.Tests.Satisfaction;

/// <summary>The survey queue's rules, on the real host with a moved clock (no mail server: Surveys is driven directly).</summary>
public sealed class SurveyTests
{
    private static async Task<(InboxServer Server, FakeTimeProvider Clock)> StartAsync(bool enabled = true)
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var server = await InboxServer.StartAsync(new Dictionary<string, string?>
        {
            ["Inbox:Satisfaction:Enabled"] = enabled ? "true" : "false",
            ["Inbox:Satisfaction:DelayMinutes"] = "10",
        }, configure: b => b.Services.AddSingleton<TimeProvider>(clock));
        return (server, clock);
    }

    private static async Task<long> AnsweredAsync(InboxServer server, InboxServer.Client agent, string from)
    {
        var conversation = await server.ReceiveEmailAsync(from, "Colis 4471", "Mon colis 4471 n'est jamais arrivé.");
        (await agent.Http.PostAsJsonAsync($"/api/conversations/{conversation}/replies", new { text = "Il part aujourd'hui.", clientRef = Guid.NewGuid().ToString() }))
            .EnsureSuccessStatusCode();
        return conversation;
    }

    private static async Task StatusAsync(InboxServer.Client agent, long conversation, string status) =>
        (await agent.Http.PostAsJsonAsync($"/api/conversations/{conversation}/status", new { status })).EnsureSuccessStatusCode();

    [Fact]
    public async Task ASurveyWaitsItsDelayAndIsNotSentIfTheCustomerWroteBackMeanwhile()
    {
        var (server, clock) = await StartAsync();
        await using var _ = server;
        using var agent = await server.LoginAsync();
        var surveys = server.Get<Surveys>();
        var kept = await AnsweredAsync(server, agent, "Léa Roux <lea@customer.test>");
        var reopened = await AnsweredAsync(server, agent, "Hugo Petit <hugo@customer.test>");
        await StatusAsync(agent, kept, "closed");
        await StatusAsync(agent, reopened, "closed");
        Assert.Empty(surveys.TakeDue()); // not before its delay

        await StatusAsync(agent, reopened, "open"); // the customer wrote back (or an agent reopened it)
        clock.Advance(TimeSpan.FromMinutes(11));
        var due = Assert.Single(surveys.TakeDue());
        Assert.Equal((kept, "lea@customer.test", "Léa Roux"), (due.ConversationId, due.Email, due.Name));
        Assert.Equal("cancelled", server.Scalar<string>("SELECT status FROM satisfaction_surveys WHERE conversation_id = @reopened", new { reopened }));

        // A failed send is tried again later with a new link; the first one never worked.
        surveys.MarkFailed(due.Id, 1, "SMTP down");
        Assert.Empty(surveys.TakeDue());
        clock.Advance(TimeSpan.FromMinutes(2));
        var again = Assert.Single(surveys.TakeDue());
        Assert.NotEqual(due.Token, again.Token);
        surveys.MarkSent(again.Id);
        Assert.Null((await surveys.AnswerAsync(due.Token, "good", null)).Answer);
        Assert.Equal("good", (await surveys.AnswerAsync(again.Token, "good", null)).Answer!.Rating);

        // The link takes answers for 30 days.
        clock.Advance(TimeSpan.FromDays(31));
        Assert.Null((await surveys.AnswerAsync(again.Token, "bad", null)).Answer);
    }

    [Fact]
    public async Task NoSurveyWhenTheyAreOffAndAnErasureTakesTheCustomersWords()
    {
        var (off, _) = await StartAsync(enabled: false);
        await using (off)
        {
            using var agent = await off.LoginAsync();
            await StatusAsync(agent, await AnsweredAsync(off, agent, "lea@customer.test"), "closed");
            Assert.Equal(0, off.Scalar<long>("SELECT COUNT(*) FROM satisfaction_surveys"));
        }

        var (server, clock) = await StartAsync();
        await using var __ = server;
        using var lead = await server.LoginAsync();
        var surveys = server.Get<Surveys>();
        var conversation = await AnsweredAsync(server, lead, "Léa Roux <lea@customer.test>");
        await StatusAsync(lead, conversation, "closed");
        clock.Advance(TimeSpan.FromMinutes(11));
        var due = Assert.Single(surveys.TakeDue());
        surveys.MarkSent(due.Id);
        await surveys.AnswerAsync(due.Token, "bad", "Mon numéro est le 06 12 34 56 78.");
        var customer = server.Scalar<long>("SELECT customer_id FROM conversations WHERE id = @conversation", new { conversation });
        Assert.NotNull(server.Get<CustomerErasure>().Erase(customer, 1));
        Assert.Null(server.Scalar<string?>("SELECT comment FROM satisfaction_surveys"));
        Assert.Equal("bad", server.Scalar<string>("SELECT rating FROM satisfaction_surveys")); // the figure stays, the words go
    }
    [Fact]
    public async Task AnAdminTurnsSurveysOnAndSetsTheirDelay()
    {
        var (server, clock) = await StartAsync(enabled: false);
        await using var _ = server;
        using var admin = await server.LoginAsync();
        using var lead = await server.CreateAndLoginAsync("lina", "lead");
        var conversation = await AnsweredAsync(server, admin, "Léa Roux <lea@customer.test>");

        var before = await lead.Http.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/satisfaction/settings");
        Assert.Equal((false, 10.0, false), (before.GetProperty("enabled").GetBoolean(), before.GetProperty("delayMinutes").GetDouble(), before.GetProperty("canSend").GetBoolean()));
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, (await lead.Http.PutAsJsonAsync("/api/admin/satisfaction", new { enabled = true, delayMinutes = 5 })).StatusCode);
        using (var bad = await admin.Http.PutAsJsonAsync("/api/admin/satisfaction", new { enabled = true, delayMinutes = -1 }))
            Assert.Contains("the delay is 0 to 10080 minutes", await bad.Content.ReadAsStringAsync());
        (await admin.Http.PutAsJsonAsync("/api/admin/satisfaction", new { enabled = true, delayMinutes = 5 })).EnsureSuccessStatusCode();
        Assert.Equal(1, server.Scalar<long>("SELECT COUNT(*) FROM audit_log WHERE action = 'satisfaction.settings'"));

        // On from now: a closing queues a survey five minutes ahead.
        await StatusAsync(admin, conversation, "closed");
        Assert.Equal(Inbox.Core.Storage.Db.Now(clock) + 5 * 60_000, server.Scalar<long>("SELECT send_after FROM satisfaction_surveys"));
    }
}
