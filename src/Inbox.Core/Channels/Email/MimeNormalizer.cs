using System.Text.RegularExpressions;
using Inbox.Core.Intake;
using Inbox.Core.Model;
using MimeKit;

namespace Inbox.Core.Channels.Email;

/// <summary>Reads one RFC 822 message (from IMAP, SMTP-in or POST /inbound/email) into a normalized message.</summary>
public sealed partial class MimeNormalizer : IChannelNormalizer
{
    public string Source => "email";

    public NormalizeResult Normalize(RawEnvelope raw)
    {
        if (raw.Body.Length == 0) throw new PayloadException("empty email body");
        MimeMessage mime;
        try
        {
            using var stream = new MemoryStream(raw.Body);
            mime = MimeMessage.Load(stream);
        }
        catch (FormatException e)
        {
            throw new PayloadException($"not a MIME message: {e.Message}");
        }

        var from = mime.From.Mailboxes.FirstOrDefault() ?? mime.Sender ?? mime.ReplyTo.Mailboxes.FirstOrDefault();
        if (from is null || string.IsNullOrWhiteSpace(from.Address))
            throw new PayloadException("email has no From address");
        if (mime.Headers.Count == 0 || (mime.TextBody is null && mime.HtmlBody is null && !mime.BodyParts.Any() && mime.Subject is null))
            throw new PayloadException("email has no headers or body");

        var text = mime.TextBody ?? StripTags(mime.HtmlBody ?? "");
        var messageId = mime.MessageId is { Length: > 0 } id ? $"<{id}>" : null;
        var externalId = messageId ?? $"<sha256.{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(raw.Body))}@inbox.local>";
        var refs = mime.References.Select(r => $"<{r}>").Reverse().ToList();
        return NormalizeResult.Of(new NormalizedMessage
        {
            Channel = ChannelName.Email,
            Account = mime.To.Mailboxes.FirstOrDefault()?.Address?.ToLowerInvariant() ?? "",
            ExternalId = externalId,
            Customer = new IdentityInfo(ChannelName.Email, from.Address.Trim().ToLowerInvariant(), NullIfEmpty(from.Name), Email: from.Address),
            Subject = mime.Subject,
            Text = text.Trim(),
            SentAt = (mime.Date == DateTimeOffset.MinValue ? DateTimeOffset.FromUnixTimeMilliseconds(raw.ReceivedAt) : mime.Date).ToUnixTimeMilliseconds(),
            ReplyToExternalId = mime.InReplyTo is { Length: > 0 } irt ? $"<{irt}>" : null,
            ThreadRefs = refs,
        });
    }

    private static string? NullIfEmpty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    private static string StripTags(string html) => System.Net.WebUtility.HtmlDecode(TagRegex().Replace(html, " "));

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex TagRegex();
}
