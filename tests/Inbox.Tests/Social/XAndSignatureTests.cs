using System.Text;
using Inbox.Core.Channels.Social;
using Inbox.Core.Channels.X;
using Inbox.Core.Intake;
using Inbox.Tests.Support;

namespace Inbox.Tests.Social;

public sealed class XAndSignatureTests
{
    private static NormalizeResult Parse(string body) =>
        new XNormalizer().Normalize(new RawEnvelope(1, "x", "application/json", new Dictionary<string, string>(), Encoding.UTF8.GetBytes(body), 0));

    /// <summary>The vectors of ../shared/fixtures/x/NOTES.md (xdevplatform/autohook), read from the file itself.</summary>
    [Fact]
    public void XSignaturesMatchThePublishedVectors()
    {
        var notes = File.ReadAllText(Paths.Fixture("x", "NOTES.md"));
        var rows = System.Text.RegularExpressions.Regex.Matches(notes, @"^\| `(?<body>[^`]+)` \| `(?<sig>sha256=[^`]+)` \|", System.Text.RegularExpressions.RegexOptions.Multiline);
        Assert.Equal(2, rows.Count);
        foreach (System.Text.RegularExpressions.Match row in rows)
        {
            var body = Encoding.UTF8.GetBytes(row.Groups["body"].Value);
            Assert.Equal(row.Groups["sig"].Value, WebhookSignature.XSign("test", body));
            Assert.True(WebhookSignature.XVerify("test", body, row.Groups["sig"].Value));
        }
        Assert.Equal("sha256=25Cu3iwbbiqBTwQRzcKJZwisjf736V2Q8UaTlkfLSoc=", WebhookSignature.XSign("test", "test=1&other_test=2"u8));
        Assert.Equal("sha256=YWHphPn/JFq43jkF0y4/w8R/SelmLjvpunhVFY8JhlI=", WebhookSignature.XSign("test", """{"test_number":1,"test_string":"two"}"""u8));
    }

    [Fact]
    public void XCrcResponseMatchesTheNotesVector() =>
        Assert.Equal("sha256=HlU5y5rWhNi1SHftUCyOxuT6JRuDqeVBKWp1yvldR04=", WebhookSignature.XCrcResponse("test", "foo"));

    [Fact]
    public void TamperedOrMissingSignaturesAreRejected()
    {
        var body = """{"test_number":1,"test_string":"two"}"""u8.ToArray();
        Assert.False(WebhookSignature.XVerify("test", "{\"test_number\":2,\"test_string\":\"two\"}"u8, "sha256=YWHphPn/JFq43jkF0y4/w8R/SelmLjvpunhVFY8JhlI="));
        Assert.False(WebhookSignature.XVerify("other", body, "sha256=YWHphPn/JFq43jkF0y4/w8R/SelmLjvpunhVFY8JhlI="));
        Assert.False(WebhookSignature.XVerify("test", body, null));
        var meta = WebhookSignature.MetaSign("secret", body);
        Assert.Matches("^sha256=[0-9a-f]{64}$", meta);
        Assert.True(WebhookSignature.MetaVerify("secret", body, meta.ToUpperInvariant().Replace("SHA256=", "sha256=")));
        Assert.False(WebhookSignature.MetaVerify("secret", body, "sha256=" + new string('0', 64)));
        Assert.False(WebhookSignature.MetaVerify("secret", body, ""));
    }

    [Fact]
    public void MentionIsPublicAndUsesTheFullTextWhenTruncated()
    {
        var r = Parse("""
            {"for_user_id":"100","user_has_blocked":false,"tweet_create_events":[{"created_at":"Mon Jan 01 12:00:00 +0000 2024",
              "id_str":"1900","text":"@support my order has…","truncated":true,"extended_tweet":{"full_text":"@support my order has not arrived, number MA-1"},
              "in_reply_to_status_id_str":null,"in_reply_to_user_id_str":"100","user":{"id_str":"200","screen_name":"cust","name":"A Customer"}}]}
            """);
        var m = Assert.Single(r.Messages);
        Assert.Equal(("x", "100", "1900", true, "in"), (m.Channel, m.Account, m.ExternalId, m.IsPublic, m.Direction));
        Assert.Equal("@support my order has not arrived, number MA-1", m.Text);
        Assert.Equal(new DateTimeOffset(2024, 1, 1, 12, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds(), m.SentAt);
        Assert.Equal(("200", "cust", "A Customer"), (m.Customer.ExternalId, m.Customer.Handle, m.Customer.DisplayName));
    }

    [Fact]
    public void OurOwnTweetsAreOutgoingAndOurStandalonePostsAreDropped()
    {
        var r = Parse("""
            {"for_user_id":"100","tweet_create_events":[
              {"created_at":"Mon Jan 01 12:05:00 +0000 2024","id_str":"1901","text":"@cust we are on it","in_reply_to_status_id_str":"1900",
               "in_reply_to_user_id_str":"200","in_reply_to_screen_name":"cust","user":{"id_str":"100","screen_name":"support"}},
              {"created_at":"Mon Jan 01 12:06:00 +0000 2024","id_str":"1902","text":"New collection!","user":{"id_str":"100","screen_name":"support"}},
              {"created_at":"Mon Jan 01 12:07:00 +0000 2024","id_str":"1903","text":"RT","retweeted_status":{"id_str":"1"},"user":{"id_str":"300"}}]}
            """);
        var m = Assert.Single(r.Messages);
        Assert.Equal(("out", "200", "1900"), (m.Direction, m.Customer.ExternalId, m.ReplyToExternalId));
    }

    [Fact]
    public void DirectMessagesArePrivateWithNamesFromTheUsersMap()
    {
        var r = Parse("""
            {"for_user_id":"100","direct_message_events":[
              {"type":"message_create","id":"5001","created_timestamp":"1704110400000","message_create":{"target":{"recipient_id":"100"},"sender_id":"200",
                "message_data":{"text":"Hi, I need help with my refund","entities":{}}}},
              {"type":"message_create","id":"5002","created_timestamp":"1704110460000","message_create":{"target":{"recipient_id":"200"},"sender_id":"100",
                "source_app_id":"9","message_data":{"text":"Sure"}}}],
             "users":{"200":{"id":"200","name":"A Customer","screen_name":"cust"},"100":{"id":"100","name":"Support","screen_name":"support"}}}
            """);
        Assert.Equal(2, r.Messages.Count);
        var (inbound, outbound) = (r.Messages[0], r.Messages[1]);
        Assert.Equal(("5001", "in", false, 1704110400000L), (inbound.ExternalId, inbound.Direction, inbound.IsPublic, inbound.SentAt));
        Assert.Equal(("200", "cust", "A Customer"), (inbound.Customer.ExternalId, inbound.Customer.Handle, inbound.Customer.DisplayName));
        Assert.Equal(("out", "200"), (outbound.Direction, outbound.Customer.ExternalId));
    }

    [Fact]
    public void TweetDeleteBecomesARetraction()
    {
        var r = Parse("""{"for_user_id":"100","tweet_delete_events":[{"status":{"id":"1900","user_id":"200"},"timestamp_ms":"1704110500000"}]}""");
        var d = Assert.Single(r.Retractions);
        Assert.Equal(("1900", 1704110500000L), (d.ExternalId, d.At));
    }

    [Fact]
    public void EventsWithoutForUserIdAreRefused() =>
        Assert.Contains("for_user_id", Assert.Throws<PayloadException>(() => Parse("""{"tweet_create_events":[]}""")).Message);

    [Fact]
    public void OtherEventKindsProduceNothing() =>
        Assert.Empty(Parse("""{"for_user_id":"100","favorite_events":[{"id":"1"}],"follow_events":[]}""").Messages);
}

public sealed class ReplayChannelsTests
{
    [Fact]
    public void CliReplayAddsSignedSocialWebhooksWhenTheirSecretsAreGiven()
    {
        using var http = new HttpClient { BaseAddress = new Uri("http://127.0.0.1:1") };
        var channels = Inbox.Cli.ReplayChannels.For(http, Inbox.Cli.CliArgs.Parse(["f.jsonl", "--secret", "s", "--meta-secret", "m"]));
        var messenger = new Inbox.Core.Replay.ScenarioEvent { Id = "e1", Channel = "messenger", Text = "hi" };
        var mention = new Inbox.Core.Replay.ScenarioEvent { Id = "e2", Channel = "x", Kind = "mention", Text = "hi" };
        Assert.Contains(channels, c => c.Handles(messenger));
        Assert.DoesNotContain(channels, c => c.Handles(mention)); // no X consumer secret given
    }

    [Fact]
    public void ReplayedMetaPayloadUsesTheEventIdAndTimeAndParsesBack()
    {
        var accounts = new SocialReplayAccounts("m", "P", "IG", "WA", "x", "100");
        var at = new DateTimeOffset(2026, 3, 2, 9, 14, 5, TimeSpan.Zero);
        var e = new Inbox.Core.Replay.ScenarioEvent { Id = "e0042", Channel = "whatsapp", At = at, Text = "Bonjour", Customer = new() { Name = "Marie", WaId = "33612345678" } };
        var body = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(SocialScenarioChannel.MetaPayload(e, at, accounts));
        var m = Assert.Single(new Inbox.Core.Channels.Meta.MetaNormalizer().Normalize(new RawEnvelope(1, "meta", null, new Dictionary<string, string>(), body, 0)).Messages);
        Assert.Equal(("e0042", "WA", "33612345678", at.ToUnixTimeMilliseconds(), "Bonjour"), (m.ExternalId, m.Account, m.Customer.ExternalId, m.SentAt, m.Text));
    }
}
