using Inbox.Core.Intake;

namespace Inbox.Core.Consistency;

/// <summary>When a conversation's answer is due (response timers); null when no timer runs for it.</summary>
public interface IResponseDue
{
    long? DueAt(IntakeContext ctx, long conversationId);
}
