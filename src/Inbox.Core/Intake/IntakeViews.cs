using Dapper;
using System.Text.Json;
using System.Text.Json.Serialization;
using Inbox.Core.Conversations;
using Inbox.Core.Realtime;

namespace Inbox.Core.Intake;

/// <summary>
/// What one intake batch changed, as every agent's inbox list needs it: the final state of the conversations it
/// touched (the list rows, with their preview) and which messages arrived. The messages themselves go only to the
/// clients that have their conversation open (MessageAdded to the conversation's group). Both lists go as tables
/// (JsonTable): every agent receives them.
/// </summary>
public sealed record IntakeBatchView(
    [property: JsonConverter(typeof(JsonTable<MessageArrival>))] IReadOnlyList<MessageArrival> Arrived,
    [property: JsonConverter(typeof(JsonTable<ConversationView>))] IReadOnlyList<ConversationView> Conversations);

/// <summary>A message arrived in a conversation: enough to notice it and fetch it, not its text.</summary>
public sealed record MessageArrival(long Id, long ConversationId, string Channel, string Direction, string ExternalId, long SentAt);

public static class IntakeViews
{
    /// <summary>
    /// Reads the batch's views with two set-based queries inside the transaction (it sees its own writes) and
    /// queues the pushes for after the commit: each message to the viewers of its conversation, then one event
    /// for every agent. With 200 agents connected, sending every message's full text to every browser was nearly a
    /// third of a burst's CPU (the frames, and each client parsing them), for a text only the agents with that
    /// conversation open show.
    /// </summary>
    public static void Broadcast(IntakeContext ctx, IReadOnlyList<StoredMessage> added)
    {
        if (added.Count == 0) return;
        // The ids go as one JSON array, not as a Dapper list (one SQL text per count): the writer compiles each text once.
        var messageIds = JsonSerializer.Serialize(added.Select(m => m.MessageId));
        var conversationIds = JsonSerializer.Serialize(added.Select(m => m.ConversationId).Distinct());
        var messages = ctx.Connection.Query<MessageView>(
            $"SELECT {ConversationQueries.MessageColumns} WHERE m.id IN (SELECT value FROM json_each(@messageIds)) ORDER BY m.id",
            new { messageIds }, ctx.Transaction).AsList();
        var conversations = ctx.Connection.Query<ConversationView>(
            $"SELECT {ConversationQueries.ConversationColumns} WHERE c.id IN (SELECT value FROM json_each(@conversationIds)) ORDER BY c.last_message_at, c.id",
            new { conversationIds }, ctx.Transaction).AsList();
        var batch = new IntakeBatchView(messages.Select(Arrival).ToList(), conversations);
        ctx.Push(async b =>
        {
            foreach (var m in messages) await b.Conversation(m.ConversationId).MessageAdded(m);
            await b.Everyone.IntakeBatch(batch);
        });
    }

    private static MessageArrival Arrival(MessageView m) => new(m.Id, m.ConversationId, m.Channel, m.Direction, m.ExternalId, m.SentAt);
}
