using Dapper;
using Inbox.Core.Agents;
using Inbox.Core.Channels.Email;
using Inbox.Core.Storage;
using Microsoft.Extensions.Options;

namespace Inbox.Web.Background;

/// <summary>
/// Sends invitation and password mails to agents through the SMTP server replies use, in the background: the request
/// that asked for one is answered at once and alike whether or not a mail goes out (so the answer's timing does not
/// tell which accounts exist). The mails wait in a table (account_mail) until sent: a refused or failed send is tried
/// again, backing off, for about an hour; a restart loses none. The link is made when the mail goes out (a new link ends
/// the agent's earlier ones), so the queue holds no secret.
/// </summary>
public sealed class AccountMailer(Db db, AccountTokens tokens, AgentStore agents, EmailOptions email, IOptions<InboxOptions> options,
    TimeProvider clock, ILogger<AccountMailer> log) : DueTimeService(clock, log)
{
    public const int MaxAttempts = 8;
    private readonly SemaphoreSlim _queued = new(0);

    /// <summary>Whether account mail can go out: an SMTP server, a sender and the public address links start with.</summary>
    public bool Enabled => !string.IsNullOrWhiteSpace(email.Smtp.Host) && !string.IsNullOrWhiteSpace(email.Smtp.From)
                           && Uri.TryCreate(options.Value.PublicUrl, UriKind.Absolute, out var u) && u.Scheme is "http" or "https";

    /// <summary>
    /// Queues a link mail to the agent (an invitation or a new password), in <paramref name="lang"/> or the agent's
    /// language. False when account mail is off, or when <paramref name="throttled"/> and one was asked for this agent
    /// within <see cref="AccountTokens.ResetInterval"/> (a stranger typing someone's name cannot flood their mailbox).
    /// </summary>
    public bool Queue(long agentId, string purpose, string? lang = null, bool throttled = false)
    {
        if (!Enabled) return false;
        var now = Db.Now(Clock);
        using (var c = db.Open())
        {
            using var tx = c.BeginTransaction();
            if (throttled && c.ExecuteScalar<bool>("SELECT EXISTS (SELECT 1 FROM account_mail WHERE agent_id = @agentId AND created_at > @since)",
                    new { agentId, since = now - (long)AccountTokens.ResetInterval.TotalMilliseconds }, tx))
                return false;
            c.Execute("INSERT INTO account_mail (agent_id, purpose, lang, created_at, send_after) VALUES (@agentId, @purpose, @lang, @now, @now)",
                new { agentId, purpose, lang, now }, tx);
            tx.Commit();
        }
        _queued.Release();
        return true;
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => Enabled ? base.ExecuteAsync(stoppingToken) : Task.CompletedTask;

    protected override async Task<long?> RunDueAsync(CancellationToken ct)
    {
        List<Row> due;
        using (var c = db.Open())
            due = c.Query<Row>("""
                SELECT id AS Id, agent_id AS AgentId, purpose AS Purpose, lang AS Lang, attempts AS Attempts FROM account_mail
                WHERE status = 'queued' AND send_after <= @now ORDER BY send_after LIMIT 20
                """, new { now = Db.Now(Clock) }).AsList();
        foreach (var row in due)
        {
            // Asked for an agent since disabled, or whose address was taken away: not sent.
            if (agents.Get(row.AgentId) is not { Disabled: false, Email: { } to }
                || tokens.Issue(row.AgentId, row.Purpose) is var issued && tokens.Check(issued.Token) is not { } link)
            {
                Finish(row.Id, "cancelled");
                continue;
            }
            var url = options.Value.PublicUrl!.TrimEnd('/') + "/login.html#token=" + issued.Token; // the fragment: no server or log sees it
            using var mail = AccountMail.Compose(email.Smtp.From, to, link with { Lang = AgentStore.Lang(row.Lang) ?? link.Lang }, url, email.MessageIdDomain);
            try
            {
                await MailConnections.SendSmtpAsync(email.Smtp, mail, ct);
                Finish(row.Id, "sent");
                log.LogInformation("Account mail \"{Subject}\" sent to {To}", mail.Subject, mail.To);
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                var attempts = row.Attempts + 1;
                log.LogWarning(e, "Account mail to {To} not sent (attempt {Attempt} of {Max})", mail.To, attempts, MaxAttempts);
                using var c = db.Open();
                // 2 s, 4 s, 8 s … up to 10 minutes apart: about an hour in all before it is given up (the agent can ask again).
                c.Execute("""
                    UPDATE account_mail SET attempts = @attempts, last_error = @error, send_after = @retry,
                        status = CASE WHEN @attempts >= @MaxAttempts THEN 'failed' ELSE 'queued' END
                    WHERE id = @Id
                    """, new { row.Id, attempts, MaxAttempts, error = e.GetType().Name + ": " + e.Message,
                        retry = Db.Now(Clock) + Math.Min(2_000L << Math.Min(attempts - 1, 20), 600_000L) });
            }
        }
        using (var c = db.Open())
            return c.ExecuteScalar<long?>("SELECT MIN(send_after) FROM account_mail WHERE status = 'queued'");
    }

    protected override Task WaitForNewAsync(TimeSpan max, CancellationToken ct) => _queued.WaitAsync(max, ct);

    private void Finish(long id, string status)
    {
        using var c = db.Open();
        c.Execute("UPDATE account_mail SET status = @status, sent_at = CASE WHEN @status = 'sent' THEN @now END WHERE id = @id",
            new { id, status, now = Db.Now(Clock) });
    }

    private sealed record Row
    {
        public long Id { get; init; }
        public long AgentId { get; init; }
        public string Purpose { get; init; } = "";
        public string? Lang { get; init; }
        public int Attempts { get; init; }
    }
}
