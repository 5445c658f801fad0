using Inbox.Core.Conversations;
using Inbox.Core.Model;
using Inbox.Core.Replies;

namespace Inbox.Core.Outbox;

/// <summary>What a sender needs to deliver one queued reply.</summary>
public sealed record Outbound
{
    public long OutboxId { get; init; }
    public long MessageId { get; init; }
    public long ConversationId { get; init; }
    public string Channel { get; init; } = "";
    public string Account { get; init; } = "";
    public bool IsPublic { get; init; }
    /// <summary>Our id for the message: a generated email Message-ID, or "local:…" until the platform gives one.</summary>
    public string ExternalId { get; init; } = "";
    public string? ClientRef { get; init; }
    public string Text { get; init; } = "";
    public string? Subject { get; init; }
    public long SentAt { get; init; }
    public int Attempts { get; init; }
    public string ConversationToken { get; init; } = "";
    public IdentityView Recipient { get; init; } = new();
    /// <summary>The customer's latest inbound message in the conversation: what a reply answers (tweet id, email Message-ID).</summary>
    public string? LastInboundExternalId { get; init; }
    public long? LastInboundAt { get; init; }
    /// <summary>Thread references of the last inbound message (email References), space-separated, most specific first (as stored).</summary>
    public string? LastInboundRefs { get; init; }
    /// <summary>The agent's email signature as it was when the reply was written (email only).</summary>
    public string? Signature { get; init; }
    /// <summary>Email: the reply's Cc and Bcc as stored (RFC 5322 lists), or null.</summary>
    public string? Cc { get; init; }
    public string? Bcc { get; init; }
    /// <summary>The files sent with the reply, in the order the agent attached them.</summary>
    public IReadOnlyList<ReplyAttachment> Attachments { get; init; } = [];
}

public abstract record SendResult
{
    /// <summary>Delivered to the platform; PlatformId replaces our local id when the platform returns one.</summary>
    public sealed record Sent(string? PlatformId) : SendResult;
    /// <summary>A transient failure (timeout, 429, 5xx): try again, no sooner than RetryAfter when given.</summary>
    public sealed record Transient(string Error, TimeSpan? RetryAfter = null) : SendResult;
    /// <summary>The platform refused for good (window closed, invalid recipient): shown to the agent.</summary>
    public sealed record Permanent(string Error) : SendResult;
}

/// <summary>
/// One channel's outbound side. Check runs before a reply is accepted (length, messaging window);
/// SendAsync runs from the outbox worker.
/// </summary>
public interface IChannelSender
{
    string Channel { get; }
    /// <returns>null when the reply may be sent, else the reason it cannot (shown to the agent).</returns>
    string? Check(Outbound reply, long now);
    Task<SendResult> SendAsync(Outbound reply, CancellationToken ct);
}

/// <summary>
/// Senders that can deliver files say which they take (types, sizes, public or private); a sender without it refuses
/// any file, so a reply never goes out without the files the agent attached.
/// </summary>
public interface IAttachmentRules
{
    /// <returns>null when the platform takes these files (reply.Attachments), else why not, in both languages.</returns>
    Refusal? CheckAttachments(Outbound reply);
}
