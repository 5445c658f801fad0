using System.Data.Common;
using Dapper;

namespace Inbox.Core.Duplicates;

/// <summary>What Inbox concluded about duplicates, keyed by scenario references (SCENARIOS.md "Export").</summary>
public static class DuplicateExport
{
    /// <summary>
    /// Pairs of inbound messages held to be the same request: two messages of one conversation, or
    /// messages of linked conversations (one cluster). Each pair once, smaller reference first, sorted.
    /// Automated mail (tagged auto-replies, bounces) is no request and takes no part.
    /// </summary>
    public static IReadOnlyList<string[]> Pairs(DbConnection c)
    {
        var rows = c.Query<(long Group, string ExternalId)>("""
            SELECT COALESCE(cv.cluster_id, cv.id), m.external_id
            FROM messages m JOIN conversations cv ON cv.id = m.conversation_id
            WHERE m.direction = 'in' AND m.tags = ''
            ORDER BY 1
            """);
        var pairs = new List<string[]>();
        foreach (var group in rows.GroupBy(r => r.Group))
        {
            var refs = group.Select(r => Reference(r.ExternalId)).Distinct().Order(StringComparer.Ordinal).ToList();
            for (var i = 0; i < refs.Count; i++)
                for (var j = i + 1; j < refs.Count; j++)
                    pairs.Add([refs[i], refs[j]]);
        }
        return pairs.OrderBy(p => p[0], StringComparer.Ordinal).ThenBy(p => p[1], StringComparer.Ordinal).ToList();
    }

    /// <summary>The reference of a message in exports: the scenario event id for replayed traffic, else the external id.</summary>
    public static string Reference(string externalId) =>
        externalId.StartsWith('<') && externalId.EndsWith("@scenario.invalid>") ? externalId[1..^"@scenario.invalid>".Length] : externalId;
}
