using System.Text;
using System.Text.Json;
using Inbox.Core.Channels.Social;
using Inbox.Core.Intake;

namespace Inbox.Core.Channels.Meta;

/// <summary>
/// entry[].messaging[] and entry[].standby[] of Messenger and Instagram: messages, echoes, postbacks,
/// deliveries, reads and Instagram unsends. Handover and referral events carry no message and are skipped.
/// </summary>
internal static class MessagingEvents
{
    public static void Read(JsonElement entry, string channel, MetaOutput output)
    {
        var account = entry.Str("id") ?? throw new PayloadException($"{channel} entry has no id");
        foreach (var ev in entry.Array("messaging").Concat(entry.Array("standby")))
        {
            var sender = ev.Path("sender", "id");
            var recipient = ev.Path("recipient", "id");
            var at = ev.Long("timestamp") ?? entry.Long("time") ?? 0;
            if (ev.Get("message") is { } message) Message(channel, account, sender, recipient, at, message, output);
            else if (ev.Get("postback") is { } postback) Postback(channel, account, sender, at, postback, output);
            else if (ev.Get("delivery") is { } delivery) Receipt(channel, account, sender, delivery, "delivered", output);
            else if (ev.Get("read") is { } read) Receipt(channel, account, sender, read, "read", output);
        }
    }

    private static void Message(string channel, string account, string? sender, string? recipient, long at, JsonElement m, MetaOutput output)
    {
        var mid = m.Str("mid") ?? throw new PayloadException($"{channel} message without mid");
        if (m.Bool("is_deleted"))
        {
            output.Retractions.Add(new Retraction(channel, mid, at, "unsent by the customer"));
            return;
        }
        var echo = m.Bool("is_echo");
        // In an echo the Page is the sender and the customer the recipient.
        var customer = (echo ? recipient : sender) ?? throw new PayloadException($"{channel} message {mid} has no {(echo ? "recipient" : "sender")} id");
        output.Messages.Add(new NormalizedMessage
        {
            Channel = channel,
            Account = account,
            ExternalId = mid,
            Direction = echo ? "out" : "in",
            Customer = new IdentityInfo(channel, customer, null),
            Text = Text(m),
            SentAt = at,
            ReplyToExternalId = m.Path("reply_to", "mid"),
            ClientRef = echo ? m.Str("metadata") : null,
            Attachments = echo ? [] : Files(channel, m),
        });
    }

    /// <summary>The files a customer sent (image, video, audio, file): their CDN URL, fetched after intake (MediaFetcher).</summary>
    private static List<InboundAttachment> Files(string channel, JsonElement m)
    {
        var files = new List<InboundAttachment>();
        foreach (var a in m.Array("attachments"))
            if (a.Str("type") is "image" or "video" or "audio" or "file" && a.Path("payload", "url") is { Length: > 0 } url)
                files.Add(new InboundAttachment(null, a.Str("type") switch { "image" => "image/*", "video" => "video/*", "audio" => "audio/*", _ => "application/octet-stream" },
                    0, null, $"{(channel == Model.ChannelName.Instagram ? "Instagram" : "Messenger")} {a.Str("type")}", "url:" + url));
        return files;
    }

    /// <summary>Text plus a readable line per attachment, story reply or share: agents see what was sent.</summary>
    private static string Text(JsonElement m)
    {
        var sb = new StringBuilder(m.Str("text") ?? "");
        if (m.Get("reply_to") is { } replyTo && replyTo.Get("story") is { } story)
            Line(sb, $"[replied to your story: {story.Str("url") ?? story.Str("id")}]");
        foreach (var a in m.Array("attachments"))
        {
            var type = a.Str("type") ?? "file";
            var url = a.Path("payload", "url") ?? a.Path("payload", "title") ?? "";
            Line(sb, type switch
            {
                "story_mention" => $"[mentioned you in their story] {url}",
                "share" => $"[shared a post] {url}",
                "fallback" => $"[link] {a.Str("title")} {url}",
                _ => $"[{type}] {url}",
            });
        }
        if (m.Get("quick_reply") is { } qr && sb.Length == 0) Line(sb, $"[quick reply] {qr.Str("payload")}");
        return sb.Length == 0 ? "[empty message]" : sb.ToString().Trim();
    }

    private static void Line(StringBuilder sb, string line)
    {
        if (sb.Length > 0) sb.Append('\n');
        sb.Append(line.Trim());
    }

    private static void Postback(string channel, string account, string? sender, long at, JsonElement p, MetaOutput output)
    {
        if (sender is null) throw new PayloadException($"{channel} postback has no sender id");
        output.Messages.Add(new NormalizedMessage
        {
            Channel = channel,
            Account = account,
            // Postbacks carry a mid since v11; older ones are keyed by who and when, which is unique per tap.
            ExternalId = p.Str("mid") ?? $"postback:{sender}:{at}",
            Customer = new IdentityInfo(channel, sender, null),
            Text = $"[button] {p.Str("title") ?? p.Str("payload")}",
            SentAt = at,
        });
    }

    private static void Receipt(string channel, string account, string? customer, JsonElement r, string status, MetaOutput output)
    {
        var watermark = r.Long("watermark");
        var mids = r.Array("mids").Select(x => x.GetString()).OfType<string>().ToList();
        if (r.Str("mid") is { } one) mids.Add(one); // Instagram messaging_seen
        foreach (var mid in mids) output.Statuses.Add(new StatusUpdate(channel, mid, status, watermark ?? 0));
        if (mids.Count == 0 && watermark is not null && customer is not null)
            output.Statuses.Add(Watermark.Status(channel, account, customer, status, watermark.Value));
    }
}
