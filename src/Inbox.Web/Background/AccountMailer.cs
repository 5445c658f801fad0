using System.Threading.Channels;
using Inbox.Core.Agents;
using Inbox.Core.Channels.Email;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Inbox.Web.Background;

/// <summary>
/// Sends invitation and password mails to agents through the SMTP server replies use, in the background: the request
/// that asked for one is answered at once and alike whether or not a mail goes out (so the answer's timing does not
/// tell which accounts exist). A mail the server refuses is tried again twice, then logged; the agent can ask again.
/// </summary>
public sealed class AccountMailer(EmailOptions email, IOptions<InboxOptions> options, ILogger<AccountMailer> log) : BackgroundService
{
    private readonly Channel<MimeMessage> _queue = Channel.CreateBounded<MimeMessage>(new BoundedChannelOptions(500) { FullMode = BoundedChannelFullMode.DropWrite });
    private static readonly TimeSpan[] Retries = [TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(20)];

    /// <summary>Whether account mail can go out: an SMTP server, a sender and the public address links start with.</summary>
    public bool Enabled => !string.IsNullOrWhiteSpace(email.Smtp.Host) && !string.IsNullOrWhiteSpace(email.Smtp.From)
                           && Uri.TryCreate(options.Value.PublicUrl, UriKind.Absolute, out var u) && u.Scheme is "http" or "https";

    /// <summary>Queues the mail carrying this link to the agent's address; false when account mail is off or the queue is full.</summary>
    public bool Send(AccountLink account, string to, string token)
    {
        if (!Enabled) return false;
        // The token rides in the fragment: a browser never sends it to a server, so no proxy or access log keeps it.
        var link = options.Value.PublicUrl!.TrimEnd('/') + "/login.html#token=" + token;
        return _queue.Writer.TryWrite(AccountMail.Compose(email.Smtp.From, to, account, link, email.MessageIdDomain));
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var message in _queue.Reader.ReadAllAsync(stoppingToken))
        {
            using var m = message;
            for (var attempt = 0; ; attempt++)
            {
                try
                {
                    await MailConnections.SendSmtpAsync(email.Smtp, m, stoppingToken);
                    log.LogInformation("Account mail \"{Subject}\" sent to {To}", m.Subject, m.To);
                    break;
                }
                catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    if (attempt >= Retries.Length)
                    {
                        log.LogError(e, "Account mail \"{Subject}\" to {To} not sent", m.Subject, m.To);
                        break;
                    }
                    log.LogWarning(e, "Account mail to {To} failed; trying again in {Delay}", m.To, Retries[attempt]);
                    await Task.Delay(Retries[attempt], stoppingToken);
                }
            }
        }
    }
}
