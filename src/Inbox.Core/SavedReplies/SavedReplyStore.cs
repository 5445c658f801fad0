using System.Text.RegularExpressions;
using Dapper;
using Inbox.Core.Model;
using Inbox.Core.Storage;

namespace Inbox.Core.SavedReplies;

public sealed record SavedReply
{
    public long Id { get; init; }
    public string Title { get; init; } = "";
    public string Body { get; init; } = "";
    public string? Language { get; init; }
    public long UpdatedAt { get; init; }
    public string? UpdatedBy { get; init; }
    /// <summary>How many times agents inserted it, and when last.</summary>
    public long UseCount { get; init; }
    public long? LastUsedAt { get; init; }
    /// <summary>The team's official word: the draft guard compares every draft with it (ConsistencyChecker).</summary>
    public bool Reference { get; init; }
    /// <summary>The body with its placeholders filled for one conversation (GET /api/conversations/{id}/saved-replies).</summary>
    public string? Text { get; init; }
    /// <summary>Tags the conversation gets when a reply that used this one is sent (comma-separated, as stored), or null.</summary>
    public string? AddTags { get; init; }
    /// <summary>The status the conversation takes then: pending (the customer's turn) or closed; null leaves it.</summary>
    public string? ThenStatus { get; init; }
}

/// <param name="AddTags">Tags to add to the conversation when a reply using it is sent; <paramref name="ThenStatus"/> pending or closed.</param>
public sealed record SavedReplyInput(string? Title, string? Body, string? Language, bool Reference = false,
    IReadOnlyList<string>? AddTags = null, string? ThenStatus = null);

/// <summary>
/// Saved replies (canned responses): the team writes an answer once and every agent inserts the same words, on every
/// channel. Answering one request the same way everywhere is what the consistency check measures; a shared answer is
/// the cheapest way to get there. Placeholders are filled on the server for the conversation at hand.
/// </summary>
public sealed partial class SavedReplyStore(Db db, TimeProvider clock)
{
    public const int MaxTitle = 120, MaxBody = 10_000;
    public static readonly IReadOnlyList<string> Placeholders = ["first_name", "customer_name", "agent_name"];

    private const string Columns = """
        SELECT r.id AS Id, r.title AS Title, r.body AS Body, r.language AS Language, r.updated_at AS UpdatedAt, a.display_name AS UpdatedBy,
               r.use_count AS UseCount, r.last_used_at AS LastUsedAt, r.reference AS Reference, r.add_tags AS AddTags, r.then_status AS ThenStatus
        FROM saved_replies r LEFT JOIN agents a ON a.id = r.updated_by
        """;

    /// <summary>What is wrong with a reply as given, in words, or null.</summary>
    public static Refusal? Validate(SavedReplyInput input)
    {
        if (string.IsNullOrWhiteSpace(input.Title)) return new("title is required", "le titre est obligatoire");
        if (input.Title.Trim().Length > MaxTitle) return new($"title is longer than {MaxTitle} characters", $"le titre dépasse {MaxTitle} caractères");
        if (string.IsNullOrWhiteSpace(input.Body)) return new("body is required", "le texte est obligatoire");
        if (input.Body.Length > MaxBody) return new($"body is longer than {MaxBody} characters", $"le texte dépasse {MaxBody} caractères");
        if (input.Language is not (null or "" or "en" or "fr")) return new("language must be en, fr or empty (any)", "la langue est en, fr ou vide (toutes)");
        if (input.ThenStatus is not (null or "" or "pending" or "closed")) return new("then status must be pending, closed or empty", "le statut après envoi est pending, closed ou vide");
        if (Tags.ConversationTags.Clean(input.AddTags).Error is { } badTags) return badTags;
        var known = string.Join(", ", Placeholders.Select(p => "{" + p + "}"));
        foreach (Match m in Placeholder().Matches(input.Body))
            if (!Placeholders.Contains(m.Groups[1].Value))
                return new($"unknown placeholder {m.Value}: use {known}", $"champ inconnu {m.Value} : utilisez {known}");
        return null;
    }

    public IReadOnlyList<SavedReply> List()
    {
        using var c = db.Open();
        return c.Query<SavedReply>(Columns + " ORDER BY r.title COLLATE NOCASE, r.id").AsList();
    }

    public SavedReply? Get(long id)
    {
        using var c = db.Open();
        return c.QuerySingleOrDefault<SavedReply>(Columns + " WHERE r.id = @id", new { id });
    }

    public SavedReply Create(SavedReplyInput input, long agentId)
    {
        using var c = db.Open();
        var id = c.ExecuteScalar<long>("""
            INSERT INTO saved_replies (title, body, language, reference, add_tags, then_status, created_by, updated_by, created_at, updated_at)
            VALUES (@Title, @Body, @Language, @Reference, @AddTags, @ThenStatus, @AgentId, @AgentId, @Now, @Now) RETURNING id
            """, Row(input, agentId));
        return Get(id)!;
    }

    public SavedReply? Update(long id, SavedReplyInput input, long agentId)
    {
        using var c = db.Open();
        var n = c.Execute("""
            UPDATE saved_replies SET title = @Title, body = @Body, language = @Language, reference = @Reference, add_tags = @AddTags,
                then_status = @ThenStatus, updated_by = @AgentId, updated_at = @Now WHERE id = @Id
            """,
            Row(input, agentId) with { Id = id });
        return n == 0 ? null : Get(id);
    }

    /// <summary>An agent inserted the reply into a compose box; false when there is no such reply.</summary>
    public bool Used(long id)
    {
        using var c = db.Open();
        return c.Execute("UPDATE saved_replies SET use_count = use_count + 1, last_used_at = @now WHERE id = @id", new { id, now = Db.Now(clock) }) == 1;
    }

    public bool Delete(long id)
    {
        using var c = db.Open();
        return c.Execute("DELETE FROM saved_replies WHERE id = @id", new { id }) > 0;
    }

    /// <summary>Every reply with its placeholders filled for this customer and agent.</summary>
    public IReadOnlyList<SavedReply> For(string customerName, string agentName) =>
        List().Select(r => r with { Text = Fill(r.Body, customerName, agentName) }).ToList();

    /// <summary>
    /// {customer_name} is the name the customer shows; {first_name} its first word when that reads as a name (a handle or
    /// an address stays whole: "Hello bluefox42", not "Hello "); {agent_name} the agent's display name.
    /// </summary>
    public static string Fill(string body, string customerName, string agentName)
    {
        var name = customerName.Trim();
        var first = name.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "";
        if (first.Length < 2 || !first.All(ch => char.IsLetter(ch) || ch is '-' or '\'' or '’')) first = name;
        return Placeholder().Replace(body, m => m.Groups[1].Value switch
        {
            "first_name" => first,
            "customer_name" => name,
            "agent_name" => agentName,
            _ => m.Value,
        });
    }

    private sealed record RowArgs(string Title, string Body, string? Language, bool Reference, string? AddTags, string? ThenStatus, long AgentId, long Now, long Id = 0);

    private RowArgs Row(SavedReplyInput input, long agentId) =>
        new(input.Title!.Trim(), input.Body!.Replace("\r\n", "\n").Trim(), string.IsNullOrEmpty(input.Language) ? null : input.Language, input.Reference,
            Tags.ConversationTags.Clean(input.AddTags).Tags is { Count: > 0 } tags ? string.Join(',', tags) : null,
            string.IsNullOrEmpty(input.ThenStatus) ? null : input.ThenStatus, agentId, Db.Now(clock));

    [GeneratedRegex(@"\{([^{}\s]{1,40})\}")]
    private static partial Regex Placeholder();
}
