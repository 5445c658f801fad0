using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Inbox.Core.Conversations;
using Inbox.Tests.Support;
using Microsoft.AspNetCore.SignalR.Client;
using static Inbox.Tests.Social.SocialHost;

namespace Inbox.Tests.Social;

/// <summary>Signed webhooks into the real host, agent replies out to the local Graph/X API sandbox.</summary>
public sealed class SocialEndToEndTests(SocialHost host) : IClassFixture<SocialHost>
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(30);

    private async Task<MessageView> Reply(InboxServer.Client agent, long conversationId, string text, string? clientRef = null)
    {
        using var r = await agent.Http.PostAsJsonAsync($"/api/conversations/{conversationId}/replies", new { text, clientRef = clientRef ?? NewId() });
        Assert.True(r.StatusCode == HttpStatusCode.Created, await r.Content.ReadAsStringAsync());
        return (await r.Content.ReadFromJsonAsync<MessageView>())!;
    }

    private async Task<string> WaitStatus(long messageId, string status)
    {
        await Wait.UntilAsync(() => host.Scalar<string>("SELECT status FROM messages WHERE id = @messageId", new { messageId }) == status,
            Long, $"message {messageId} {status}");
        return host.Scalar<string>("SELECT external_id FROM messages WHERE id = @messageId", new { messageId });
    }

    private List<Inbox.Web.Sandbox.PlatformSandbox.Recorded> RequestsWith(string text) =>
        host.Sandbox.Requests.Where(r => r.Body.Contains(text, StringComparison.Ordinal)).ToList();

    [Fact]
    public async Task SignedMessengerMessageReachesTheHubAndTheReplyIsTheDocumentedSendApiCall()
    {
        using var agent = await host.Server.LoginAsync();
        await using var hub = await agent.ConnectHubAsync();
        var psid = "psid-" + NewId();
        var mid = "m_" + NewId();
        var seen = new TaskCompletionSource<MessageView>();
        hub.OnArrivedInFull(agent.Http, m => { if (m.ExternalId == mid) seen.TrySetResult(m); });

        var r = await host.PostMeta(Messenger(psid, mid, "Where is order MA-4471?", DateTimeOffset.UtcNow.AddMinutes(-5)));
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var inbound = await Wait.ForAsync(seen, Long);
        Assert.Equal(("messenger", "Where is order MA-4471?"), (inbound.Channel, inbound.DisplayText));

        var reply = await Reply(agent, inbound.ConversationId, "It ships tomorrow.", "ref-" + mid);
        var platformId = await WaitStatus(reply.Id, "sent");

        var call = Assert.Single(RequestsWith("It ships tomorrow."));
        Assert.Equal("/v21.0/P1/messages", call.Path);
        Assert.Equal("?access_token=page-token", call.Query);
        var json = call.Json;
        Assert.Equal(psid, json.GetProperty("recipient").GetProperty("id").GetString());
        Assert.Equal("RESPONSE", json.GetProperty("messaging_type").GetString());
        Assert.False(json.TryGetProperty("tag", out _));
        Assert.Equal("It ships tomorrow.", json.GetProperty("message").GetProperty("text").GetString());
        Assert.Equal("ref-" + mid, json.GetProperty("message").GetProperty("metadata").GetString());
        Assert.StartsWith("m_SBX", platformId); // the platform id replaced our local one

        // Meta echoes our own send: matched to the outbox row, not stored twice.
        var echo = $$"""{"object":"page","entry":[{"id":"P1","time":1,"messaging":[{"sender":{"id":"P1"},"recipient":{"id":"{{psid}}"},"timestamp":{{Ms(DateTimeOffset.UtcNow)}},"message":{"is_echo":true,"app_id":1,"metadata":"ref-{{mid}}","mid":"{{platformId}}","text":"It ships tomorrow."} }]}]}""";
        Assert.Equal(HttpStatusCode.OK, (await host.PostMeta(echo)).StatusCode);
        await Wait.UntilAsync(() => host.Scalar<string>("SELECT status FROM raw_events ORDER BY id DESC LIMIT 1") == "processed", Long);
        Assert.Equal(1, host.Scalar<long>("SELECT COUNT(*) FROM messages WHERE conversation_id = @c AND direction = 'out'", new { c = inbound.ConversationId }));

        // A reply typed in the Page inbox (another tool) is imported as an agent message.
        var other = $$"""{"object":"page","entry":[{"id":"P1","time":1,"messaging":[{"sender":{"id":"P1"},"recipient":{"id":"{{psid}}"},"timestamp":{{Ms(DateTimeOffset.UtcNow)}},"message":{"is_echo":true,"app_id":2,"mid":"m_other_{{mid}}","text":"Sent from Business Suite"} }]}]}""";
        await host.PostMeta(other);
        await host.ConversationOf("messenger", "m_other_" + mid);
        Assert.Equal("out", host.Scalar<string>("SELECT direction FROM messages WHERE external_id = @id", new { id = "m_other_" + mid }));
    }

    public static TheoryData<string> Kinds => new() { "messenger", "instagram", "whatsapp", "x-mention", "x-dm" };

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task EveryChannelKindRunsAFullConversation(string kind)
    {
        using var agent = await host.Server.LoginAsync();
        var user = "7" + Random.Shared.NextInt64(100_000_000, 999_999_999);
        var (first, second) = (NewId(), NewId());
        var t0 = DateTimeOffset.UtcNow.AddMinutes(-10);
        async Task Send(string id, string text, DateTimeOffset at)
        {
            var r = kind switch
            {
                "messenger" => await host.PostMeta(Messenger(user, id, text, at)),
                "instagram" => await host.PostMeta(Messenger(user, id, text, at, "instagram", Instagram)),
                "whatsapp" => await host.PostMeta(WhatsAppText(user, id, text, at)),
                "x-mention" => await host.PostX(Mention(user, id, text, at)),
                _ => await host.PostX(Dm(user, id, text, at)),
            };
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        }
        var channel = kind.StartsWith('x') ? "x" : kind;

        await Send(first, $"{kind} question", t0);
        var conversation = await host.ConversationOf(channel, first);
        var reply = await Reply(agent, conversation, $"{kind} answer {first}");
        var platformId = await WaitStatus(reply.Id, "sent");
        var call = Assert.Single(RequestsWith($"{kind} answer {first}"));
        var json = call.Json;
        switch (kind)
        {
            case "messenger":
                Assert.Equal(("/v21.0/P1/messages", user), (call.Path, json.GetProperty("recipient").GetProperty("id").GetString()));
                break;
            case "instagram":
                Assert.Equal(("/v21.0/IG1/messages", "Bearer ig-token"), (call.Path, call.Authorization));
                Assert.Equal(user, json.GetProperty("recipient").GetProperty("id").GetString());
                break;
            case "whatsapp":
                Assert.Equal(("/v21.0/WA1/messages", "Bearer wa-token"), (call.Path, call.Authorization));
                Assert.Equal(("whatsapp", "individual", user, "text"), (json.GetProperty("messaging_product").GetString(),
                    json.GetProperty("recipient_type").GetString(), json.GetProperty("to").GetString(), json.GetProperty("type").GetString()));
                Assert.Equal($"{kind} answer {first}", json.GetProperty("text").GetProperty("body").GetString());
                Assert.StartsWith("wamid.SBX", platformId);
                break;
            case "x-mention":
                Assert.Equal(("/2/tweets", "Bearer x-token"), (call.Path, call.Authorization));
                Assert.Equal(first, json.GetProperty("reply").GetProperty("in_reply_to_tweet_id").GetString());
                Assert.Equal(1, host.Scalar<int>("SELECT is_public FROM conversations WHERE id = @conversation", new { conversation }));
                break;
            default:
                Assert.Equal(($"/2/dm_conversations/with/{user}/messages", "Bearer x-token"), (call.Path, call.Authorization));
                Assert.Equal($"{kind} answer {first}", json.GetProperty("text").GetString());
                Assert.Equal(0, host.Scalar<int>("SELECT is_public FROM conversations WHERE id = @conversation", new { conversation }));
                break;
        }
        Assert.DoesNotContain("local:", platformId);

        // The customer writes again a few minutes later: same conversation (idle-gap rule), answered again.
        // WhatsApp and tweets carry whole seconds: the follow-up is stamped on the next whole second, and the
        // second answer waits until that time has passed so the thread order is in, out, in, out.
        var t1 = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 1);
        await Send(second, $"{kind} follow-up", t1);
        while (DateTimeOffset.UtcNow <= t1.AddMilliseconds(20)) await Task.Delay(50);
        Assert.Equal(conversation, await host.ConversationOf(channel, second));
        var again = await Reply(agent, conversation, $"{kind} second answer {second}");
        await WaitStatus(again.Id, "sent");
        if (kind == "x-mention")
            Assert.Equal(second, Assert.Single(RequestsWith($"second answer {second}")).Json.GetProperty("reply").GetProperty("in_reply_to_tweet_id").GetString());
        var detail = await agent.Http.GetFromJsonAsync<ConversationDetail>($"/api/conversations/{conversation}");
        Assert.Equal(["in", "out", "in", "out"], detail!.Messages.Select(m => m.Direction));
    }

    [Fact]
    public async Task RateLimitedReplyIsRetriedAfterTheResetAndDeliveredOnce()
    {
        using var agent = await host.Server.LoginAsync();
        var tweet = NewId();
        await host.PostX(Mention("555" + Random.Shared.Next(1000, 9999), tweet, "@support help", DateTimeOffset.UtcNow));
        var conversation = await host.ConversationOf("x", tweet);
        var reset = DateTimeOffset.UtcNow.AddSeconds(1).ToUnixTimeSeconds().ToString();
        host.Sandbox.Fail(429, 1, "/2/tweets", new Dictionary<string, string>
            { ["x-rate-limit-limit"] = "100", ["x-rate-limit-remaining"] = "0", ["x-rate-limit-reset"] = reset });

        var reply = await Reply(agent, conversation, "rate limited answer " + tweet);
        await WaitStatus(reply.Id, "sent");

        Assert.Equal(2, RequestsWith("rate limited answer " + tweet).Count); // one 429, one success
        Assert.Equal(2, host.Scalar<long>("SELECT attempts FROM outbox WHERE message_id = @Id", reply));
        Assert.Equal(1, host.Scalar<long>("SELECT COUNT(*) FROM messages WHERE conversation_id = @conversation AND direction = 'out'", new { conversation }));
    }

    [Fact]
    public async Task ServerErrorsAreRetriedWithBackoffThenShownAsFailed()
    {
        using var agent = await host.Server.LoginAsync();
        await using var hub = await agent.ConnectHubAsync();
        var wamid = "wamid." + NewId();
        await host.PostMeta(WhatsAppText("3361" + Random.Shared.Next(100000, 999999), wamid, "bonjour", DateTimeOffset.UtcNow));
        var conversation = await host.ConversationOf("whatsapp", wamid);
        host.Sandbox.Fail(500, 3, "/WA1/messages");
        var failedPush = new TaskCompletionSource<MessageView>();
        hub.On<MessageView>("MessageChanged", m => { if (m.ConversationId == conversation && m.Status == "failed") failedPush.TrySetResult(m); });

        var reply = await Reply(agent, conversation, "server error answer " + wamid);
        var failed = await Wait.ForAsync(failedPush, Long);

        Assert.Contains("gave up after 3 attempts", failed.StatusDetail);
        var calls = RequestsWith("server error answer " + wamid);
        Assert.Equal(3, calls.Count);
        // Exponential backoff: 0.2 s then 0.4 s at least (lower bounds only; a loaded machine only adds time).
        Assert.True(calls[1].At - calls[0].At >= TimeSpan.FromMilliseconds(190));
        Assert.True(calls[2].At - calls[1].At >= TimeSpan.FromMilliseconds(390));
        Assert.Equal("failed", host.Scalar<string>("SELECT status FROM outbox WHERE message_id = @Id", reply));
    }

    [Fact]
    public async Task RedeliveredWebhookIsStoredOnce()
    {
        var mid = "m_" + NewId();
        var body = Messenger("psid-" + mid, mid, "same message", DateTimeOffset.UtcNow);
        var first = await host.PostMeta(body);
        var second = await host.PostMeta(body);
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (first.StatusCode, second.StatusCode));
        Assert.True((await second.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("duplicate").GetBoolean());
        await host.ConversationOf("messenger", mid);
        // The same event inside a different batch (Meta retries may regroup): the mid keeps it single.
        var regrouped = body.Replace("\"time\":", "\"time\":1").Replace("]}]}", "]}],\"extra\":1}");
        Assert.Equal(HttpStatusCode.OK, (await host.PostMeta(regrouped)).StatusCode);
        await Wait.UntilAsync(() => host.Scalar<long>("SELECT COUNT(*) FROM raw_events WHERE status = 'pending'") == 0, Long);
        Assert.Equal(1, host.Scalar<long>("SELECT COUNT(*) FROM messages WHERE external_id = @mid", new { mid }));
    }

    [Fact]
    public async Task TamperedOrUnsignedWebhooksAre401AndNothingIsStored()
    {
        var before = host.Scalar<long>("SELECT COUNT(*) FROM raw_events");
        var mid = "m_" + NewId();
        var body = Messenger("psid-t", mid, "tampered", DateTimeOffset.UtcNow);
        static byte[] Flip(byte[] b) { var c = (byte[])b.Clone(); c[^5] ^= 1; return c; }

        Assert.Equal(HttpStatusCode.Unauthorized, (await host.PostMeta(body, Flip)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.PostMeta(body, signature: "")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.PostMeta(body, signature: Inbox.Core.Channels.Social.WebhookSignature.MetaSign("wrong", System.Text.Encoding.UTF8.GetBytes(body)))).StatusCode);
        var tweet = Mention("42", NewId(), "tampered", DateTimeOffset.UtcNow);
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.PostX(tweet, Flip)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.PostX(tweet, signature: "")).StatusCode);

        Assert.Equal(before, host.Scalar<long>("SELECT COUNT(*) FROM raw_events"));
        Assert.Equal(0, host.Scalar<long>("SELECT COUNT(*) FROM messages WHERE external_id = @mid", new { mid }));
    }

    [Fact]
    public async Task SignedButMalformedIs400NamingTheProblemAndTheRawIsKept()
    {
        var r = await host.PostMeta("""{"object":"page","entry":[{"id":"P1","messaging":[{"sender":{"id":"U"},"timestamp":1,"message":{"text":"no mid"}}]}]}""");
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        var problem = await r.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("without mid", problem.GetProperty("detail").GetString());
        var rawId = problem.GetProperty("rawId").GetInt64();
        Assert.Equal("failed", host.Scalar<string>("SELECT status FROM raw_events WHERE id = @rawId", new { rawId }));

        var x = await host.PostX("""{"tweet_create_events":[{"id_str":"1"}]}""");
        Assert.Equal(HttpStatusCode.BadRequest, x.StatusCode);
        Assert.Contains("for_user_id", await x.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task MetaSubscriptionCheckAndXCrcAreAnswered()
    {
        using var anon = host.Server.Anonymous();
        Assert.Equal("1158201444", await anon.Http.GetStringAsync("/webhooks/meta?hub.mode=subscribe&hub.verify_token=verify-me&hub.challenge=1158201444"));
        var wrong = await anon.Http.GetAsync("/webhooks/meta?hub.mode=subscribe&hub.verify_token=nope&hub.challenge=1");
        Assert.Equal(HttpStatusCode.Forbidden, wrong.StatusCode);
        var crc = await anon.Http.GetFromJsonAsync<JsonElement>("/webhooks/x?crc_token=foo");
        Assert.Equal(Inbox.Core.Channels.Social.WebhookSignature.XCrcResponse(XSecret, "foo"), crc.GetProperty("response_token").GetString());
    }
}
