using System.Data.Common;

namespace Inbox.Core.Duplicates;

/// <summary>What Inbox concluded about duplicates, keyed by scenario references (SCENARIOS.md "Export").</summary>
public static class DuplicateExport
{
    /// <summary>
    /// Pairs of inbound messages held to be the same request: two messages of one conversation, or
    /// messages of linked conversations. Filled by the duplicates feature.
    /// </summary>
    public static IReadOnlyList<string[]> Pairs(DbConnection c) => [];

    /// <summary>The reference of a message in exports: the scenario event id for replayed traffic, else the external id.</summary>
    public static string Reference(string externalId) =>
        externalId.StartsWith('<') && externalId.EndsWith("@scenario.invalid>") ? externalId[1..^"@scenario.invalid>".Length] : externalId;
}
