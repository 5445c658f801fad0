using System.Data.Common;
using Dapper;
using Inbox.Core.Storage;

namespace Inbox.Core.Conversations;

/// <param name="AssignedTo">Only conversations assigned to this agent.</param>
/// <param name="Unassigned">Only conversations nobody is assigned to.</param>
/// <param name="Tag">Only conversations with this tag.</param>
/// <param name="Reader">The agent who reads the list: each row then says what that agent has seen of it (SeenInboundAt).</param>
/// <param name="Unread">Only what is unread for the Reader: not closed, and the customer wrote since the Reader last read it.</param>
/// <param name="Spam">The Spam list (status=spam): only the conversations marked as spam, which every other list leaves out.</param>
/// <param name="Sort">newest (last message first, the default), oldest (the longest quiet first), due (the response due
/// soonest first, the ones without a running timer last), priority (urgent first, then as due).</param>
public sealed record ConversationFilter(
    string? Channel = null, long? CustomerId = null, string? Status = null, string? Search = null,
    bool IncludeAutomated = false, long? Before = null, int Limit = 100, long? AssignedTo = null, bool Unassigned = false, string? Tag = null,
    long? Reader = null, bool Unread = false, string Sort = "newest", bool Spam = false);

/// <summary>Read side of conversations for the API and the hub.</summary>
public sealed class ConversationQueries(Db db)
{
    internal const string ConversationColumns = """
        c.id, c.customer_id, cu.display_name AS customer_name, i.handle, c.channel, c.is_public, c.subject,
        c.status, c.preview, c.created_at, c.last_message_at, c.last_inbound_at, c.last_outbound_at,
        c.message_count, c.unanswered, c.is_automated, c.assigned_agent_id, a.display_name AS assigned_agent_name,
        ct.kind AS timer_kind, ct.started_at AS timer_started_at, ct.at_risk_at AS timer_at_risk_at, ct.due_at AS timer_due_at,
        ct.paused_at AS timer_paused_at, c.snoozed_until, c.language, c.spam_at, c.priority,
        c.cluster_id, (SELECT COUNT(*) FROM conversations s WHERE s.cluster_id = c.cluster_id AND s.id <> c.id) AS linked_count,
        (SELECT group_concat(tag, ',') FROM (SELECT tag FROM conversation_tags t WHERE t.conversation_id = c.id ORDER BY tag)) AS tag_list
        FROM conversations c
        JOIN customers cu ON cu.id = c.customer_id
        JOIN identities i ON i.id = c.identity_id
        LEFT JOIN agents a ON a.id = c.assigned_agent_id
        LEFT JOIN conversation_timers ct ON ct.conversation_id = c.id
        """;

    internal const string MessageColumns = """
        m.id, m.conversation_id, m.channel, m.external_id, m.direction, a.display_name AS agent_name, m.client_ref,
        m.subject, m.text, m.display_text, m.signature, m.sent_at, m.status, m.status_detail, m.tags, m.redacted_at, m.redaction_reason,
        m.cc, m.bcc,
        CASE WHEN si.id IS NULL THEN NULL
             WHEN si.email IS NOT NULL AND si.display_name IS NOT NULL THEN
                 CASE WHEN si.display_name GLOB '*[,;:<>@"()]*' THEN '"' || replace(si.display_name, '"', '') || '"' ELSE si.display_name END || ' <' || si.email || '>'
             ELSE COALESCE(si.email, si.display_name, si.handle, si.external_id) END AS sender
        FROM messages m LEFT JOIN agents a ON a.id = m.agent_id
        LEFT JOIN identities si ON si.id = m.identity_id AND m.identity_id <> (SELECT identity_id FROM conversations WHERE id = m.conversation_id)
        """;

    public IReadOnlyList<ConversationView> List(ConversationFilter f)
    {
        using var c = db.Open();
        return List(c, f);
    }

    /// <summary>The customer's last message time when the list's reader last read the conversation (ReadMarks).</summary>
    private const string SeenByReader = "(SELECT r.seen_inbound_at FROM conversation_reads r WHERE r.agent_id = @Reader AND r.conversation_id = c.id)";

    public static IReadOnlyList<ConversationView> List(DbConnection c, ConversationFilter f, DbTransaction? tx = null)
    {
        WithFold(c, f);
        var seen = f.Reader is null ? "" : $"{SeenByReader} AS seen_inbound_at, ";
        var order = f.Sort switch
        {
            "oldest" => "c.last_message_at, c.id",
            "due" => "ct.due_at IS NULL, ct.due_at, c.last_message_at DESC",
            "priority" => "c.priority DESC, ct.due_at IS NULL, ct.due_at, c.last_message_at DESC",
            _ => "c.last_message_at DESC",
        };
        var sql = $"SELECT {seen}{ConversationColumns} {Where(f)} ORDER BY {order} LIMIT @Limit";
        return c.Query<ConversationView>(sql, Args(f), tx).AsList();
    }

    /// <summary>
    /// How many conversations the filter finds, counted up to <paramref name="cap"/> (a saved view says "999+"
    /// rather than counting a whole year of closed conversations each time the list changes).
    /// </summary>
    public int Count(ConversationFilter f, int cap)
    {
        using var c = db.Open();
        WithFold(c, f);
        var sql = $"SELECT COUNT(*) FROM (SELECT 1 FROM conversations c JOIN customers cu ON cu.id = c.customer_id JOIN identities i ON i.id = c.identity_id {Where(f)} LIMIT @Cap)";
        var args = new DynamicParameters(Args(f));
        args.Add("Cap", cap);
        return c.ExecuteScalar<int>(sql, args);
    }

    private static string Where(ConversationFilter f)
    {
        var where = new List<string>();
        if (f.Channel is not null) where.Add("c.channel = @Channel");
        if (f.CustomerId is not null) where.Add("c.customer_id = @CustomerId");
        if (f.Status is not null) where.Add("c.status = @Status");
        // One customer's conversations (the side panel's "other conversations") are all of them.
        if (f.Spam) where.Add("c.spam_at IS NOT NULL");
        else if (f.CustomerId is null) where.Add("c.spam_at IS NULL");
        if (!f.IncludeAutomated) where.Add("c.is_automated = 0");
        if (f.Before is not null) where.Add("c.last_message_at < @Before");
        if (f.AssignedTo is not null) where.Add("c.assigned_agent_id = @AssignedTo");
        if (f.Unassigned) where.Add("c.assigned_agent_id IS NULL");
        if (f.Tag is not null) where.Add("EXISTS (SELECT 1 FROM conversation_tags t WHERE t.conversation_id = c.id AND t.tag = @Tag)");
        if (f.Unread && f.Reader is not null)
            where.Add($"c.status <> 'closed' AND c.last_inbound_at > COALESCE({SeenByReader}, 0)");
        if (!string.IsNullOrWhiteSpace(f.Search))
            where.Add("(cu.display_name LIKE @Like OR c.subject LIKE @Like OR c.preview LIKE @Like OR i.handle LIKE @Like OR i.email LIKE @Like" +
                (SearchWords(f.Search) is null ? ")" : " OR c.id IN (SELECT m.conversation_id FROM message_search s JOIN messages m ON m.id = s.rowid WHERE message_search MATCH @words" +
                    // A phrase in quotes: its words one after the other in that message (the index finds the messages
                    // with all the words; the phrase is checked in their text, folded as the index folds it).
                    (Phrases(f.Search).Count == 0 ? "))" : " AND NOT EXISTS (SELECT 1 FROM json_each(@phrases) p WHERE instr(' ' || inbox_fold(m.display_text) || ' ', ' ' || p.value) = 0)))")));
        return where.Count > 0 ? "WHERE " + string.Join(" AND ", where) : "";
    }

    private static object Args(ConversationFilter f) => new
    {
        f.Channel, f.CustomerId, f.Status, f.Before, f.AssignedTo, f.Tag, Like = $"%{f.Search?.Replace("\"", "").Trim()}%", Limit = Math.Clamp(f.Limit, 1, 500), f.Reader,
        words = SearchWords(f.Search), phrases = System.Text.Json.JsonSerializer.Serialize(Phrases(f.Search)),
    };

    /// <summary>
    /// The phrases in quotes of a search ("colis abîmé"), folded as the messages are for the check: lower case, no
    /// accents, words only, one space apart. A quoted single word is just a word.
    /// </summary>
    public static IReadOnlyList<string> Phrases(string? search) =>
        System.Text.RegularExpressions.Regex.Matches(search ?? "", "\"([^\"]+)\"").Select(m => FoldWords(m.Groups[1].Value))
            .Where(p => p.Contains(' ')).Distinct().Take(3).ToList();

    /// <summary>Lower case, no accents, letters and digits only, one space between words.</summary>
    public static string FoldWords(string? text) =>
        string.Join(' ', System.Text.RegularExpressions.Regex.Matches(Duplicates.TextNormalizer.Fold(text ?? ""), @"[\p{L}\p{N}]+").Select(m => m.Value));

    // The phrase check folds each candidate message's text in SQL: the function is given to the connection that asks.
    private static void WithFold(DbConnection c, ConversationFilter f)
    {
        if (Phrases(f.Search).Count > 0 && c is Microsoft.Data.Sqlite.SqliteConnection sqlite)
            sqlite.CreateFunction("inbox_fold", (string? text) => FoldWords(text), isDeterministic: true);
    }

    /// <summary>
    /// The search box's words as a full-text query: every word, as the start of a word ("rembours" finds
    /// "remboursement"), all of them in one message. Only letters and digits are kept, so what an agent types is never
    /// read as the query language's operators. Null when nothing is left to look for.
    /// </summary>
    public static string? SearchWords(string? search)
    {
        var words = System.Text.RegularExpressions.Regex.Matches(search ?? "", @"[\p{L}\p{N}]+").Select(m => m.Value).Take(8).ToList();
        return words.Count == 0 ? null : string.Join(' ', words.Select(w => $"\"{w}\"*"));
    }

    public ConversationView? Get(long id)
    {
        using var c = db.Open();
        return Get(c, id);
    }

    public static ConversationView? Get(DbConnection c, long id, DbTransaction? tx = null) =>
        c.QuerySingleOrDefault<ConversationView>($"SELECT {ConversationColumns} WHERE c.id = @id", new { id }, tx);

    public ConversationDetail? Detail(long id)
    {
        using var c = db.Open();
        var conv = Get(c, id);
        if (conv is null) return null;
        var messages = c.Query<MessageView>($"SELECT {MessageColumns} WHERE m.conversation_id = @id ORDER BY m.sent_at, m.id", new { id }).AsList();
        var attachments = Attachments(c, "m.conversation_id = @id", new { id });
        var withAttachments = messages.Select(m => attachments.Contains(m.Id) ? m with { Attachments = attachments[m.Id].ToList() } : m).ToList();
        var customer = Customer(c, conv.CustomerId)!;
        var others = List(c, new ConversationFilter(CustomerId: conv.CustomerId, IncludeAutomated: true, Limit: 50))
            .Where(o => o.Id != id).ToList();
        return new ConversationDetail(conv, withAttachments, customer, others);
    }

    public MessageView? Message(long id)
    {
        using var c = db.Open();
        return Message(c, id);
    }

    public static MessageView? Message(DbConnection c, long id, DbTransaction? tx = null) =>
        c.QuerySingleOrDefault<MessageView>($"SELECT {MessageColumns} WHERE m.id = @id", new { id }, tx);

    /// <summary>One message with its attachments, as the thread shows it (a fetched file turns its name into a link).</summary>
    public static MessageView? MessageWithAttachments(DbConnection c, long id, DbTransaction? tx = null) =>
        Message(c, id, tx) is { } m ? m with { Attachments = Attachments(c, "m.id = @id", new { id }, tx)[id].ToList() } : null;

    private static ILookup<long, AttachmentView> Attachments(DbConnection c, string messagesWhere, object args, DbTransaction? tx = null) =>
        c.Query<(long MessageId, long Id, string? FileName, string ContentType, long Size, string? Note, bool Downloadable, bool FetchFailed)>(
            $"""
            SELECT t.message_id, t.id, t.file_name, t.content_type, t.size, t.note, t.content IS NOT NULL,
                   t.content IS NULL AND t.media_ref IS NOT NULL AND t.fetch_attempts >= {Channels.Meta.MediaFetcher.MaxAttempts}
            FROM attachments t JOIN messages m ON m.id = t.message_id WHERE {messagesWhere} ORDER BY t.id
            """, args, tx).ToLookup(a => a.MessageId, a => new AttachmentView(a.Id, a.FileName, a.ContentType, a.Size, a.Note, a.Downloadable, a.FetchFailed));

    public static CustomerView? Customer(DbConnection c, long id)
    {
        var (name, note, blockedAt) = c.QuerySingleOrDefault<(string? Name, string? Note, long? BlockedAt)>(
            "SELECT display_name, note, blocked_at FROM customers WHERE id = @id", new { id });
        if (name is null) return null;
        var ids = c.Query<IdentityView>(
            "SELECT id AS Id, channel AS Channel, external_id AS ExternalId, handle AS Handle, display_name AS DisplayName, email AS Email, phone AS Phone FROM identities WHERE customer_id = @id ORDER BY id",
            new { id }).AsList();
        return new CustomerView(id, name, ids, note, blockedAt);
    }
}
