using System.Net.Http.Json;
using Dapper;
using Inbox.Core.Duplicates;
using Inbox.Core.Intake;
using Inbox.Core.Replay;
using Inbox.Core.Storage;
using Inbox.Tests.Support;
using Microsoft.AspNetCore.SignalR.Client;

namespace Inbox.Tests.Duplicates;

public sealed class DuplicateLinkingTests
{
    // A test that holds the lookup thread and then fails before letting it go would leave the server's disposal
    // waiting on it for ever (the whole test run with it): a held lookup goes on by itself after this long.
    private static readonly TimeSpan HoldAtMost = TimeSpan.FromSeconds(60);

    private static readonly DateTimeOffset T0 = DateTimeOffset.UtcNow.AddHours(-2);

    private static async Task PostEmailAsync(InboxServer.Client client, string id, string from, string subject, string text, DateTimeOffset at)
    {
        using var content = new ByteArrayContent(Mail.Mime(from, subject, text, $"{id}@scenario.invalid", date: at));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("message/rfc822");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/inbound/email") { Content = content };
        request.Headers.Add("X-Inbox-Secret", InboxServer.InboundSecret);
        using var r = await client.Http.SendAsync(request);
        r.EnsureSuccessStatusCode();
    }

    /// <summary>A Messenger message as the Meta normalizer produces it, through the real intake pipeline.</summary>
    private static Task MessengerAsync(InboxServer server, string id, string psid, string name, string text, DateTimeOffset at) =>
        FeedAsync(server, new ScenarioEvent { Id = id, At = at, Channel = "messenger", Customer = new ScenarioCustomer { Name = name, Psid = psid }, Text = text });

    /// <summary>A scenario event, any channel, as its normalizer produces it, through the real intake pipeline.</summary>
    private static Task FeedAsync(InboxServer server, ScenarioEvent e) => ScenarioIntake.FeedAsync(server, e);

    /// <summary>A scenario event stored as a raw event, with what its normalizer makes of it (for ProcessBatchAsync).</summary>
    private static (long RawId, NormalizeResult Parsed) Stored(InboxServer server, string id, int minutes, string channel, ScenarioCustomer who, string text) =>
        ScenarioIntake.Store(server, new ScenarioEvent { Id = id, At = T0.AddMinutes(minutes), Channel = channel, Customer = who, Text = text });

    private const string MetaSecret = "test-meta-secret", PageId = "100000000000001";

    /// <summary>A Messenger message as a real signed Meta webhook (POST /webhooks/meta).</summary>
    private static Task MessengerWebhookAsync(InboxServer.Client client, string id, string psid, string name, string text, DateTimeOffset at) =>
        new Inbox.Core.Channels.Social.SocialScenarioChannel(client.Http, new(MetaSecret, PageId, "17800000000000001", "106540352242922", null, "1", "support"))
            .SendAsync(new ScenarioEvent { Id = id, At = at, Channel = "messenger", Customer = new ScenarioCustomer { Name = name, Psid = psid }, Text = text }, at, default);

    [Fact]
    public async Task AMessengerMessageAfterTheSameRequestByEmailIsLinkedAndPushedInTheSameIntake()
    {
        await using var server = await InboxServer.StartAsync(new Dictionary<string, string?>
        {
            ["Inbox:Meta:AppSecret"] = MetaSecret,
            ["Inbox:Meta:Pages:0:Id"] = PageId,
        });
        using var agent = await server.CreateAndLoginAsync("ana", "agent");
        await using var hub = await agent.ConnectHubAsync();
        var linked = new TaskCompletionSource<DuplicateLinkView>();
        hub.On<DuplicateLinkView>("DuplicateLinkChanged", l => linked.TrySetResult(l));

        await PostEmailAsync(agent, "m1", "Marie Dupont <marie.dupont@example.fr>", "Commande MA-4471234 jamais reçue",
            "Bonjour,\n\nMa commande MA-4471234 n'est jamais arrivée, le suivi est bloqué depuis une semaine.\n\nCordialement,\nMarie", T0);
        await Wait.UntilAsync(() => Count(server, "SELECT COUNT(*) FROM messages") == 1);
        Assert.False(linked.Task.IsCompleted);

        await MessengerWebhookAsync(agent, "m2", "7100000000123", "Marie Dupont", "bonjour, ma commande MA-4471234 n'est jamais arrivée ?? merci", T0.AddMinutes(40));
        // The link is pushed by the intake of the webhook itself (no later job), right after its commit.
        var link = await Wait.ForAsync(linked, TimeSpan.FromSeconds(10));
        Assert.Contains("same reference MA4471234", link.Evidence);
        Assert.Contains("40 min apart", link.Evidence);
        using var c = server.Get<Db>().Open();
        Assert.Equal(2, c.ExecuteScalar<long>("SELECT COUNT(*) FROM conversations WHERE cluster_id IS NOT NULL"));
        Assert.Equal([["m1", "m2"]], DuplicateExport.Pairs(c));
    }

    [Fact]
    public async Task ARejectedPairIsNeverLinkedAgainAndTheRejectionIsAudited()
    {
        await using var server = await InboxServer.StartAsync();
        using var agent = await server.CreateAndLoginAsync("ben", "agent");
        await PostEmailAsync(agent, "r1", "Paul Martin <paul.martin@example.com>", "Refund for order MA-5550001",
            "Hello,\n\nI returned order MA-5550001 two weeks ago and the refund has still not arrived.\n\nThanks,\nPaul", T0);
        await Wait.UntilAsync(() => Count(server, "SELECT COUNT(*) FROM messages") == 1);
        await MessengerAsync(server, "r2", "7100000000999", "Paul Martin", "my refund for order MA-5550001 has not arrived", T0.AddMinutes(30));
        var linkId = Count(server, "SELECT id FROM duplicate_links");
        Assert.True(linkId > 0);

        using (var r = await agent.Http.PostAsync($"/api/duplicates/links/{linkId}/reject", null)) r.EnsureSuccessStatusCode();
        // The same person insists in the same Messenger conversation: the pair stays rejected.
        await MessengerAsync(server, "r3", "7100000000999", "Paul Martin", "refund MA-5550001 still missing, returned two weeks ago", T0.AddMinutes(35));

        Assert.Equal(1, Count(server, "SELECT COUNT(*) FROM duplicate_links"));
        Assert.Equal(0, Count(server, "SELECT COUNT(*) FROM duplicate_links WHERE status <> 'rejected'"));
        Assert.Equal(0, Count(server, "SELECT COUNT(*) FROM conversations WHERE cluster_id IS NOT NULL"));
        Assert.Equal(1, Count(server, "SELECT COUNT(*) FROM audit_log WHERE action = 'duplicate.reject'"));
        var detail = await agent.Http.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/conversations/{Count(server, "SELECT conversation_a FROM duplicate_links")}/duplicates");
        Assert.Equal("rejected", detail.GetProperty("links")[0].GetProperty("status").GetString());
    }

    [Fact]
    public async Task AnEmailAddressGivenOnMessengerMergesTheCustomersAndTheMergeCanBeUndone()
    {
        await using var server = await InboxServer.StartAsync();
        using var agent = await server.CreateAndLoginAsync("cleo", "agent");
        await PostEmailAsync(agent, "i1", "Jeanne Roux <jeanne.roux@example.fr>", "Carte bloquée",
            "Bonjour,\n\nMa carte se terminant par 4548 est bloquée depuis ce matin.\n\nMerci,\nJeanne", T0);
        await Wait.UntilAsync(() => Count(server, "SELECT COUNT(*) FROM messages") == 1);
        await MessengerAsync(server, "i2", "7100000000555", "Jeanne Roux", "ma carte se terminant par 4548 est bloquée, mon email est jeanne.roux@example.fr", T0.AddMinutes(20));

        Assert.Equal(1, Count(server, "SELECT COUNT(*) FROM customer_merges WHERE status = 'merged' AND automatic = 1"));
        Assert.Equal(1, Count(server, "SELECT COUNT(DISTINCT customer_id) FROM conversations"));
        var mergeId = Count(server, "SELECT id FROM customer_merges");
        using (var r = await agent.Http.PostAsync($"/api/customers/merges/{mergeId}/undo", null)) r.EnsureSuccessStatusCode();
        Assert.Equal(2, Count(server, "SELECT COUNT(DISTINCT customer_id) FROM conversations"));
        Assert.Equal(1, Count(server, "SELECT COUNT(*) FROM audit_log WHERE action = 'customer.merge.undo'"));
    }

    [Fact]
    public async Task ABatchFindsTheSameLinksAndMergesAsItsMessagesOneByOne()
    {
        // The batch runs its lookups on a second thread beside the writer (DuplicateBatch): a link, an automatic merge
        // that moves a conversation whose next message is in the same batch, an unrelated pair, a third channel.
        ScenarioEvent E(string id, int minutes, string channel, ScenarioCustomer who, string text) =>
            new() { Id = id, At = T0.AddMinutes(minutes), Channel = channel, Customer = who, Text = text };
        var jeanneMail = new ScenarioCustomer { Name = "Jeanne Roux", Email = "jeanne.roux@example.fr" };
        var jeanneFb = new ScenarioCustomer { Name = "Jeanne Roux", Psid = "7100000000555" };
        var events = new[]
        {
            E("b1", 0, "email", jeanneMail, "Bonjour, ma carte se terminant par 4548 est bloquée depuis ce matin, tous mes paiements sont refusés."),
            E("b2", 20, "messenger", jeanneFb, "ma carte se terminant par 4548 est bloquée, mon email est jeanne.roux@example.fr"),
            E("b3", 21, "whatsapp", new ScenarioCustomer { Name = "Paul Martin", WaId = "33612345678" }, "ma commande MA-1234567 n'est toujours pas arrivée"),
            E("b4", 22, "messenger", jeanneFb, "je ne peux plus rien payer avec ma carte 4548"),
            E("b5", 25, "x", new ScenarioCustomer { Name = "Paul M.", Handle = "paulm", XId = "900001" }, "@support commande MA-1234567 toujours pas arrivée"),
            E("b6", 30, "instagram", new ScenarioCustomer { Name = "Jeanne Roux", Igsid = "178000000009" }, "ma carte 4548 est bloquée depuis ce matin"),
            E("b7", 31, "x", new ScenarioCustomer { Name = "Luc Blanc", Handle = "lucb", XId = "900002" }, "@support mon remboursement de 49,90 € n'est pas arrivé"),
        };
        async Task<string> Run(Func<InboxServer, List<(long, NormalizeResult?)>, Task> feed)
        {
            await using var server = await InboxServer.StartAsync();
            var batch = events.Select(e => ScenarioIntake.Store(server, e)).Select(s => (s.RawId, (NormalizeResult?)s.Parsed)).ToList();
            await feed(server, batch);
            using var c = server.Get<Db>().Open();
            var links = c.Query<string>("SELECT conversation_a || '-' || conversation_b || ' ' || score || ' ' || evidence FROM duplicate_links ORDER BY id");
            var merges = c.Query<string>("SELECT from_customer || '>' || into_customer || ' ' || status FROM customer_merges ORDER BY id");
            var owners = c.Query<string>("SELECT id || ':' || customer_id || ':' || COALESCE(cluster_id, 0) FROM conversations ORDER BY id");
            return string.Join("\n", [.. links, "--", .. merges, "--", .. owners]);
        }
        var oneByOne = await Run(async (server, batch) => { foreach (var (rawId, parsed) in batch) await server.Get<IntakePipeline>().ProcessAsync(rawId, parsed); });
        Assert.Contains("merged", oneByOne); // the scenario does merge, and links more than one pair
        Assert.True(oneByOne.Split("--")[0].Split('\n', StringSplitOptions.RemoveEmptyEntries).Length >= 2, oneByOne);
        Assert.Equal(oneByOne, await Run((server, batch) => server.Get<IntakePipeline>().ProcessBatchAsync(batch)));
        // Batches that leave their last lookups' links to the next (more requests waiting). First with each lookup
        // slowed down, so that some are done at a batch's end and some not (whatever the timing, the outcome is the
        // same); then with the lookup thread held until the last batch has committed, so every link is carried.
        Assert.Equal(oneByOne, await Run(async (server, batch) =>
        {
            server.Get<DuplicateDetector>().LookupStarting = () => Thread.Sleep(5);
            foreach (var part in batch.Chunk(2)) await server.Get<IntakePipeline>().ProcessBatchAsync(part, moreWaiting: () => true);
            server.Get<IntakePipeline>().WriteCarriedLinks();
        }));
        Assert.Equal(oneByOne, await Run(async (server, batch) =>
        {
            var detector = server.Get<DuplicateDetector>();
            using var hold = new ManualResetEventSlim();
            detector.LookupStarting = () => hold.Wait(HoldAtMost);
            var at = 0;
            foreach (var n in new[] { 1, 2, 4 })
            {
                var part = batch.GetRange(at, n);
                // Bounded: a batch that waited for its lookups would wait for ever here.
                await Task.Run(() => server.Get<IntakePipeline>().ProcessBatchAsync(part, moreWaiting: () => true)).WaitAsync(TimeSpan.FromSeconds(30));
                Assert.True(detector.HasCarried);
                at += n;
            }
            hold.Set();
            server.Get<IntakePipeline>().WriteCarriedLinks();
            Assert.False(detector.HasCarried);
        }));
    }

    [Fact]
    public async Task LinksLeftToTheNextBatchAreWrittenAgainWhenThatBatchRollsBack()
    {
        await using var server = await InboxServer.StartAsync();
        var pipeline = server.Get<IntakePipeline>();
        var detector = server.Get<DuplicateDetector>();
        // The lookup thread is held: the batch commits with both lookups still to do, more requests being said to wait.
        using var hold = new ManualResetEventSlim();
        detector.LookupStarting = () => hold.Wait(HoldAtMost);
        List<(long, NormalizeResult?)> both = [
            Stored(server, "r1", 0, "email", new ScenarioCustomer { Name = "Jeanne Roux", Email = "jeanne.roux@example.fr" },
                "Bonjour, ma carte se terminant par 4548 est bloquée depuis ce matin, tous mes paiements sont refusés."),
            Stored(server, "r2", 20, "messenger", new ScenarioCustomer { Name = "Jeanne Roux", Psid = "7100000000555" },
                "ma carte se terminant par 4548 est bloquée depuis ce matin, tous mes paiements sont refusés"),
        ];
        await Task.Run(() => pipeline.ProcessBatchAsync(both, moreWaiting: () => true)).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(2, Count(server, "SELECT COUNT(*) FROM messages"));
        Assert.True(detector.HasCarried);

        // The next transaction writes the carried link, then fails (a database constraint): rolled back with it, and
        // kept. Twice: with the lookups still running when that transaction begins (it waits for them at its end), then
        // with them done (it writes their links as it begins).
        using (var c = server.Get<Db>().Open())
            c.Execute("CREATE TRIGGER fail_links AFTER INSERT ON duplicate_links BEGIN SELECT RAISE(ABORT, 'test: links refused'); END");
        var first = Task.Run(pipeline.WriteCarriedLinks);
        await Task.Delay(200);
        hold.Set();
        await Assert.ThrowsAnyAsync<Exception>(() => first.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.True(detector.HasCarried);
        Assert.ThrowsAny<Exception>(pipeline.WriteCarriedLinks);
        Assert.True(detector.HasCarried);
        Assert.Equal(0, Count(server, "SELECT COUNT(*) FROM duplicate_links"));

        using (var c = server.Get<Db>().Open()) c.Execute("DROP TRIGGER fail_links");
        pipeline.WriteCarriedLinks();
        Assert.False(detector.HasCarried);
        Assert.Equal(1, Count(server, "SELECT COUNT(*) FROM duplicate_links"));
    }

    [Fact]
    public async Task ABatchStopsWaitingForItsLastLookupsWhenARequestArrives()
    {
        await using var server = await InboxServer.StartAsync();
        var pipeline = server.Get<IntakePipeline>();
        var detector = server.Get<DuplicateDetector>();
        // The lookup thread is held, and nothing else waits when the batch ends: the writer waits for the lookups.
        using var hold = new ManualResetEventSlim();
        detector.LookupStarting = () => hold.Wait(HoldAtMost);
        try
        {
            var arrived = false;
            List<(long, NormalizeResult?)> both = [
                Stored(server, "w1", 0, "email", new ScenarioCustomer { Name = "Jeanne Roux", Email = "jeanne.roux@example.fr" },
                    "Bonjour, ma carte se terminant par 4548 est bloquée depuis ce matin, tous mes paiements sont refusés."),
                Stored(server, "w2", 20, "messenger", new ScenarioCustomer { Name = "Jeanne Roux", Psid = "7100000000556" },
                    "ma carte se terminant par 4548 est bloquée depuis ce matin, tous mes paiements sont refusés"),
            ];
            var batch = Task.Run(() => pipeline.ProcessBatchAsync(both, moreWaiting: () => Volatile.Read(ref arrived)));
            await Task.Delay(300);
            Assert.False(batch.IsCompleted);
            // A request arrives: the batch commits at once and leaves its lookups' links to the next transaction.
            Volatile.Write(ref arrived, true);
            await batch.WaitAsync(TimeSpan.FromSeconds(15));
            Assert.Equal(2, Count(server, "SELECT COUNT(*) FROM messages"));
            Assert.True(detector.HasCarried);
            hold.Set();
            pipeline.WriteCarriedLinks();
            Assert.False(detector.HasCarried);
            Assert.Equal(1, Count(server, "SELECT COUNT(*) FROM duplicate_links"));
        }
        finally { hold.Set(); }
    }

    [Fact]
    public async Task AMessageWhoseTransactionRolledBackIsNoCandidateForLaterOnes()
    {
        // The index changes inside the intake transaction; if that never commits, the next one rebuilds the index,
        // else the rolled-back conversation's id, reused by someone else's conversation, would be linked.
        await using var server = await InboxServer.StartAsync();
        var pipeline = server.Get<IntakePipeline>();
        const string card = "Bonjour, ma carte se terminant par 4548 est bloquée depuis ce matin, tous mes paiements sont refusés.";
        var first = Stored(server, "g1", 0, "email", new ScenarioCustomer { Name = "Jeanne Roux", Email = "jeanne.roux@example.fr" }, card);
        using (var c = server.Get<Db>().Open())
            c.Execute($"CREATE TRIGGER fail_g1 BEFORE UPDATE OF status ON raw_events WHEN NEW.id = {first.RawId} AND NEW.status = 'processed' BEGIN SELECT RAISE(ABORT, 'test: rolled back'); END");
        await Assert.ThrowsAnyAsync<Exception>(() => pipeline.ProcessAsync(first.RawId, first.Parsed));
        Assert.Equal(0, Count(server, "SELECT COUNT(*) FROM conversations"));

        var paul = Stored(server, "g2", 5, "whatsapp", new ScenarioCustomer { Name = "Paul Martin", WaId = "33612345678" }, "ma commande MA-1234567 n'est toujours pas arrivée");
        await pipeline.ProcessAsync(paul.RawId, paul.Parsed);
        var again = Stored(server, "g3", 20, "messenger", new ScenarioCustomer { Name = "Jeanne Roux", Psid = "7100000000555" }, card);
        await pipeline.ProcessAsync(again.RawId, again.Parsed);
        Assert.Equal(2, Count(server, "SELECT COUNT(*) FROM conversations"));
        Assert.Equal(0, Count(server, "SELECT COUNT(*) FROM duplicate_links"));
    }

    /// <summary>A scenario line (SCENARIOS.md).</summary>
    private static Task FeedAsync(InboxServer server, string line) =>
        FeedAsync(server, System.Text.Json.JsonSerializer.Deserialize<ScenarioEvent>(line, Scenario.Json)!);

    // One person on three channels (after the dev scenario): a tweet about another matter first joins the email by name
    // and wording alone; the tweet that really repeats the request later shares the customer number with Messenger.
    private const string Email = """{"id": "j1", "at": "2026-03-11T07:43:25Z", "channel": "email", "customer": {"name": "Jack Taylor", "email": "jacktaylor98@mail.example.com"}, "subject": "Close my account", "text": "Good morning,\n\nCan you help me to see the termination charge?\n\nThis is really frustrating.\n\nThanks,\nJack Taylor"}""";
    private const string OtherTweet = """{"id": "j2", "at": "2026-03-11T13:22:36Z", "channel": "x", "kind": "mention", "customer": {"name": "Jack T.", "handle": "jtaylor98", "x_id": "1855708488829219637"}, "text": "@MaisonHelp Hello, i was charged too many times for one transaction."}""";
    private const string Messenger = """{"id": "j3", "at": "2026-03-11T20:27:59Z", "channel": "messenger", "customer": {"name": "Jack Taylor", "psid": "4324802209796070"}, "text": "hi, can you help me to see the termination charge? my customer number is 12989392. This is my second message, the first one was by email earlier today. thx"}""";
    private const string SameTweet = """{"id": "j4", "at": "2026-03-12T03:10:25Z", "channel": "x", "kind": "mention", "customer": {"name": "Jack T.", "handle": "jtaylor98", "x_id": "1855708488829219637"}, "text": "@MaisonHelp can you help me see the termination charge!! (acct 12989392)"}""";

    [Fact]
    public async Task AMuchStrongerLinkOnAChannelDisplacesTheWeakAutomaticLinkOfThatChannelAndSaysSo()
    {
        await using var server = await InboxServer.StartAsync();
        foreach (var line in (string[])[Email, OtherTweet, Messenger]) await FeedAsync(server, line);
        using (var c = server.Get<Db>().Open())
            Assert.Contains(["j1", "j2"], DuplicateExport.Pairs(c)); // the weak link: name and wording

        await FeedAsync(server, SameTweet);
        using (var c = server.Get<Db>().Open())
        {
            var pairs = DuplicateExport.Pairs(c);
            Assert.Contains(["j3", "j4"], pairs);
            Assert.Contains(["j1", "j4"], pairs);
            Assert.DoesNotContain(pairs, p => p.Contains("j2"));
        }
        // Every link of the displaced tweet was rejected by the system (none by an agent), each with its audit entry.
        var displaced = Count(server, "SELECT COUNT(*) FROM duplicate_links WHERE status = 'rejected' AND decided_by IS NULL");
        Assert.True(displaced > 0);
        Assert.Equal(displaced, Count(server, "SELECT COUNT(*) FROM duplicate_links WHERE status = 'rejected'"));
        Assert.Equal(displaced, Count(server, "SELECT COUNT(*) FROM audit_log WHERE action = 'duplicate.supersede' AND agent_id IS NULL"));
    }

    [Fact]
    public async Task ALinkAnAgentConfirmedIsNeverDisplaced()
    {
        await using var server = await InboxServer.StartAsync();
        using var agent = await server.CreateAndLoginAsync("cleo", "agent");
        foreach (var line in (string[])[Email, OtherTweet, Messenger]) await FeedAsync(server, line);
        List<long> ids;
        using (var c0 = server.Get<Db>().Open()) ids = c0.Query<long>("SELECT id FROM duplicate_links").AsList();
        foreach (var id in ids)
            using (var r = await agent.Http.PostAsync($"/api/duplicates/links/{id}/confirm", null)) r.EnsureSuccessStatusCode();

        await FeedAsync(server, SameTweet);
        using var c = server.Get<Db>().Open();
        Assert.Contains(["j1", "j2"], DuplicateExport.Pairs(c));
        Assert.DoesNotContain(DuplicateExport.Pairs(c), p => p.Contains("j4"));
        Assert.Equal(0, Count(server, "SELECT COUNT(*) FROM duplicate_links WHERE status = 'rejected'"));
    }

    private static long Count(InboxServer server, string sql)
    {
        using var c = server.Get<Db>().Open();
        return c.ExecuteScalar<long>(sql);
    }
}
