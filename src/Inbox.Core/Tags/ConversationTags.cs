using System.Data.Common;
using System.Text.RegularExpressions;
using Dapper;
using Inbox.Core.Conversations;
using Inbox.Core.Model;
using Inbox.Core.Realtime;
using Inbox.Core.Storage;

namespace Inbox.Core.Tags;

/// <remarks>Properties, not a positional record: with no tag yet there is no row, and Dapper matches a record's constructor
/// to the columns' types, which SQLite leaves unknown for COUNT(*) without a row.</remarks>
public sealed record TagCount
{
    public string Tag { get; init; } = "";
    public long Conversations { get; init; }
}

/// <summary>Tags on conversations: set by agents, pushed to every agent's list (ConversationChanged), used as a list filter.</summary>
public sealed partial class ConversationTags(Db db, TimeProvider clock, IBroadcaster broadcaster)
{
    public const int MaxTags = 10, MaxLength = 30;

    /// <summary>The tags as they will be stored (trimmed, lowercase, each once, sorted), or what is wrong with them.</summary>
    public static (IReadOnlyList<string> Tags, Refusal? Error) Clean(IEnumerable<string?>? tags)
    {
        var clean = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var raw in tags ?? [])
        {
            var tag = Regex.Replace((raw ?? "").Trim().ToLowerInvariant(), @"\s+", " ");
            if (tag.Length == 0) continue;
            if (tag.Length > MaxLength) return ([], new($"a tag is at most {MaxLength} characters: \"{tag}\"", $"une étiquette fait au plus {MaxLength} caractères : « {tag} »"));
            if (!Allowed().IsMatch(tag))
                return ([], new($"a tag is letters, digits, spaces, '-' and '_': \"{tag}\"", $"une étiquette ne contient que lettres, chiffres, espaces, « - » et « _ » : « {tag} »"));
            clean.Add(tag);
        }
        return clean.Count > MaxTags ? ([], new($"at most {MaxTags} tags on a conversation", $"{MaxTags} étiquettes au plus par conversation")) : (clean.ToList(), null);
    }

    /// <summary>Replaces the conversation's tags and tells every agent; null when the conversation does not exist.</summary>
    public async Task<ConversationView?> SetAsync(long conversationId, IReadOnlyList<string> tags, long agentId)
    {
        ConversationView? view;
        using (var c = db.Open())
        {
            using var tx = c.BeginTransaction();
            if (c.ExecuteScalar<long?>("SELECT id FROM conversations WHERE id = @conversationId", new { conversationId }, tx) is null) return null;
            var now = Db.Now(clock);
            var json = System.Text.Json.JsonSerializer.Serialize(tags);
            c.Execute("DELETE FROM conversation_tags WHERE conversation_id = @conversationId AND tag NOT IN (SELECT value FROM json_each(@json))",
                new { conversationId, json }, tx);
            Insert(c, tx, conversationId, json, agentId, now);
            view = ConversationQueries.Get(c, conversationId, tx);
            tx.Commit();
        }
        await broadcaster.Everyone.ConversationChanged(view!);
        return view;
    }

    /// <summary>
    /// Adds tags to those the conversation has, in the caller's transaction (read and written together: a colleague
    /// tagging it at the same moment loses nothing), as far as the limit of tags allows. Agent null: a rule did it.
    /// </summary>
    /// <returns>The tags added (none when it had them all or had no room), already cleaned.</returns>
    public static IReadOnlyList<string> Add(DbConnection c, DbTransaction tx, long conversationId, IEnumerable<string> tags, long? agentId, long now)
    {
        var current = c.Query<string>("SELECT tag FROM conversation_tags WHERE conversation_id = @conversationId", new { conversationId }, tx).ToHashSet();
        var added = Clean(tags).Tags.Where(t => !current.Contains(t)).Take(Math.Max(0, MaxTags - current.Count)).ToList();
        if (added.Count > 0) Insert(c, tx, conversationId, System.Text.Json.JsonSerializer.Serialize(added), agentId, now);
        return added;
    }

    /// <summary>Adds tags to a conversation and tells every agent; null when there is no such conversation.</summary>
    /// <returns>The tags added and the conversation as it is after.</returns>
    public async Task<(IReadOnlyList<string> Added, ConversationView View)?> AddAsync(long conversationId, IEnumerable<string> tags, long agentId)
    {
        IReadOnlyList<string> added;
        ConversationView? view;
        using (var c = db.Open())
        {
            using var tx = c.BeginTransaction();
            if (c.ExecuteScalar<long?>("SELECT id FROM conversations WHERE id = @conversationId", new { conversationId }, tx) is null) return null;
            added = Add(c, tx, conversationId, tags, agentId, Db.Now(clock));
            view = ConversationQueries.Get(c, conversationId, tx);
            tx.Commit();
        }
        if (added.Count > 0) await broadcaster.Everyone.ConversationChanged(view!);
        return (added, view!);
    }

    private static void Insert(DbConnection c, DbTransaction tx, long conversationId, string json, long? agentId, long now) =>
        c.Execute("""
            INSERT INTO conversation_tags (conversation_id, tag, agent_id, created_at)
            SELECT @conversationId, value, @agentId, @now FROM json_each(@json) WHERE true
            ON CONFLICT (conversation_id, tag) DO NOTHING
            """, new { conversationId, json, agentId, now }, tx);

    /// <summary>
    /// Renames a tag on every conversation that has it, or merges it into another already in use ("remboursement" into
    /// "refund"): a conversation that has both keeps one. Every agent's list is told of each conversation changed.
    /// </summary>
    /// <returns>The conversations changed.</returns>
    public async Task<int> RenameAsync(string from, string to, long agentId)
    {
        var views = new List<ConversationView>();
        using (var c = db.Open())
        {
            using var tx = c.BeginTransaction();
            var ids = c.Query<long>("SELECT conversation_id FROM conversation_tags WHERE tag = @from", new { from }, tx).AsList();
            c.Execute("""
                INSERT INTO conversation_tags (conversation_id, tag, agent_id, created_at)
                SELECT conversation_id, @to, @agentId, @now FROM conversation_tags WHERE tag = @from
                ON CONFLICT (conversation_id, tag) DO NOTHING
                """, new { from, to, agentId, now = Db.Now(clock) }, tx);
            c.Execute("DELETE FROM conversation_tags WHERE tag = @from", new { from }, tx);
            foreach (var id in ids) if (ConversationQueries.Get(c, id, tx) is { } view) views.Add(view);
            tx.Commit();
        }
        foreach (var view in views) await broadcaster.Everyone.ConversationChanged(view);
        return views.Count;
    }

    /// <summary>Tags in use, the most used first (the tag box suggests them, the list filters by them).</summary>
    public IReadOnlyList<TagCount> InUse()
    {
        using var c = db.Open();
        return c.Query<TagCount>("SELECT tag AS Tag, COUNT(*) AS Conversations FROM conversation_tags GROUP BY tag ORDER BY COUNT(*) DESC, tag LIMIT 200").AsList();
    }

    [GeneratedRegex(@"^[\p{L}\p{N}][\p{L}\p{N} _-]*$")]
    private static partial Regex Allowed();
}
