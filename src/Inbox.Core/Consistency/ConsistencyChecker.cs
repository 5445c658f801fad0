using System.Data.Common;
using Inbox.Core.Intake;

namespace Inbox.Core.Consistency;

/// <summary>Pipeline step: compares answers within a duplicate cluster. Filled by the consistency feature.</summary>
public sealed class ConsistencyChecker
{
    /// <summary>Called for every stored message, inbound and outbound, inside the intake/reply transaction.</summary>
    public void OnMessage(IntakeContext ctx, StoredMessage message)
    {
    }

    /// <summary>Called by the duplicates step when two conversations become linked: answers already sent may now conflict.</summary>
    public void OnLinked(IntakeContext ctx, long conversationA, long conversationB)
    {
    }

    /// <summary>Contradictions between a draft and answers already sent on sibling conversations, in words.</summary>
    public IReadOnlyList<string> CheckDraft(DbConnection c, long conversationId, string draft) => [];
}
