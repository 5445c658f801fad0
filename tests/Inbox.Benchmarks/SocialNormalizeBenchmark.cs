using System.Text;
using BenchmarkDotNet.Attributes;
using Inbox.Core.Channels.Meta;
using Inbox.Core.Channels.Social;
using Inbox.Core.Channels.X;
using Inbox.Core.Intake;

namespace Inbox.Benchmarks;

/// <summary>The per-webhook CPU cost of the social channels: signature check and parsing of one delivery.</summary>
[MemoryDiagnoser]
public class SocialNormalizeBenchmark
{
    private static readonly Dictionary<string, string> NoHeaders = [];
    private readonly RawEnvelope _messenger = Raw("meta", """{"object":"page","entry":[{"id":"P1","time":1700000000000,"messaging":[{"sender":{"id":"6738442662624789"},"recipient":{"id":"P1"},"timestamp":1700000000000,"message":{"mid":"m_AbCdEf0123456789","text":"I expect a refund of €341.90. It's order MA-8582778 (backpack), placed on February 13"}}]}]}""");
    private readonly RawEnvelope _whatsapp = Raw("meta", """{"object":"whatsapp_business_account","entry":[{"id":"WABA","changes":[{"field":"messages","value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550001111","phone_number_id":"WA1"},"contacts":[{"profile":{"name":"Wanda"},"wa_id":"33612345678"}],"messages":[{"from":"33612345678","id":"wamid.HBgLMzM2MTIzNDU2NzgVAgASGBQzQUFERjg0","timestamp":"1700000000","type":"text","text":{"body":"Bonjour, ma commande MA-4471 n'est jamais arrivée"}}]}}]}]}""");
    private readonly RawEnvelope _mention = Raw("x", """{"for_user_id":"100","user_has_blocked":false,"tweet_create_events":[{"created_at":"Mon Jan 01 12:00:00 +0000 2024","id_str":"1900000000000000001","text":"@support my order has not arrived","truncated":false,"in_reply_to_status_id_str":null,"in_reply_to_user_id_str":"100","in_reply_to_screen_name":"support","timestamp_ms":"1704110400000","user":{"id_str":"2000000000000000002","screen_name":"customer","name":"A Customer"}}]}""");
    private readonly MetaNormalizer _meta = new();
    private readonly XNormalizer _x = new();
    private string _signature = "";

    [GlobalSetup]
    public void Setup() => _signature = WebhookSignature.MetaSign("app-secret", _messenger.Body);

    private static RawEnvelope Raw(string source, string json) => new(1, source, "application/json", NoHeaders, Encoding.UTF8.GetBytes(json), 0);

    [Benchmark] public bool VerifyMetaSignature() => WebhookSignature.MetaVerify("app-secret", _messenger.Body, _signature);
    [Benchmark] public NormalizeResult NormalizeMessenger() => _meta.Normalize(_messenger);
    [Benchmark] public NormalizeResult NormalizeWhatsApp() => _meta.Normalize(_whatsapp);
    [Benchmark] public NormalizeResult NormalizeXMention() => _x.Normalize(_mention);
}
