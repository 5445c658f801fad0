using Inbox.Core.Channels.Social;
using Inbox.Core.Intake;

namespace Inbox.Core.Channels.Meta;

/// <summary>
/// Every Meta webhook (source "meta"): Messenger and Page feed (object "page"), Instagram ("instagram") and
/// WhatsApp ("whatsapp_business_account"). Every entry[] and every event array inside it is read.
/// </summary>
public sealed class MetaNormalizer : IChannelNormalizer
{
    public const string SourceName = "meta";
    public string Source => SourceName;

    public NormalizeResult Normalize(RawEnvelope raw)
    {
        var root = J.Root(raw.Body, "meta");
        var kind = root.Str("object") ?? throw new PayloadException("meta payload has no 'object' field");
        if (root.Get("entry") is not { ValueKind: System.Text.Json.JsonValueKind.Array })
            throw new PayloadException("meta payload has no entry[] array");
        if (kind is not ("page" or "instagram" or "whatsapp_business_account"))
            throw new PayloadException($"meta payload object '{kind}' is not page, instagram or whatsapp_business_account");
        var output = new MetaOutput();
        foreach (var entry in root.Array("entry"))
        {
            switch (kind)
            {
                case "page":
                    MessagingEvents.Read(entry, Model.ChannelName.Messenger, output);
                    PageFeed.Read(entry, output);
                    break;
                case "instagram":
                    MessagingEvents.Read(entry, Model.ChannelName.Instagram, output);
                    InstagramComments.Read(entry, output);
                    break;
                case "whatsapp_business_account":
                    WhatsAppChanges.Read(entry, output);
                    break;
                default:
                    throw new PayloadException($"meta payload object '{kind}' is not page, instagram or whatsapp_business_account");
            }
        }
        return output.Result();
    }
}

/// <summary>What one payload produced, collected across entries.</summary>
internal sealed class MetaOutput
{
    public List<NormalizedMessage> Messages { get; } = [];
    public List<StatusUpdate> Statuses { get; } = [];
    public List<Retraction> Retractions { get; } = [];
    public NormalizeResult Result() => new(Messages, Statuses, Retractions);
}
