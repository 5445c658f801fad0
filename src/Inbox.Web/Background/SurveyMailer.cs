using Inbox.Core.Channels.Email;
using Inbox.Core.Satisfaction;
using Microsoft.Extensions.Options;

namespace Inbox.Web.Background;

/// <summary>
/// Sends the satisfaction surveys as they fall due (Surveys.TakeDue): it sleeps until the next one, or until a survey
/// is queued. A mail the SMTP server does not take is tried again later, backing off (Surveys.MarkFailed).
/// </summary>
public sealed class SurveyMailer(Surveys surveys, EmailOptions email, IOptions<InboxOptions> options,
    TimeProvider clock, ILogger<SurveyMailer> log) : DueTimeService(clock, log)
{
    /// <summary>Whether Inbox can send mail with links to itself (SMTP, its From, Inbox:PublicUrl): without, no survey goes out.</summary>
    public bool CanSend => !string.IsNullOrWhiteSpace(email.Smtp.Host) && !string.IsNullOrWhiteSpace(email.Smtp.From)
                           && Uri.TryCreate(options.Value.PublicUrl, UriKind.Absolute, out var u) && u.Scheme is "http" or "https";

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Runs whenever it could send: an admin may turn surveys on at any time (Surveys.Settings).
        if (CanSend) return base.ExecuteAsync(stoppingToken);
        if (surveys.Settings.Enabled) log.LogWarning("Satisfaction surveys are on but cannot be sent: set Inbox:Email:Smtp:Host, Inbox:Email:Smtp:From and Inbox:PublicUrl");
        return Task.CompletedTask;
    }

    protected override async Task<long?> RunDueAsync(CancellationToken ct)
    {
        var page = options.Value.PublicUrl!.TrimEnd('/') + "/survey.html";
        foreach (var due in surveys.TakeDue())
        {
            using var mail = SurveyMail.Compose(due, page, email);
            try
            {
                await MailConnections.SendSmtpAsync(email.Smtp, mail, ct);
                surveys.MarkSent(due.Id);
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                log.LogWarning(e, "Survey of conversation {Conversation} not sent (attempt {Attempt})", due.ConversationId, due.Attempts + 1);
                surveys.MarkFailed(due.Id, due.Attempts + 1, e.GetType().Name + ": " + e.Message);
            }
        }
        return surveys.NextDue();
    }

    protected override Task WaitForNewAsync(TimeSpan max, CancellationToken ct) => surveys.WaitForQueuedAsync(max, ct);
}
