using Dapper;
using Inbox.Core.Audit;
using Inbox.Core.Channels.Social;
using Inbox.Core.Consistency;
using Inbox.Core.Conversations;
using Inbox.Core.Intake;
using Inbox.Core.Model;
using Inbox.Core.Outbox;
using Inbox.Core.Realtime;
using Inbox.Core.Storage;
using Inbox.Core.Timers;

namespace Inbox.Core.Replies;

/// <param name="SeenMessageId">The last message the agent saw when writing; newer arrivals hold the reply until confirmed.</param>
public sealed record ReplyRequest(long ConversationId, string Text, string? ClientRef = null, bool Confirmed = false, long? SentAt = null, long? SeenMessageId = null);

public abstract record ReplyResult
{
    public sealed record Queued(MessageView Message, bool AlreadyExisted) : ReplyResult;
    /// <summary>Not sent: the agent must confirm (e.g. the draft contradicts a sibling answer). Reasons are shown.</summary>
    /// <param name="NewerMessageIds">Set when the reply is stale: messages that arrived after the agent's view.</param>
    public sealed record NeedsConfirmation(IReadOnlyList<string> Reasons, IReadOnlyList<long>? NewerMessageIds = null, IReadOnlyList<string>? ReasonsFr = null) : ReplyResult;
    /// <summary>Cannot be sent at all (messaging window closed, too long, empty).</summary>
    /// <summary>Not sent: Reason says why (ReasonFr in French for the French page).</summary>
    public sealed record Refused(string Reason, string? ReasonFr = null) : ReplyResult;
    public sealed record NotFound : ReplyResult;
}

/// <summary>
/// The outbound pipeline: agent reply → draft check → store → outbox → broadcast. The outbox worker
/// then sends it through the channel with retries.
/// </summary>
public sealed class ReplyService(
    Db db, TimeProvider clock, OutboxProcessor outbox, ConsistencyChecker consistency, TimerUpdater timers, IBroadcaster broadcaster,
    Channels.Email.EmailOptions? email = null)
{
    private readonly string _messageIdDomain = email?.MessageIdDomain is { Length: > 0 } d ? d : "inbox.local";

    public event Action? Queued;

    public async Task<ReplyResult> ReplyAsync(ReplyRequest r, long agentId)
    {
        var text = (r.Text ?? "").Trim();
        if (text.Length == 0) return new ReplyResult.Refused("empty reply", "réponse vide");

        using var c = db.Open();
        if (r.ClientRef is not null)
        {
            var existing = c.QueryFirstOrDefault<long?>("SELECT id FROM messages WHERE client_ref = @ClientRef AND direction = 'out'", r);
            if (existing is not null) return new ReplyResult.Queued(ConversationQueries.Message(c, existing.Value)!, true);
        }
        var conv = c.QuerySingleOrDefault<ConvRow>(
            "SELECT id AS Id, channel AS Channel, subject AS Subject, token AS Token, last_inbound_at AS LastInboundAt FROM conversations WHERE id = @ConversationId", r);
        if (conv is null) return new ReplyResult.NotFound();

        var now = Db.Now(clock);
        var sentAt = r.SentAt ?? now;
        var draft = new Outbound { ConversationId = conv.Id, Channel = conv.Channel, Text = text, SentAt = sentAt, LastInboundAt = conv.LastInboundAt };
        if (outbox.Sender(conv.Channel) is { } sender && sender.Check(draft, sentAt) is { } refusal)
            return new ReplyResult.Refused(refusal, sender is IComposeRules rules ? MessagingWindow.RefusalFr(rules.Describe(draft, sentAt), text) : null);

        var stale = r.SeenMessageId is { } seen ? StaleGuard.NewerThan(c, conv.Id, seen, agentId) : null;
        var conflicts = consistency.CheckDraftDetailed(c, conv.Id, text);
        List<string> warnings = [.. conflicts.Select(d => d.ExplanationEn)];
        // The agent reads the reasons in the UI's language (the stale-reply reason is reworded by the page).
        List<string> warningsFr = [.. conflicts.Select(d => d.ExplanationFr)];
        if (stale is not null) { warnings.Insert(0, StaleGuard.Reason(stale)); warningsFr.Insert(0, StaleGuard.Reason(stale)); }
        if (warnings.Count > 0 && !r.Confirmed) return new ReplyResult.NeedsConfirmation(warnings, stale?.Select(m => m.Id).ToList(), warningsFr);

        using var tx = c.BeginTransaction();
        var ctx = new IntakeContext(c, tx, now);
        var externalId = conv.Channel == ChannelName.Email ? EmailMessageId(conv.Token, _messageIdDomain) : $"local:{Guid.NewGuid():N}";
        var subject = conv.Channel == ChannelName.Email ? ReplySubject(conv.Subject) : null;
        var messageId = MessageWriter.Insert(ctx, new NewMessage(conv.Id, conv.Channel, externalId, "out", null, agentId, r.ClientRef,
            subject, text, text, sentAt, "queued", null, null, [], null))!.Value;
        c.Execute("INSERT INTO outbox (message_id, channel, next_attempt_at, created_at) VALUES (@messageId, @Channel, @now, @now)",
            new { messageId, conv.Channel, now }, tx);
        AuditLog.Write(c, tx, now, agentId, warnings.Count > 0 ? "reply.forced" : "reply", $"conversation:{conv.Id}",
            warnings.Count > 0 ? new { messageId, warnings } : new { messageId });

        var stored = new StoredMessage(messageId, conv.Id, 0, null, conv.Channel, "out", text, text, sentAt, false, [], r.ClientRef);
        consistency.OnMessage(ctx, stored);
        timers.OnMessage(ctx, stored);
        tx.Commit();
        ctx.Committed();

        var view = ConversationQueries.Message(c, messageId)!;
        var convView = ConversationQueries.Get(c, conv.Id)!;
        await ctx.FlushAsync(broadcaster);
        // The text to the agents who have the conversation open, the list row to everyone (as intake does).
        await broadcaster.Conversation(conv.Id).MessageAdded(view);
        await broadcaster.Everyone.ConversationChanged(convView);
        Queued?.Invoke();
        return new ReplyResult.Queued(view, false);
    }

    /// <summary>Our Message-ID carries the conversation token so a reply that lost its headers still threads.</summary>
    public static string EmailMessageId(string token, string domain = "inbox.local") => $"<{token}.{Guid.NewGuid():N}@{domain}>";

    private static string ReplySubject(string? subject) =>
        string.IsNullOrWhiteSpace(subject) ? "Re: your request" :
        subject.StartsWith("re:", StringComparison.OrdinalIgnoreCase) ? subject : "Re: " + subject;

    private sealed record ConvRow { public long Id { get; init; } public string Channel { get; init; } = ""; public string? Subject { get; init; } public string Token { get; init; } = ""; public long? LastInboundAt { get; init; } }
}
