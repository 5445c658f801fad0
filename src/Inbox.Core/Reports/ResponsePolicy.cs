using System.Data.Common;
using Dapper;
using Inbox.Core.Model;

namespace Inbox.Core.Reports;

/// <summary>
/// The first-response allowance the report measures "answered within policy" against. Reads the timers'
/// sla_policies table when it exists (a public-post row wins over the private one), otherwise the defaults
/// of the timers issue: 1 h on social and chat channels, 24 h on email. Business hours are not applied here:
/// the report measures the wall-clock delay the customer lived.
/// </summary>
public static class ResponsePolicy
{
    public static long DefaultMinutes(string channel) => channel == ChannelName.Email ? 24 * 60 : 60;

    /// <summary>Allowance in minutes per (channel, is_public), read once per report.</summary>
    public static Func<string, bool, long> Load(DbConnection c)
    {
        var hasTable = c.ExecuteScalar<long>("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'sla_policies'") > 0;
        var rows = hasTable
            ? c.Query<(string Channel, long IsPublic, long Minutes)>("SELECT channel, is_public, first_response_minutes FROM sla_policies").ToList()
            : [];
        return (channel, isPublic) =>
        {
            if (isPublic && rows.FirstOrDefault(r => r.Channel == channel && r.IsPublic == 1) is { Channel: not null } pub) return pub.Minutes;
            return rows.FirstOrDefault(r => r.Channel == channel && r.IsPublic == 0) is { Channel: not null } priv ? priv.Minutes : DefaultMinutes(channel);
        };
    }
}
