using Inbox.Core.Audit;
using Inbox.Core.Conversations;
using Inbox.Core.Storage;
using Inbox.Core.Tags;

namespace Inbox.Core.SavedReplies;

/// <summary>
/// What a saved reply does besides its words (a macro): once a reply that used it is queued, the conversation gets the
/// reply's tags and takes its status (pending: the customer's turn; closed: done), as if the agent had clicked them,
/// audited as theirs with the saved reply named. The words may have been edited: the agent chose to keep its actions.
/// </summary>
public sealed class SavedReplyActions(SavedReplyStore replies, ConversationTags tags, ConversationStatus statuses, AuditLog audit, Db db)
{
    /// <returns>The saved reply whose actions were applied; null when there is no such reply.</returns>
    public async Task<SavedReply?> ApplyAsync(long conversationId, long savedReplyId, long agentId)
    {
        if (replies.Get(savedReplyId) is not { } reply) return null;
        if (reply.AddTags is { Length: > 0 } add)
        {
            IReadOnlyList<string> current;
            using (var c = db.Open()) current = ConversationQueries.Get(c, conversationId)?.Tags ?? [];
            // Over the limit of tags a conversation may have, the conversation keeps the ones it has.
            var (all, error) = ConversationTags.Clean(current.Concat(add.Split(',')));
            if (error is null && all.Count > current.Count && await tags.SetAsync(conversationId, all, agentId) is not null)
                audit.Write(agentId, "conversation.tags", $"conversation:{conversationId}", new { tags = all, savedReply = savedReplyId });
        }
        if (reply.ThenStatus is { } status) await statuses.SetByAgentAsync(conversationId, status, agentId, savedReplyId);
        return reply;
    }
}
