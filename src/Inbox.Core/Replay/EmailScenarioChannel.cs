using System.Net.Http.Headers;
using Inbox.Core.Model;
using MimeKit;

namespace Inbox.Core.Replay;

/// <summary>Email events as MIME through POST /inbound/email (the SMTP path arrives with the email channel).</summary>
public sealed class EmailScenarioChannel(HttpClient server, string secret, string mailbox = "support@inbox.local") : IScenarioChannel
{
    public bool Handles(ScenarioEvent e) => e.Channel == ChannelName.Email;

    public async Task SendAsync(ScenarioEvent e, DateTimeOffset at, CancellationToken ct)
    {
        using var mime = ToMime(e, at, mailbox);
        using var ms = new MemoryStream();
        await mime.WriteToAsync(ms, ct);
        using var content = new ByteArrayContent(ms.ToArray());
        content.Headers.ContentType = new MediaTypeHeaderValue("message/rfc822");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/inbound/email") { Content = content };
        request.Headers.Add("X-Inbox-Secret", secret);
        using var response = await server.SendAsync(request, ct);
        if (!response.IsSuccessStatusCode)
            throw new HttpRequestException($"/inbound/email answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(ct)}");
    }

    public static MimeMessage ToMime(ScenarioEvent e, DateTimeOffset at, string mailbox)
    {
        var c = e.Customer ?? new ScenarioCustomer();
        var m = new MimeMessage();
        m.From.Add(new MailboxAddress(c.Name ?? "", c.Email ?? $"{e.Id}@scenario.invalid"));
        m.To.Add(MailboxAddress.Parse(mailbox));
        m.Subject = e.Subject ?? "";
        m.Date = at;
        m.MessageId = $"{e.Id}@scenario.invalid";
        m.Body = new TextPart("plain") { Text = e.Text };
        return m;
    }
}
