using MimeKit;

namespace Inbox.Core.Agents;

/// <summary>
/// The mails Inbox writes to its own agents: an invitation to choose a first password, and a link to set a new one.
/// In the agent's language (French or English), as plain text with an HTML twin; the link is the only way in.
/// </summary>
public static class AccountMail
{
    /// <param name="from">The sender as configured for replies ("Support &lt;support@example.com&gt;").</param>
    /// <param name="link">The page that takes the token (its fragment, never sent to a server or a log).</param>
    public static MimeMessage Compose(string from, string to, AccountLink account, string link, string messageIdDomain)
    {
        var fr = account.Lang == "fr";
        var invite = account.Purpose == AccountTokens.Invite;
        var subject = (invite, fr) switch
        {
            (true, true) => "Votre compte Inbox vous attend",
            (true, false) => "Your Inbox account is ready",
            (false, true) => "Choisir un nouveau mot de passe Inbox",
            (false, false) => "Set a new Inbox password",
        };
        var lines = (invite, fr) switch
        {
            (true, true) => new[]
            {
                $"Bonjour {account.DisplayName},", "",
                $"Un compte Inbox a été ouvert pour vous (identifiant : {account.Username}). Choisissez votre mot de passe ici :",
                link, "", "Ce lien sert une fois et pendant 7 jours.",
            },
            (true, false) => new[]
            {
                $"Hello {account.DisplayName},", "",
                $"An Inbox account has been opened for you (username: {account.Username}). Choose your password here:",
                link, "", "This link works once, within 7 days.",
            },
            (false, true) => new[]
            {
                $"Bonjour {account.DisplayName},", "",
                $"Quelqu’un a demandé un nouveau mot de passe pour le compte Inbox « {account.Username} ». Pour le choisir :",
                link, "", "Ce lien sert une fois et pendant une heure. Si vous n’avez rien demandé, ignorez ce message : votre mot de passe ne change pas.",
            },
            (false, false) => new[]
            {
                $"Hello {account.DisplayName},", "",
                $"Someone asked for a new password for the Inbox account \"{account.Username}\". To choose it:",
                link, "", "This link works once, within one hour. If you did not ask, ignore this mail: your password stays as it is.",
            },
        };
        var text = string.Join("\n", lines) + "\n";
        var html = "<p>" + string.Join("", lines.Select(l => l.Length == 0 ? "</p><p>"
            : l == link ? $"<a href=\"{Html(link)}\">{Html(link)}</a><br>" : Html(l) + "<br>")) + "</p>";

        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(from));
        message.To.Add(new MailboxAddress(account.DisplayName, to));
        message.Subject = subject;
        message.MessageId = MimeKit.Utils.MimeUtils.GenerateMessageId(messageIdDomain);
        // Not a conversation: an auto-responder should not answer it, and a reply to it reaches nobody who reads it.
        message.Headers.Add("Auto-Submitted", "auto-generated");
        message.Body = new BodyBuilder { TextBody = text, HtmlBody = html }.ToMessageBody();
        return message;
    }

    private static string Html(string s) => System.Net.WebUtility.HtmlEncode(s);
}
