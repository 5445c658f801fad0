using System.Data.Common;
using Dapper;

namespace Inbox.Core.Consistency;

/// <summary>Answers flagged as contradicting each other, keyed by their client references (SCENARIOS.md "Export").</summary>
public static class ConsistencyExport
{
    /// <summary>Each flagged pair once, the smaller reference first, sorted; answers without a client reference are left out.</summary>
    public static IReadOnlyList<string[]> DivergentPairs(DbConnection c) =>
        c.Query<(string A, string B)>("""
            SELECT ma.client_ref, mb.client_ref
            FROM consistency_flags f
            JOIN messages ma ON ma.id = f.message_a
            JOIN messages mb ON mb.id = f.message_b
            WHERE f.kind = 'divergence' AND ma.client_ref IS NOT NULL AND mb.client_ref IS NOT NULL AND ma.client_ref <> mb.client_ref
            """)
            .Select(p => string.CompareOrdinal(p.A, p.B) < 0 ? new[] { p.A, p.B } : [p.B, p.A])
            .DistinctBy(p => p[0] + "\n" + p[1])
            .OrderBy(p => p[0], StringComparer.Ordinal).ThenBy(p => p[1], StringComparer.Ordinal)
            .ToList();
}
