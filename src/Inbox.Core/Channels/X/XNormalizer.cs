using System.Globalization;
using System.Text.Json;
using Inbox.Core.Channels.Social;
using Inbox.Core.Intake;
using Inbox.Core.Model;

namespace Inbox.Core.Channels.X;

/// <summary>
/// X Account Activity deliveries (source "x"): tweet_create_events (mentions and replies: public),
/// direct_message_events (private) and tweet_delete_events (redaction). The account is for_user_id;
/// what that account itself posted is marked outgoing so it matches our outbox row or shows as an agent message.
/// </summary>
public sealed class XNormalizer : IChannelNormalizer
{
    public const string SourceName = "x";
    public string Source => SourceName;

    public NormalizeResult Normalize(RawEnvelope raw)
    {
        var root = J.Root(raw.Body, "x");
        var account = root.Str("for_user_id");
        var messages = new List<NormalizedMessage>();
        var retractions = new List<Retraction>();
        var hasEvents = root.Get("tweet_create_events") is not null || root.Get("direct_message_events") is not null;
        if (hasEvents && account is null) throw new PayloadException("x payload has no for_user_id");

        foreach (var t in root.Array("tweet_create_events"))
            if (Tweet(account!, t) is { } m) messages.Add(m);
        var users = root.Get("users");
        foreach (var d in root.Array("direct_message_events"))
            if (Dm(account!, d, users) is { } m) messages.Add(m);
        foreach (var del in root.Array("tweet_delete_events"))
        {
            var id = del.Path("status", "id") ?? throw new PayloadException("x tweet_delete_event without status.id");
            retractions.Add(new Retraction(ChannelName.X, id, del.Long("timestamp_ms") ?? 0, "tweet deleted by its author"));
        }
        return new NormalizeResult(messages, [], retractions);
    }

    private static NormalizedMessage? Tweet(string account, JsonElement t)
    {
        var id = t.Str("id_str") ?? throw new PayloadException("x tweet without id_str");
        if (t.Get("retweeted_status") is not null) return null; // a retweet repeats someone's post; nothing to answer
        var author = t.Path("user", "id_str") ?? throw new PayloadException($"x tweet {id} has no user.id_str");
        var outgoing = author == account;
        var customer = outgoing ? t.Str("in_reply_to_user_id_str") : author;
        if (customer is null || customer == account) return null; // our own post, not a reply to a customer
        var text = t.Bool("truncated") ? t.Path("extended_tweet", "full_text") ?? t.Str("text") : t.Str("full_text") ?? t.Str("text");
        return new NormalizedMessage
        {
            Channel = ChannelName.X,
            Account = account,
            ExternalId = id,
            Direction = outgoing ? "out" : "in",
            Customer = outgoing
                ? new IdentityInfo(ChannelName.X, customer, null, Handle: t.Str("in_reply_to_screen_name"))
                : new IdentityInfo(ChannelName.X, customer, t.Path("user", "name"), Handle: t.Path("user", "screen_name")),
            Text = text ?? "",
            SentAt = t.Long("timestamp_ms") ?? CreatedAt(t.Str("created_at")) ?? throw new PayloadException($"x tweet {id} has no time"),
            IsPublic = true,
            ReplyToExternalId = t.Str("in_reply_to_status_id_str"),
        };
    }

    private static NormalizedMessage? Dm(string account, JsonElement d, JsonElement? users)
    {
        if (d.Str("type") is { } type && type != "message_create") return null;
        var id = d.Str("id") ?? throw new PayloadException("x direct message event without id");
        var mc = d.Get("message_create") ?? throw new PayloadException($"x direct message {id} has no message_create");
        var sender = mc.Str("sender_id") ?? throw new PayloadException($"x direct message {id} has no sender_id");
        var recipient = mc.Path("target", "recipient_id");
        var outgoing = sender == account;
        var customer = outgoing ? recipient : sender;
        if (customer is null) throw new PayloadException($"x direct message {id} has no recipient");
        var profile = users?.Get(customer);
        var text = mc.Path("message_data", "text") ?? "";
        if (mc.Get("message_data")?.Get("attachment") is { } att)
            text = (text + $"\n[{att.Path("media", "type") ?? att.Str("type") ?? "media"}] {att.Path("media", "media_url_https")}").Trim();
        return new NormalizedMessage
        {
            Channel = ChannelName.X,
            Account = account,
            ExternalId = id,
            Direction = outgoing ? "out" : "in",
            Customer = new IdentityInfo(ChannelName.X, customer, profile?.Str("name"), Handle: profile?.Str("screen_name")),
            Text = text,
            SentAt = d.Long("created_timestamp") ?? throw new PayloadException($"x direct message {id} has no created_timestamp"),
            IsPublic = false,
        };
    }

    /// <summary>v1.1 time format: "Wed Oct 10 20:19:24 +0000 2018".</summary>
    public static long? CreatedAt(string? value) =>
        DateTimeOffset.TryParseExact(value, "ddd MMM dd HH:mm:ss zzz yyyy", CultureInfo.InvariantCulture, DateTimeStyles.None, out var t)
            ? t.ToUnixTimeMilliseconds() : null;

    public static string FormatCreatedAt(DateTimeOffset at) =>
        at.ToUniversalTime().ToString("ddd MMM dd HH:mm:ss +0000 yyyy", CultureInfo.InvariantCulture);
}
