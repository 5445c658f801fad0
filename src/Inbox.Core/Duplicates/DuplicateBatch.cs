using Inbox.Core.Intake;

namespace Inbox.Core.Duplicates;

/// <summary>
/// The duplicates step of one intake batch on the detector's lookup thread, beside the writer: while the writer
/// stores the next messages (customer, conversation, insert, timers), the lookup thread indexes the stored ones
/// and scores their candidates (a third of the writer's time when it ran them itself), in message order. The
/// writer writes each lookup's links in that order too. A lookup's links can change what the next lookups read
/// (a merge moves a conversation to another customer), so after one that found links the lookup thread waits
/// until the writer has written them and given the next lookups their new customers: every lookup sees what it
/// would have seen had the writer run them one after the other. Most lookups find nothing and nobody waits.
/// </summary>
public sealed class DuplicateBatch(DuplicateDetector detector, IntakeContext ctx) : IDisposable
{
    private readonly Queue<DuplicateDetector.Lookup> _started = new(); // in message order, links not yet written
    private CandidateIndex? _index;

    /// <summary>Starts the lookup of a stored inbound message, after writing the links of those already done.</summary>
    internal void Add(StoredMessage message, DuplicateDetector.SenderRow sender)
    {
        var next = DuplicateDetector.Prepare(message, sender, _index ??= detector.Begin(ctx));
        WriteLinks(wait: false);
        if (detector.TryMoved(message.ConversationId, out var customerId)) next.CustomerId = customerId;
        detector.Start(next);
        _started.Enqueue(next);
    }

    /// <summary>Waits for every lookup and writes their links (before anything that reads clusters, and before the batch's views are read).</summary>
    public void Flush() => WriteLinks(wait: true);

    private void WriteLinks(bool wait)
    {
        while (_started.TryPeek(out var lookup) && (wait || lookup.IsDone))
        {
            _started.Dequeue();
            try
            {
                DuplicateDetector.Wait(lookup);
                if (lookup.Hits.Count == 0) continue;
                detector.Apply(ctx, lookup);
                // A merge just made moves conversations whose lookups are queued behind this one (not started: the
                // lookup thread waits on this one's release).
                foreach (var later in _started)
                    if (detector.TryMoved(later.Message.ConversationId, out var customerId)) later.CustomerId = customerId;
            }
            finally { lookup.Released.Set(); }
        }
    }

    /// <summary>A batch that fails midway lets its lookups finish, so nothing touches the index once it has given up.</summary>
    public void Dispose()
    {
        while (_started.TryDequeue(out var lookup))
        {
            lookup.Released.Set();
            lookup.Done.Wait();
        }
    }
}
