namespace Inbox.Core.Duplicates;

/// <summary>One conversation as duplicate detection sees it: its inbound text so far and who sent it.</summary>
public sealed class ConversationDoc
{
    public required long ConversationId { get; init; }
    public required long CustomerId { get; set; }
    public required string Channel { get; init; }
    public required long FirstAt { get; set; }
    public required long LastAt { get; set; }
    public List<string> Words { get; } = [];
    public string Content { get; set; } = "";
    public HashSet<string> Specifics { get; } = [];
    public HashSet<string> ChannelsNamed { get; } = [];
    public required PersonNames Names { get; init; }
    /// <summary>Email addresses and phone numbers the platform vouches for (identity fields), as specific tokens.</summary>
    public HashSet<string> OwnedContacts { get; } = [];

    public int DistinctWords { get; private set; }

    /// <summary>When the customer's remark about another channel was written, and how long before it says the copy went.</summary>
    public (long At, AgoWindow Window)? RemarkAgo { get; private set; }

    public void Add(NormalizedText text, long at)
    {
        Words.AddRange(text.Words);
        // Compared text is in concepts and stems, so a reworded request still matches (see Concepts).
        Content = string.Join(' ', Words.Select(Concepts.Canonical));
        DistinctWords = Words.Distinct().Count();
        Specifics.UnionWith(text.Specifics);
        ChannelsNamed.UnionWith(text.ChannelsNamed);
        if (text.RemarkAgo is { } ago) RemarkAgo = (at, ago);
        FirstAt = Math.Min(FirstAt, at);
        LastAt = Math.Max(LastAt, at);
    }
}
