using System.Security.Cryptography;
using Dapper;
using Inbox.Core.Agents;
using Inbox.Core.Audit;
using Inbox.Core.Model;
using Inbox.Core.Realtime;
using Inbox.Core.Storage;

namespace Inbox.Core.Satisfaction;

public sealed class SatisfactionOptions
{
    /// <summary>Off until a team wants it (Inbox:Satisfaction:Enabled); surveys also need SMTP and Inbox:PublicUrl.</summary>
    public bool Enabled { get; set; }
    /// <summary>Minutes between closing and asking: a conversation opened again meanwhile (the customer wrote back) is not asked.</summary>
    public double DelayMinutes { get; set; } = 10;
    /// <summary>A conversation is asked once in this many days, however often it is closed again.</summary>
    public int QuietDays { get; set; } = 7;
    /// <summary>How long the survey's link takes an answer (and a change of mind).</summary>
    public int AnswerDays { get; set; } = 30;
}

/// <summary>Whether surveys are asked and how long after closing (an admin's choice, else the configuration's).</summary>
public sealed record SurveySettings(bool Enabled, double DelayMinutes);

/// <summary>A conversation's survey as agents see it.</summary>
public sealed record SurveyView
{
    public long ConversationId { get; init; }
    public string Status { get; init; } = "";
    public long CreatedAt { get; init; }
    public long? SentAt { get; init; }
    public string? Rating { get; init; }
    public string? Comment { get; init; }
    public long? AnsweredAt { get; init; }
    public string? AgentName { get; init; }
}

/// <summary>A survey whose time has come: what its mail needs.</summary>
public sealed record DueSurvey
{
    public long Id { get; init; }
    public long ConversationId { get; init; }
    public int Attempts { get; init; }
    public string ConversationStatus { get; init; } = "";
    public string Channel { get; init; } = "";
    public string? Email { get; init; }
    public string? Name { get; init; }
    public string? Subject { get; init; }
    /// <summary>The link's secret, made when the survey is taken to be sent (only its hash is stored).</summary>
    public string Token { get; init; } = "";
    /// <summary>The conversation's own token (its Reply-To and subject tag), so that a reply in words joins it.</summary>
    public string ConversationToken { get; init; } = "";
    public string? Language { get; init; }
    public long? RedactedAt { get; init; }
}

/// <summary>What the customer's link shows once answered.</summary>
public sealed record SurveyAnswer(string Rating, string? Comment, string Language);

/// <summary>
/// Customer satisfaction ("how did we do?"). An agent closing an email conversation they answered queues a survey; a few
/// minutes later (SurveyMailer) it goes out unless the conversation was opened again, with two links (good, bad) to a
/// page where the customer may add a word and change their mind until the link expires. Each answer reaches every
/// agent at once (the conversation's side panel, the lead board's figures).
/// </summary>
public sealed class Surveys(Db db, TimeProvider clock, SatisfactionOptions options, IBroadcaster broadcaster)
{
    public const int MaxComment = 2000;
    public const double MaxDelayMinutes = 7 * 24 * 60;
    private readonly SemaphoreSlim _queued = new(0);
    private SurveySettings? _settings; // read once, replaced whole when an admin saves

    /// <summary>As an admin set them on the lead board, or as configured (Inbox:Satisfaction) until then.</summary>
    public SurveySettings Settings
    {
        get
        {
            if (_settings is { } known) return known;
            using var c = db.Open();
            var row = c.QuerySingle<(bool? Enabled, double? DelayMinutes)>("SELECT enabled, delay_minutes FROM satisfaction_settings WHERE id = 1");
            return _settings = new SurveySettings(row.Enabled ?? options.Enabled, row.DelayMinutes ?? options.DelayMinutes);
        }
    }

    public static Refusal? Validate(SurveySettings s) =>
        s.DelayMinutes is < 0 or > MaxDelayMinutes || double.IsNaN(s.DelayMinutes)
            ? new Refusal($"the delay is 0 to {MaxDelayMinutes:0} minutes", $"le délai va de 0 à {MaxDelayMinutes:0} minutes") : null;

    public void Save(SurveySettings s)
    {
        using var c = db.Open();
        c.Execute("UPDATE satisfaction_settings SET enabled = @Enabled, delay_minutes = @DelayMinutes, updated_at = @now WHERE id = 1",
            new { s.Enabled, s.DelayMinutes, now = Db.Now(clock) });
        _settings = s;
    }

    /// <summary>
    /// Called when an agent closes a conversation: queues its survey when surveys are on, the conversation is an email one
    /// with a reply of the team's, and it was not asked within QuietDays. Returns whether one was queued.
    /// </summary>
    public bool OnClosed(long conversationId, long closedBy)
    {
        var settings = Settings;
        if (!settings.Enabled) return false;
        var now = Db.Now(clock);
        using var c = db.Open();
        var queued = c.Execute("""
            INSERT INTO satisfaction_surveys (conversation_id, agent_id, created_at, send_after)
            SELECT cv.id, COALESCE(cv.assigned_agent_id, @closedBy), @now, @sendAfter FROM conversations cv
            WHERE cv.id = @conversationId AND cv.channel = 'email' AND cv.status = 'closed' AND cv.is_automated = 0 AND cv.spam_at IS NULL
              AND EXISTS (SELECT 1 FROM messages m WHERE m.conversation_id = cv.id AND m.direction = 'out' AND m.agent_id IS NOT NULL)
              AND NOT EXISTS (SELECT 1 FROM messages m WHERE m.conversation_id = cv.id AND m.redacted_at IS NOT NULL)
              AND NOT EXISTS (SELECT 1 FROM satisfaction_surveys s WHERE s.conversation_id = cv.id AND s.created_at > @quietSince AND s.status <> 'cancelled')
            """, new
        {
            conversationId, closedBy, now, sendAfter = now + (long)(settings.DelayMinutes * 60_000),
            quietSince = now - options.QuietDays * 86_400_000L,
        }) == 1;
        if (queued) _queued.Release();
        return queued;
    }

    /// <summary>When the next queued survey is due, if any is.</summary>
    public long? NextDue()
    {
        using var c = db.Open();
        return c.ExecuteScalar<long?>("SELECT MIN(send_after) FROM satisfaction_surveys WHERE status = 'queued'");
    }

    /// <summary>Waits until a survey is queued or the time has passed.</summary>
    public Task WaitForQueuedAsync(TimeSpan max, CancellationToken ct) => _queued.WaitAsync(max, ct);

    /// <summary>
    /// The surveys due now, each with a new link (its hash stored, the earlier one of a failed attempt no longer valid).
    /// A conversation opened again, or whose customer has no address, is not asked (cancelled).
    /// </summary>
    public IReadOnlyList<DueSurvey> TakeDue(int max = 20)
    {
        var now = Db.Now(clock);
        using var c = db.Open();
        var due = c.Query<DueSurvey>("""
            -- Marked as spam meanwhile: not asked (as if opened again).
            SELECT s.id AS Id, s.conversation_id AS ConversationId, s.attempts AS Attempts,
                   CASE WHEN cv.spam_at IS NULL THEN cv.status ELSE 'spam' END AS ConversationStatus, cv.channel AS Channel,
                   i.email AS Email, COALESCE(cu.display_name, i.display_name) AS Name, cv.subject AS Subject, cv.language AS Language, cv.token AS ConversationToken,
                   (SELECT MAX(m.redacted_at) FROM messages m WHERE m.conversation_id = cv.id) AS RedactedAt
            FROM satisfaction_surveys s JOIN conversations cv ON cv.id = s.conversation_id
            JOIN identities i ON i.id = cv.identity_id JOIN customers cu ON cu.id = cv.customer_id
            WHERE s.status = 'queued' AND s.send_after <= @now ORDER BY s.send_after LIMIT @max
            """, new { now, max }).AsList();
        var ready = new List<DueSurvey>();
        foreach (var s in due)
        {
            if (s.ConversationStatus != "closed" || s.Email is null || !s.Email.Contains('@') || s.RedactedAt is not null)
            {
                c.Execute("UPDATE satisfaction_surveys SET status = 'cancelled' WHERE id = @Id", s);
                continue;
            }
            var token = AccountTokens.Base64Url(RandomNumberGenerator.GetBytes(24));
            c.Execute("UPDATE satisfaction_surveys SET token_hash = @hash, attempts = attempts + 1 WHERE id = @Id",
                new { s.Id, hash = AccountTokens.Hash(token) });
            ready.Add(s with { Token = token });
        }
        return ready;
    }

    /// <summary>The survey's mail went out: its link takes answers from now for AnswerDays.</summary>
    public void MarkSent(long id)
    {
        var now = Db.Now(clock);
        using var c = db.Open();
        c.Execute("UPDATE satisfaction_surveys SET status = 'sent', sent_at = @now, expires_at = @expires, last_error = NULL WHERE id = @id",
            new { id, now, expires = now + options.AnswerDays * 86_400_000L });
    }

    /// <summary>The mail could not go out: tried again later (backing off), given up after a few attempts.</summary>
    public void MarkFailed(long id, int attempts, string error)
    {
        var now = Db.Now(clock);
        using var c = db.Open();
        c.Execute("""
            UPDATE satisfaction_surveys SET last_error = @error, token_hash = NULL,
                status = CASE WHEN @attempts >= 5 THEN 'failed' ELSE 'queued' END, send_after = @retry
            WHERE id = @id
            """, new { id, attempts, error, retry = now + 30_000L * (1L << Math.Min(attempts, 6)) });
    }

    /// <summary>The customer's answer through their link (good or bad, a word); null when the link is unknown or expired.</summary>
    public async Task<(SurveyAnswer? Answer, Refusal? Error)> AnswerAsync(string? token, string? rating, string? comment)
    {
        if (rating is not ("good" or "bad")) return (null, new Refusal("rating must be good or bad", "la note doit être good ou bad"));
        comment = string.IsNullOrWhiteSpace(comment) ? null : comment.Trim();
        if (comment?.Length > MaxComment) return (null, new Refusal($"a comment of {MaxComment} characters at most", $"un commentaire de {MaxComment} caractères au plus"));
        if (string.IsNullOrEmpty(token) || token.Length > 100) return (null, null);
        var now = Db.Now(clock);
        SurveyView? view;
        string language;
        using (var c = db.Open())
        {
            using var tx = c.BeginTransaction();
            var row = c.QuerySingleOrDefault<(long Id, long ConversationId, string? Language, string? Comment)>("""
                SELECT s.id, s.conversation_id, cv.language, s.comment FROM satisfaction_surveys s JOIN conversations cv ON cv.id = s.conversation_id
                WHERE s.token_hash = @hash AND s.status = 'sent' AND s.expires_at > @now
                """, new { hash = AccountTokens.Hash(token), now }, tx);
            if (row.Id == 0) return (null, null);
            // A second visit that only changes the rating keeps the word already left.
            c.Execute("UPDATE satisfaction_surveys SET rating = @rating, comment = COALESCE(@comment, comment), answered_at = @now WHERE id = @Id",
                new { row.Id, rating, comment, now }, tx);
            AuditLog.Write(c, tx, now, null, "survey.answered", $"conversation:{row.ConversationId}", new { rating });
            tx.Commit();
            view = For(c, row.ConversationId);
            language = row.Language ?? "en";
        }
        if (view is not null) await broadcaster.Everyone.SurveyAnswered(view);
        return (new SurveyAnswer(view!.Rating!, view.Comment, language), null);
    }

    /// <summary>The conversation's latest survey, if it has one.</summary>
    public SurveyView? For(long conversationId)
    {
        using var c = db.Open();
        return For(c, conversationId);
    }

    private static SurveyView? For(System.Data.Common.DbConnection c, long conversationId) => c.QueryFirstOrDefault<SurveyView>("""
        SELECT s.conversation_id AS ConversationId, s.status AS Status, s.created_at AS CreatedAt, s.sent_at AS SentAt, s.rating AS Rating,
               s.comment AS Comment, s.answered_at AS AnsweredAt, a.display_name AS AgentName
        FROM satisfaction_surveys s LEFT JOIN agents a ON a.id = s.agent_id
        WHERE s.conversation_id = @conversationId AND s.status <> 'cancelled' ORDER BY s.id DESC LIMIT 1
        """, new { conversationId });

    /// <summary>The team's satisfaction over the last days: answers good and bad, per agent, and the latest words.</summary>
    public SatisfactionReport Report(int days)
    {
        var since = Db.Now(clock) - Math.Clamp(days, 1, 366) * 86_400_000L;
        using var c = db.Open();
        var sent = c.ExecuteScalar<long>("SELECT COUNT(*) FROM satisfaction_surveys WHERE sent_at >= @since", new { since });
        var agents = c.Query<AgentSatisfaction>("""
            SELECT s.agent_id AS AgentId, COALESCE(a.display_name, '') AS Name,
                   SUM(CASE WHEN s.rating = 'good' THEN 1 ELSE 0 END) AS Good, SUM(CASE WHEN s.rating = 'bad' THEN 1 ELSE 0 END) AS Bad
            FROM satisfaction_surveys s LEFT JOIN agents a ON a.id = s.agent_id
            WHERE s.answered_at >= @since GROUP BY s.agent_id, a.display_name ORDER BY Good + Bad DESC, Name
            """, new { since }).AsList();
        var recent = c.Query<RatedConversation>("""
            SELECT s.conversation_id AS ConversationId, s.rating AS Rating, s.comment AS Comment, s.answered_at AS AnsweredAt,
                   cu.display_name AS CustomerName, COALESCE(a.display_name, '') AS AgentName
            FROM satisfaction_surveys s JOIN conversations cv ON cv.id = s.conversation_id JOIN customers cu ON cu.id = cv.customer_id
            LEFT JOIN agents a ON a.id = s.agent_id
            WHERE s.answered_at >= @since ORDER BY s.answered_at DESC LIMIT 10
            """, new { since }).AsList();
        return new SatisfactionReport(days, sent, agents.Sum(a => a.Good), agents.Sum(a => a.Bad), agents, recent);
    }
}

public sealed record AgentSatisfaction
{
    public long? AgentId { get; init; }
    public string Name { get; init; } = "";
    public long Good { get; init; }
    public long Bad { get; init; }
}

public sealed record RatedConversation
{
    public long ConversationId { get; init; }
    public string Rating { get; init; } = "";
    public string? Comment { get; init; }
    public long AnsweredAt { get; init; }
    public string CustomerName { get; init; } = "";
    public string AgentName { get; init; } = "";
}

/// <param name="Sent">Surveys that went out in the period; Good and Bad count its answers.</param>
public sealed record SatisfactionReport(int Days, long Sent, long Good, long Bad, IReadOnlyList<AgentSatisfaction> Agents, IReadOnlyList<RatedConversation> Recent);
