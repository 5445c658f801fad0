using System.Globalization;
using System.Text.Json;
using Inbox.Core.Intake;
using Inbox.Core.Channels.Social;

namespace Inbox.Core.Channels.Meta;

/// <summary>Every WhatsApp message type as one readable line for agents (media arrives as an id to fetch later).</summary>
internal static class WhatsAppText
{
    public static string Of(string type, JsonElement m) => type switch
    {
        "text" => m.Path("text", "body") ?? "",
        "image" or "video" or "document" or "sticker" => Media(type, m.Get(type)),
        "audio" => Media(m.Get("audio")?.Bool("voice") == true ? "voice message" : "audio", m.Get("audio")),
        "location" => Location(m.Get("location")),
        "contacts" => "[contact] " + string.Join("; ", m.Array("contacts").Select(c =>
            $"{c.Path("name", "formatted_name")} {string.Join(", ", c.Array("phones").Select(p => p.Str("phone")))}".Trim())),
        "reaction" => m.Path("reaction", "emoji") is { Length: > 0 } emoji ? $"[reaction {emoji}]" : "[reaction removed]",
        "interactive" => Interactive(m.Get("interactive")),
        "button" => m.Path("button", "text") ?? m.Path("button", "payload") ?? "[button]",
        "order" => Order(m.Get("order")),
        "system" => $"[system] {m.Path("system", "body")}",
        "unsupported" => $"[unsupported message{(m.Path("unsupported", "type") is { } t ? " " + t : "")}]",
        _ => $"[{type} message]",
    };

    /// <summary>The file a media message refers to (image, video, audio, document, sticker), fetched after intake; none for other types.</summary>
    public static InboundAttachment? Attachment(string type, JsonElement message)
    {
        if (type is not ("image" or "video" or "audio" or "document" or "sticker") || message.Get(type) is not { } media || media.Str("id") is not { } id)
            return null;
        return new InboundAttachment(media.Str("filename"), media.Str("mime_type") ?? "application/octet-stream", 0, null,
            $"WhatsApp {type} {id}", "whatsapp:" + id);
    }

    private static string Media(string label, JsonElement? media)
    {
        if (media is not { } x) return $"[{label}]";
        var parts = new[] { x.Str("filename"), x.Str("caption") }.Where(p => !string.IsNullOrWhiteSpace(p));
        return $"[{label}{(x.Str("id") is { } id ? " " + id : "")}] {string.Join(" — ", parts)}".Trim();
    }

    private static string Location(JsonElement? l)
    {
        if (l is not { } x) return "[location]";
        var where = string.Join(", ", new[] { x.Str("name"), x.Str("address") }.Where(p => !string.IsNullOrWhiteSpace(p)));
        return $"[location] {where} ({x.Str("latitude")}, {x.Str("longitude")}) {x.Str("url")}".Replace("  ", " ").Trim();
    }

    private static string Interactive(JsonElement? i)
    {
        if (i is not { } x) return "[interactive reply]";
        if (x.Get("button_reply") is { } b) return b.Str("title") ?? b.Str("id") ?? "[button]";
        if (x.Get("list_reply") is { } l) return string.Join(" — ", new[] { l.Str("title"), l.Str("description") }.Where(p => p is not null));
        if (x.Get("nfm_reply") is { } f) return $"[form] {f.Str("body") ?? f.Str("response_json")}";
        return $"[interactive {x.Str("type")}]";
    }

    private static string Order(JsonElement? o)
    {
        if (o is not { } x) return "[order]";
        var items = x.Array("product_items").Select(p =>
            $"{p.Str("quantity")}× {p.Str("product_retailer_id")} ({p.Str("item_price")} {p.Str("currency")})");
        return $"[order] {string.Join(", ", items)} {x.Str("text")}".Trim();
    }
}
