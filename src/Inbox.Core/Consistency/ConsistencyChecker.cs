using System.Collections.Concurrent;
using System.Data.Common;
using Dapper;
using Inbox.Core.Duplicates;
using Inbox.Core.Intake;

namespace Inbox.Core.Consistency;

/// <summary>An answer sent in a conversation of a cluster.</summary>
public sealed record Answer
{
    public long MessageId { get; init; }
    public long ConversationId { get; init; }
    public string Channel { get; init; } = "";
    public string Text { get; init; } = "";
    public string? ClientRef { get; init; }
}

/// <summary>
/// A contradiction between an agent's draft and an answer already sent on a sibling conversation, or a reference
/// answer of the team's (then ReferenceId and ReferenceTitle are set, the sibling fields 0 and "reference").
/// </summary>
public sealed record DraftConflict(
    long SiblingConversationId, string SiblingChannel, long SiblingMessageId, string SiblingText,
    IReadOnlyList<ConflictView> Conflicts, string ExplanationEn, string ExplanationFr, long? ReferenceId = null, string? ReferenceTitle = null);

/// <summary>
/// Pipeline step: compares the answers of a duplicate cluster. Raises a divergence flag when two answers
/// contradict each other and a missing-answer flag when a sibling is still unanswered; checks drafts live.
/// </summary>
public sealed class ConsistencyChecker(IResponseDue? responseDue = null)
{
    // Answers do not change once sent (a redaction empties them and they drop out of the query), so their
    // facts are cached by message id: the draft guard then only extracts the draft itself.
    private readonly ConcurrentDictionary<long, AnswerFacts> _facts = new();
    // Reference answers' facts, by saved reply id (checked against the body, which a lead may edit).
    private readonly ConcurrentDictionary<long, AnswerFacts> _referenceFacts = new();

    /// <summary>Called for every stored message, inbound and outbound, inside the intake/reply transaction.</summary>
    public void OnMessage(IntakeContext ctx, StoredMessage message)
    {
        if (message.Direction != "out") return;
        var siblings = Clusters.SiblingsOf(ctx.Connection, ctx.Transaction, message.ConversationId);
        if (siblings.Count == 0) return;

        foreach (var id in FlagStore.ResolveMissing(ctx.Connection, ctx.Transaction, ctx.Now, message.ConversationId)) Push(ctx, id);
        var mine = Answers(ctx.Connection, ctx.Transaction, [message.ConversationId]).FirstOrDefault(a => a.MessageId == message.MessageId)
            ?? new Answer { MessageId = message.MessageId, ConversationId = message.ConversationId, Channel = message.Channel, Text = message.Text, ClientRef = message.ClientRef };
        foreach (var other in Answers(ctx.Connection, ctx.Transaction, siblings)) Compare(ctx, other, mine);
        RaiseMissing(ctx, [message.ConversationId, .. siblings]);
    }

    /// <summary>Called by the duplicates step when two conversations become linked: answers already sent may now conflict.</summary>
    public void OnLinked(IntakeContext ctx, long conversationA, long conversationB)
    {
        var cluster = Clusters.SiblingsOf(ctx.Connection, ctx.Transaction, conversationA).Append(conversationA).Distinct().ToList();
        if (!cluster.Contains(conversationB)) cluster.Add(conversationB);
        var answers = Answers(ctx.Connection, ctx.Transaction, cluster);
        for (var i = 0; i < answers.Count; i++)
            for (var j = i + 1; j < answers.Count; j++)
                if (answers[i].ConversationId != answers[j].ConversationId) Compare(ctx, answers[i], answers[j]);
        RaiseMissing(ctx, cluster);
    }

    /// <summary>
    /// The draft guard: each sibling answer the draft contradicts, with the conflicting phrases and their spans; then
    /// each reference answer of the team's it contradicts (the team's official word, in any conversation).
    /// </summary>
    public IReadOnlyList<DraftConflict> CheckDraftDetailed(DbConnection c, long conversationId, string draft)
    {
        if (string.IsNullOrWhiteSpace(draft)) return [];
        var siblings = Clusters.SiblingsOf(c, null, conversationId);
        var references = c.Query<(long Id, string Title, string Body, string? Language)>(
            "SELECT id, title, body, language FROM saved_replies WHERE reference = 1 ORDER BY id").AsList();
        if (siblings.Count == 0 && references.Count == 0) return [];
        var channel = c.QueryFirstOrDefault<string>("SELECT channel FROM conversations WHERE id = @conversationId", new { conversationId }) ?? "";
        var draftFacts = FactExtractor.Extract(draft);
        var result = new List<DraftConflict>();
        foreach (var answer in Answers(c, null, siblings))
        {
            var facts = Facts(answer);
            var conflicts = AnswerComparer.Compare(facts, draftFacts);
            if (conflicts.Count == 0) continue;
            result.Add(new DraftConflict(answer.ConversationId, answer.Channel, answer.MessageId, answer.Text,
                conflicts.Select(x => FlagStore.View(x, "en")).ToList(),
                Explanation.Render(conflicts, facts, answer.Channel, draftFacts, channel, "en"),
                Explanation.Render(conflicts, facts, answer.Channel, draftFacts, channel, "fr")));
        }
        // Then the team's reference answers, after the siblings' (what this customer was told comes first).
        var contradicted = new List<(DraftConflict Conflict, string? Language)>();
        foreach (var reference in references)
        {
            var facts = _referenceFacts.TryGetValue(reference.Id, out var known) && known.Text == reference.Body
                ? known : _referenceFacts[reference.Id] = FactExtractor.Extract(reference.Body);
            var conflicts = AnswerComparer.CompareWithReference(facts, draftFacts);
            if (conflicts.Count == 0) continue;
            contradicted.Add((new DraftConflict(0, Explanation.ReferenceChannel, 0, reference.Body,
                conflicts.Select(x => FlagStore.View(x, "en")).ToList(),
                Explanation.Render(conflicts, facts, Explanation.ReferenceChannel, draftFacts, channel, "en"),
                Explanation.Render(conflicts, facts, Explanation.ReferenceChannel, draftFacts, channel, "fr"),
                reference.Id, reference.Title), reference.Language));
        }
        // One policy is often written in French and in English: when the draft's own language (or no language) is among
        // the references it contradicts, the others are the same warning again.
        var language = TextLanguage.Guess(draft);
        var own = contradicted.Where(x => x.Language is null || x.Language == language).ToList();
        result.AddRange((own.Count > 0 ? own : contradicted).Select(x => x.Conflict));
        return result;
    }

    private void Compare(IntakeContext ctx, Answer earlier, Answer later)
    {
        var (a, b) = earlier.MessageId < later.MessageId ? (earlier, later) : (later, earlier);
        var fa = Facts(a);
        var fb = Facts(b);
        var conflicts = AnswerComparer.Compare(fa, fb);
        if (conflicts.Count == 0) return;
        if (FlagStore.RaiseDivergence(ctx.Connection, ctx.Transaction, ctx.Now, a, b, conflicts, fa, fb) is { } id) Push(ctx, id);
    }

    /// <summary>A cluster with at least one answer: every conversation of it without an answer yet is flagged.</summary>
    private void RaiseMissing(IntakeContext ctx, IReadOnlyList<long> cluster)
    {
        var rows = ctx.Connection.Query<(long Id, string Channel, string Status, long? LastOutboundAt)>(
            "SELECT id, channel, status, last_outbound_at FROM conversations WHERE id IN @cluster", new { cluster }, ctx.Transaction).AsList();
        var answered = Answers(ctx.Connection, ctx.Transaction, rows.Where(r => r.LastOutboundAt is not null).Select(r => r.Id).ToList()).LastOrDefault();
        if (answered is null) return;
        foreach (var r in rows.Where(r => r.LastOutboundAt is null && r.Status != "closed"))
        {
            var due = MissingAnswerDueAt(ctx, r.Id);
            // A flag due later is stored now and surfaces at its due time (the timer's breach pushes it).
            if (FlagStore.RaiseMissing(ctx.Connection, ctx.Transaction, ctx.Now, due, answered, r.Id, r.Channel) is { } id && due <= ctx.Now) Push(ctx, id);
        }
    }

    /// <summary>
    /// When the unanswered sibling's answer is due: its response timer's due time when timers run for it
    /// (a sibling still inside its own deadline is not yet missing its answer), otherwise now.
    /// </summary>
    private long MissingAnswerDueAt(IntakeContext ctx, long unansweredConversation) =>
        Math.Max(ctx.Now, responseDue?.DueAt(ctx, unansweredConversation) ?? ctx.Now);

    /// <summary>
    /// The answers of these conversations, whatever their delivery status: a failed send is still the brand's
    /// word (the agent may resend it), so it is compared too. Redacted answers are gone.
    /// </summary>
    private static IReadOnlyList<Answer> Answers(DbConnection c, DbTransaction? tx, IReadOnlyList<long> conversations) =>
        conversations.Count == 0 ? [] : c.Query<Answer>("""
            SELECT id AS MessageId, conversation_id AS ConversationId, channel AS Channel, text AS Text, client_ref AS ClientRef
            FROM messages
            WHERE conversation_id IN @conversations AND direction = 'out' AND redacted_at IS NULL
            ORDER BY id
            """, new { conversations }, tx).AsList();

    private AnswerFacts Facts(Answer a)
    {
        if (_facts.TryGetValue(a.MessageId, out var f) && f.Text == a.Text) return f;
        if (_facts.Count > 50_000) _facts.Clear();
        return _facts[a.MessageId] = FactExtractor.Extract(a.Text);
    }

    private static void Push(IntakeContext ctx, long flagId)
    {
        var view = FlagStore.Get(ctx.Connection, ctx.Transaction, flagId);
        if (view is null) return;
        ctx.Push(b => FlagStore.AnnounceAsync(b, view));
    }
}
