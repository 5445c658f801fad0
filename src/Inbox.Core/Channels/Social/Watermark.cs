using Dapper;
using Inbox.Core.Intake;

namespace Inbox.Core.Channels.Social;

/// <summary>
/// Messenger receipts may carry only a watermark: every message we sent to that customer before it is
/// delivered (or read). The normalizer cannot know those ids, so it emits one marker status that the
/// pipeline expands against storage here.
/// </summary>
public static class Watermark
{
    private const string Prefix = "watermark:";

    public static StatusUpdate Status(string channel, string account, string customer, string status, long watermark) =>
        new(channel, $"{Prefix}{account}:{customer}", status, watermark);

    public static bool Is(StatusUpdate s) => s.ExternalId.StartsWith(Prefix, StringComparison.Ordinal);

    /// <summary>The external ids of our messages to that customer sent up to the watermark.</summary>
    public static IReadOnlyList<string> Expand(IntakeContext ctx, StatusUpdate s)
    {
        var rest = s.ExternalId[Prefix.Length..];
        var split = rest.IndexOf(':');
        if (split < 0) return [];
        return ctx.Connection.Query<string>("""
            SELECT m.external_id FROM messages m
            JOIN conversations cv ON cv.id = m.conversation_id JOIN identities i ON i.id = cv.identity_id
            WHERE m.channel = @Channel AND m.direction = 'out' AND m.sent_at <= @At AND cv.account = @account
              AND i.channel = @Channel AND i.external_id = @customer AND m.status IN ('sent', 'delivered')
            """, new { s.Channel, s.At, account = rest[..split], customer = rest[(split + 1)..] }, ctx.Transaction).AsList();
    }
}
