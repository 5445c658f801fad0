using Inbox.Core.Audit;
using Inbox.Core.Conversations;
using Inbox.Core.Tags;

namespace Inbox.Core.SavedReplies;

/// <summary>
/// What a saved reply does besides its words (a macro): once a reply that used it is queued, the conversation gets the
/// reply's tags and takes its status (pending: the customer's turn; closed: done), as if the agent had clicked them,
/// audited as theirs with the saved reply named. The words may have been edited: the agent chose to keep its actions.
/// </summary>
public sealed class SavedReplyActions(SavedReplyStore replies, ConversationTags tags, ConversationStatus statuses, AuditLog audit)
{
    /// <returns>The saved reply whose actions were applied; null when there is no such reply.</returns>
    public async Task<SavedReply?> ApplyAsync(long conversationId, long savedReplyId, long agentId)
    {
        if (replies.Get(savedReplyId) is not { } reply) return null;
        // Added to the tags it has, read and written in one transaction (a colleague tagging it meanwhile loses nothing);
        // over the limit of tags a conversation may have, it keeps the ones it has.
        if (reply.AddTags is { Length: > 0 } add && await tags.AddAsync(conversationId, add.Split(','), agentId) is { Added.Count: > 0 } done)
            audit.Write(agentId, "conversation.tags", $"conversation:{conversationId}", new { tags = done.View.Tags, savedReply = savedReplyId });
        if (reply.ThenStatus is { } status) await statuses.SetByAgentAsync(conversationId, status, agentId, savedReplyId);
        return reply;
    }
}
