using Inbox.Core.Intake;

namespace Inbox.Core.Duplicates;

/// <summary>Pipeline step: links conversations that carry the same request. Filled by the duplicates feature.</summary>
public sealed class DuplicateDetector
{
    public void OnInbound(IntakeContext ctx, StoredMessage message)
    {
    }
}
