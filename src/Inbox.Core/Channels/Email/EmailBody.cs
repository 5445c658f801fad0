using Inbox.Core.Intake;
using MimeKit;
using MimeKit.Text;

namespace Inbox.Core.Channels.Email;

/// <summary>The readable body of a message (plain text preferred, else HTML converted) and its attachments.</summary>
public sealed record EmailBody(string Text, MimeEntity? Part)
{
    public static EmailBody Of(MimeMessage mime)
    {
        var parts = mime.BodyParts.OfType<TextPart>().Where(p => !p.IsAttachment).ToList();
        var plain = parts.FirstOrDefault(p => p.IsPlain);
        if (plain is not null) return new EmailBody(PlainText(plain), plain);
        var html = parts.FirstOrDefault(p => p.IsHtml);
        if (html is not null) return new EmailBody(HtmlToText.Convert(html.Text ?? ""), html);
        return new EmailBody("", null);
    }

    /// <summary>format=flowed is unwrapped (RFC 3676), honouring DelSp; the charset comes from the part (MimeKit falls back to Latin-1 on invalid bytes).</summary>
    private static string PlainText(TextPart part)
    {
        var text = part.Text ?? "";
        if (!string.Equals(part.ContentType.Parameters["format"], "flowed", StringComparison.OrdinalIgnoreCase)) return text;
        var delsp = string.Equals(part.ContentType.Parameters["delsp"], "yes", StringComparison.OrdinalIgnoreCase);
        return new FlowedToText { DeleteSpace = delsp }.Convert(text);
    }

    /// <summary>Every part other than the body text: name, type and size; content only up to the size limit.</summary>
    public static IReadOnlyList<InboundAttachment> Attachments(MimeMessage mime, EmailBody body, long maxBytes)
    {
        var list = new List<InboundAttachment>();
        foreach (var entity in mime.BodyParts)
        {
            if (ReferenceEquals(entity, body.Part)) continue;
            if (entity is TextPart t && !t.IsAttachment && (t.IsPlain || t.IsHtml)) continue; // alternative bodies
            using var ms = new MemoryStream();
            switch (entity)
            {
                case MimePart p when p.Content is not null: p.Content.DecodeTo(ms); break;
                case MessagePart m when m.Message is not null: m.Message.WriteTo(ms); break;
                case MimePart: break;
                default: continue;
            }
            var name = entity is MimePart mp ? mp.FileName : null;
            var type = entity.ContentType.MimeType.ToLowerInvariant();
            var size = ms.Length;
            var tooBig = size > maxBytes;
            list.Add(new InboundAttachment(string.IsNullOrWhiteSpace(name) ? null : name, type, size, tooBig ? null : ms.ToArray(),
                tooBig ? $"not stored: {size} bytes is over the {maxBytes} byte limit" : null));
        }
        return list;
    }
}
