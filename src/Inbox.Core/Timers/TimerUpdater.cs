using Inbox.Core.Intake;

namespace Inbox.Core.Timers;

/// <summary>Pipeline step: recomputes a conversation's response due times. Filled by the timers feature.</summary>
public sealed class TimerUpdater
{
    public void OnMessage(IntakeContext ctx, StoredMessage message)
    {
    }
}
