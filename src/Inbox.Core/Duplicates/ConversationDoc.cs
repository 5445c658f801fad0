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
    public HashSet<string> Specifics { get; } = [];
    public HashSet<string> ChannelsNamed { get; } = [];
    public required PersonNames Names { get; init; }
    /// <summary>Email addresses and phone numbers the platform vouches for (identity fields), as specific tokens.</summary>
    public HashSet<string> OwnedContacts { get; } = [];

    // Derived from Words on first use after a change: an index rebuild adds a million messages and scores few of them.
    private string? _content;
    private int _distinctWords = -1;
    private ushort[]? _histogram;

    /// <summary>The compared text: concepts and stems, so a reworded request still matches (see Concepts).</summary>
    public string Content => _content ??= string.Join(' ', Words.Select(Concepts.Canonical));

    public int DistinctWords => _distinctWords >= 0 ? _distinctWords : _distinctWords = Words.Distinct().Count();

    /// <summary>The distinct words as the index numbers them (CandidateIndex counts shared word weight exactly with these).</summary>
    internal int[] WordIds { get; private set; } = [];

    internal void AddWordId(int id)
    {
        if (Array.IndexOf(WordIds, id) >= 0) return;
        var ids = new int[WordIds.Length + 1];
        WordIds.CopyTo(ids, 0);
        ids[^1] = id;
        WordIds = ids;
    }

    /// <summary>Where the candidate index keeps this document (its postings hold slots, not conversation ids).</summary>
    internal int Slot { get; set; } = -1;

    /// <summary>Character counts of the distinct tokens of Content joined by single spaces: see TextBound.</summary>
    internal ushort[]? Histogram => _histogram ??= TextBound.Histogram(Content);

    /// <summary>When the customer's remark about another channel was written, and how long before it says the copy went.</summary>
    public (long At, AgoWindow Window)? RemarkAgo { get; private set; }

    public void Add(NormalizedText text, long at)
    {
        Words.AddRange(text.Words);
        if (text.Words.Count > 0) { _content = null; _distinctWords = -1; _histogram = null; }
        Specifics.UnionWith(text.Specifics);
        ChannelsNamed.UnionWith(text.ChannelsNamed);
        if (text.RemarkAgo is { } ago) RemarkAgo = (at, ago);
        FirstAt = Math.Min(FirstAt, at);
        LastAt = Math.Max(LastAt, at);
    }
}
