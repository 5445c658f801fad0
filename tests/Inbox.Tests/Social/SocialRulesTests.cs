using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Inbox.Core.Conversations;
using Inbox.Tests.Support;
using static Inbox.Tests.Social.SocialHost;

namespace Inbox.Tests.Social;

/// <summary>Platform rules on the real host: messaging windows, receipts, retractions, public → private.</summary>
public sealed class SocialRulesTests(SocialHost host) : IClassFixture<SocialHost>
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(30);

    private static async Task<(HttpStatusCode Status, JsonElement Body)> Reply(InboxServer.Client agent, long conversationId, string text)
    {
        using var r = await agent.Http.PostAsJsonAsync($"/api/conversations/{conversationId}/replies", new { text, clientRef = NewId() });
        return (r.StatusCode, await r.Content.ReadFromJsonAsync<JsonElement>());
    }

    private async Task<string> Sent(JsonElement message)
    {
        var id = message.GetProperty("id").GetInt64();
        await Wait.UntilAsync(() => host.Scalar<string>("SELECT status FROM messages WHERE id = @id", new { id }) == "sent", Long);
        return host.Scalar<string>("SELECT external_id FROM messages WHERE id = @id", new { id });
    }

    private async Task<JsonElement> Compose(InboxServer.Client agent, long id) =>
        await agent.Http.GetFromJsonAsync<JsonElement>($"/api/conversations/{id}/compose");

    [Fact]
    public async Task MessengerAfter24HoursUsesTheHumanAgentTagAndAfter7DaysIsRefusedWithTheReason()
    {
        using var agent = await host.Server.LoginAsync();
        var (tagged, closed) = ("m_" + NewId(), "m_" + NewId());
        await host.PostMeta(Messenger("psid-" + tagged, tagged, "three days ago", DateTimeOffset.UtcNow.AddDays(-3)));
        await host.PostMeta(Messenger("psid-" + closed, closed, "eight days ago", DateTimeOffset.UtcNow.AddDays(-8)));
        var (c3, c8) = (await host.ConversationOf("messenger", tagged), await host.ConversationOf("messenger", closed));

        var info = await Compose(agent, c3);
        Assert.Equal(("tag", "HUMAN_AGENT", 1999), (info.GetProperty("window").GetString(), info.GetProperty("tag").GetString(), info.GetProperty("maxLength").GetInt32()));
        var (status, body) = await Reply(agent, c3, "tagged answer " + tagged);
        Assert.Equal(HttpStatusCode.Created, status);
        await Sent(body);
        var call = host.Sandbox.Requests.Single(r => r.Body.Contains("tagged answer " + tagged)).Json;
        Assert.Equal(("MESSAGE_TAG", "HUMAN_AGENT"), (call.GetProperty("messaging_type").GetString(), call.GetProperty("tag").GetString()));

        Assert.Equal("closed", (await Compose(agent, c8)).GetProperty("window").GetString());
        var before = host.Sandbox.Requests.Count;
        var refused = await Reply(agent, c8, "too late");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.Status);
        Assert.Contains("within 7 days", refused.Body.GetProperty("error").GetString());
        Assert.Equal(0, host.Scalar<long>("SELECT COUNT(*) FROM messages WHERE conversation_id = @c8 AND direction = 'out'", new { c8 }));
        Assert.Equal(before, host.Sandbox.Requests.Count);
    }

    [Fact]
    public async Task WhatsAppOutsideTheWindowNeedsATemplate()
    {
        using var agent = await host.Server.LoginAsync();
        var wamid = "wamid." + NewId();
        await host.PostMeta(WhatsAppText("4478" + Random.Shared.Next(100000, 999999), wamid, "old", DateTimeOffset.UtcNow.AddHours(-30)));
        var c = await host.ConversationOf("whatsapp", wamid);
        var info = await Compose(agent, c);
        Assert.Equal("closed", info.GetProperty("window").GetString());
        var refused = await Reply(agent, c, "hello again");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.Status);
        Assert.Contains("template required", refused.Body.GetProperty("error").GetString());
        // The same reason for the French page.
        Assert.StartsWith("modèle requis : la fenêtre de service client de 24 h de WhatsApp est fermée", refused.Body.GetProperty("errorFr").GetString());
        Assert.StartsWith("modèle requis", info.GetProperty("reasonFr").GetString());
    }

    [Fact]
    public async Task LengthLimitsAreEnforcedPerChannelAndShownInTheComposeInfo()
    {
        using var agent = await host.Server.LoginAsync();
        var (ig, tweet) = ("ig_" + NewId(), NewId());
        await host.PostMeta(Messenger("igsid-" + ig, ig, "hi", DateTimeOffset.UtcNow, "instagram", Instagram));
        await host.PostX(Mention("9" + Random.Shared.Next(1000, 9999), tweet, "@support hi", DateTimeOffset.UtcNow));
        var (ci, cx) = (await host.ConversationOf("instagram", ig), await host.ConversationOf("x", tweet));

        var igInfo = await Compose(agent, ci);
        Assert.Equal((999, "open"), (igInfo.GetProperty("maxLength").GetInt32(), igInfo.GetProperty("window").GetString()));
        Assert.True(igInfo.GetProperty("openUntil").GetInt64() > DateTimeOffset.UtcNow.AddHours(23).ToUnixTimeMilliseconds());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await Reply(agent, ci, new string('a', 1000))).Status);

        var xInfo = await Compose(agent, cx);
        Assert.Equal((280, true, true), (xInfo.GetProperty("maxLength").GetInt32(), xInfo.GetProperty("isPublic").GetBoolean(), xInfo.GetProperty("canMovePrivate").GetBoolean()));
        var tooLong = await Reply(agent, cx, new string('b', 281));
        Assert.Contains("at most 280", tooLong.Body.GetProperty("error").GetString());
        Assert.Equal("trop long pour X : 281 caractères, 280 au plus", tooLong.Body.GetProperty("errorFr").GetString());
    }

    [Fact]
    public async Task WhatsAppStatusesNeverMoveBackwards()
    {
        using var agent = await host.Server.LoginAsync();
        var (wa, wamid) = ("4479" + Random.Shared.Next(100000, 999999), "wamid." + NewId());
        await host.PostMeta(WhatsAppText(wa, wamid, "status test", DateTimeOffset.UtcNow));
        var c = await host.ConversationOf("whatsapp", wamid);
        var (_, body) = await Reply(agent, c, "status answer");
        var platformId = await Sent(body);
        var id = body.GetProperty("id").GetInt64();

        await host.PostMeta(WhatsAppStatus(platformId, "read", wa, DateTimeOffset.UtcNow));
        await Wait.UntilAsync(() => host.Scalar<string>("SELECT status FROM messages WHERE id = @id", new { id }) == "read", Long);
        await host.PostMeta(WhatsAppStatus(platformId, "delivered", wa, DateTimeOffset.UtcNow)); // late and out of order
        await host.PostMeta(WhatsAppStatus(platformId, "sent", wa, DateTimeOffset.UtcNow));
        await Wait.UntilAsync(() => host.Scalar<long>("SELECT COUNT(*) FROM raw_events WHERE status = 'pending'") == 0, Long);
        Assert.Equal("read", host.Scalar<string>("SELECT status FROM messages WHERE id = @id", new { id }));
    }

    [Fact]
    public async Task MessengerReadWatermarkMarksEarlierRepliesRead()
    {
        using var agent = await host.Server.LoginAsync();
        var (psid, mid) = ("psid-w" + NewId(), "m_" + NewId());
        await host.PostMeta(Messenger(psid, mid, "watermark", DateTimeOffset.UtcNow.AddMinutes(-1)));
        var c = await host.ConversationOf("messenger", mid);
        var (_, body) = await Reply(agent, c, "watermark answer");
        await Sent(body);
        var read = $$"""{"object":"page","entry":[{"id":"P1","time":1,"messaging":[{"sender":{"id":"{{psid}}"},"recipient":{"id":"P1"},"timestamp":1,"read":{"watermark":{{Ms(DateTimeOffset.UtcNow.AddSeconds(5))}}} } ] } ] }""";
        await host.PostMeta(read);
        var id = body.GetProperty("id").GetInt64();
        await Wait.UntilAsync(() => host.Scalar<string>("SELECT status FROM messages WHERE id = @id", new { id }) == "read", Long);
    }

    [Fact]
    public async Task InstagramUnsendRedactsTheTextButKeepsTheRow()
    {
        var (igsid, mid) = ("igsid-" + NewId(), "ig_" + NewId());
        await host.PostMeta(Messenger(igsid, mid, "secret words", DateTimeOffset.UtcNow, "instagram", Instagram));
        await host.ConversationOf("instagram", mid);
        var unsend = $$"""{"object":"instagram","entry":[{"id":"IG1","time":1,"messaging":[{"sender":{"id":"{{igsid}}"},"recipient":{"id":"IG1"},"timestamp":{{Ms(DateTimeOffset.UtcNow)}},"message":{"mid":"{{mid}}","is_deleted":true} } ] } ] }""";
        Assert.Equal(HttpStatusCode.OK, (await host.PostMeta(unsend)).StatusCode);
        await Wait.UntilAsync(() => host.Scalar<long?>("SELECT redacted_at FROM messages WHERE external_id = @mid", new { mid }) is not null, Long);
        Assert.Equal("", host.Scalar<string>("SELECT text FROM messages WHERE external_id = @mid", new { mid }));
        Assert.Equal("unsent by the customer", host.Scalar<string>("SELECT redaction_reason FROM messages WHERE external_id = @mid", new { mid }));
    }

    [Fact]
    public async Task PublicMentionMovedToPrivateIsAnsweredByDm()
    {
        using var agent = await host.Server.LoginAsync();
        var (user, tweet) = ("8" + Random.Shared.Next(100000, 999999), NewId());
        await host.PostX(Mention(user, tweet, "@support my card was charged twice", DateTimeOffset.UtcNow));
        var pub = await host.ConversationOf("x", tweet);

        using var r = await agent.Http.PostAsJsonAsync($"/api/conversations/{pub}/private", new { text = "Could you DM us your order number? " + tweet });
        Assert.Equal(HttpStatusCode.Created, r.StatusCode);
        var priv = (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("conversationId").GetInt64();
        Assert.NotEqual(pub, priv);
        Assert.Equal(0, host.Scalar<int>("SELECT is_public FROM conversations WHERE id = @priv", new { priv }));
        Assert.Equal(tweet, host.Scalar<string>("SELECT origin_external_id FROM conversations WHERE id = @priv", new { priv }));
        await Wait.UntilAsync(() => host.Sandbox.Requests.Any(q => q.Body.Contains("order number? " + tweet)), Long);
        var call = host.Sandbox.Requests.Single(q => q.Body.Contains("order number? " + tweet));
        Assert.Equal($"/2/dm_conversations/with/{user}/messages", call.Path);

        // The customer's DM answer lands in that private conversation; a second move reuses it.
        var dm = NewId();
        await host.PostX(Dm(user, dm, "MA-123", DateTimeOffset.UtcNow.AddSeconds(1)));
        Assert.Equal(priv, await host.ConversationOf("x", dm));
        using var again = await agent.Http.PostAsJsonAsync($"/api/conversations/{pub}/private", new { text = "Thanks!" });
        Assert.Equal(priv, (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("conversationId").GetInt64());
    }

    [Fact]
    public async Task PageCommentIsPublicAnsweredByCommentAndMovedToPrivateByPrivateReply()
    {
        using var agent = await host.Server.LoginAsync();
        var (from, comment) = ("fb-" + NewId(), "P1post_" + NewId());
        var feed = $$"""{"object":"page","entry":[{"id":"P1","time":1,"changes":[{"field":"feed","value":{"item":"comment","verb":"add","comment_id":"{{comment}}","post_id":"P1_post","parent_id":"P1_post","from":{"id":"{{from}}","name":"Ann"},"message":"Still no refund","created_time":{{DateTimeOffset.UtcNow.ToUnixTimeSeconds()}} } } ] } ] }""";
        Assert.Equal(HttpStatusCode.OK, (await host.PostMeta(feed)).StatusCode);
        var pub = await host.ConversationOf("messenger", comment);
        Assert.Equal(1, host.Scalar<int>("SELECT is_public FROM conversations WHERE id = @pub", new { pub }));

        var (_, body) = await Reply(agent, pub, "public comment answer " + comment);
        await Sent(body);
        var publicCall = host.Sandbox.Requests.Single(q => q.Body.Contains("public comment answer " + comment));
        Assert.Equal(($"/v21.0/{comment}/comments", "public comment answer " + comment), (publicCall.Path, publicCall.Json.GetProperty("message").GetString()));

        using var r = await agent.Http.PostAsJsonAsync($"/api/conversations/{pub}/private", new { text = "private reply " + comment });
        Assert.Equal(HttpStatusCode.Created, r.StatusCode);
        await Wait.UntilAsync(() => host.Sandbox.Requests.Any(q => q.Body.Contains("private reply " + comment)), Long);
        var call = host.Sandbox.Requests.Single(q => q.Body.Contains("private reply " + comment)).Json;
        Assert.Equal(comment, call.GetProperty("recipient").GetProperty("comment_id").GetString());
        Assert.Equal("RESPONSE", call.GetProperty("messaging_type").GetString());
    }
    [Fact]
    public async Task InstagramCommentIsPublicAnsweredByReplyAndMovedToPrivateByPrivateReply()
    {
        using var agent = await host.Server.LoginAsync();
        var (from, comment) = ("igsid-" + NewId(), "1790" + NewId());
        string Comments(string id, string author, string text) =>
            $$"""{"object":"instagram","entry":[{"id":"{{Instagram}}","time":{{DateTimeOffset.UtcNow.ToUnixTimeSeconds()}},"changes":[{"field":"comments","value":{"id":"{{id}}","from":{"id":"{{author}}","username":"ann.b"},"text":"{{text}}","media":{"id":"18172143295349192","media_product_type":"FEED"} } } ] } ] }""";
        Assert.Equal(HttpStatusCode.OK, (await host.PostMeta(Comments(comment, from, "Still no refund for order MA-77"))).StatusCode);
        var pub = await host.ConversationOf("instagram", comment);
        Assert.Equal(1, host.Scalar<int>("SELECT is_public FROM conversations WHERE id = @pub", new { pub }));
        Assert.Equal("ann.b", host.Scalar<string>("""
            SELECT i.handle FROM conversations c JOIN identities i ON i.id = c.identity_id WHERE c.id = @pub
            """, new { pub }));
        // Redelivered: stored once. Our own comment (the account's id as author) is not a customer's message.
        Assert.Equal(HttpStatusCode.OK, (await host.PostMeta(Comments(comment, from, "Still no refund for order MA-77"))).StatusCode);
        var own = "1790" + NewId();
        Assert.Equal(HttpStatusCode.OK, (await host.PostMeta(Comments(own, Instagram, "We are on it"))).StatusCode);
        await Wait.UntilAsync(() => host.Scalar<long>("SELECT COUNT(*) FROM raw_events WHERE status = 'pending'") == 0, Long);
        Assert.Equal(1, host.Scalar<long>("SELECT COUNT(*) FROM messages WHERE external_id = @comment", new { comment }));
        Assert.Equal(0, host.Scalar<long>("SELECT COUNT(*) FROM messages WHERE external_id = @own", new { own }));

        // The compose box holds the reply to Instagram's comment length.
        var compose = await agent.Http.GetFromJsonAsync<JsonElement>($"/api/conversations/{pub}/compose");
        Assert.Equal((true, 2200, true), (compose.GetProperty("isPublic").GetBoolean(), compose.GetProperty("maxLength").GetInt32(), compose.GetProperty("canMovePrivate").GetBoolean()));

        var (_, body) = await Reply(agent, pub, "public reply " + comment);
        await Sent(body);
        var publicCall = host.Sandbox.Requests.Single(q => q.Body.Contains("public reply " + comment));
        Assert.Equal(($"/v21.0/{comment}/replies", "public reply " + comment, "Bearer ig-token"),
            (publicCall.Path, publicCall.Json.GetProperty("message").GetString(), publicCall.Authorization));

        using var r = await agent.Http.PostAsJsonAsync($"/api/conversations/{pub}/private", new { text = "private reply " + comment });
        Assert.Equal(HttpStatusCode.Created, r.StatusCode);
        await Wait.UntilAsync(() => host.Sandbox.Requests.Any(q => q.Body.Contains("private reply " + comment)), Long);
        var call = host.Sandbox.Requests.Single(q => q.Body.Contains("private reply " + comment));
        Assert.Equal($"/v21.0/{Instagram}/messages", call.Path);
        Assert.Equal(comment, call.Json.GetProperty("recipient").GetProperty("comment_id").GetString());
    }

    [Fact]
    public async Task OurReplyTweetEchoedByXMatchesItsOutboxRow()
    {
        using var agent = await host.Server.LoginAsync();
        var (user, tweet) = ("6" + Random.Shared.Next(100000, 999999), NewId());
        await host.PostX(Mention(user, tweet, "@support hello", DateTimeOffset.UtcNow));
        var c = await host.ConversationOf("x", tweet);
        var (_, body) = await Reply(agent, c, "echo test " + tweet);
        var platformId = await Sent(body);
        var echo = $$"""{"for_user_id":"{{XUser}}","tweet_create_events":[{"created_at":"{{Inbox.Core.Channels.X.XNormalizer.FormatCreatedAt(DateTimeOffset.UtcNow)}}","id_str":"{{platformId}}","text":"echo test","in_reply_to_status_id_str":"{{tweet}}","in_reply_to_user_id_str":"{{user}}","in_reply_to_screen_name":"u","user":{"id_str":"{{XUser}}","screen_name":"support"} } ] }""";
        Assert.Equal(HttpStatusCode.OK, (await host.PostX(echo)).StatusCode);
        await Wait.UntilAsync(() => host.Scalar<long>("SELECT COUNT(*) FROM raw_events WHERE status = 'pending'") == 0, Long);
        Assert.Equal(1, host.Scalar<long>("SELECT COUNT(*) FROM messages WHERE conversation_id = @c AND direction = 'out'", new { c }));
    }
}
