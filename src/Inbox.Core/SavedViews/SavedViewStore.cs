using Dapper;
using Inbox.Core.Conversations;
using Inbox.Core.Model;
using Inbox.Core.Storage;

namespace Inbox.Core.SavedViews;

/// <param name="Count">How many conversations the view finds for the agent asking, up to <see cref="SavedViewStore.CountCap"/>.</param>
public sealed record SavedView
{
    public long Id { get; init; }
    public string Name { get; init; } = "";
    public string Query { get; init; } = "";
    public bool Shared { get; init; }
    public long OwnerId { get; init; }
    public string OwnerName { get; init; } = "";
    public int Count { get; init; }
}

public sealed record SavedViewInput(string? Name, string? Query, bool Shared = false);

/// <summary>
/// Saved views: the list's filters kept under a name, one click away ("Mes remboursements": mine, open, tag refund).
/// Each agent has their own; a lead shares one with the team. Each view comes with how many conversations it finds
/// for the agent asking, counted with the list's own query.
/// </summary>
public sealed class SavedViewStore(Db db, TimeProvider clock, ConversationQueries conversations)
{
    public const int MaxName = 60, MaxPerAgent = 30, CountCap = 1000;

    private const string Columns = """
        SELECT v.id AS Id, v.name AS Name, v.query AS Query, v.shared AS Shared, v.agent_id AS OwnerId, a.display_name AS OwnerName
        FROM saved_views v JOIN agents a ON a.id = v.agent_id
        """;

    /// <summary>The view as it will be stored (name trimmed, query in ListQuery's order), or what is wrong with it.</summary>
    public static (SavedViewInput? View, Refusal? Error) Clean(SavedViewInput input)
    {
        var name = (input.Name ?? "").Trim();
        if (name.Length == 0) return (null, new("name is required", "le nom est obligatoire"));
        if (name.Length > MaxName) return (null, new($"name is longer than {MaxName} characters", $"le nom dépasse {MaxName} caractères"));
        var (query, error) = ListQuery.ForView(input.Query);
        return error is null ? (input with { Name = name, Query = query }, null) : (null, error);
    }

    /// <summary>The agent's own views, then the ones leads share, each with its count for this agent.</summary>
    public IReadOnlyList<SavedView> For(long agentId)
    {
        List<SavedView> views;
        using (var c = db.Open())
            views = c.Query<SavedView>(Columns + " WHERE v.agent_id = @agentId OR v.shared = 1 ORDER BY v.agent_id <> @agentId, v.name COLLATE NOCASE, v.id",
                new { agentId }).AsList();
        return views.Select(v => v with { Count = Count(v.Query, agentId) }).ToList();
    }

    public SavedView? Get(long id)
    {
        using var c = db.Open();
        return c.QuerySingleOrDefault<SavedView>(Columns + " WHERE v.id = @id", new { id });
    }

    /// <summary>Stores a cleaned view; a refusal when the agent already has one of that name or too many.</summary>
    public (SavedView? View, Refusal? Error) Create(SavedViewInput view, long agentId)
    {
        using var c = db.Open();
        using var tx = c.BeginTransaction();
        if (c.ExecuteScalar<long>("SELECT COUNT(*) FROM saved_views WHERE agent_id = @agentId", new { agentId }, tx) >= MaxPerAgent)
            return (null, new($"at most {MaxPerAgent} views per agent", $"{MaxPerAgent} vues au plus par agent"));
        var id = c.ExecuteScalar<long?>("""
            INSERT INTO saved_views (agent_id, name, query, shared, created_at) VALUES (@agentId, @Name, @Query, @Shared, @now)
            ON CONFLICT (agent_id, name) DO NOTHING RETURNING id
            """, new { agentId, view.Name, view.Query, view.Shared, now = Db.Now(clock) }, tx);
        if (id is null) return (null, new($"you already have a view named \"{view.Name}\"", $"vous avez déjà une vue « {view.Name} »"));
        tx.Commit();
        return (Get(id.Value)! with { Count = Count(view.Query!, agentId) }, null);
    }

    public bool Delete(long id)
    {
        using var c = db.Open();
        return c.Execute("DELETE FROM saved_views WHERE id = @id", new { id }) > 0;
    }

    private int Count(string query, long agentId)
    {
        var args = ListQuery.Args(query);
        var (filter, _) = ListQuery.Parse(k => args[k], agentId);
        return filter is null ? 0 : conversations.Count(filter, CountCap);
    }
}
