using MimeKit;
using MimeKit.Utils;

namespace Inbox.Core.Channels.Email;

/// <summary>
/// The raw-event dedupe key of a mail: its Message-ID as "&lt;id&gt;", the same whether the mail came over
/// IMAP or POST /inbound/email, so one mail is stored once. Null without a Message-ID (the bytes' hash is used).
/// </summary>
public static class EmailDedupe
{
    public static string? KeyOf(byte[] body)
    {
        try
        {
            var headers = MimeParsing.Headers(body);
            var value = headers[HeaderId.MessageId];
            if (string.IsNullOrWhiteSpace(value)) return null;
            var id = MimeUtils.EnumerateReferences(value).FirstOrDefault() ?? value.Trim().Trim('<', '>');
            return id.Length == 0 ? null : $"<{id}>";
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
