using System.Data.Common;
using Dapper;
using Inbox.Core.Customers;
using Inbox.Core.Intake;
using Microsoft.Extensions.Logging;

namespace Inbox.Core.Duplicates;

/// <summary>
/// Pipeline step: links conversations that carry the same request. Each new inbound message updates its
/// conversation's document in the candidate index, the index proposes a bounded set of candidates,
/// DuplicateScorer scores them, and pairs above the threshold become duplicate_links.
/// </summary>
public sealed class DuplicateDetector
{
    private readonly object _gate = new();
    private readonly DuplicateOptions options;
    private readonly DuplicateLinker linker;
    private CandidateIndex? _index;
    // The index changes inside an intake transaction (a batch must see its own messages). If that
    // transaction never commits (batch rolled back, retried one by one), the index is rebuilt from the database.
    private IntakeContext? _writer;
    private bool _writerCommitted = true;

    private readonly ILogger<DuplicateDetector> log;

    public DuplicateDetector(DuplicateOptions options, DuplicateLinker linker, IdentityLinks identities, ILogger<DuplicateDetector> log)
    {
        this.log = log;
        this.options = options;
        this.linker = linker;
        identities.ConversationMoved += CustomerChanged;
    }

    public CandidateIndex Index(DbConnection c, DbTransaction? tx, long now)
    {
        lock (_gate) return _index ??= Rebuild(c, tx, now);
    }

    public void OnInbound(IntakeContext ctx, StoredMessage message)
    {
        var who = ctx.Connection.QuerySingle<SenderRow>("""
            SELECT m.subject AS Subject, i.display_name AS DisplayName, i.handle AS Handle, i.email AS Email, i.phone AS Phone
            FROM messages m LEFT JOIN identities i ON i.id = m.identity_id WHERE m.id = @MessageId
            """, message, ctx.Transaction);
        var text = TextNormalizer.Normalize(message.Text, message.NewConversation ? who.Subject : null);
        lock (_gate)
        {
            if (_writer != ctx)
            {
                if (!_writerCommitted) _index = null;
                _writer = ctx;
                _writerCommitted = false;
                ctx.OnCommitted(() => { lock (_gate) if (_writer == ctx) _writerCommitted = true; });
            }
        }
        var index = Index(ctx.Connection, ctx.Transaction, ctx.Now);
        List<(ConversationDoc Other, DuplicateScore Score)> hits;
        ConversationDoc doc;
        lock (_gate)
        {
            doc = index.Add(message.ConversationId, message.CustomerId, message.Channel, Names(who), Contacts(who), text, message.SentAt);
            doc.CustomerId = message.CustomerId;
            var scored = index.Candidates(doc, message.SentAt)
                .Select(o => (o, DuplicateScorer.Score(doc, o, o.CustomerId == doc.CustomerId, options.LinkThreshold)))
                .ToList();
            if (log.IsEnabled(LogLevel.Debug))
                foreach (var (o, sc) in scored)
                    log.LogDebug("candidate {A} {B} {Score:0.00} {Evidence}", doc.ConversationId, o.ConversationId, sc.Score, string.Join("; ", sc.Evidence));
            hits = scored.Where(h => h.Item2.Score >= options.LinkThreshold).ToList();
        }
        foreach (var (other, score) in hits.OrderByDescending(h => h.Score.Score))
            linker.Link(ctx, doc, other, score);
    }

    /// <summary>Reads the inbound messages of the window back into a fresh index (start-up; see the benchmark for the time at 1M).</summary>
    public CandidateIndex Rebuild(DbConnection c, DbTransaction? tx, long now)
    {
        var index = new CandidateIndex(options);
        var from = now - index.WindowMs;
        foreach (var r in c.Query<RebuildRow>("""
            SELECT m.conversation_id AS ConversationId, cv.customer_id AS CustomerId, m.channel AS Channel, m.text AS Text,
                   m.subject AS Subject, m.sent_at AS SentAt, i.display_name AS DisplayName, i.handle AS Handle, i.email AS Email, i.phone AS Phone,
                   (SELECT MIN(f.id) FROM messages f WHERE f.conversation_id = m.conversation_id) = m.id AS IsFirst
            FROM messages m JOIN conversations cv ON cv.id = m.conversation_id LEFT JOIN identities i ON i.id = m.identity_id
            WHERE m.direction = 'in' AND m.tags = '' AND m.redacted_at IS NULL AND m.sent_at >= @from
            ORDER BY m.sent_at, m.id
            """, new { from }, tx, buffered: false))
        {
            var who = new SenderRow { Subject = r.Subject, DisplayName = r.DisplayName, Handle = r.Handle, Email = r.Email, Phone = r.Phone };
            index.Add(r.ConversationId, r.CustomerId, r.Channel, Names(who), Contacts(who), TextNormalizer.Normalize(r.Text, r.IsFirst ? r.Subject : null), r.SentAt);
        }
        return index;
    }

    /// <summary>After an identity merge (or its undo) a conversation's customer changed.</summary>
    public void CustomerChanged(long conversationId, long customerId)
    {
        lock (_gate) _index?.SetCustomer(conversationId, customerId);
    }

    private static PersonNames Names(SenderRow who) => PersonNames.From(who.DisplayName, who.Handle, who.Email);

    private static IEnumerable<string> Contacts(SenderRow who)
    {
        if (IdentityResolver.NormalizeEmail(who.Email) is { } e) yield return "email:" + e;
        if (IdentityResolver.NormalizePhone(who.Phone) is { } p) yield return "phone:" + SpecificTokens.PhoneKey(p);
    }

    private sealed record SenderRow { public string? Subject { get; init; } public string? DisplayName { get; init; } public string? Handle { get; init; } public string? Email { get; init; } public string? Phone { get; init; } }
    private sealed record RebuildRow
    {
        public long ConversationId { get; init; } public long CustomerId { get; init; } public string Channel { get; init; } = ""; public string Text { get; init; } = "";
        public string? Subject { get; init; } public long SentAt { get; init; } public string? DisplayName { get; init; } public string? Handle { get; init; }
        public string? Email { get; init; } public string? Phone { get; init; } public bool IsFirst { get; init; }
    }
}
