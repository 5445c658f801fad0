using System.Text.Json;
using Inbox.Core.Channels.Social;
using Inbox.Core.Intake;
using Inbox.Core.Model;

namespace Inbox.Core.Channels.Meta;

/// <summary>
/// entry[].changes[] with field "feed": comments on the Page's posts, a public conversation on Messenger.
/// The Page's own comments are skipped; a removed comment is redacted, never deleted.
/// </summary>
internal static class PageFeed
{
    public static void Read(JsonElement entry, MetaOutput output)
    {
        var page = entry.Str("id") ?? "";
        foreach (var change in entry.Array("changes"))
        {
            if (change.Str("field") != "feed" || change.Get("value") is not { } v || v.Str("item") != "comment") continue;
            var commentId = v.Str("comment_id") ?? throw new PayloadException("feed comment without comment_id");
            var from = v.Path("from", "id");
            if (from is null || from == page) continue;
            var at = (v.Long("created_time") ?? entry.Long("time") ?? 0) is var t && t < 100_000_000_000 ? t * 1000 : t;
            var verb = v.Str("verb") ?? "add";
            if (verb == "remove")
            {
                output.Retractions.Add(new Retraction(ChannelName.Messenger, commentId, at, "comment removed on Facebook"));
                continue;
            }
            var parent = v.Str("parent_id");
            var text = v.Str("message") ?? "";
            if (v.Path("post", "permalink_url") is { } link && parent == v.Str("post_id")) text += $"\n[on post {link}]";
            output.Messages.Add(new NormalizedMessage
            {
                Channel = ChannelName.Messenger,
                Account = page,
                // An edit is a new version of the comment: kept beside the original, which stays as it was.
                ExternalId = verb == "edited" ? $"{commentId}#edited:{at}" : commentId,
                Customer = new IdentityInfo(ChannelName.Messenger, from, v.Path("from", "name")),
                Text = (verb == "edited" ? "[edited] " : "") + text.Trim(),
                SentAt = at,
                IsPublic = true,
                ReplyToExternalId = verb == "edited" ? commentId : parent != v.Str("post_id") ? parent : null,
            });
        }
    }
}
