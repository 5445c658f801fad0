using System.Data.Common;
using Dapper;
using Inbox.Core.Customers;
using Inbox.Core.Intake;
using Microsoft.Extensions.Logging;

namespace Inbox.Core.Duplicates;

/// <summary>
/// Pipeline step: links conversations that carry the same request. Each new inbound message updates its
/// conversation's document in the candidate index, the index proposes a bounded set of candidates,
/// DuplicateScorer scores them, and pairs above the threshold become duplicate_links. The intake runs the step
/// through <see cref="DuplicateBatch"/>: the writer reads the sender (Prepare), the lookup thread indexes and
/// scores (Find), the writer writes the links (Apply).
/// </summary>
public sealed class DuplicateDetector : IDisposable
{
    private readonly object _gate = new();
    private readonly DuplicateOptions options;
    private readonly DuplicateLinker linker;
    private readonly FirstNames firstNames = new();
    private CandidateIndex? _index;
    // The index changes inside an intake transaction (a batch must see its own messages). If that
    // transaction never commits (batch rolled back, retried one by one), the index is rebuilt from the database.
    private IntakeContext? _writer;
    private bool _writerCommitted = true;
    private readonly Lock _writerGate = new();

    private readonly ILogger<DuplicateDetector> log;
    // The lookup thread of intake batches (DuplicateBatch): started on first use, ended when the host disposes the detector.
    private readonly Queue<Lookup> _queue = new();
    private Thread? _thread;
    private bool _stopped;
    private readonly Dictionary<long, long> _moved = [];
    // Lookups of committed intake batches whose links the next intake transaction writes (DuplicateBatch.Flush).
    private readonly List<Lookup> _carried = [];

    public DuplicateDetector(DuplicateOptions options, DuplicateLinker linker, IdentityLinks identities, ILogger<DuplicateDetector> log)
    {
        this.log = log;
        this.options = options;
        this.linker = linker;
        identities.ConversationMoved += CustomerChanged;
    }

    public CandidateIndex Index(DbConnection c, DbTransaction? tx, long now)
    {
        // Read without the lock when built: the lookup thread holds it through each lookup, and the writer asks once a batch.
        if (Volatile.Read(ref _index) is { } built) return built;
        lock (_gate)
        {
            if (_index is not null) return _index;
            var index = Rebuild(c, tx, now);
            CompactAfterBuild(index);
            return _index = index;
        }
    }

    /// <summary>Documents from which an index, once built, is worth a compacting collection (below, the build's garbage is small).</summary>
    public const int CompactAbove = 100_000;

    /// <summary>
    /// A large index is built amid the garbage of its build (rows, texts, token lists), and the collector's background
    /// collections free that garbage without moving what survives: the documents and postings stay spread over the
    /// heap. One compacting collection puts them together, and lookups then wait on memory less (benchmark at a
    /// million messages: p99 0.70–0.80 ms against 0.87–1.10). Once, after the build at start-up (1.5 s at 1M, beside a
    /// build of half a minute); again only if a failed intake transaction makes the index be rebuilt.
    /// </summary>
    public static void CompactAfterBuild(CandidateIndex index)
    {
        if (index.Count >= CompactAbove) GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
    }

    /// <summary>
    /// One message's duplicates step, cut where the database is: what the writer reads (<see cref="Prepare"/>), the
    /// lookup in memory (<see cref="Find"/>: normalizing, indexing, candidates, scoring; any thread) and the links the
    /// writer writes (<see cref="Apply"/>).
    /// </summary>
    internal sealed class Lookup(StoredMessage message, SenderRow who, CandidateIndex index)
    {
        public StoredMessage Message { get; } = message;
        internal SenderRow Who { get; } = who;
        internal CandidateIndex Index { get; } = index;
        /// <summary>The message's customer: a merge the links before it made may have changed it since it was stored.</summary>
        internal long CustomerId { get; set; } = message.CustomerId;
        internal ConversationDoc? Doc { get; set; }
        internal List<(ConversationDoc Other, DuplicateScore Score)> Hits { get; set; } = [];
        internal Exception? Error { get; set; }
        internal ManualResetEventSlim Done { get; } = new(false, spinCount: 0);
        /// <summary>Set once the writer has written this lookup's links: a lookup that found some holds the lookup thread until then.</summary>
        internal ManualResetEventSlim Released { get; } = new(false, spinCount: 0);
        internal bool IsDone => Done.IsSet;
    }

    /// <summary>Writer, once per intake transaction: the index, built on first use and rebuilt after a transaction that never committed.</summary>
    internal CandidateIndex Begin(IntakeContext ctx)
    {
        lock (_moved) _moved.Clear();
        var stale = false;
        // Its own lock, not the index's: the lookup thread holds that one through each lookup, and the writer would
        // wait (spinning first) for the current lookup at every batch's start and commit.
        lock (_writerGate)
        {
            if (_writer != ctx)
            {
                stale = !_writerCommitted;
                _writer = ctx;
                _writerCommitted = false;
                ctx.OnCommitted(() => { lock (_writerGate) if (_writer == ctx) _writerCommitted = true; });
            }
        }
        if (stale) lock (_gate) _index = null;
        return Index(ctx.Connection, ctx.Transaction, ctx.Now);
    }

    /// <summary>Writer: a stored message's lookup, with its subject and its sender's identity as stored.</summary>
    internal static Lookup Prepare(StoredMessage message, SenderRow who, CandidateIndex index) => new(message, who, index);

    /// <summary>No database: adds the message to the index and scores its candidates. Lookups must run in message order.</summary>
    internal void Find(Lookup lookup)
    {
        var message = lookup.Message;
        var text = TextNormalizer.Normalize(message.Text, message.NewConversation ? lookup.Who.Subject : null);
        lock (_gate)
        {
            var index = lookup.Index;
            var doc = index.Add(message.ConversationId, lookup.CustomerId, message.Channel, NamesOf(index, message.ConversationId, lookup.Who, message.Text, firstNames), Contacts(lookup.Who), text, message.SentAt);
            doc.CustomerId = lookup.CustomerId;
            var rarity = index.Rarity;
            var debug = log.IsEnabled(LogLevel.Debug);
            var scored = index.Candidates(doc, message.SentAt)
                .Select(o => (o, DuplicateScorer.Score(doc, o, o.CustomerId == doc.CustomerId, options.LinkThreshold, rarity, explain: debug)))
                .ToList();
            DuplicateScorer.PreferOnlyMatch(doc, scored);
            if (debug)
                foreach (var (o, sc) in scored)
                    log.LogDebug("candidate {A} {B} {Score:0.00} {Evidence}", doc.ConversationId, o.ConversationId, sc.Score, string.Join("; ", sc.Evidence));
            // The links say why: their evidence in words (PreferOnlyMatch's note, if any, after it).
            lookup.Doc = doc;
            lookup.Hits = scored.Where(h => h.Item2.Score >= options.LinkThreshold)
                .Select(h => debug ? h : (h.o, h.Item2 with { Evidence = [.. DuplicateScorer.Score(doc, h.o, h.o.CustomerId == doc.CustomerId, options.LinkThreshold, rarity).Evidence, .. h.Item2.Evidence] }))
                .ToList();
        }
    }

    /// <summary>Writer: writes the lookup's links.</summary>
    internal void Apply(IntakeContext ctx, Lookup lookup)
    {
        var doc = lookup.Doc!;
        // A request is sent once per channel: of several look-alikes on one channel (the same person's two
        // tweets about different things), only the best is this request's counterpart.
        foreach (var (other, score) in lookup.Hits.GroupBy(h => h.Other.Channel).Select(g => g.MaxBy(h => h.Score.Score)).OrderByDescending(h => h.Score.Score))
        {
            // One request reaches each platform once, from one account: a link that would put two conversations
            // (or, with OneConversationPerChannel off, two customers' accounts) of one channel into one cluster
            // joins a look-alike (the best link came first).
            if (CrowdsChannel(ctx, doc.ConversationId, other.ConversationId) && !Displaces(ctx, doc, other, score))
            {
                log.LogDebug("not linking {A} {B}: one channel twice in a cluster", doc.ConversationId, other.ConversationId);
                continue;
            }
            linker.Link(ctx, doc, other, score);
        }
    }

    /// <summary>Runs <see cref="Find"/> on the lookup thread; <see cref="Wait"/> returns once it is done.</summary>
    internal void Start(Lookup lookup)
    {
        lock (_queue)
        {
            if (_stopped) throw new ObjectDisposedException(nameof(DuplicateDetector));
            if (_thread is null)
            {
                _thread = new Thread(RunLookups) { IsBackground = true, Name = "duplicate lookups" };
                _thread.Start();
            }
            _queue.Enqueue(lookup);
            Monitor.Pulse(_queue);
        }
    }

    internal static void Wait(Lookup lookup)
    {
        lookup.Done.Wait();
        if (lookup.Error is { } e) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e);
    }

    /// <summary>Tests only: runs on the lookup thread before each lookup (to hold it and see what the writer does meanwhile).</summary>
    internal Action? LookupStarting { get; set; }

    // Waits block at once, without spinning: on two cores a spinning writer took the core the lookup needed.
    private void RunLookups()
    {
        while (true)
        {
            Lookup lookup;
            lock (_queue)
            {
                while (_queue.Count == 0 && !_stopped) Monitor.Wait(_queue);
                if (_queue.Count == 0) return;
                lookup = _queue.Dequeue();
            }
            try
            {
                LookupStarting?.Invoke();
                Find(lookup);
            }
            catch (Exception e) { lookup.Error = e; }
            finally { lookup.Done.Set(); }
            // Its links may merge two customers, which the next lookups read: they wait until the writer has written them.
            if (lookup.Hits.Count > 0 || lookup.Error is not null) lookup.Released.Wait();
        }
    }

    /// <summary>Writer: the lookups a committed batch left for this transaction to write, in message order.</summary>
    internal Lookup[] TakeCarried()
    {
        lock (_carried)
        {
            var taken = _carried.ToArray();
            _carried.Clear();
            return taken;
        }
    }

    /// <summary>Writer: lookups whose links the next intake transaction writes (after those carried already).</summary>
    internal void Carry(IEnumerable<Lookup> lookups)
    {
        lock (_carried) _carried.AddRange(lookups);
    }

    /// <summary>Whether a committed batch left lookups whose links are not written yet.</summary>
    public bool HasCarried
    {
        get { lock (_carried) return _carried.Count > 0; }
    }

    /// <summary>A carried lookup failed: its message is stored, only its links are missing.</summary>
    internal void Lost(Lookup lookup, Exception error) =>
        log.LogError(error, "Duplicate lookup of message {MessageId} failed; the message is stored without its links", lookup.Message.MessageId);

    /// <summary>Conversations a merge moved to another customer since the intake transaction began (its lookups not yet started take the new customer).</summary>
    internal bool TryMoved(long conversationId, out long customerId)
    {
        lock (_moved) return _moved.TryGetValue(conversationId, out customerId);
    }

    public void Dispose()
    {
        lock (_queue)
        {
            _stopped = true;
            Monitor.PulseAll(_queue);
        }
    }

    /// <summary>How much stronger a link must be than the automatic links it displaces (a case token's worth, less a little).</summary>
    public const double DisplaceMargin = 2.0;

    /// <summary>
    /// The cluster of <paramref name="other"/> already holds a conversation on doc's channel, joined by automatic links
    /// only, every one of them weaker than this link by <see cref="DisplaceMargin"/> or more ("same name, text alike"
    /// against "same customer number"): the stronger evidence says which account on that channel carries the request,
    /// so the weaker links give way (rejected by the system, in the audit log, never made again) and this one is made.
    /// Only when doc is in no cluster yet, and taking that conversation out leaves the rest of the cluster joined.
    /// </summary>
    private bool Displaces(IntakeContext ctx, ConversationDoc doc, ConversationDoc other, DuplicateScore score)
    {
        var c = ctx.Connection;
        if (c.ExecuteScalar<long?>("SELECT cluster_id FROM conversations WHERE id = @id", new { id = doc.ConversationId }, ctx.Transaction) is not null) return false;
        var members = c.Query<(long Id, string Channel)>("""
            SELECT id, channel FROM conversations
            WHERE cluster_id = (SELECT cluster_id FROM conversations WHERE id = @id)
            """, new { id = other.ConversationId }, ctx.Transaction).AsList();
        var rivals = members.Where(m => m.Channel == doc.Channel).Select(m => m.Id).ToList();
        if (rivals.Count != 1 || rivals[0] == other.ConversationId || members.GroupBy(m => m.Channel).Any(g => g.Count() > 1)) return false;
        var rival = rivals[0];
        var ids = members.Select(m => m.Id).ToArray();
        var links = c.Query<DuplicateLinkView>($"SELECT {DuplicateLinker.LinkColumns} WHERE conversation_a IN @ids AND conversation_b IN @ids AND status <> 'rejected'",
            new { ids }, ctx.Transaction).AsList();
        var rivalLinks = links.Where(l => l.ConversationA == rival || l.ConversationB == rival).ToList();
        if (rivalLinks.Any(l => l.Status != "linked" || l.Score > score.Score - DisplaceMargin)) return false;
        // The others must stay one cluster without the rival.
        var reached = new HashSet<long> { other.ConversationId };
        for (var grew = true; grew;)
        {
            grew = false;
            foreach (var l in links.Except(rivalLinks))
                if (reached.Contains(l.ConversationA) != reached.Contains(l.ConversationB)) grew |= reached.Add(l.ConversationA) | reached.Add(l.ConversationB);
        }
        if (reached.Count != members.Count - 1) return false;
        linker.Supersede(ctx, rivalLinks, doc.ConversationId, other.ConversationId, score);
        return !CrowdsChannel(ctx, doc.ConversationId, other.ConversationId);
    }

    /// <summary>Would linking a and b put two conversations (or two customers) of one channel into one cluster?</summary>
    private bool CrowdsChannel(IntakeContext ctx, long a, long b)
    {
        var members = ctx.Connection.Query<(long Id, string Channel, long CustomerId)>("""
            SELECT id, channel, customer_id FROM conversations
            WHERE id IN (@a, @b)
               OR cluster_id IN (SELECT cluster_id FROM conversations WHERE id IN (@a, @b) AND cluster_id IS NOT NULL)
            """, new { a, b }, ctx.Transaction);
        return members.GroupBy(m => m.Channel)
            .Any(g => (options.OneConversationPerChannel ? g.Count() : g.Select(m => m.CustomerId).Distinct().Count()) > 1);
    }

    /// <summary>Reads the inbound messages of the window back into a fresh index (start-up; see the benchmark for the time at 1M).</summary>
    public CandidateIndex Rebuild(DbConnection c, DbTransaction? tx, long now) => Load(c, tx, options, now, firstNames);

    /// <summary>An index of the inbound messages stored in the window ending at <paramref name="now"/>.</summary>
    public static CandidateIndex Load(DbConnection c, DbTransaction? tx, DuplicateOptions options, long now, FirstNames firstNames)
    {
        var index = new CandidateIndex(options);
        var from = now - index.WindowMs;
        foreach (var r in c.Query<RebuildRow>("""
            SELECT m.conversation_id AS ConversationId, cv.customer_id AS CustomerId, m.channel AS Channel, m.text AS Text,
                   m.subject AS Subject, m.sent_at AS SentAt, i.display_name AS DisplayName, i.handle AS Handle, i.email AS Email, i.phone AS Phone,
                   (SELECT MIN(f.id) FROM messages f WHERE f.conversation_id = m.conversation_id) = m.id AS IsFirst
            FROM messages m JOIN conversations cv ON cv.id = m.conversation_id LEFT JOIN identities i ON i.id = m.identity_id
            WHERE m.direction = 'in' AND m.tags = '' AND m.redacted_at IS NULL AND cv.spam_at IS NULL AND m.sent_at >= @from
            ORDER BY m.sent_at, m.id
            """, new { from }, tx, buffered: false))
        {
            var who = new SenderRow { Subject = r.Subject, DisplayName = r.DisplayName, Handle = r.Handle, Email = r.Email, Phone = r.Phone };
            index.Add(r.ConversationId, r.CustomerId, r.Channel, NamesOf(index, r.ConversationId, who, r.Text, firstNames), Contacts(who), TextNormalizer.Normalize(r.Text, r.IsFirst ? r.Subject : null), r.SentAt);
        }
        return index;
    }

    /// <summary>After an identity merge (or its undo) a conversation's customer changed.</summary>
    public void CustomerChanged(long conversationId, long customerId)
    {
        lock (_gate) _index?.SetCustomer(conversationId, customerId);
        lock (_moved) _moved[conversationId] = customerId;
    }

    /// <summary>A conversation's names are its first message's (the index keeps the document's): later messages skip working them out.</summary>
    private static PersonNames NamesOf(CandidateIndex index, long conversationId, SenderRow who, string text, FirstNames firstNames) =>
        index.Get(conversationId)?.Names ?? Names(who, text, firstNames);

    private static PersonNames Names(SenderRow who, string text, FirstNames firstNames)
    {
        var names = PersonNames.From(StatedName.Complete(who.DisplayName, text, firstNames), who.Handle, who.Email, firstNames);
        firstNames.Learn(names);
        return names;
    }

    private static IEnumerable<string> Contacts(SenderRow who)
    {
        if (IdentityResolver.NormalizeEmail(who.Email) is { } e) yield return "email:" + e;
        if (IdentityResolver.NormalizePhone(who.Phone) is { } p) yield return "phone:" + SpecificTokens.PhoneKey(p);
    }

    internal sealed record SenderRow { public string? Subject { get; init; } public string? DisplayName { get; init; } public string? Handle { get; init; } public string? Email { get; init; } public string? Phone { get; init; } }
    private sealed record RebuildRow
    {
        public long ConversationId { get; init; } public long CustomerId { get; init; } public string Channel { get; init; } = ""; public string Text { get; init; } = "";
        public string? Subject { get; init; } public long SentAt { get; init; } public string? DisplayName { get; init; } public string? Handle { get; init; }
        public string? Email { get; init; } public string? Phone { get; init; } public bool IsFirst { get; init; }
    }
}
