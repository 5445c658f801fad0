using Inbox.Core.Channels.Email;
using MimeKit;

namespace Inbox.Core.Satisfaction;

/// <summary>
/// The survey mail: one question in the conversation's language (French or English), two links (good, bad) to the
/// survey page, text with an HTML twin. It answers the conversation (its subject tag and Reply-To), so a customer who
/// replies to it in words writes into the same conversation.
/// </summary>
public static class SurveyMail
{
    /// <param name="page">The survey page's address; the token and the rating ride in its fragment.</param>
    public static MimeMessage Compose(DueSurvey s, string page, EmailOptions options)
    {
        var fr = s.Language == "fr";
        var name = string.IsNullOrWhiteSpace(s.Name) ? null : s.Name.Trim();
        var good = $"{page}#token={s.Token}&rating=good";
        var bad = $"{page}#token={s.Token}&rating=bad";
        var about = string.IsNullOrWhiteSpace(s.Subject) ? "" : fr ? $" (« {s.Subject.Trim()} »)" : $" (\"{s.Subject.Trim()}\")";
        var lines = fr
            ? new[]
            {
                name is null ? "Bonjour," : $"Bonjour {name},", "",
                $"Votre demande{about} est close. Comment avons-nous répondu ?", "",
                "Bien : " + good, "Pas bien : " + bad, "",
                "Un clic suffit ; vous pourrez ajouter un mot. Merci !",
            }
            : new[]
            {
                name is null ? "Hello," : $"Hello {name},", "",
                $"Your request{about} is closed. How did we do?", "",
                "Good: " + good, "Not good: " + bad, "",
                "One click is enough; you may add a word. Thank you!",
            };
        var text = string.Join("\n", lines) + "\n";
        string Html(string x) => System.Net.WebUtility.HtmlEncode(x);
        var html = string.Join("", lines.Select(l =>
            l.StartsWith("Bien : ") || l.StartsWith("Good: ") ? $"<p><a href=\"{Html(good)}\">👍 {Html(fr ? "Bien" : "Good")}</a></p>"
            : l.StartsWith("Pas bien : ") || l.StartsWith("Not good: ") ? $"<p><a href=\"{Html(bad)}\">👎 {Html(fr ? "Pas bien" : "Not good")}</a></p>"
            : l.Length == 0 ? "" : $"<p>{Html(l)}</p>"));

        var from = MailboxAddress.Parse(options.Smtp.From);
        var m = new MimeMessage();
        m.From.Add(from);
        m.To.Add(new MailboxAddress(name ?? "", s.Email ?? throw new ArgumentException("the survey has no address")));
        m.ReplyTo.Add(new MailboxAddress(from.Name, EmailThreading.ReplyAddress(options.ReplyAddressPrefix, s.ConversationToken, from.Address)));
        m.Subject = (fr ? "Votre avis sur notre réponse " : "How did we do? ") + EmailThreading.SubjectTag(s.ConversationToken);
        m.MessageId = MimeKit.Utils.MimeUtils.GenerateMessageId(options.MessageIdDomain);
        // Sent by Inbox, not written by an agent: auto-responders leave it alone.
        m.Headers.Add("Auto-Submitted", "auto-generated");
        m.Body = new BodyBuilder { TextBody = text, HtmlBody = html }.ToMessageBody();
        return m;
    }
}
