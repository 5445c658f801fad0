using System.Data.Common;
using Dapper;
using Inbox.Core.Consistency;
using Inbox.Core.Conversations;
using Inbox.Core.Customers;
using Inbox.Core.Duplicates;
using Inbox.Core.Realtime;
using Inbox.Core.Storage;
using Inbox.Core.Timers;
using Microsoft.Extensions.Logging;

namespace Inbox.Core.Intake;

public abstract record AcceptResult
{
    /// <summary>Stored (and parsed unless Parsed is null); the worker will process it (Parsed saves a second parse).</summary>
    public sealed record Accepted(long RawId, NormalizeResult? Parsed) : AcceptResult;
    /// <summary>The same payload was stored before; nothing new.</summary>
    public sealed record Duplicate(long RawId) : AcceptResult;
    /// <summary>Stored as a dead letter; Error names the problem.</summary>
    public sealed record Malformed(long RawId, string Error) : AcceptResult;
}

/// <summary>
/// The intake pipeline, top to bottom: store raw → normalize → fill missing names (profile API) → identify customer → store message →
/// apply the leads' rules (a new conversation) → detect duplicates → check consistency → update timers → assign (if on) → broadcast. Each arrow is a call below (a message's
/// duplicates lookup runs on the detector's lookup thread while the writer stores the next message, and its links
/// are written in message order, before an answer's consistency check reads clusters; a batch that ends with more
/// requests waiting leaves its last lookups' links to the next transaction: see DuplicateBatch).
/// </summary>
public sealed class IntakePipeline(
    Db db,
    TimeProvider clock,
    RawEventStore rawEvents,
    IEnumerable<IChannelNormalizer> normalizers,
    ConversationOptions conversationOptions,
    DuplicateDetector duplicates,
    ConsistencyChecker consistency,
    TimerUpdater timers,
    Collision.AutoAssign autoAssign,
    Rules.RuleBook rules,
    ProfileFiller profiles,
    IBroadcaster broadcaster,
    ILogger<IntakePipeline> log) : IDisposable
{
    private readonly Dictionary<string, IChannelNormalizer> _normalizers = normalizers.ToDictionary(n => n.Source);
    private readonly object _pushGate = new();
    private Task _pushes = Task.CompletedTask;
    private readonly object _writerGate = new();
    private DbConnection? _writer;

    /// <summary>
    /// Parses a payload on the caller's thread (many requests parse in parallel) so the single intake writer
    /// only stores it: the payload and its parse result, or its error when it is malformed.
    /// </summary>
    public RawSubmission Prepare(string source, string? contentType, IReadOnlyDictionary<string, string> headers, byte[] body, string? dedupeKey = null)
    {
        var now = Db.Now(clock);
        var submission = new RawSubmission(source, contentType, headers, body, dedupeKey, now);
        try
        {
            return submission with { Parsed = Normalize(new RawEnvelope(0, source, contentType, headers, body, now)) };
        }
        catch (PayloadException e)
        {
            return submission with { Error = e.Message };
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Our own bug, not the sender's: kept as a dead letter with the error, and the request fails (500).
            return submission with { Error = e.GetType().Name + ": " + e.Message, Crash = e };
        }
    }

    /// <summary>Stores prepared payloads in one transaction (one commit for a burst of requests).</summary>
    public IReadOnlyList<AcceptResult> Store(IReadOnlyList<RawSubmission> submissions) => Write(c =>
    {
        using var tx = c.BeginTransaction();
        var results = RawEventStore.StoreBatch(c, tx, submissions);
        tx.Commit();
        return results;
    });

    /// <summary>
    /// Runs a write transaction on the intake's one writer connection, kept open so that the statements it compiled
    /// (CachingSqliteConnection) serve every batch: opened per batch, it compiled its dozen statements again for
    /// each batch of ~5 messages. One caller at a time (the intake worker; reprocessing and tests besides it).
    /// A failure closes it: the next write opens a fresh one.
    /// </summary>
    private T Write<T>(Func<DbConnection, T> work)
    {
        lock (_writerGate)
        {
            _writer ??= db.OpenWriter();
            try
            {
                // A log grown past its limit is copied out here, so that this transaction starts it over (Db.BeforeWrite).
                db.BeforeWrite(_writer);
                return work(_writer);
            }
            catch
            {
                _writer.Dispose();
                _writer = null;
                throw;
            }
        }
    }

    /// <summary>The writer connection as it is now (tests).</summary>
    internal DbConnection? Writer
    {
        get { lock (_writerGate) return _writer; }
    }

    public void Dispose()
    {
        lock (_writerGate)
        {
            _writer?.Dispose();
            _writer = null;
        }
    }

    /// <summary>Stores raw first, then parses so a bad payload is refused at once (in-process callers; HTTP endpoints go through the intake queue).</summary>
    public AcceptResult Accept(string source, string? contentType, IReadOnlyDictionary<string, string> headers, byte[] body, string? dedupeKey = null)
    {
        var (rawId, duplicate) = rawEvents.Store(source, contentType, headers, body, dedupeKey);
        if (duplicate) return new AcceptResult.Duplicate(rawId);
        try
        {
            var envelope = new RawEnvelope(rawId, source, contentType, headers, body, Db.Now(clock));
            return new AcceptResult.Accepted(rawId, Normalize(envelope));
        }
        catch (PayloadException e)
        {
            rawEvents.MarkFailed(rawId, e.Message);
            return new AcceptResult.Malformed(rawId, e.Message);
        }
    }

    public NormalizeResult Normalize(RawEnvelope raw)
    {
        if (!_normalizers.TryGetValue(raw.Source, out var normalizer))
            throw new PayloadException($"no parser for source '{raw.Source}'");
        try
        {
            // The language of a customer's message is guessed here, on the thread that parses it, not by the intake writer.
            var result = normalizer.Normalize(raw);
            return result with
            {
                Messages = result.Messages.Select(m => m.Direction != "in" || m.Tags.Count > 0 ? m
                    : m with { Language = Consistency.TextLanguage.Guess((m.Subject is null ? "" : m.Subject + "\n") + (m.DisplayText ?? m.Text)) }).ToList(),
            };
        }
        catch (PayloadException) { throw; }
        catch (Exception e) when (e is FormatException or System.Text.Json.JsonException or InvalidOperationException or KeyNotFoundException or ArgumentException)
        {
            throw new PayloadException($"{raw.Source} payload could not be read: {e.Message}");
        }
    }

    /// <summary>Processes one stored raw event; safe to call again for the same event (redelivery, reprocess).</summary>
    public async Task ProcessAsync(long rawId, NormalizeResult? parsed = null)
    {
        await ProcessBatchAsync([(rawId, parsed)]);
        await PushesSentAsync();
    }

    /// <summary>Completes once every batch committed so far has been pushed to the hub.</summary>
    public Task PushesSentAsync()
    {
        lock (_pushGate) return _pushes;
    }

    /// <summary>
    /// Processes several raw events in one transaction: a burst costs one commit and one round of pushes.
    /// Returns once committed; the pushes follow in commit order without holding up the next batch
    /// (PushesSentAsync waits for them).
    /// If the batch fails, it is rolled back and each event is processed alone, so one bad event cannot
    /// hold back the others; an event that fails alone is kept as failed with its error.
    /// When <paramref name="moreWaiting"/> says, at the end of the batch or while the batch waits for its last
    /// duplicate lookups, that more work is queued, the batch commits without waiting for them: the next batch writes
    /// their links first (see DuplicateBatch); <see cref="WriteCarriedLinks"/> writes them when nothing follows.
    /// </summary>
    public async Task ProcessBatchAsync(IReadOnlyList<(long RawId, NormalizeResult? Parsed)> batch, Func<bool>? moreWaiting = null)
    {
        var ready = new List<(long RawId, NormalizeResult Result)>(batch.Count);
        foreach (var (rawId, parsed) in batch)
        {
            try
            {
                ready.Add((rawId, parsed ?? Normalize(rawEvents.Load(rawId) ?? throw new PayloadException($"raw event {rawId} not found"))));
            }
            catch (PayloadException e)
            {
                rawEvents.MarkFailed(rawId, e.Message);
                log.LogWarning("Raw event {RawId} is a dead letter: {Error}", rawId, e.Message);
            }
        }
        if (ready.Count == 0) return;
        // Before the transaction: a profile lookup may wait on the network.
        ready = await profiles.FillAsync(ready);
        if (ready.Count == 1)
        {
            Commit(ready, moreWaiting);
            return;
        }
        try
        {
            Commit(ready, moreWaiting);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogWarning(e, "Intake batch of {Count} failed; processing its events one by one", ready.Count);
            foreach (var one in ready)
            {
                try { Commit([one]); }
                catch (Exception inner) when (inner is not OperationCanceledException)
                {
                    log.LogError(inner, "Intake of raw event {RawId} failed", one.RawId);
                    rawEvents.MarkFailed(one.RawId, inner.GetType().Name + ": " + inner.Message);
                }
            }
        }
    }

    /// <summary>
    /// Indexes the messages stored since the last call for search (SearchIndex), on the writer's connection: called by
    /// the intake worker at most twice a second, so a burst's messages go into the index together.
    /// </summary>
    public int IndexForSearch() => Write(c =>
    {
        using var tx = c.BeginTransaction();
        var n = Search.SearchIndex.CatchUp(c, tx);
        tx.Commit();
        return n;
    });

    /// <summary>The links of duplicate lookups a batch left to the next one, when no next batch is coming (idle intake, shutdown).</summary>
    public void WriteCarriedLinks()
    {
        if (duplicates.HasCarried) Commit([]);
    }

    private void Commit(IReadOnlyList<(long RawId, NormalizeResult Result)> events, Func<bool>? moreWaiting = null)
    {
        var ctx = Write(c =>
        {
            using var tx = c.BeginTransaction();
            var ctx = new IntakeContext(c, tx, Db.Now(clock));
            var added = new List<StoredMessage>();
            using var dup = new DuplicateBatch(duplicates, ctx);
            foreach (var (rawId, result) in events)
            {
                foreach (var m in result.Messages.OrderBy(m => m.SentAt))
                    if (StoreOne(ctx, dup, m, rawId) is { } stored) added.Add(stored);
                foreach (var s in result.Statuses) ApplyStatus(ctx, s);
                foreach (var r in result.Retractions) ApplyRetraction(ctx, r);
                c.Execute("UPDATE raw_events SET status = 'processed', error = NULL, attempts = attempts + 1, processed_at = @now WHERE id = @rawId",
                    new { rawId, now = ctx.Now }, tx);
            }
            dup.Flush(stopWhen: moreWaiting);
            IntakeViews.Broadcast(ctx, added);
            tx.Commit();
            dup.Committed();
            return ctx;
        });
        ctx.Committed();
        SendInOrder(ctx);
    }

    /// <summary>
    /// Sending to every connection takes a while with many agents connected: the writer goes on with the next
    /// batch meanwhile, and batches are still pushed one after the other, in commit order.
    /// </summary>
    private void SendInOrder(IntakeContext ctx)
    {
        lock (_pushGate)
            _pushes = _pushes.ContinueWith(async _ =>
            {
                try { await ctx.FlushAsync(broadcaster); }
                catch (Exception e) { log.LogWarning(e, "Hub push after intake failed"); }
            }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default).Unwrap();
    }

    private StoredMessage? StoreOne(IntakeContext ctx, DuplicateBatch dup, NormalizedMessage m, long rawId)
    {
        if (m.Direction == "out" && MatchEcho(ctx, m)) return null;

        var who = IdentityResolver.Resolve(ctx.Connection, ctx.Transaction, m.Customer, ctx.Now);
        var route = ConversationRouter.Find(ctx.Connection, ctx.Transaction, m, who.CustomerId, who.IdentityId, conversationOptions, ctx.Now);
        var display = m.DisplayText ?? m.Text;
        var messageId = MessageWriter.Insert(ctx, new NewMessage(
            route.ConversationId, m.Channel, m.ExternalId, m.Direction, m.Direction == "in" ? who.IdentityId : null, null,
            m.ClientRef, m.Subject, m.Text, display, m.SentAt, m.Direction == "in" ? "received" : "sent",
            m.ReplyToExternalId, m.ThreadRefs.Count > 0 ? string.Join(' ', m.ThreadRefs) : null, m.Tags, rawId, m.Language, m.Cc), out var spam);
        if (messageId is null) return null; // redelivered: stored once already

        foreach (var a in m.Attachments)
            ctx.Connection.Execute("""
                INSERT INTO attachments (message_id, file_name, content_type, size, content, note, media_ref)
                VALUES (@messageId, @FileName, @ContentType, @Size, @Content, @Note, @MediaRef)
                """, new { messageId, a.FileName, a.ContentType, a.Size, a.Content, a.Note, a.MediaRef }, ctx.Transaction);

        var stored = new StoredMessage(messageId.Value, route.ConversationId, who.CustomerId, who.IdentityId, m.Channel, m.Direction,
            m.Text, display, m.SentAt, route.Created, m.Tags, m.ClientRef);
        // The leads' rules (tags, priority, assignee, spam) come first: what they decide, the later steps see. A blocked
        // customer's conversation is spam already: no rule tags or assigns it.
        var ruled = spam ? default : rules.OnMessage(ctx, stored, m.Subject, who.Fields, m.Language);
        // Spam is kept and shown in its list, and nothing else: not a request to link, answer in time or give to someone.
        if (spam || ruled.Spam) return stored;
        // Duplicates: this message's lookup runs while the writer stores the next one (DuplicateBatch). An answer's
        // consistency check reads the clusters, so the links found so far are written first.
        if (m.Direction == "in" && m.Tags.Count == 0)
            dup.Add(stored, new DuplicateDetector.SenderRow
            {
                Subject = m.Subject, DisplayName = who.Fields.DisplayName, Handle = who.Fields.Handle, Email = who.Fields.Email, Phone = who.Fields.Phone,
            });
        else dup.Flush();
        consistency.OnMessage(ctx, stored);
        timers.OnMessage(ctx, stored);
        if (!ruled.Assigned) autoAssign.OnMessage(ctx, stored);
        return stored;
    }

    /// <summary>An echo of a message we sent ourselves: already stored, matched by platform id or our reference.</summary>
    private static bool MatchEcho(IntakeContext ctx, NormalizedMessage m)
    {
        var id = ctx.Connection.QueryFirstOrDefault<long?>(
            "SELECT id FROM messages WHERE channel = @Channel AND (external_id = @ExternalId OR (@ClientRef IS NOT NULL AND client_ref = @ClientRef))",
            m, ctx.Transaction);
        if (id is null) return false;
        ctx.Connection.Execute("UPDATE messages SET external_id = @ExternalId WHERE id = @id AND external_id LIKE 'local:%'",
            new { m.ExternalId, id }, ctx.Transaction);
        return true;
    }

    private static readonly string[] StatusOrder = ["queued", "sending", "sent", "delivered", "read"];

    /// <summary>Receipts arrive out of order; a status never moves backwards.</summary>
    private static void ApplyStatus(IntakeContext ctx, StatusUpdate s)
    {
        if (Channels.Social.Watermark.Is(s))
        {
            foreach (var id in Channels.Social.Watermark.Expand(ctx, s)) ApplyStatus(ctx, s with { ExternalId = id });
            return;
        }
        var current = ctx.Connection.QueryFirstOrDefault<MessageStatusRow>(
            "SELECT id AS Id, conversation_id AS ConversationId, status AS Status FROM messages WHERE channel = @Channel AND external_id = @ExternalId",
            s, ctx.Transaction);
        if (current is null) return;
        var from = Array.IndexOf(StatusOrder, current.Status);
        var to = Array.IndexOf(StatusOrder, s.Status);
        var moves = s.Status == "failed" ? from < 3 : to > from;
        if (!moves) return;
        ctx.Connection.Execute("UPDATE messages SET status = @Status, status_detail = @Detail WHERE id = @Id",
            new { s.Status, s.Detail, current.Id }, ctx.Transaction);
        PushMessageChanged(ctx, current.Id, current.ConversationId);
    }

    private static void ApplyRetraction(IntakeContext ctx, Retraction r)
    {
        var row = ctx.Connection.QueryFirstOrDefault<MessageStatusRow>(
            "SELECT id AS Id, conversation_id AS ConversationId, status AS Status FROM messages WHERE channel = @Channel AND external_id = @ExternalId",
            r, ctx.Transaction);
        if (row is null) return;
        ctx.Connection.Execute("""
            UPDATE messages SET text = '', display_text = '', redacted_at = @At, redaction_reason = @Reason
            WHERE id = @Id AND redacted_at IS NULL
            """, new { r.At, r.Reason, row.Id }, ctx.Transaction);
        PushMessageChanged(ctx, row.Id, row.ConversationId);
    }

    private static void PushMessageChanged(IntakeContext ctx, long messageId, long conversationId)
    {
        // With its files: the thread replaces the message with this view (a receipt must not hide a reply's attachments).
        var view = ConversationQueries.MessageWithAttachments(ctx.Connection, messageId, ctx.Transaction);
        if (view is null) return;
        ctx.Push(b => b.Conversation(conversationId).MessageChanged(view));
    }

    private sealed record MessageStatusRow { public long Id { get; init; } public long ConversationId { get; init; } public string Status { get; init; } = ""; }
}
