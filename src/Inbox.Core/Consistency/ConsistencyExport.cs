using System.Data.Common;

namespace Inbox.Core.Consistency;

/// <summary>Answers flagged as contradicting each other, keyed by their client references. Filled by the consistency feature.</summary>
public static class ConsistencyExport
{
    public static IReadOnlyList<string[]> DivergentPairs(DbConnection c) => [];
}
