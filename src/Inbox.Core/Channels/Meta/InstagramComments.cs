using System.Text.Json;
using Inbox.Core.Channels.Social;
using Inbox.Core.Intake;
using Inbox.Core.Model;

namespace Inbox.Core.Channels.Meta;

/// <summary>
/// entry[].changes[] with field "comments" (or "live_comments") of an Instagram webhook: a comment on the account's
/// media, a public conversation on Instagram, its author known by the same Instagram-scoped id as in direct messages
/// (so a private reply joins that customer's DMs). The account's own comments (our replies) are skipped. The payload
/// carries no creation time: the entry's time (when Meta sent it) stands in.
/// </summary>
internal static class InstagramComments
{
    public static void Read(JsonElement entry, MetaOutput output)
    {
        var account = entry.Str("id") ?? "";
        foreach (var change in entry.Array("changes"))
        {
            if (change.Str("field") is not ("comments" or "live_comments") || change.Get("value") is not { } v) continue;
            var commentId = v.Str("id") ?? throw new PayloadException("instagram comment without id");
            var from = v.Path("from", "id") ?? throw new PayloadException($"instagram comment {commentId} without from.id");
            if (from == account) continue;
            var at = (entry.Long("time") ?? 0) is var t && t < 100_000_000_000 ? t * 1000 : t;
            var username = v.Path("from", "username");
            output.Messages.Add(new NormalizedMessage
            {
                Channel = ChannelName.Instagram,
                Account = account,
                ExternalId = commentId,
                Customer = new IdentityInfo(ChannelName.Instagram, from, username, Handle: username),
                Text = (v.Str("text") ?? "").Trim(),
                SentAt = at,
                IsPublic = true,
                ReplyToExternalId = v.Str("parent_id"),
            });
        }
    }
}
