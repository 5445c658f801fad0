using Dapper;
using Inbox.Core.Channels.Social;
using Inbox.Core.Replay;
using Inbox.Core.Storage;
using Inbox.Tests.Social;
using Inbox.Tests.Support;
using Inbox.Web.Sandbox;

namespace Inbox.Tests.Foundation;

public sealed class ReplayTests
{
    /// <summary>
    /// The committed demo scenario replays through the real endpoints (MIME for email, signed Meta and X webhooks
    /// for the rest) into the expected messages and answers; social answers reach the local Graph/X API sandbox.
    /// </summary>
    [Fact]
    public async Task ReplayOfTheDemoScenarioCoversEveryChannel()
    {
        await using var sandbox = await PlatformSandbox.StartAsync();
        var settings = SocialHost.Settings(sandbox.Url);
        // Scenario answers on WhatsApp can come after the 24 h window: they go out as the approved follow-up template.
        settings["Inbox:Meta:WhatsAppFollowUpTemplate:Name"] = "support_follow_up";
        await using var server = await InboxServer.StartAsync(settings);
        using var admin = await server.LoginAsync();
        var file = Path.Combine(Paths.Repo, "src", "Inbox.Web", "Demo", "demo.jsonl");
        var events = Scenario.Load(file);
        var accounts = new SocialReplayAccounts(SocialHost.MetaSecret, SocialHost.Page, SocialHost.Instagram, SocialHost.WhatsApp,
            SocialHost.XSecret, SocialHost.XUser, "support");
        var channels = new List<IScenarioChannel> { new EmailScenarioChannel(admin.Http, InboxServer.InboundSecret), new SocialScenarioChannel(admin.Http, accounts, sandbox) };
        var inbound = events.Where(e => e.Direction == "in").ToList();
        Assert.All(inbound, e => Assert.Contains(channels, c => c.Handles(e))); // every channel of the scenario is replayed
        Assert.Equal(["email", "instagram", "messenger", "whatsapp", "x"], inbound.Select(e => e.Channel).Distinct().Order());
        var answers = events.Count(e => e.Direction == "out");

        var summary = await new ScenarioReplayer(admin.Http, channels, TimeProvider.System).RunAsync(events, new ReplayOptions { Max = true });
        await ScenarioReplayer.WaitForIntakeAsync(admin.Http, TimeSpan.FromSeconds(60));

        Assert.Empty(summary.Errors);
        Assert.Equal((inbound.Count, answers, 0), (summary.Inbound, summary.Answers, summary.Skipped));
        using var c = server.Get<Db>().Open();
        // Every inbound event is one message on its channel, with the event id as its external id.
        foreach (var group in inbound.GroupBy(e => e.Channel))
            Assert.Equal(group.Count(), c.ExecuteScalar<long>("SELECT COUNT(*) FROM messages WHERE direction = 'in' AND channel = @channel", new { channel = group.Key }));
        var mentions = inbound.Count(e => e.Kind == "mention");
        Assert.Equal(mentions, c.ExecuteScalar<long>("SELECT COUNT(*) FROM messages m JOIN conversations cv ON cv.id = m.conversation_id WHERE m.direction = 'in' AND cv.is_public = 1"));
        Assert.Equal(answers, c.ExecuteScalar<long>("SELECT COUNT(*) FROM messages WHERE direction = 'out'"));

        // Scenario emails carry no threading headers: one conversation each. Chat messages share a conversation
        // only under the idle-gap rule, so each chat conversation holds one identity's messages on one channel.
        Assert.Equal(inbound.Count(e => e.Channel == "email"), c.ExecuteScalar<long>("SELECT COUNT(*) FROM conversations WHERE channel = 'email'"));
        Assert.Equal(0, c.ExecuteScalar<long>("""
            SELECT COUNT(*) FROM messages m JOIN conversations cv ON cv.id = m.conversation_id
            WHERE m.direction = 'in' AND (m.identity_id <> cv.identity_id OR m.channel <> cv.channel)
            """));

        // Every answer lands in the conversation of the message it answers, at the scenario's time.
        foreach (var answer in events.Where(e => e.Direction == "out"))
        {
            var target = events.First(e => e.Id == answer.InReplyTo);
            var row = c.QuerySingle<(long SentAt, long Same)>("""
                SELECT o.sent_at, (SELECT COUNT(*) FROM messages i WHERE i.conversation_id = o.conversation_id AND i.external_id = @inbound)
                FROM messages o WHERE o.client_ref = @Id
                """, new { answer.Id, inbound = Scenario.ExternalId(target.Channel, target.Id) });
            Assert.Equal((answer.At.ToUnixTimeMilliseconds(), 1L), row);
        }

        // Social answers were delivered to the platform APIs (email has its own sender).
        var social = events.Count(e => e.Direction == "out" && events.First(i => i.Id == e.InReplyTo).Channel != "email");
        try
        {
            await Wait.UntilAsync(() => c.ExecuteScalar<long>("SELECT COUNT(*) FROM messages WHERE direction = 'out' AND channel <> 'email' AND status = 'sent'") == social,
                TimeSpan.FromSeconds(60), "social answers sent");
        }
        catch (TimeoutException)
        {
            var states = c.Query<(string Channel, string Status, string? Detail)>(
                "SELECT channel, status, status_detail FROM messages WHERE direction = 'out' AND channel <> 'email' AND status <> 'sent' LIMIT 10");
            Assert.Fail("not sent: " + string.Join("; ", states));
        }
        Assert.Equal(social, sandbox.Requests.Count(r => r.Method == "POST"));
        // Messenger/Instagram webhooks carry no name: each sender was named through the sandbox's profile API.
        Assert.Equal(0, c.ExecuteScalar<long>("SELECT COUNT(*) FROM identities WHERE channel IN ('messenger', 'instagram') AND display_name IS NULL"));
        Assert.Equal(0, c.ExecuteScalar<long>("SELECT COUNT(*) FROM messages WHERE direction = 'out' AND channel <> 'email' AND external_id LIKE 'local:%'"));
    }
}
