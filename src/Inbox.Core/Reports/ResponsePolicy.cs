using System.Data.Common;
using Inbox.Core.Model;
using Inbox.Core.Timers;

namespace Inbox.Core.Reports;

/// <summary>
/// What "answered within policy" means in the report: the first-response deadline the response timers compute
/// (the channel's policy, its public-post variant, business hours and holidays when the policy uses them).
/// A channel without a policy falls back to the defaults of the timers issue: 1 h on social and chat, 24 h on email.
/// </summary>
public sealed class ResponsePolicy(SlaConfig config)
{
    public static ResponsePolicy Load(DbConnection c) => new(new SlaConfig(SlaConfigStore.Load(c, null)));

    public static long DefaultMinutes(string channel) => channel == ChannelName.Email ? 24 * 60 : 60;

    /// <summary>The first-response allowance of a channel, in minutes.</summary>
    public long Minutes(string channel, bool isPublic) => config.For(channel, isPublic)?.FirstResponseMinutes ?? DefaultMinutes(channel);

    /// <summary>When the first answer to a request that started at firstIn was due.</summary>
    public long DueAt(string channel, bool isPublic, long firstIn) =>
        config.Deadlines(channel, isPublic, "first", firstIn)?.DueAt ?? firstIn + DefaultMinutes(channel) * 60_000;
}
