using System.Net.Sockets;
using Inbox.Core.Model;
using Inbox.Core.Outbox;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using MimeKit.Utils;
using Microsoft.Extensions.Logging;

namespace Inbox.Core.Channels.Email;

/// <summary>
/// Sends agent replies over SMTP. The Message-ID is the one stored with the message when the reply was
/// queued, so a resend after a crash carries the same id and mail clients show it once; In-Reply-To and
/// References answer the customer's last mail; Reply-To carries the conversation's plus address; Cc and Bcc are the agent's. Once sent, the
/// mail is copied to the support mailbox's Sent folder over IMAP (SmtpOptions.CopyToSent).
/// </summary>
public sealed class SmtpEmailSender(EmailOptions options, ILogger<SmtpEmailSender> log) : IChannelSender, IAttachmentRules
{
    public string Channel => ChannelName.Email;

    public string? Check(Outbound reply, long now) => null; // email has no messaging window; the recipient is checked at send time

    /// <summary>Any file, within the reply's total (OutboxOptions.MaxAttachmentBytes, checked for every channel).</summary>
    public Refusal? CheckAttachments(Outbound reply) => null;

    public async Task<SendResult> SendAsync(Outbound reply, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(reply.Recipient.Email ?? reply.Recipient.ExternalId) || !(reply.Recipient.Email ?? reply.Recipient.ExternalId).Contains('@'))
            return new SendResult.Permanent("the customer has no email address");
        var smtp = options.Smtp;
        if (string.IsNullOrWhiteSpace(smtp.Host)) return new SendResult.Transient("SMTP is not configured (Inbox:Email:Smtp:Host)");

        MimeMessage built;
        try { built = Build(reply, options); }
        catch (ParseException e) { return new SendResult.Permanent($"bad address (check Inbox:Email:Smtp:From and the customer's address): {e.Message}"); }
        using var message = built;
        try
        {
            await MailConnections.SendSmtpAsync(smtp, message, ct);
        }
        catch (SmtpCommandException e) when ((int)e.StatusCode >= 500)
        {
            return new SendResult.Permanent($"SMTP refused ({(int)e.StatusCode} {e.ErrorCode}): {e.Message}");
        }
        catch (Exception e) when (e is SmtpCommandException or SmtpProtocolException or ServiceNotConnectedException or IOException or SocketException
                                      or AuthenticationException or TimeoutException or OperationCanceledException && !ct.IsCancellationRequested)
        {
            return new SendResult.Transient($"SMTP {e.GetType().Name}: {e.Message}");
        }
        // The mail is gone: a failed copy is logged, never a reason to send it again.
        try { await CopyToSentAsync(message, ct); }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            log.LogWarning(e, "Reply {MessageId} was sent but not copied to the Sent folder", message.MessageId);
        }
        return new SendResult.Sent(null); // our Message-ID stays the external id
    }

    /// <summary>Appends the sent mail, marked read, to the Sent folder of the mailbox it was sent from (if one is watched).</summary>
    private async Task CopyToSentAsync(MimeMessage message, CancellationToken ct)
    {
        if (string.Equals(options.Smtp.CopyToSent, "off", StringComparison.OrdinalIgnoreCase)) return; // a misspelt value copies, as the default does
        var from = message.From.Mailboxes.First().Address;
        if (options.Mailboxes.FirstOrDefault(m => string.Equals(m.Address, from, StringComparison.OrdinalIgnoreCase)) is not { } mailbox) return;
        using var imap = await MailConnections.OpenImapAsync(mailbox, options.Smtp.TimeoutSeconds * 1000, ct);
        var sent = (imap.Capabilities & (ImapCapabilities.SpecialUse | ImapCapabilities.XList)) != 0 ? imap.GetFolder(SpecialFolder.Sent) : null;
        if (sent is null)
        {
            var personal = imap.GetFolder(imap.PersonalNamespaces[0]);
            sent = (await personal.GetSubfoldersAsync(false, ct)).FirstOrDefault(f => f.Name == "Sent")
                ?? await personal.CreateAsync("Sent", true, ct)
                ?? throw new InvalidOperationException("the server did not create a Sent folder");
        }
        await sent.AppendAsync(message, MessageFlags.Seen, ct);
        await imap.DisconnectAsync(true, ct);
    }

    public static MimeMessage Build(Outbound reply, EmailOptions options)
    {
        var from = MailboxAddress.Parse(options.Smtp.From);
        var m = new MimeMessage();
        m.From.Add(from);
        m.To.Add(new MailboxAddress(reply.Recipient.DisplayName ?? "", reply.Recipient.Email ?? reply.Recipient.ExternalId));
        // The Bcc header stays in the copy kept in the Sent folder; MailKit's SMTP client leaves it out of what it sends.
        EmailCopies.AddTo(m.Cc, reply.Cc, m.To.Mailboxes);
        EmailCopies.AddTo(m.Bcc, reply.Bcc, m.To.Mailboxes.Concat(m.Cc.Mailboxes));
        m.ReplyTo.Add(new MailboxAddress(from.Name, EmailThreading.ReplyAddress(options.ReplyAddressPrefix, reply.ConversationToken, from.Address)));
        var subject = string.IsNullOrWhiteSpace(reply.Subject) ? "Re: your request" : reply.Subject;
        var tag = EmailThreading.SubjectTag(reply.ConversationToken);
        m.Subject = subject.Contains(tag) ? subject : $"{subject} {tag}";
        m.Date = DateTimeOffset.FromUnixTimeMilliseconds(reply.SentAt);
        m.MessageId = reply.ExternalId.Trim('<', '>');
        if (reply.LastInboundExternalId is { Length: > 0 } parent)
        {
            m.InReplyTo = parent.Trim('<', '>');
            // Stored refs are most specific first; References is oldest first, ending with the parent.
            var refs = (reply.LastInboundRefs ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries).Reverse()
                .SelectMany(MimeUtils.EnumerateReferences).Where(r => r != m.InReplyTo).Distinct().ToList();
            foreach (var r in refs) m.References.Add(r);
            m.References.Add(m.InReplyTo);
        }
        var text = new TextPart("plain") { Text = Agents.Signatures.EmailBody(reply.Text, reply.Signature) };
        if (reply.Attachments.Count == 0)
        {
            m.Body = text;
            return m;
        }
        // The text first, then each file as an attachment (base64), as a mail client sends them.
        var mixed = new Multipart("mixed") { text };
        foreach (var a in reply.Attachments)
            mixed.Add(new MimePart(ContentType.TryParse(a.ContentType, out var type) ? type : new ContentType("application", "octet-stream"))
            {
                Content = new MimeContent(new MemoryStream(a.Content)),
                ContentDisposition = new ContentDisposition(ContentDisposition.Attachment),
                ContentTransferEncoding = ContentEncoding.Base64,
                FileName = a.FileName,
            });
        m.Body = mixed;
        return m;
    }
}
