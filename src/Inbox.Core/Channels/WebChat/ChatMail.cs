using Inbox.Core.Channels.Email;
using MimeKit;

namespace Inbox.Core.Channels.WebChat;

/// <summary>
/// An agent's chat answer by email, for a visitor who left the chat page and gave an address ("for an answer if you
/// leave", as the page says): the answer, who wrote it, and the way back to the chat (the same browser finds its chat
/// again). In the conversation's language; marked as sent by Inbox so that auto-responders leave it alone.
/// </summary>
public static class ChatMail
{
    /// <param name="page">The chat page's address, or null when Inbox:PublicUrl is not set (the mail then names no link).</param>
    public static MimeMessage Compose(string to, string? name, string? language, string text, string? agent, string? page, EmailOptions options)
    {
        var fr = language == "fr";
        name = string.IsNullOrWhiteSpace(name) ? null : name.Trim();
        var who = string.IsNullOrWhiteSpace(agent) ? (fr ? "Notre équipe" : "Our team") : agent.Trim();
        var lines = new List<string>
        {
            fr ? (name is null ? "Bonjour," : $"Bonjour {name},") : (name is null ? "Hello," : $"Hello {name},"), "",
            fr ? $"{who} a répondu à votre message sur le chat :" : $"{who} answered your message on the chat:", "",
            text, "",
        };
        if (page is not null)
            lines.Add(fr ? $"Pour continuer la conversation, revenez sur le chat depuis le même navigateur : {page}"
                : $"To go on with the conversation, come back to the chat from the same browser: {page}");
        var from = MailboxAddress.Parse(options.Smtp.From);
        var m = new MimeMessage();
        m.From.Add(from);
        m.To.Add(new MailboxAddress(name ?? "", to));
        m.Subject = fr ? "Notre réponse à votre message" : "Our answer to your message";
        m.MessageId = MimeKit.Utils.MimeUtils.GenerateMessageId(options.MessageIdDomain);
        m.Headers.Add("Auto-Submitted", "auto-generated");
        m.Body = new TextPart("plain") { Text = string.Join("\n", lines) + "\n" };
        return m;
    }
}
