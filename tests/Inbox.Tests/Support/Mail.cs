using MimeKit;

namespace Inbox.Tests.Support;

public static class Mail
{
    public static byte[] Mime(string from, string subject, string text, string? messageId = null, string? inReplyTo = null, DateTimeOffset? date = null)
    {
        var m = new MimeMessage();
        m.From.Add(MailboxAddress.Parse(from));
        m.To.Add(MailboxAddress.Parse("support@inbox.local"));
        m.Subject = subject;
        m.Date = date ?? DateTimeOffset.UtcNow;
        m.MessageId = messageId ?? MimeKit.Utils.MimeUtils.GenerateMessageId("customer.test");
        if (inReplyTo is not null) m.InReplyTo = inReplyTo;
        m.Body = new TextPart("plain") { Text = text };
        using var ms = new MemoryStream();
        m.WriteTo(ms);
        return ms.ToArray();
    }
}
