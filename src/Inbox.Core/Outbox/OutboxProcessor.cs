using Dapper;
using Inbox.Core.Conversations;
using Inbox.Core.Realtime;
using Inbox.Core.Storage;
using Microsoft.Extensions.Logging;

namespace Inbox.Core.Outbox;

public sealed class OutboxOptions
{
    public int MaxAttempts { get; set; } = 8;
    public double FirstRetrySeconds { get; set; } = 2;
    public double MaxRetrySeconds { get; set; } = 600;
    /// <summary>The files of one reply together, in bytes (each channel may allow less: WhatsApp takes a 5 MB image).</summary>
    public long MaxAttachmentBytes { get; set; } = 10 * 1024 * 1024;
}

/// <summary>Delivers due outbox rows through their channel sender, with retries and exponential backoff.</summary>
public sealed class OutboxProcessor(
    Db db, TimeProvider clock, IEnumerable<IChannelSender> senders, OutboxOptions options, IBroadcaster broadcaster, ILogger<OutboxProcessor> log)
{
    private readonly Dictionary<string, IChannelSender> _senders = senders.ToDictionary(s => s.Channel);

    public bool HasSender(string channel) => _senders.ContainsKey(channel);
    public IChannelSender? Sender(string channel) => _senders.GetValueOrDefault(channel);

    /// <summary>Sends every due row once; returns how many were attempted.</summary>
    public async Task<int> RunDueAsync(CancellationToken ct)
    {
        List<Outbound> due;
        using (var c = db.Open())
        {
            due = c.Query<Outbound>($"""
                SELECT {OutboundColumns}
                WHERE o.status = 'pending' AND o.next_attempt_at <= @now AND o.channel IN @channels
                ORDER BY o.next_attempt_at LIMIT 50
                """, new { now = Db.Now(clock), channels = _senders.Keys.ToArray() }).AsList();
        }
        // Rows of a channel without a sender wait (they are not selected, so they never starve the others).
        var attempted = 0;
        foreach (var row in due)
        {
            if (!_senders.TryGetValue(row.Channel, out var sender)) continue;
            attempted++;
            await SendOneAsync(sender, row with { Recipient = Recipient(row.ConversationId), Attachments = Attachments(row.MessageId) }, ct);
        }
        return attempted;
    }

    internal const string OutboundColumns = """
        o.id AS OutboxId, o.message_id AS MessageId, m.conversation_id AS ConversationId, o.channel AS Channel, cv.account AS Account,
        cv.is_public AS IsPublic, m.external_id AS ExternalId, m.client_ref AS ClientRef, m.text AS Text, m.signature AS Signature, m.subject AS Subject,
        m.sent_at AS SentAt, m.cc AS Cc, m.bcc AS Bcc, o.attempts AS Attempts, cv.token AS ConversationToken, cv.last_inbound_at AS LastInboundAt,
        (SELECT li.external_id FROM messages li WHERE li.conversation_id = cv.id AND li.direction = 'in' ORDER BY li.sent_at DESC LIMIT 1) AS LastInboundExternalId,
        (SELECT li.thread_refs FROM messages li WHERE li.conversation_id = cv.id AND li.direction = 'in' ORDER BY li.sent_at DESC LIMIT 1) AS LastInboundRefs
        FROM outbox o JOIN messages m ON m.id = o.message_id JOIN conversations cv ON cv.id = m.conversation_id
        """;

    private IdentityView Recipient(long conversationId)
    {
        using var c = db.Open();
        return c.QuerySingle<IdentityView>("""
            SELECT i.id AS Id, i.channel AS Channel, i.external_id AS ExternalId, i.handle AS Handle, i.display_name AS DisplayName, i.email AS Email, i.phone AS Phone
            FROM conversations cv JOIN identities i ON i.id = cv.identity_id WHERE cv.id = @conversationId
            """, new { conversationId });
    }

    /// <summary>The files the agent sent with the reply (none for most replies).</summary>
    private IReadOnlyList<Replies.ReplyAttachment> Attachments(long messageId)
    {
        using var c = db.Open();
        return c.Query<(string FileName, string ContentType, byte[] Content)>(
                "SELECT file_name, content_type, content FROM attachments WHERE message_id = @messageId AND content IS NOT NULL ORDER BY id", new { messageId })
            .Select(a => new Replies.ReplyAttachment(a.FileName, a.ContentType, a.Content)).ToList();
    }

    private async Task SendOneAsync(IChannelSender sender, Outbound row, CancellationToken ct)
    {
        // The attempt is recorded before the send: after a crash, a row left in 'sending' is
        // reconciled (see Reconcile) instead of being sent blindly a second time.
        using (var c = db.Open())
        {
            var claimed = c.Execute("UPDATE outbox SET status = 'sending', attempts = attempts + 1 WHERE id = @OutboxId AND status = 'pending'", row);
            if (claimed == 0) return;
            c.Execute("UPDATE messages SET status = 'sending' WHERE id = @MessageId", row);
        }

        SendResult result;
        try
        {
            result = await sender.SendAsync(row, ct);
        }
        catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException or TimeoutException or System.Net.Sockets.SocketException)
        {
            result = new SendResult.Transient(e.Message);
        }

        var now = Db.Now(clock);
        var attempts = row.Attempts + 1;
        using (var c = db.Open())
        {
            switch (result)
            {
                case SendResult.Sent sent:
                    c.Execute("UPDATE outbox SET status = 'sent', sent_at = @now, last_error = NULL WHERE id = @OutboxId", new { now, row.OutboxId });
                    c.Execute("""
                        UPDATE messages SET status = 'sent', status_detail = NULL,
                          external_id = CASE WHEN @PlatformId IS NOT NULL THEN @PlatformId ELSE external_id END
                        WHERE id = @MessageId
                        """, new { sent.PlatformId, row.MessageId });
                    break;
                case SendResult.Transient t when attempts < options.MaxAttempts:
                    var delay = t.RetryAfter ?? TimeSpan.FromSeconds(Math.Min(options.MaxRetrySeconds, options.FirstRetrySeconds * Math.Pow(2, attempts - 1)));
                    c.Execute("UPDATE outbox SET status = 'pending', next_attempt_at = @next, last_error = @Error WHERE id = @OutboxId",
                        new { next = now + (long)delay.TotalMilliseconds, t.Error, row.OutboxId });
                    c.Execute("UPDATE messages SET status = 'queued', status_detail = @detail WHERE id = @MessageId",
                        new { detail = $"retry {attempts}: {t.Error}", row.MessageId });
                    log.LogInformation("Outbox {Id} attempt {Attempt} failed, retry in {Delay}: {Error}", row.OutboxId, attempts, delay, t.Error);
                    break;
                default:
                    var error = result switch { SendResult.Permanent p => p.Error, SendResult.Transient t => $"gave up after {attempts} attempts: {t.Error}", _ => "unknown" };
                    c.Execute("UPDATE outbox SET status = 'failed', last_error = @error WHERE id = @OutboxId", new { error, row.OutboxId });
                    c.Execute("UPDATE messages SET status = 'failed', status_detail = @error WHERE id = @MessageId", new { error, row.MessageId });
                    log.LogWarning("Outbox {Id} failed for good: {Error}", row.OutboxId, error);
                    break;
            }
            var view = ConversationQueries.MessageWithAttachments(c, row.MessageId);
            if (view is not null) await broadcaster.Everyone.MessageChanged(view);
        }
    }

    /// <summary>
    /// At start-up, rows left in 'sending' by a crash are put back to 'pending' only when the channel's
    /// message id lets the platform or the recipient drop a repeat (email Message-ID); others are marked
    /// failed with a note so an agent checks before resending.
    /// </summary>
    public int Reconcile()
    {
        using var c = db.Open();
        var stuck = c.Query<(long Id, long MessageId, string Channel)>("SELECT id, message_id, channel FROM outbox WHERE status = 'sending'").AsList();
        foreach (var (id, messageId, channel) in stuck)
        {
            if (channel == Model.ChannelName.Email)
                c.Execute("UPDATE outbox SET status = 'pending' WHERE id = @id", new { id });
            else
            {
                const string note = "interrupted while sending: check the channel before resending";
                c.Execute("UPDATE outbox SET status = 'failed', last_error = @note WHERE id = @id", new { id, note });
                c.Execute("UPDATE messages SET status = 'failed', status_detail = @note WHERE id = @messageId", new { messageId, note });
            }
        }
        return stuck.Count;
    }
}
