using Dapper;
using Inbox.Core.Audit;
using Inbox.Core.Channels.Email;
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
/// <param name="Attachments">Files sent with the reply; the text may then be empty.</param>
/// <param name="Cc">Email: who else gets the reply ("lea@example.com, Bob &lt;bob@example.org&gt;"); Bcc likewise, unseen by the others.</param>
public sealed record ReplyRequest(long ConversationId, string Text, string? ClientRef = null, bool Confirmed = false, long? SentAt = null, long? SeenMessageId = null,
    IReadOnlyList<ReplyAttachment>? Attachments = null, string? Cc = null, string? Bcc = null);

/// <summary>A first email to a customer, from an agent (To may carry a name: "Léa Roux &lt;lea@example.com&gt;").</summary>
public sealed record NewEmail(string? To, string? Subject, string? Text, string? Name = null, string? ClientRef = null, bool Confirmed = false,
    IReadOnlyList<ReplyAttachment>? Attachments = null, string? Cc = null, string? Bcc = null);

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
    Channels.Email.EmailOptions? email = null, OutboxOptions? outboxOptions = null)
{
    private readonly string _messageIdDomain = email?.MessageIdDomain is { Length: > 0 } d ? d : "inbox.local";

    public event Action? Queued;

    public async Task<ReplyResult> ReplyAsync(ReplyRequest r, long agentId)
    {
        var text = (r.Text ?? "").Trim();
        var files = (r.Attachments ?? []).Select(a => new ReplyAttachment(ReplyAttachments.Name(a.FileName), ReplyAttachments.ContentType(a.ContentType), a.Content)).ToList();
        if (text.Length == 0 && files.Count == 0) return new ReplyResult.Refused("empty reply", "réponse vide");
        if (ReplyAttachments.Check(files, (outboxOptions ?? new OutboxOptions()).MaxAttachmentBytes) is { } tooMany) return new ReplyResult.Refused(tooMany.En, tooMany.Fr);
        var (cc, ccError) = EmailCopies.Parse(r.Cc);
        var (bcc, bccError) = EmailCopies.Parse(r.Bcc, blind: true);
        if ((ccError ?? bccError) is { } badCopy) return new ReplyResult.Refused(badCopy.En, badCopy.Fr);

        using var c = db.Open();
        if (r.ClientRef is not null)
        {
            var existing = c.QueryFirstOrDefault<long?>("SELECT id FROM messages WHERE client_ref = @ClientRef AND direction = 'out'", r);
            if (existing is not null) return new ReplyResult.Queued(ConversationQueries.MessageWithAttachments(c, existing.Value)!, true);
        }
        var conv = c.QuerySingleOrDefault<ConvRow>(
            "SELECT id AS Id, channel AS Channel, subject AS Subject, token AS Token, last_inbound_at AS LastInboundAt FROM conversations WHERE id = @ConversationId", r);
        if (conv is null) return new ReplyResult.NotFound();
        if ((cc ?? bcc) is not null && conv.Channel != ChannelName.Email)
            return new ReplyResult.Refused("Cc and Bcc are for email replies", "Cc et Cci ne servent qu’aux réponses par e-mail");

        var now = Db.Now(clock);
        var sentAt = r.SentAt ?? now;
        var draft = new Outbound { ConversationId = conv.Id, Channel = conv.Channel, Text = text, SentAt = sentAt, LastInboundAt = conv.LastInboundAt, Attachments = files };
        var sender = outbox.Sender(conv.Channel);
        if (sender?.Check(draft, sentAt) is { } refusal)
            return new ReplyResult.Refused(refusal, sender is IComposeRules rules ? MessagingWindow.RefusalFr(rules.Describe(draft, sentAt), text) : null);
        if (files.Count > 0 && FilesRefused(sender, draft with { IsPublic = PublicFlag.Of(db, draft) }) is { } noFiles)
            return new ReplyResult.Refused(noFiles.En, noFiles.Fr);

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
        // A first mail (a conversation an agent started) keeps its subject; an answer is "Re: …".
        var subject = conv.Channel != ChannelName.Email ? null
            : conv.LastInboundAt is null && !c.ExecuteScalar<bool>("SELECT EXISTS (SELECT 1 FROM messages WHERE conversation_id = @Id)", conv) ? conv.Subject
            : ReplySubject(conv.Subject);
        var messageId = MessageWriter.Insert(ctx, new NewMessage(conv.Id, conv.Channel, externalId, "out", null, agentId, r.ClientRef,
            subject, text, text, sentAt, "queued", null, null, [], null, Cc: cc, Bcc: bcc))!.Value;
        // Email replies carry the agent's signature as it is now (kept on the message, out of its text).
        if (conv.Channel == ChannelName.Email)
            c.Execute("UPDATE messages SET signature = (SELECT signature FROM agents WHERE id = @agentId) WHERE id = @messageId", new { agentId, messageId }, tx);
        foreach (var f in files)
            c.Execute("INSERT INTO attachments (message_id, file_name, content_type, size, content) VALUES (@messageId, @FileName, @ContentType, @size, @Content)",
                new { messageId, f.FileName, f.ContentType, size = f.Content.Length, f.Content }, tx);
        c.Execute("INSERT INTO outbox (message_id, channel, next_attempt_at, created_at) VALUES (@messageId, @Channel, @now, @now)",
            new { messageId, conv.Channel, now }, tx);
        var fileNames = files.Select(f => f.FileName).ToList(); // the names only: the bytes are on the message
        object detail = (warnings.Count > 0, fileNames.Count > 0) switch
        {
            (true, true) => new { messageId, warnings, files = fileNames },
            (true, false) => new { messageId, warnings },
            (false, true) => new { messageId, files = fileNames },
            _ => new { messageId },
        };
        AuditLog.Write(c, tx, now, agentId, warnings.Count > 0 ? "reply.forced" : "reply", $"conversation:{conv.Id}", detail);

        var stored = new StoredMessage(messageId, conv.Id, 0, null, conv.Channel, "out", text, text, sentAt, false, [], r.ClientRef);
        consistency.OnMessage(ctx, stored);
        timers.OnMessage(ctx, stored);
        tx.Commit();
        ctx.Committed();

        var view = ConversationQueries.MessageWithAttachments(c, messageId)!;
        var convView = ConversationQueries.Get(c, conv.Id)!;
        await ctx.FlushAsync(broadcaster);
        // The text to the agents who have the conversation open, the list row to everyone (as intake does).
        await broadcaster.Conversation(conv.Id).MessageAdded(view);
        await broadcaster.Everyone.ConversationChanged(convView);
        Queued?.Invoke();
        return new ReplyResult.Queued(view, false);
    }

    /// <summary>
    /// A conversation an agent starts: a first email to a customer (a follow-up call noted, a problem found before they
    /// write). The customer is found by their address (or created, as intake would), the conversation waits as pending
    /// (the customer's turn) and the mail goes through the outbox like any reply; the customer's answer threads into it.
    /// A repeated request with the same ClientRef gives back the first one's message.
    /// </summary>
    public async Task<(ReplyResult Result, long? ConversationId)> StartEmailAsync(NewEmail r, long agentId)
    {
        if (!MimeKit.MailboxAddress.TryParse(r.To ?? "", out var to) || !to.Address.Contains('@') || to.Address.Length > 254)
            return (new ReplyResult.Refused($"'{r.To}' is not an email address", $"« {r.To} » n’est pas une adresse e-mail"), null);
        var subject = (r.Subject ?? "").Trim();
        if (subject.Length is 0 or > MaxSubject)
            return (new ReplyResult.Refused($"a subject of 1 to {MaxSubject} characters is needed", $"il faut un objet de 1 à {MaxSubject} caractères"), null);
        var text = (r.Text ?? "").Trim();
        if (text.Length == 0 && (r.Attachments ?? []).Count == 0) return (new ReplyResult.Refused("empty message", "message vide"), null);
        // What the reply would refuse is refused before a conversation is made for it.
        var files = (r.Attachments ?? []).Select(a => new ReplyAttachment(ReplyAttachments.Name(a.FileName), ReplyAttachments.ContentType(a.ContentType), a.Content)).ToList();
        if (ReplyAttachments.Check(files, (outboxOptions ?? new OutboxOptions()).MaxAttachmentBytes) is { } tooMany) return (new ReplyResult.Refused(tooMany.En, tooMany.Fr), null);
        if ((EmailCopies.Parse(r.Cc).Error ?? EmailCopies.Parse(r.Bcc, blind: true).Error) is { } badCopy) return (new ReplyResult.Refused(badCopy.En, badCopy.Fr), null);
        var address = to.Address.ToLowerInvariant();
        var name = string.IsNullOrWhiteSpace(r.Name) ? (string.IsNullOrWhiteSpace(to.Name) ? null : to.Name.Trim()) : r.Name.Trim();

        long conversationId;
        using (var c = db.Open())
        {
            if (r.ClientRef is not null
                && c.QueryFirstOrDefault<long?>("SELECT conversation_id FROM messages WHERE client_ref = @ClientRef AND direction = 'out'", r) is { } known)
                return (await ReplyAsync(new ReplyRequest(known, text, r.ClientRef, true, Cc: r.Cc, Bcc: r.Bcc), agentId), known);
            // The team's reference answers hold for a first mail too (no sibling answers yet: a new request).
            var conflicts = consistency.CheckDraftDetailed(c, 0, text);
            if (conflicts.Count > 0 && !r.Confirmed)
                return (new ReplyResult.NeedsConfirmation([.. conflicts.Select(d => d.ExplanationEn)], null, [.. conflicts.Select(d => d.ExplanationFr)]), null);
            var now = Db.Now(clock);
            using var tx = c.BeginTransaction();
            // A known address keeps the name the customer gave (an agent's shorthand in the To field does not rename them).
            var seen = c.ExecuteScalar<bool>("SELECT EXISTS (SELECT 1 FROM identities WHERE channel = 'email' AND external_id = @address)", new { address }, tx);
            var who = Customers.IdentityResolver.Resolve(c, tx, new IdentityInfo(ChannelName.Email, address, seen ? null : name, Email: address), now);
            conversationId = c.ExecuteScalar<long>("""
                INSERT INTO conversations (customer_id, identity_id, channel, subject, token, created_at, last_message_at, status, language)
                VALUES (@CustomerId, @IdentityId, 'email', @subject, @token, @now, @now, 'pending', @language) RETURNING id
                """, new { who.CustomerId, who.IdentityId, subject, token = ConversationRouter.NewToken(), now, language = TextLanguage.Guess(subject + "\n" + text) }, tx);
            AuditLog.Write(c, tx, now, agentId, "conversation.start", $"conversation:{conversationId}");
            tx.Commit();
        }
        // Confirmed above (or nothing to confirm): the first message goes as a reply does, with the subject as given.
        return (await ReplyAsync(new ReplyRequest(conversationId, text, r.ClientRef, Confirmed: true, Attachments: r.Attachments, Cc: r.Cc, Bcc: r.Bcc), agentId), conversationId);
    }

    public const int MaxSubject = 250;

    /// <summary>
    /// Why these files cannot go out on this channel: its sender's rules, or a refusal when its sender takes no files. No
    /// sender at all is email without SMTP configured: the reply waits in the outbox with its files, as its text does.
    /// </summary>
    private static Refusal? FilesRefused(IChannelSender? sender, Outbound draft) =>
        sender is null ? null
        : sender is IAttachmentRules rules ? rules.CheckAttachments(draft)
        : new Refusal($"files cannot be sent on {MessagingWindow.Label(draft.Channel)} from Inbox yet: send the text alone",
                $"l’envoi de fichiers sur {MessagingWindow.Label(draft.Channel)} n’est pas encore possible depuis Inbox : envoyez le texte seul");

    /// <summary>Our Message-ID carries the conversation token so a reply that lost its headers still threads.</summary>
    public static string EmailMessageId(string token, string domain = "inbox.local") => $"<{token}.{Guid.NewGuid():N}@{domain}>";

    private static string ReplySubject(string? subject) =>
        string.IsNullOrWhiteSpace(subject) ? "Re: your request" :
        subject.StartsWith("re:", StringComparison.OrdinalIgnoreCase) ? subject : "Re: " + subject;

    private sealed record ConvRow { public long Id { get; init; } public string Channel { get; init; } = ""; public string? Subject { get; init; } public string Token { get; init; } = ""; public long? LastInboundAt { get; init; } }
}
