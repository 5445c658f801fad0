using Dapper;
using Inbox.Core.Conversations;
using Inbox.Core.Customers;
using Inbox.Core.Intake;
using Inbox.Core.Model;
using Inbox.Core.Storage;
using Inbox.Core.Tags;

namespace Inbox.Core.Rules;

/// <summary>A rule as leads write it and the page shows it. Words, sender: conditions (null: any); the rest: what it does.</summary>
public sealed record RuleView
{
    public long Id { get; init; }
    public string Name { get; init; } = "";
    public int Position { get; init; }
    public bool Enabled { get; init; } = true;
    public string? Channel { get; init; }
    public string? Language { get; init; }
    /// <summary>Comma-separated: any of them at the start of a word of the subject or the first message (case and accents aside).</summary>
    public string? Words { get; init; }
    /// <summary>Part of the sender's address, domain, handle, phone or name.</summary>
    public string? Sender { get; init; }
    public IReadOnlyList<string> AddTags { get; init; } = [];
    /// <summary>low, normal, high or urgent; null: left as it is.</summary>
    public string? SetPriority { get; init; }
    public long? AssignTo { get; init; }
    public string? AssignToName { get; init; }
    public bool MarkSpam { get; init; }
    /// <summary>How many new conversations it acted on, and the latest when.</summary>
    public long Matched { get; init; }
    public long? LastMatchedAt { get; init; }
}

/// <summary>A rule as written: validated by <see cref="RuleBook.Validate"/>.</summary>
public sealed record RuleInput(string? Name, string? Channel = null, string? Language = null, string? Words = null, string? Sender = null,
    IReadOnlyList<string>? AddTags = null, string? SetPriority = null, long? AssignTo = null, bool MarkSpam = false, bool Enabled = true);

/// <summary>What the rules did to one new conversation, for intake's later steps.</summary>
public readonly record struct RuleOutcome(bool Assigned, bool Spam);

/// <summary>
/// Rules: what to do with a customer's new conversation as it arrives ("a mail to refunds@… or saying 'remboursement' is
/// tagged refund and goes to Amy"; "anything from @spam-domain.test is spam"), written by leads in order. An intake step,
/// right after the message is stored and before duplicates, timers and automatic assignment, in the intake's transaction:
/// the row reaches the agents already tagged and assigned, a timer never starts on spam, and automatic assignment leaves
/// a conversation a rule gave to someone. Every condition set must hold; every matching rule acts (tags add up, the first
/// to set a priority or an assignee wins; spam stops the rest). Held in memory (read again when leads change them), so a
/// message costs nothing when there is no rule. What a rule did is audited as the rule's, and shown in the history.
/// </summary>
public sealed class RuleBook(Db db, TimeProvider clock)
{
    public const int MaxRules = 100, MaxWords = 30;
    private volatile IReadOnlyList<Compiled>? _cache;

    /// <param name="Priority">The rule's priority as stored (0–3), read once here rather than parsed from its name for every message.</param>
    private sealed record Compiled(RuleView Rule, string[] Words, string? Sender, int? Priority);

    private const string Columns = """
        SELECT r.id AS Id, r.name AS Name, r.position AS Position, r.enabled AS Enabled, r.channel AS Channel, r.language AS Language,
               r.words AS Words, r.sender AS Sender, r.add_tags AS Tags, r.set_priority AS PriorityValue, r.assign_to AS AssignTo,
               a.display_name AS AssignToName, r.mark_spam AS MarkSpam, r.matched AS Matched, r.last_matched_at AS LastMatchedAt
        FROM rules r LEFT JOIN agents a ON a.id = r.assign_to
        """;

    public IReadOnlyList<RuleView> List()
    {
        using var c = db.Open();
        return c.Query<Row>(Columns + " ORDER BY r.position, r.id").Select(r => r.View()).ToList();
    }

    public RuleView? Get(long id)
    {
        using var c = db.Open();
        return c.QueryFirstOrDefault<Row>(Columns + " WHERE r.id = @id", new { id })?.View();
    }

    /// <summary>What is wrong with a rule as written (in both languages), or null.</summary>
    public Refusal? Validate(RuleInput r)
    {
        if (string.IsNullOrWhiteSpace(r.Name) || r.Name.Trim().Length > 100) return new("a rule has a name of 1 to 100 characters", "une règle a un nom de 1 à 100 caractères");
        if (r.Channel is not null && !ChannelName.All.Contains(r.Channel))
            return new($"channel is one of {string.Join(", ", ChannelName.All)}", $"le canal est l’un de {string.Join(", ", ChannelName.All)}");
        if (r.Language is not (null or "fr" or "en")) return new("language is fr or en", "la langue est fr ou en");
        if (WordsOf(r.Words).Length > MaxWords) return new($"at most {MaxWords} words", $"{MaxWords} mots au plus");
        if ((r.Words?.Length ?? 0) > 1000 || (r.Sender?.Length ?? 0) > 200) return new("words or sender too long", "mots ou expéditeur trop longs");
        var (tags, tagError) = ConversationTags.Clean(r.AddTags);
        if (tagError is not null) return tagError;
        if (r.SetPriority is not null && Priority.Parse(r.SetPriority).Error is { } priorityError) return priorityError;
        if (tags.Count == 0 && r.SetPriority is null && r.AssignTo is null && !r.MarkSpam)
            return new("a rule does something: tags, a priority, an assignee or spam", "une règle fait quelque chose : étiquettes, priorité, assignation ou indésirable");
        if (r.MarkSpam && (tags.Count > 0 || r.SetPriority is not null || r.AssignTo is not null))
            return new("a rule that marks spam does nothing else", "une règle qui marque comme indésirable ne fait rien d’autre");
        if (r.AssignTo is { } agent)
        {
            using var c = db.Open();
            if (c.ExecuteScalar<long?>("SELECT id FROM agents WHERE id = @agent AND disabled = 0 AND role IN ('agent', 'lead')", new { agent }) is null)
                return new("assign to an enabled agent or lead", "assigner à un agent ou responsable actif");
        }
        return null;
    }

    /// <summary>Appends a rule (last in the order); the caller has checked that there is room (<see cref="MaxRules"/>).</summary>
    public RuleView Create(RuleInput r, long agentId)
    {
        var now = Db.Now(clock);
        long id;
        using (var c = db.Open())
        {
            using var tx = c.BeginTransaction();
            id = c.ExecuteScalar<long>("""
                INSERT INTO rules (name, position, enabled, channel, language, words, sender, add_tags, set_priority, assign_to, mark_spam, created_by, created_at, updated_at)
                VALUES (@Name, (SELECT COALESCE(MAX(position), 0) + 1 FROM rules), @Enabled, @Channel, @Language, @Words, @Sender, @Tags, @PriorityValue,
                        @AssignTo, @MarkSpam, @agentId, @now, @now)
                RETURNING id
                """, Args(r, new { agentId, now }), tx);
            Audit.AuditLog.Write(c, tx, now, agentId, "rule.create", $"rule:{id}", Args(r, null));
            tx.Commit();
        }
        _cache = null;
        return Get(id)!;
    }

    public RuleView? Update(long id, RuleInput r, long agentId)
    {
        var now = Db.Now(clock);
        using (var c = db.Open())
        {
            using var tx = c.BeginTransaction();
            if (c.Execute("""
                    UPDATE rules SET name = @Name, enabled = @Enabled, channel = @Channel, language = @Language, words = @Words, sender = @Sender,
                        add_tags = @Tags, set_priority = @PriorityValue, assign_to = @AssignTo, mark_spam = @MarkSpam, updated_at = @now
                    WHERE id = @id
                    """, Args(r, new { id, now }), tx) == 0) return null;
            Audit.AuditLog.Write(c, tx, now, agentId, "rule.update", $"rule:{id}", Args(r, null));
            tx.Commit();
        }
        _cache = null;
        return Get(id);
    }

    /// <summary>Deletes a rule (its words stay in the audit log); what it did to conversations stays.</summary>
    public bool Delete(long id, long agentId)
    {
        using (var c = db.Open())
        {
            using var tx = c.BeginTransaction();
            var rule = c.QueryFirstOrDefault<Row>(Columns + " WHERE r.id = @id", new { id }, tx);
            if (rule is null) return false;
            c.Execute("DELETE FROM rules WHERE id = @id", new { id }, tx);
            Audit.AuditLog.Write(c, tx, Db.Now(clock), agentId, "rule.delete", $"rule:{id}", rule.View());
            tx.Commit();
        }
        _cache = null;
        return true;
    }

    /// <summary>Moves a rule one place up (-1) or down (+1); false when there is no such rule.</summary>
    public bool Move(long id, int by, long agentId)
    {
        using (var c = db.Open())
        {
            using var tx = c.BeginTransaction();
            var order = c.Query<long>("SELECT id FROM rules ORDER BY position, id", transaction: tx).AsList();
            var at = order.IndexOf(id);
            if (at < 0) return false;
            var to = Math.Clamp(at + Math.Sign(by), 0, order.Count - 1);
            order.RemoveAt(at);
            order.Insert(to, id);
            for (var i = 0; i < order.Count; i++) c.Execute("UPDATE rules SET position = @p WHERE id = @id", new { p = i + 1, id = order[i] }, tx);
            Audit.AuditLog.Write(c, tx, Db.Now(clock), agentId, "rule.move", $"rule:{id}", new { position = to + 1 });
            tx.Commit();
        }
        _cache = null;
        return true;
    }

    private static object Args(RuleInput r, object? extra)
    {
        var p = new DynamicParameters(new
        {
            Name = r.Name!.Trim(), r.Enabled, r.Channel, r.Language, Words = Blank(r.Words), Sender = Blank(r.Sender),
            Tags = ConversationTags.Clean(r.AddTags).Tags is { Count: > 0 } t ? string.Join(',', t) : null,
            PriorityValue = r.SetPriority is null ? (int?)null : Priority.Parse(r.SetPriority).Value, r.AssignTo, r.MarkSpam,
        });
        if (extra is not null) p.AddDynamicParams(extra);
        return p;
    }

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    /// <summary>The words of a rule, folded as the text they are looked for in.</summary>
    private static string[] WordsOf(string? words) =>
        (words ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(ConversationQueries.FoldWords).Where(w => w.Length > 0).Distinct().ToArray();

    /// <summary>
    /// The intake step: a customer's first message of a new conversation goes through the enabled rules in order.
    /// Nothing is read from the database when no rule is enabled.
    /// </summary>
    public RuleOutcome OnMessage(IntakeContext ctx, StoredMessage m, string? subject, IdentityResolver.IdentityFields sender, string? language)
    {
        if (!m.NewConversation || m.Direction != "in" || m.Tags.Count > 0) return default;
        var rules = _cache ??= Load();
        if (rules.Count == 0) return default;
        // Folded once, padded so that " word" finds a word's start anywhere, the first one included.
        var text = " " + ConversationQueries.FoldWords((subject ?? "") + " " + m.Text) + " ";
        var from = Duplicates.TextNormalizer.Fold(string.Join(' ', new[] { sender.Email, sender.Handle, sender.Phone, sender.DisplayName }.Where(s => s is not null)));
        var tags = new SortedSet<string>(StringComparer.Ordinal);
        int? priority = null;
        long? assignee = null;
        var matched = new List<Compiled>();
        foreach (var r in rules)
        {
            var rule = r.Rule;
            if (rule.Channel is not null && rule.Channel != m.Channel) continue;
            if (rule.Language is not null && rule.Language != language) continue;
            if (r.Words.Length > 0 && !r.Words.Any(w => text.Contains(" " + w, StringComparison.Ordinal))) continue;
            if (r.Sender is not null && !from.Contains(r.Sender, StringComparison.Ordinal)) continue;
            matched.Add(r);
            if (rule.MarkSpam) break;
            tags.UnionWith(rule.AddTags);
            priority ??= r.Priority;
            assignee ??= rule.AssignTo;
        }
        if (matched.Count == 0) return default;

        var c = ctx.Connection;
        var tx = ctx.Transaction;
        var target = $"conversation:{m.ConversationId}";
        foreach (var r in matched)
            c.Execute("UPDATE rules SET matched = matched + 1, last_matched_at = @now WHERE id = @id", new { id = r.Rule.Id, now = ctx.Now }, tx);
        var last = matched[^1].Rule;
        if (last.MarkSpam)
        {
            Spam.Mark(c, tx, m.ConversationId, ctx.Now, null, new { rule = last.Name });
            return new RuleOutcome(false, true);
        }
        if (tags.Count > 0 && ConversationTags.Add(c, tx, m.ConversationId, tags, null, ctx.Now) is { Count: > 0 } added)
            Audit.AuditLog.Write(c, tx, ctx.Now, null, "conversation.tags", target, new { tags = added, rule = RuleFor(matched, x => x.AddTags.Count > 0) });
        if (priority is { } p)
        {
            c.Execute("UPDATE conversations SET priority = @p WHERE id = @ConversationId", new { p, m.ConversationId }, tx);
            Audit.AuditLog.Write(c, tx, ctx.Now, null, "conversation.priority", target, new { Priority = Priority.Names[p], rule = RuleFor(matched, x => x.SetPriority is not null) });
        }
        // An assignee who has since been disabled is skipped (automatic assignment, if on, then takes it).
        if (assignee is { } agent && c.Execute("""
                UPDATE conversations SET assigned_agent_id = @agent
                WHERE id = @ConversationId AND assigned_agent_id IS NULL AND EXISTS (SELECT 1 FROM agents WHERE id = @agent AND disabled = 0)
                """, new { agent, m.ConversationId }, tx) == 1)
        {
            Audit.AuditLog.Write(c, tx, ctx.Now, null, "conversation.assign", target, new { from = (long?)null, to = agent, rule = RuleFor(matched, x => x.AssignTo is not null) });
            return new RuleOutcome(true, false);
        }
        return new RuleOutcome(false, false);
    }

    private static string RuleFor(List<Compiled> matched, Func<RuleView, bool> did) => matched.First(r => did(r.Rule)).Rule.Name;

    private IReadOnlyList<Compiled> Load() =>
        List().Where(r => r.Enabled)
            .Select(r => new Compiled(r, WordsOf(r.Words), r.Sender is null ? null : Duplicates.TextNormalizer.Fold(r.Sender.Trim()),
                r.SetPriority is null ? null : Priority.Parse(r.SetPriority).Value))
            .ToList();

    private sealed record Row
    {
        public long Id { get; init; }
        public string Name { get; init; } = "";
        public int Position { get; init; }
        public bool Enabled { get; init; }
        public string? Channel { get; init; }
        public string? Language { get; init; }
        public string? Words { get; init; }
        public string? Sender { get; init; }
        public string? Tags { get; init; }
        public int? PriorityValue { get; init; }
        public long? AssignTo { get; init; }
        public string? AssignToName { get; init; }
        public bool MarkSpam { get; init; }
        public long Matched { get; init; }
        public long? LastMatchedAt { get; init; }

        public RuleView View() => new()
        {
            Id = Id, Name = Name, Position = Position, Enabled = Enabled, Channel = Channel, Language = Language, Words = Words, Sender = Sender,
            AddTags = string.IsNullOrEmpty(Tags) ? [] : Tags.Split(','), SetPriority = PriorityValue is { } p ? Priority.Names[p] : null,
            AssignTo = AssignTo, AssignToName = AssignToName, MarkSpam = MarkSpam, Matched = Matched, LastMatchedAt = LastMatchedAt,
        };
    }
}
