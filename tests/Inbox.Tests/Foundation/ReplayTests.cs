using System.Net.Http.Json;
using Dapper;
using Inbox.Core.Replay;
using Inbox.Core.Storage;
using Inbox.Tests.Support;

namespace Inbox.Tests.Foundation;

public sealed class ReplayTests
{
    /// <summary>The committed demo scenario replays through the real endpoints into the expected conversations and answers.</summary>
    [Fact]
    public async Task ReplayOfTheDemoScenarioEndsWithTheExpectedConversations()
    {
        await using var server = await InboxServer.StartAsync();
        using var admin = await server.LoginAsync();
        var file = Path.Combine(Paths.Repo, "src", "Inbox.Web", "Demo", "demo.jsonl");
        var events = Scenario.Load(file);
        var channels = new List<IScenarioChannel> { new EmailScenarioChannel(admin.Http, InboxServer.InboundSecret) };
        var replayable = events.Where(e => e.Direction == "in" && channels.Any(c => c.Handles(e))).ToList();
        var replayableIds = replayable.Select(e => e.Id).ToHashSet();
        var answers = events.Count(e => e.Direction == "out" && replayableIds.Contains(e.InReplyTo!));

        var summary = await new ScenarioReplayer(admin.Http, channels, TimeProvider.System)
            .RunAsync(events.Where(e => replayableIds.Contains(e.Id) || replayableIds.Contains(e.InReplyTo ?? "")).ToList(), new ReplayOptions { Max = true });
        await ScenarioReplayer.WaitForIntakeAsync(admin.Http, TimeSpan.FromSeconds(60));

        Assert.Empty(summary.Errors);
        using var c = server.Get<Db>().Open();
        // Scenario emails carry no threading headers, so each inbound email is a conversation of its own.
        Assert.Equal(replayable.Count, c.ExecuteScalar<long>("SELECT COUNT(*) FROM conversations"));
        Assert.Equal(answers, c.ExecuteScalar<long>("SELECT COUNT(*) FROM messages WHERE direction = 'out'"));
        // Answers keep the scenario's timestamps and land in the conversation of the message they answer.
        var first = events.First(e => e.Direction == "out" && replayableIds.Contains(e.InReplyTo!));
        var row = c.QuerySingle<(long SentAt, string InboundId)>("""
            SELECT o.sent_at, i.external_id FROM messages o JOIN messages i ON i.conversation_id = o.conversation_id AND i.direction = 'in'
            WHERE o.client_ref = @Id
            """, new { first.Id });
        Assert.Equal(first.At.ToUnixTimeMilliseconds(), row.SentAt);
        Assert.Equal(Scenario.ExternalId("email", first.InReplyTo!), row.InboundId);
    }
}
