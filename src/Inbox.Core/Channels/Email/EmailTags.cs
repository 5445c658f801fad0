using MimeKit;

namespace Inbox.Core.Channels.Email;

/// <summary>
/// Automated mail is tagged (not dropped) so it stays out of the agents' queue and out of reply loops:
/// auto-replies (Auto-Submitted other than "no", X-Autoreply, Precedence auto_reply), bounces
/// (multipart/report delivery reports, mailer-daemon senders) and list mail (Precedence bulk/list, List-Id).
/// </summary>
public static class EmailTags
{
    public const string AutoReply = "auto-reply";
    public const string Bounce = "bounce";
    public const string List = "list";

    public static IReadOnlyList<string> Of(MimeMessage mime)
    {
        var tags = new List<string>();
        var autoSubmitted = mime.Headers["Auto-Submitted"]?.Trim().ToLowerInvariant();
        var precedence = mime.Headers["Precedence"]?.Trim().ToLowerInvariant();
        var isReport = mime.Body is MultipartReport || mime.BodyParts.Any(p => p.ContentType.IsMimeType("message", "delivery-status"));
        var from = mime.From.Mailboxes.FirstOrDefault()?.Address?.ToLowerInvariant() ?? "";
        var fromDaemon = from.StartsWith("mailer-daemon@") || from.StartsWith("postmaster@");

        if (isReport || (fromDaemon && mime.Headers["Return-Path"]?.Trim() == "<>")) tags.Add(Bounce);
        else if ((autoSubmitted is { Length: > 0 } && autoSubmitted != "no")
                 || mime.Headers.Contains("X-Autoreply") || mime.Headers.Contains("X-Autorespond")
                 || precedence == "auto_reply") tags.Add(AutoReply);
        if (precedence is "bulk" or "list" or "junk" || mime.Headers.Contains(HeaderId.ListId) || mime.Headers.Contains("List-Unsubscribe"))
            tags.Add(List);
        return tags;
    }
}
