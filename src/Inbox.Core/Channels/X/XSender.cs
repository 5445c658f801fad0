using Inbox.Core.Channels.Social;
using Inbox.Core.Model;
using Inbox.Core.Outbox;

namespace Inbox.Core.Channels.X;

/// <summary>
/// X replies: a public reply tweet (POST /2/tweets with reply.in_reply_to_tweet_id) in mention conversations,
/// a DM (POST /2/dm_conversations/with/:participant_id/messages) in private ones. 429 waits for x-rate-limit-reset.
/// </summary>
public sealed class XSender(IHttpClientFactory http, XOptions options, Inbox.Core.Storage.Db db, TimeProvider clock) : IChannelSender, IComposeRules
{
    public const int TweetMaxLength = 280;
    public const int DmMaxLength = 10_000;
    public string Channel => ChannelName.X;

    public ComposeInfo Describe(Outbound draft, long now)
    {
        var isPublic = PublicFlag.Of(db, draft);
        return new(Channel, isPublic, isPublic ? TweetMaxLength : DmMaxLength, "none");
    }

    public string? Check(Outbound reply, long now) => MessagingWindow.Refusal(Describe(reply, now), reply.Text);

    public async Task<SendResult> SendAsync(Outbound reply, CancellationToken ct)
    {
        var token = options.Token(reply.Account);
        if (token is null) return new SendResult.Permanent($"no access token configured for X account {reply.Account}");
        if (Check(reply, reply.SentAt) is { } refusal) return new SendResult.Permanent(refusal);
        var client = http.CreateClient(PlatformCall.HttpClientName);
        var api = options.ApiBaseUrl.TrimEnd('/');
        if (reply.IsPublic)
        {
            if (reply.LastInboundExternalId is null) return new SendResult.Permanent("no customer tweet to reply to");
            var tweet = await PlatformCall.PostAsync(client, $"{api}/2/tweets",
                new { text = reply.Text, reply = new { in_reply_to_tweet_id = reply.LastInboundExternalId } }, token, clock, ct);
            return tweet.Failure ?? new SendResult.Sent(tweet.Body.Path("data", "id"));
        }
        var dm = await PlatformCall.PostAsync(client, $"{api}/2/dm_conversations/with/{Uri.EscapeDataString(reply.Recipient.ExternalId)}/messages",
            new { text = reply.Text }, token, clock, ct);
        return dm.Failure ?? new SendResult.Sent(dm.Body.Path("data", "dm_event_id") ?? dm.Body.Str("dm_event_id"));
    }
}
