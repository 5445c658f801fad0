namespace Inbox.Core.Conversations;

public sealed record ConversationView
{
    public long Id { get; init; }
    public long CustomerId { get; init; }
    public string CustomerName { get; init; } = "";
    public string? Handle { get; init; }
    public string Channel { get; init; } = "";
    public bool IsPublic { get; init; }
    public string? Subject { get; init; }
    public string Status { get; init; } = "open";
    public string? Preview { get; init; }
    public long CreatedAt { get; init; }
    public long LastMessageAt { get; init; }
    public long? LastInboundAt { get; init; }
    public long? LastOutboundAt { get; init; }
    public int MessageCount { get; init; }
    public int Unanswered { get; init; }
    public bool IsAutomated { get; init; }
    public long? AssignedAgentId { get; init; }
    public string? AssignedAgentName { get; init; }
    /// <summary>The running response timer ("first" / "next"), null when nothing waits for an answer.</summary>
    public string? TimerKind { get; init; }
    public long? TimerStartedAt { get; init; }
    public long? TimerAtRiskAt { get; init; }
    public long? TimerDueAt { get; init; }
    /// <summary>Set while the conversation waits on the customer: the countdown stands still.</summary>
    public long? TimerPausedAt { get; init; }
    /// <summary>The duplicate cluster (smallest conversation id of it), null when linked to nothing.</summary>
    public long? ClusterId { get; init; }
    /// <summary>How many other conversations carry the same request.</summary>
    public int LinkedCount { get; init; }
    /// <summary>Set while the conversation is snoozed: it opens again by itself at this time.</summary>
    public long? SnoozedUntil { get; init; }
    /// <summary>"fr" or "en", guessed from the first message; null when it said too little to tell.</summary>
    public string? Language { get; init; }
    /// <summary>0 low, 1 normal, 2 high, 3 urgent (Priority.Names): set by an agent or a rule.</summary>
    public int Priority { get; init; } = Conversations.Priority.Normal;
    /// <summary>When an agent marked it as spam (or intake, its customer being blocked): only the Spam list shows it.</summary>
    public long? SpamAt { get; init; }
    /// <summary>The agents' tags, in alphabetical order (kept as TagList, so two views of one state are still equal).</summary>
    public IReadOnlyList<string> Tags
    {
        get => string.IsNullOrEmpty(TagList) ? [] : TagList.Split(',');
        init => TagList = value.Count == 0 ? null : string.Join(',', value);
    }
    /// <summary>
    /// In the list an agent asks for: the customer's last message time when that agent last read the conversation (unread
    /// when LastInboundAt is later). Per agent, so never in a push to everyone (left out of the JSON when null).
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public long? SeenInboundAt { get; init; }
    /// <summary>The tags as stored and read by the query, comma-separated (a tag has no comma): not sent on the wire.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string? TagList { get; init; }
}

/// <summary>
/// An attachment as the thread lists it; Downloadable when its bytes are kept (GET /api/attachments/{id}); FetchFailed
/// when the platform's media could not be fetched after every attempt (MediaFetcher), so the agent knows it never will be.
/// </summary>
public sealed record AttachmentView(long Id, string? FileName, string ContentType, long Size, string? Note, bool Downloadable, bool FetchFailed);

public sealed record MessageView
{
    public long Id { get; init; }
    public long ConversationId { get; init; }
    public string Channel { get; init; } = "";
    public string ExternalId { get; init; } = "";
    public string Direction { get; init; } = "in";
    public string? AgentName { get; init; }
    public string? ClientRef { get; init; }
    public string? Subject { get; init; }
    public string Text { get; init; } = "";
    public string DisplayText { get; init; } = "";
    /// <summary>The agent's signature an email reply went out with (not part of its text); left out of the JSON when none.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? Signature { get; init; }
    public long SentAt { get; init; }
    public string Status { get; init; } = "";
    public string? StatusDetail { get; init; }
    public string Tags { get; init; } = "";
    public long? RedactedAt { get; init; }
    public string? RedactionReason { get; init; }
    public IReadOnlyList<AttachmentView> Attachments { get; init; } = [];
    /// <summary>Email: the other people it went to (a customer's mail: To and Cc beyond us; a reply: its Cc). Left out when none.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? Cc { get; init; }
    /// <summary>A reply's Bcc, shown to agents only.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? Bcc { get; init; }
    /// <summary>
    /// Who wrote an inbound message when it is not the conversation's customer: someone they copied answering all
    /// ("Bob Martin &lt;bob@example.org&gt;"). Left out for the customer's own messages.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? Sender { get; init; }
}

/// <param name="Note">The team's note on the customer, shown with each of their conversations.</param>
/// <param name="BlockedAt">Set while the customer is blocked: their new conversations go to the Spam list.</param>
public sealed record CustomerView(long Id, string DisplayName, IReadOnlyList<IdentityView> Identities, string? Note = null, long? BlockedAt = null);

public sealed record IdentityView { public long Id { get; init; } public string Channel { get; init; } = ""; public string ExternalId { get; init; } = ""; public string? Handle { get; init; } public string? DisplayName { get; init; } public string? Email { get; init; } public string? Phone { get; init; } }

public sealed record ConversationDetail(
    ConversationView Conversation,
    IReadOnlyList<MessageView> Messages,
    CustomerView Customer,
    IReadOnlyList<ConversationView> OtherConversations);
