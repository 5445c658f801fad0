using System.Text.Json;
using Inbox.Core.Channels.Meta;
using Inbox.Core.Intake;
using Inbox.Tests.Support;

namespace Inbox.Tests.Social;

/// <summary>The Meta normalizer over every Messenger and WhatsApp fixture file in ../shared/fixtures.</summary>
public sealed class MetaFixtureTests
{
    private static readonly MetaNormalizer Normalizer = new();

    private static NormalizeResult Parse(byte[] body) =>
        Normalizer.Normalize(new RawEnvelope(1, "meta", "application/json", new Dictionary<string, string>(), body, 0));

    private static NormalizeResult ParseFile(params string[] path) => Parse(File.ReadAllBytes(Paths.Fixture(path)));

    /// <summary>WhatsApp fixture files hold several named payloads each.</summary>
    private static NormalizeResult ParseNamed(string file, string name)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(Paths.Fixture("whatsapp", file)));
        return Parse(JsonSerializer.SerializeToUtf8Bytes(doc.RootElement.GetProperty(name)));
    }

    [Fact]
    public void EveryMessengerWebhookFixtureParsesAndEveryNonWebhookFileIsRefusedByName()
    {
        var files = Directory.GetFiles(Paths.Fixture("messenger"), "*.json").Select(Path.GetFileName).ToList();
        Assert.Equal(10, files.Count);
        foreach (var file in files)
        {
            if (file is "Activities.json" or "FacebookMessages.json")
            {
                // Bot Framework output and the adapter's outbound model, not webhook bodies.
                var e = Assert.Throws<PayloadException>(() => ParseFile("messenger", file!));
                Assert.Contains("meta payload", e.Message);
            }
            else ParseFile("messenger", file!);
        }
    }

    [Fact]
    public void MessengerTextMessageBecomesAnInboundMessageKeyedOnMid()
    {
        var m = Assert.Single(ParseFile("messenger", "RequestResponse.json").Messages);
        Assert.Equal("messenger", m.Channel);
        Assert.Equal("123123123", m.Account);
        Assert.Equal("Q3znCzp31iKkarGcToiQWSJGtmSVjUPs7GtwB7WEjVRcg9MxG8TT09Z0wimdrcCHxQCRpMSKZcHBthhqXsonoA", m.ExternalId);
        Assert.Equal("asd", m.Text);
        Assert.Equal(1570649960249, m.SentAt);
        Assert.Equal("in", m.Direction);
        Assert.False(m.IsPublic);
    }

    [Fact]
    public void StandbyEventsAreReadBesideMessaging()
    {
        var r = ParseFile("messenger", "PayloadWithStandby.json");
        Assert.Equal("AAAA-BBBB-CCCC", Assert.Single(r.Messages).ExternalId); // standby entries here carry no message
    }

    [Fact]
    public void PostbackBecomesAButtonMessageWithItsMid()
    {
        var m = Assert.Single(ParseFile("messenger", "PayloadWithPostBack.json").Messages);
        Assert.Equal("m_1457764197618:41d102a3e1ae206a38", m.ExternalId);
        Assert.Equal("[button] title", m.Text);
    }

    [Theory]
    [InlineData("PayloadWithReferral.json")]
    [InlineData("PayloadWithPassThreadControl.json")]
    [InlineData("PayloadWithTakeThreadControl.json")]
    [InlineData("PayloadWithRequestThreadControl.json")]
    public void HandoverAndReferralEventsProduceNoMessage(string file)
    {
        var r = ParseFile("messenger", file);
        Assert.Empty(r.Messages);
        Assert.Empty(r.Statuses);
    }

    [Fact]
    public void EveryWhatsAppFixturePayloadParses()
    {
        var count = 0;
        foreach (var file in Directory.GetFiles(Paths.Fixture("whatsapp"), "*.json"))
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(file));
            foreach (var p in doc.RootElement.EnumerateObject())
            {
                var r = Parse(JsonSerializer.SerializeToUtf8Bytes(p.Value));
                Assert.True(r.Messages.Count + r.Statuses.Count + r.Retractions.Count > 0, $"{Path.GetFileName(file)}:{p.Name} produced nothing");
                Assert.All(r.Messages, m => Assert.False(string.IsNullOrWhiteSpace(m.Text), $"{p.Name} has no readable text"));
                count++;
            }
        }
        Assert.Equal(39, count); // 23 + 7 + 2 + 3 + 2 + 1 + 1 named payloads
    }

    [Theory]
    [InlineData("message.json", "text", "Body Text")]
    [InlineData("message.json", "image", "[image 65463453]")]
    [InlineData("message.json", "voice", "[voice message")]
    [InlineData("message.json", "document", "filename.pdf — caption")]
    [InlineData("message.json", "chosen_location", "Facebook HQ, 1 Hacker Way")]
    [InlineData("message.json", "contacts", "[contact] Chandler Bing +1 555-555-5555")]
    [InlineData("message.json", "reaction", "[reaction 😮]")]
    [InlineData("message.json", "unreaction_empty", "[reaction removed]")]
    [InlineData("message.json", "order", "3× HAMBURGER")]
    [InlineData("message.json", "forwarded", "[forwarded] forwarded text")]
    [InlineData("message.json", "unsupported", "[unsupported message]")]
    [InlineData("callback_button.json", "button", "title")]
    [InlineData("callback_button.json", "quick_reply", "title")]
    [InlineData("callback_selection.json", "description", "title — description")]
    [InlineData("system.json", "phone_number_change", "[system] User A changed from 972987654321 to 972912345678")]
    [InlineData("edited_message.json", "image", "[edited] [image 1234567890] Updated image caption")]
    public void WhatsAppMessageTypesBecomeReadableText(string file, string name, string expected)
    {
        var m = Assert.Single(ParseNamed(file, name).Messages);
        Assert.Contains(expected, m.Text);
        Assert.Equal("whatsapp", m.Channel);
    }

    [Fact]
    public void WhatsAppCustomerIsTheWaIdWithPhoneAndTheBsuidKept()
    {
        var m = Assert.Single(ParseNamed("message.json", "text").Messages);
        Assert.Equal("1122334455667", m.Account);
        Assert.Equal("wamid.xyzxyz", m.ExternalId);
        Assert.Equal(1697043223000, m.SentAt);
        Assert.Equal(new IdentityInfo("whatsapp", "972987654321", "Test Name", Handle: "US.13491208655302741918", Phone: "972987654321"), m.Customer);
    }

    [Fact]
    public void WhatsAppUserWithoutPhoneIsKeyedOnTheBsuid()
    {
        var body = """
            {"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":{
              "metadata":{"phone_number_id":"42"},"contacts":[{"profile":{"name":"Hidden"},"user_id":"US.777"}],
              "messages":[{"from_user_id":"US.777","id":"wamid.h1","timestamp":"1700000000","type":"text","text":{"body":"hi"}}]}}]}]}
            """u8.ToArray();
        var m = Assert.Single(Parse(body).Messages);
        Assert.Equal("US.777", m.Customer.ExternalId);
        Assert.Null(m.Customer.Phone);
    }

    [Fact]
    public void WhatsAppStatusesBecomeStatusUpdatesWithTheFailureReason()
    {
        Assert.Equal("delivered", Assert.Single(ParseNamed("message_status.json", "delivered").Statuses).Status);
        Assert.Equal("read", Assert.Single(ParseNamed("message_status.json", "played").Statuses).Status);
        var failed = Assert.Single(ParseNamed("message_status.json", "failed").Statuses);
        Assert.Equal(("wamid.xyzxyz", "failed", 1689380458000L), (failed.ExternalId, failed.Status, failed.At));
        Assert.Contains("experiment", failed.Detail);
    }

    [Fact]
    public void WhatsAppRevokeRetractsTheOriginalMessage()
    {
        var r = Assert.Single(ParseNamed("deleted_message.json", "revoke").Retractions);
        Assert.Equal("<ORIGINAL_WHATSAPP_MESSAGE_ID>", r.ExternalId);
    }

    [Fact]
    public void MessengerEchoIsOutgoingWithOurMetadataAndTheCustomerAsRecipient()
    {
        var body = """
            {"object":"page","entry":[{"id":"P1","time":1,"messaging":[{"sender":{"id":"P1"},"recipient":{"id":"U1"},"timestamp":1700000000000,
              "message":{"is_echo":true,"app_id":123,"metadata":"ref-9","mid":"m_echo","text":"Hello"}}]}]}
            """u8.ToArray();
        var m = Assert.Single(Parse(body).Messages);
        Assert.Equal(("out", "U1", "ref-9"), (m.Direction, m.Customer.ExternalId, m.ClientRef));
    }

    [Fact]
    public void DeliveryAndReadReceiptsBecomeStatuses()
    {
        var body = """
            {"object":"page","entry":[{"id":"P1","time":1,"messaging":[
              {"sender":{"id":"U1"},"recipient":{"id":"P1"},"timestamp":5,"delivery":{"mids":["m_1","m_2"],"watermark":1700000000000}},
              {"sender":{"id":"U1"},"recipient":{"id":"P1"},"timestamp":6,"read":{"watermark":1700000000001}}]}]}
            """u8.ToArray();
        var r = Parse(body);
        Assert.Equal(["m_1:delivered", "m_2:delivered"], r.Statuses.Take(2).Select(s => $"{s.ExternalId}:{s.Status}"));
        Assert.True(Inbox.Core.Channels.Social.Watermark.Is(r.Statuses[2]));
    }

    [Fact]
    public void InstagramUnsendStoryReplyAndShareAreUnderstood()
    {
        var body = """
            {"object":"instagram","entry":[{"id":"IG1","time":1,"messaging":[
              {"sender":{"id":"S1"},"recipient":{"id":"IG1"},"timestamp":10,"message":{"mid":"ig_1","text":"love it","reply_to":{"story":{"url":"https://cdn/story","id":"st1"}}}},
              {"sender":{"id":"S1"},"recipient":{"id":"IG1"},"timestamp":11,"message":{"mid":"ig_2","attachments":[{"type":"share","payload":{"url":"https://cdn/post"}}]}},
              {"sender":{"id":"S1"},"recipient":{"id":"IG1"},"timestamp":12,"message":{"mid":"ig_1","is_deleted":true}}]}]}
            """u8.ToArray();
        var r = Parse(body);
        Assert.Equal("instagram", r.Messages[0].Channel);
        Assert.Contains("[replied to your story: https://cdn/story]", r.Messages[0].Text);
        Assert.Equal("[shared a post] https://cdn/post", r.Messages[1].Text);
        Assert.Equal("ig_1", Assert.Single(r.Retractions).ExternalId);
    }

    [Fact]
    public void PageCommentIsPublicAndThePagesOwnCommentIsSkipped()
    {
        var body = """
            {"object":"page","entry":[{"id":"P1","time":1700000000,"changes":[
              {"field":"feed","value":{"item":"comment","verb":"add","comment_id":"post_c1","post_id":"P1_post","parent_id":"P1_post",
                "from":{"id":"U7","name":"Ann"},"message":"Where is my parcel?","created_time":1700000000,"post":{"permalink_url":"https://fb/p"}}},
              {"field":"feed","value":{"item":"comment","verb":"add","comment_id":"post_c2","post_id":"P1_post","parent_id":"post_c1",
                "from":{"id":"P1","name":"Page"},"message":"We are on it","created_time":1700000001}}]}]}
            """u8.ToArray();
        var m = Assert.Single(Parse(body).Messages);
        Assert.True(m.IsPublic);
        Assert.Equal(("post_c1", "U7", 1700000000000L), (m.ExternalId, m.Customer.ExternalId, m.SentAt));
    }

    [Theory]
    [InlineData("not json", "could not be read")]
    [InlineData("""{"entry":[]}""", "no 'object'")]
    [InlineData("""{"object":"user","entry":[]}""", "object 'user'")]
    [InlineData("""{"object":"page","entry":[{"id":"P","messaging":[{"sender":{"id":"U"},"message":{"text":"no mid"}}]}]}""", "without mid")]
    public void MalformedPayloadsNameTheProblem(string body, string problem)
    {
        var pipelineLike = Record.Exception(() => Parse(System.Text.Encoding.UTF8.GetBytes(body)));
        Assert.NotNull(pipelineLike);
        Assert.True(pipelineLike is PayloadException or JsonException);
        if (pipelineLike is PayloadException) Assert.Contains(problem, pipelineLike.Message);
    }
}
