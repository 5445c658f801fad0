using System.Globalization;
using System.Text.Json;
using Inbox.Core.Channels.Social;
using Inbox.Core.Intake;
using Inbox.Core.Model;

namespace Inbox.Core.Channels.Meta;

/// <summary>
/// WhatsApp Cloud API: entry[].changes[].value with contacts[], messages[] and statuses[]. The customer key is
/// the wa_id (phone digits); when a user hides their number, the business-scoped user id (BSUID) stands in.
/// </summary>
internal static class WhatsAppChanges
{
    private sealed record Contact(string? WaId, string? UserId, string? Name);

    public static void Read(JsonElement entry, MetaOutput output)
    {
        foreach (var change in entry.Array("changes"))
        {
            if (change.Str("field") is { } field && field != "messages") continue;
            if (change.Get("value") is not { } v) throw new PayloadException("whatsapp change without value");
            var account = v.Path("metadata", "phone_number_id") ?? throw new PayloadException("whatsapp value has no metadata.phone_number_id");
            var contacts = v.Array("contacts").Select(c => new Contact(c.Str("wa_id"), c.Str("user_id"), c.Path("profile", "name"))).ToList();
            foreach (var m in v.Array("messages")) Message(account, m, contacts, output);
            foreach (var s in v.Array("statuses")) Status(s, output);
        }
    }

    private static void Message(string account, JsonElement m, List<Contact> contacts, MetaOutput output)
    {
        var id = m.Str("id") ?? throw new PayloadException("whatsapp message without id");
        var at = Seconds(m.Str("timestamp")) ?? throw new PayloadException($"whatsapp message {id} has no timestamp");
        var type = m.Str("type") ?? "unknown";
        if (type == "revoke")
        {
            var original = m.Path("revoke", "original_message_id") ?? throw new PayloadException($"whatsapp revoke {id} names no message");
            output.Retractions.Add(new Retraction(ChannelName.WhatsApp, original, at, "deleted by the customer on WhatsApp"));
            return;
        }
        var from = m.Str("from");
        var userId = m.Str("from_user_id");
        var contact = contacts.FirstOrDefault(c => (from is not null && c.WaId == from) || (userId is not null && c.UserId == userId))
            ?? (contacts.Count == 1 ? contacts[0] : null);
        var waId = Digits(from) ?? Digits(contact?.WaId);
        var key = waId ?? userId ?? contact?.UserId ?? throw new PayloadException($"whatsapp message {id} has neither a phone number nor a user id");

        var body = m;
        var prefix = "";
        if (type == "edit" && m.Get("edit") is { } edit)
        {
            body = edit.Get("message") ?? edit;
            type = body.Str("type") ?? "text";
            prefix = "[edited] ";
        }
        if (m.Get("context") is { } ctx && (ctx.Bool("forwarded") || ctx.Bool("frequently_forwarded"))) prefix += "[forwarded] ";
        var text = prefix + WhatsAppText.Of(type, body);
        if (m.Get("referral") is { } referral) text += $"\n[from ad: {referral.Str("headline") ?? referral.Str("source_url")}]";

        output.Messages.Add(new NormalizedMessage
        {
            Channel = ChannelName.WhatsApp,
            Account = account,
            ExternalId = id,
            Customer = new IdentityInfo(ChannelName.WhatsApp, key, contact?.Name, Handle: waId is null ? null : userId ?? contact?.UserId, Phone: waId),
            Text = text,
            SentAt = at,
            ReplyToExternalId = m.Path("edit", "original_message_id") ?? m.Path("reaction", "message_id") ?? m.Path("context", "id"),
            Attachments = WhatsAppText.Attachment(type, body) is { } file ? [file] : [],
        });
    }

    private static readonly Dictionary<string, string> StatusNames = new()
    {
        ["sent"] = "sent", ["delivered"] = "delivered", ["read"] = "read", ["played"] = "read", ["failed"] = "failed",
    };

    private static void Status(JsonElement s, MetaOutput output)
    {
        var id = s.Str("id") ?? throw new PayloadException("whatsapp status without id");
        if (!StatusNames.TryGetValue(s.Str("status") ?? "", out var status)) return;
        var error = s.Array("errors").Select(e => e.Path("error_data", "details") ?? e.Str("message") ?? e.Str("title")).FirstOrDefault();
        output.Statuses.Add(new StatusUpdate(ChannelName.WhatsApp, id, status, Seconds(s.Str("timestamp")) ?? 0, error));
    }

    private static long? Seconds(string? value) =>
        long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var s) ? s * 1000 : null;

    private static string? Digits(string? phone)
    {
        if (phone is null) return null;
        var d = new string(phone.Where(char.IsAsciiDigit).ToArray());
        return d.Length > 0 ? d : null;
    }
}
