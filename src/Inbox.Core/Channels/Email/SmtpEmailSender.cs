using System.Net.Sockets;
using Inbox.Core.Model;
using Inbox.Core.Outbox;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using MimeKit.Utils;

namespace Inbox.Core.Channels.Email;

/// <summary>
/// Sends agent replies over SMTP. The Message-ID is the one stored with the message when the reply was
/// queued, so a resend after a crash carries the same id and mail clients show it once; In-Reply-To and
/// References answer the customer's last mail; Reply-To carries the conversation's plus address.
/// </summary>
public sealed class SmtpEmailSender(EmailOptions options) : IChannelSender
{
    public string Channel => ChannelName.Email;

    public string? Check(Outbound reply, long now) => null; // email has no messaging window; the recipient is checked at send time

    public async Task<SendResult> SendAsync(Outbound reply, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(reply.Recipient.Email ?? reply.Recipient.ExternalId) || !(reply.Recipient.Email ?? reply.Recipient.ExternalId).Contains('@'))
            return new SendResult.Permanent("the customer has no email address");
        var smtp = options.Smtp;
        if (string.IsNullOrWhiteSpace(smtp.Host)) return new SendResult.Transient("SMTP is not configured (Inbox:Email:Smtp:Host)");

        MimeMessage message;
        try { message = Build(reply, options); }
        catch (ParseException e) { return new SendResult.Permanent($"bad address (check Inbox:Email:Smtp:From and the customer's address): {e.Message}"); }
        using var client = new SmtpClient { Timeout = smtp.TimeoutSeconds * 1000 };
        try
        {
            await client.ConnectAsync(smtp.Host, smtp.Port, Security(smtp.Security), ct);
            if (!string.IsNullOrEmpty(smtp.User)) await client.AuthenticateAsync(smtp.User, smtp.Password ?? "", ct);
            await client.SendAsync(message, ct);
            await client.DisconnectAsync(true, ct);
            return new SendResult.Sent(null); // our Message-ID stays the external id
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
    }

    public static MimeMessage Build(Outbound reply, EmailOptions options)
    {
        var from = MailboxAddress.Parse(options.Smtp.From);
        var m = new MimeMessage();
        m.From.Add(from);
        m.To.Add(new MailboxAddress(reply.Recipient.DisplayName ?? "", reply.Recipient.Email ?? reply.Recipient.ExternalId));
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
        m.Body = new TextPart("plain") { Text = reply.Text };
        return m;
    }

    private static SecureSocketOptions Security(string value) =>
        Enum.TryParse<SecureSocketOptions>(value, ignoreCase: true, out var s) ? s : SecureSocketOptions.Auto;
}
