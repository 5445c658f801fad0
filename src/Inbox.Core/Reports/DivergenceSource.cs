using System.Data.Common;
using Dapper;

namespace Inbox.Core.Reports;

/// <summary>One divergence: two answers to the same request that contradict each other.</summary>
/// <remarks>
/// Properties, not a positional record: Dapper matches a record's constructor to the columns' types before it reads a
/// row, and SQLite gives an expression column (the COALESCE below) no type when there is no row, so a period with
/// clusters but no divergence made the report fail.
/// </remarks>
public sealed record DivergencePair
{
    public long FlagId { get; init; }
    public long ConversationA { get; init; }
    public long MessageA { get; init; }
    public long MessageB { get; init; }
    public string Explanation { get; init; } = "";
    public string Status { get; init; } = "";
}

/// <summary>
/// The report's only read of the consistency feature: its consistency_flags table (migration 0006: kind divergence |
/// missing_answer, message_a / message_b, explanation_en / explanation_fr, status). Guarded: while that table is absent the
/// report says divergences are unavailable instead of claiming every cluster consistent.
/// </summary>
public static class DivergenceSource
{
    public static bool Available(DbConnection c) =>
        c.ExecuteScalar<long>("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'consistency_flags'") > 0;

    /// <summary>Divergence flags between messages of the given conversations, whatever their status (a resolved divergence still reached the customer).</summary>
    public static IReadOnlyList<DivergencePair> Among(DbConnection c, IReadOnlySet<long> conversationIds, long answeredSince, string lang)
    {
        if (conversationIds.Count == 0 || !Available(c)) return [];
        var names = c.Query<string>("SELECT name FROM pragma_table_info('consistency_flags') ORDER BY cid").ToList();
        var (a, b) = MessageColumns(names);
        // The explanation is stored per language (explanation_en / explanation_fr) or once (explanation).
        var why = new[] { $"explanation_{lang}", "explanation_en", "explanation" }.FirstOrDefault(names.Contains);
        return c.Query<DivergencePair>($"""
            SELECT f.id AS FlagId, m.conversation_id AS ConversationA, f.{a} AS MessageA, f.{b} AS MessageB, {(why is null ? "''" : $"COALESCE(f.{why}, '')")} AS Explanation, f.status AS Status
            FROM consistency_flags f JOIN messages m ON m.id = f.{a}
            WHERE f.kind = 'divergence' AND f.{b} IS NOT NULL AND m.sent_at >= @answeredSince
            ORDER BY f.id
            """, new { answeredSince }).Where(f => conversationIds.Contains(f.ConversationA)).AsList();
    }

    /// <summary>The two message columns, by name: the consistency feature's schema is read, not assumed.</summary>
    private static (string A, string B) MessageColumns(IReadOnlyList<string> names)
    {
        string[][] candidates = [["message_a", "message_b"], ["message_a_id", "message_b_id"], ["message_id_a", "message_id_b"], ["message_id", "other_message_id"]];
        foreach (var pair in candidates)
            if (names.Contains(pair[0]) && names.Contains(pair[1])) return (pair[0], pair[1]);
        var messageColumns = names.Where(n => n.Contains("message", StringComparison.OrdinalIgnoreCase)).ToList();
        return messageColumns.Count >= 2 ? (messageColumns[0], messageColumns[1])
            : throw new InvalidOperationException("consistency_flags has no pair of message columns");
    }
}
