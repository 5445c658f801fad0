namespace Inbox.Core.Intake;

/// <summary>
/// A payload an endpoint verified and parsed, waiting for the intake writer to store it: Parsed when it
/// was understood, Error when it is malformed (stored as a dead letter), Crash when parsing hit our own bug.
/// </summary>
public sealed record RawSubmission(
    string Source, string? ContentType, IReadOnlyDictionary<string, string> Headers, byte[] Body, string? DedupeKey, long ReceivedAt)
{
    public NormalizeResult? Parsed { get; init; }
    public string? Error { get; init; }
    public Exception? Crash { get; init; }
}

/// <summary>A payload exactly as it arrived (webhook body, MIME message), with the headers we keep.</summary>
public sealed record RawEnvelope(
    long Id, string Source, string? ContentType, IReadOnlyDictionary<string, string> Headers, byte[] Body, long ReceivedAt);

/// <summary>Who the customer is on one channel. ExternalId is the channel's own stable user key.</summary>
public sealed record IdentityInfo(
    string Channel, string ExternalId, string? DisplayName,
    string? Handle = null, string? Email = null, string? Phone = null);

/// <summary>
/// A file that came with a message: its bytes (email), or a platform's reference to fetch them later (MediaRef:
/// "whatsapp:&lt;media id&gt;" or "url:&lt;address&gt;", MediaFetcher) with Content null meanwhile.
/// </summary>
public sealed record InboundAttachment(string? FileName, string ContentType, long Size, byte[]? Content, string? Note = null, string? MediaRef = null);

/// <summary>One message as a channel parser understood it, independent of storage.</summary>
public sealed record NormalizedMessage
{
    public required string Channel { get; init; }
    /// <summary>Which of our accounts it reached (page id, IG id, phone number id, X user id, mailbox).</summary>
    public string Account { get; init; } = "";
    public required string ExternalId { get; init; }
    /// <summary>"in" from the customer; "out" for echoes of what the brand sent (possibly from another tool).</summary>
    public string Direction { get; init; } = "in";
    public required IdentityInfo Customer { get; init; }
    public required string Text { get; init; }
    /// <summary>"fr" or "en" when its words say so (IntakePipeline.Normalize sets it, on the parsing thread); else null.</summary>
    public string? Language { get; init; }
    /// <summary>Text for agents: quotes and signatures stripped. Defaults to Text.</summary>
    public string? DisplayText { get; init; }
    public string? Subject { get; init; }
    public required long SentAt { get; init; }
    public bool IsPublic { get; init; }
    /// <summary>The platform id this message answers (tweet in_reply_to, WhatsApp context id, email In-Reply-To).</summary>
    public string? ReplyToExternalId { get; init; }
    /// <summary>Further thread references, most specific first (email References).</summary>
    public IReadOnlyList<string> ThreadRefs { get; init; } = [];
    /// <summary>A conversation token found in the message (email plus-address or subject tag).</summary>
    public string? ConversationToken { get; init; }
    /// <summary>Tags such as auto-reply, bounce, list; tagged mail is kept but out of the agents' queue.</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];
    public IReadOnlyList<InboundAttachment> Attachments { get; init; } = [];
    /// <summary>Email: the other people the mail went to (To and Cc, not us, not the sender), an RFC 5322 list; else null.</summary>
    public string? Cc { get; init; }
    /// <summary>For echoes: the reference we passed when sending (metadata), to match our own outbox row.</summary>
    public string? ClientRef { get; init; }
}

/// <summary>A delivery/read/failed receipt for a message we sent.</summary>
public sealed record StatusUpdate(string Channel, string ExternalId, string Status, long At, string? Detail = null);

/// <summary>The platform says a message was withdrawn (Instagram unsend, tweet delete): redact, keep the row.</summary>
public sealed record Retraction(string Channel, string ExternalId, long At, string Reason);

public sealed record NormalizeResult(
    IReadOnlyList<NormalizedMessage> Messages,
    IReadOnlyList<StatusUpdate> Statuses,
    IReadOnlyList<Retraction> Retractions)
{
    public static NormalizeResult Of(params NormalizedMessage[] messages) => new(messages, [], []);
}

/// <summary>Turns one raw payload of a source into messages. Pure: no I/O, testable on fixtures.</summary>
public interface IChannelNormalizer
{
    /// <summary>The raw_events.source value this normalizer reads (e.g. "email", "meta", "x").</summary>
    string Source { get; }
    /// <exception cref="PayloadException">The payload is malformed; the message names the problem.</exception>
    NormalizeResult Normalize(RawEnvelope raw);
}

/// <summary>A payload we cannot understand. The message is shown to the sender and kept with the raw event.</summary>
public sealed class PayloadException(string message) : Exception(message);
