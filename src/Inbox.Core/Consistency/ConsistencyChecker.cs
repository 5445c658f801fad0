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

    /// <summary>Contradictions between a draft and answers already sent on sibling conversations, in words.</summary>
    public IReadOnlyList<string> CheckDraft(DbConnection c, long conversationId, string draft) => [];
}
