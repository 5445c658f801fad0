using Dapper;
using Inbox.Core.Conversations;

namespace Inbox.Core.Intake;

/// <summary>
/// What one intake batch added, pushed to every agent as a single hub event: the new messages and the
/// final state of the conversations they touched. Clients treat it as MessageAdded for each message, then
/// ConversationChanged for each conversation (js/hub.js does that fan-out).
/// </summary>
public sealed record IntakeBatchView(IReadOnlyList<MessageView> Messages, IReadOnlyList<ConversationView> Conversations);

public static class IntakeViews
{
    /// <summary>
    /// Reads the batch's views with two set-based queries inside the transaction (it sees its own writes)
    /// and queues one push for after the commit: per-message queries and per-message hub events multiplied
    /// by the number of connected agents were the cost of a burst.
    /// </summary>
    public static void Broadcast(IntakeContext ctx, IReadOnlyList<StoredMessage> added)
    {
        if (added.Count == 0) return;
        var messageIds = added.Select(m => m.MessageId).ToArray();
        var conversationIds = added.Select(m => m.ConversationId).Distinct().ToArray();
        var messages = ctx.Connection.Query<MessageView>(
            $"SELECT {ConversationQueries.MessageColumns} WHERE m.id IN @messageIds ORDER BY m.id", new { messageIds }, ctx.Transaction).AsList();
        var conversations = ctx.Connection.Query<ConversationView>(
            $"SELECT {ConversationQueries.ConversationColumns} WHERE c.id IN @conversationIds ORDER BY c.last_message_at, c.id", new { conversationIds }, ctx.Transaction).AsList();
        var batch = new IntakeBatchView(messages, conversations);
        ctx.Push(b => b.Everyone.IntakeBatch(batch));
    }
}
