using Inbox.Core.Intake;
using Inbox.Core.Model;
using MimeKit;
using MimeKit.Utils;

namespace Inbox.Core.Channels.Email;

/// <summary>Reads one RFC 822 message (from IMAP, SMTP-in or POST /inbound/email) into a normalized message.</summary>
public sealed class MimeNormalizer(EmailOptions? options = null) : IChannelNormalizer
{
    /// <summary>Raw-event header naming the mailbox an IMAP fetch came from (the conversation's account).</summary>
    public const string MailboxHeader = "X-Inbox-Mailbox";

    private readonly EmailOptions _options = options ?? new EmailOptions();

    // windows-125x, koi8-r, shift_jis… are not built into .NET: without the code-page provider MimeKit drops those characters.
    static MimeNormalizer() => System.Text.Encoding.RegisterProvider(System.Text.CodePagesEncodingProvider.Instance);

    public string Source => "email";

    public NormalizeResult Normalize(RawEnvelope raw)
    {
        using var mime = Load(raw.Body); // disposed: a MimeMessage left to its finalizer keeps the whole parsed mail alive one collection longer
        var tags = EmailTags.Of(mime);
        var from = From(mime, tags);
        var body = EmailBody.Of(mime);
        var text = body.Text.Trim();
        var messageId = mime.MessageId is { Length: > 0 } id ? $"<{id}>" : null;
        var externalId = messageId ?? $"<sha256.{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(raw.Body))}@inbox.local>";
        var (replyTo, refs) = Threading(mime);
        var account = raw.Headers.TryGetValue(MailboxHeader, out var mailbox) ? mailbox : AccountOf(mime);
        return NormalizeResult.Of(new NormalizedMessage
        {
            Channel = ChannelName.Email,
            Account = account,
            ExternalId = externalId,
            Customer = new IdentityInfo(ChannelName.Email, from.Address.Trim().ToLowerInvariant(), NullIfEmpty(from.Name), Email: from.Address.Trim()),
            Subject = mime.Subject,
            Text = text,
            DisplayText = EmailReplyParser.VisibleText(text),
            SentAt = (mime.Date == DateTimeOffset.MinValue ? DateTimeOffset.FromUnixTimeMilliseconds(raw.ReceivedAt) : mime.Date).ToUnixTimeMilliseconds(),
            ReplyToExternalId = replyTo,
            ThreadRefs = refs,
            ConversationToken = EmailThreading.TokenOf(mime),
            Tags = tags,
            Attachments = EmailBody.Attachments(mime, body, _options.MaxAttachmentBytes),
            Cc = EmailCopies.OthersOf(mime, from.Address, account, _options),
        });
    }

    /// <summary>The RFC 822 message; a payload MimeKit cannot read, or one with no headers, is refused by name.</summary>
    public static MimeMessage Load(byte[] body)
    {
        if (body.Length == 0) throw new PayloadException("empty email body");
        MimeMessage mime;
        try
        {
            mime = MimeParsing.Message(body);
        }
        catch (FormatException e)
        {
            throw new PayloadException($"not a MIME message: {e.Message}");
        }
        if (mime.Headers.Count == 0 || (mime.TextBody is null && mime.HtmlBody is null && !mime.BodyParts.Any() && mime.Subject is null))
        {
            mime.Dispose();
            throw new PayloadException("email has no headers or body");
        }
        return mime;
    }

    /// <summary>The sender. A bounce may have an empty From ("" (Mail Delivery System)): it is kept under the reporting host's daemon.</summary>
    private static MailboxAddress From(MimeMessage mime, IReadOnlyList<string> tags)
    {
        var from = new[] { mime.From.Mailboxes.FirstOrDefault(), mime.Sender, mime.ReplyTo.Mailboxes.FirstOrDefault() }
            .FirstOrDefault(a => a is not null && a.Address.Contains('@'));
        if (from is not null) return from;
        if (tags.Contains(EmailTags.Bounce))
        {
            var host = mime.MessageId?.Split('@').LastOrDefault() is { Length: > 0 } h ? h.ToLowerInvariant() : "unknown.invalid";
            return new MailboxAddress("Mail Delivery System", "mailer-daemon@" + host);
        }
        throw new PayloadException("email has no From address");
    }

    /// <summary>In-Reply-To (the first id; any further ones join the references), then References most specific first.</summary>
    private static (string? ReplyTo, IReadOnlyList<string> Refs) Threading(MimeMessage mime)
    {
        var inReplyTo = mime.Headers[HeaderId.InReplyTo] is { Length: > 0 } irt ? MimeUtils.EnumerateReferences(irt).ToList() : [];
        var refs = mime.References.Reverse().Concat(inReplyTo.Skip(1)).Select(r => $"<{r}>").Distinct().ToList();
        return (inReplyTo.Count > 0 ? $"<{inReplyTo[0]}>" : null, refs);
    }

    /// <summary>The support address the mail reached, without a +token detail.</summary>
    private static string AccountOf(MimeMessage mime)
    {
        var to = mime.To.Mailboxes.FirstOrDefault()?.Address?.ToLowerInvariant() ?? "";
        var at = to.IndexOf('@');
        var plus = to.IndexOf('+');
        return plus > 0 && plus < at ? to[..plus] + to[at..] : to;
    }

    private static string? NullIfEmpty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
