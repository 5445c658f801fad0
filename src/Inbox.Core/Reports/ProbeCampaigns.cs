using System.Data.Common;
using Dapper;
using Inbox.Core.Audit;
using Inbox.Core.Storage;

namespace Inbox.Core.Reports;

public sealed record ProbeIdentity(string Kind, string Value);

public sealed record ProbeCampaign
{
    public long Id { get; init; }
    public string Name { get; init; } = "";
    public long? StartsAt { get; init; }
    public long? EndsAt { get; init; }
    public long CreatedAt { get; init; }
    public long? ArchivedAt { get; init; }
    public IReadOnlyList<ProbeIdentity> Identities { get; init; } = [];
}

public sealed record NewCampaign(string Name, long? StartsAt, long? EndsAt, IReadOnlyList<ProbeIdentity> Identities);

/// <summary>
/// The brand's own mystery testers. A conversation is a probe when one of its customer's identities matches a
/// campaign identity and its first message falls in the campaign window. Every change is written to the audit log.
/// </summary>
public sealed class ProbeCampaigns(Db db, TimeProvider clock)
{
    public static readonly IReadOnlyList<string> Kinds = ["email", "phone", "handle", "external"];

    /// <summary>The stored form of a value, so "@Marie_D", "marie_d" and " MARIE_D " match the same identity.</summary>
    public static string NormalizeValue(string kind, string value)
    {
        var v = value.Trim();
        return kind switch
        {
            "email" => v.ToLowerInvariant(),
            "phone" => new string(v.Where(char.IsDigit).ToArray()),
            "handle" => v.TrimStart('@').ToLowerInvariant(),
            _ => v,
        };
    }

    public ProbeCampaign Create(NewCampaign n, long agentId)
    {
        if (string.IsNullOrWhiteSpace(n.Name)) throw new ArgumentException("name is required");
        if (n.StartsAt is not null && n.EndsAt is not null && n.EndsAt <= n.StartsAt) throw new ArgumentException("ends_at must be after starts_at");
        using var c = db.Open();
        using var tx = c.BeginTransaction();
        var now = Db.Now(clock);
        var id = c.ExecuteScalar<long>("""
            INSERT INTO probe_campaigns (name, starts_at, ends_at, created_by, created_at) VALUES (@name, @StartsAt, @EndsAt, @agentId, @now) RETURNING id
            """, new { name = n.Name.Trim(), n.StartsAt, n.EndsAt, agentId, now }, tx);
        var added = AddIdentities(c, tx, id, n.Identities, now);
        AuditLog.Write(c, tx, now, agentId, "probe.campaign.create", $"probe-campaign:{id}", new { name = n.Name.Trim(), n.StartsAt, n.EndsAt, identities = added });
        tx.Commit();
        return Get(c, id)!;
    }

    public ProbeCampaign? AddIdentities(long campaignId, IReadOnlyList<ProbeIdentity> identities, long agentId)
    {
        using var c = db.Open();
        if (Get(c, campaignId) is null) return null;
        using var tx = c.BeginTransaction();
        var now = Db.Now(clock);
        var added = AddIdentities(c, tx, campaignId, identities, now);
        AuditLog.Write(c, tx, now, agentId, "probe.identities.add", $"probe-campaign:{campaignId}", new { identities = added });
        tx.Commit();
        return Get(c, campaignId);
    }

    /// <summary>Archiving ends a campaign for the future listing; its probes keep counting in reports of their period.</summary>
    public bool Archive(long campaignId, long agentId)
    {
        using var c = db.Open();
        using var tx = c.BeginTransaction();
        var now = Db.Now(clock);
        var changed = c.Execute("UPDATE probe_campaigns SET archived_at = @now WHERE id = @campaignId AND archived_at IS NULL", new { now, campaignId }, tx);
        if (changed == 1) AuditLog.Write(c, tx, now, agentId, "probe.campaign.archive", $"probe-campaign:{campaignId}");
        tx.Commit();
        return changed == 1;
    }

    private static List<ProbeIdentity> AddIdentities(DbConnection c, DbTransaction tx, long campaignId, IReadOnlyList<ProbeIdentity> identities, long now)
    {
        var added = new List<ProbeIdentity>();
        foreach (var i in identities)
        {
            if (!Kinds.Contains(i.Kind)) throw new ArgumentException($"identity kind must be one of {string.Join(", ", Kinds)}");
            var value = NormalizeValue(i.Kind, i.Value ?? "");
            if (value.Length == 0) throw new ArgumentException($"empty {i.Kind}");
            if (c.Execute("INSERT OR IGNORE INTO probe_identities (campaign_id, kind, value, created_at) VALUES (@campaignId, @Kind, @value, @now)",
                    new { campaignId, i.Kind, value, now }, tx) == 1)
                added.Add(i with { Value = value });
        }
        return added;
    }

    public IReadOnlyList<ProbeCampaign> List()
    {
        using var c = db.Open();
        return c.Query<long>("SELECT id FROM probe_campaigns ORDER BY id DESC").Select(id => Get(c, id)!).ToList();
    }

    public static ProbeCampaign? Get(DbConnection c, long id)
    {
        var campaign = c.QuerySingleOrDefault<ProbeCampaign>(
            "SELECT id AS Id, name AS Name, starts_at AS StartsAt, ends_at AS EndsAt, created_at AS CreatedAt, archived_at AS ArchivedAt FROM probe_campaigns WHERE id = @id", new { id });
        return campaign is null ? null : campaign with
        {
            Identities = c.Query<ProbeIdentity>("SELECT kind AS Kind, value AS Value FROM probe_identities WHERE campaign_id = @id ORDER BY id", new { id }).AsList(),
        };
    }

    /// <summary>Probe conversations (of one campaign, or of all), matched on any identity of the conversation's customer.</summary>
    public static IReadOnlyList<(long ConversationId, string Campaign)> Matches(DbConnection c, long? campaignId = null) =>
        c.Query<(long, string)>("""
            SELECT DISTINCT cv.id, pc.name
            FROM conversations cv
            JOIN identities i ON i.customer_id = cv.customer_id OR i.id = cv.identity_id
            JOIN probe_identities p ON (p.kind = 'email' AND (lower(i.email) = p.value OR (i.channel = 'email' AND i.external_id = p.value)))
                                    OR (p.kind = 'phone' AND (i.phone = p.value OR (i.channel = 'whatsapp' AND i.external_id = p.value)))
                                    OR (p.kind = 'handle' AND lower(i.handle) = p.value)
                                    OR (p.kind = 'external' AND i.external_id = p.value)
            JOIN probe_campaigns pc ON pc.id = p.campaign_id
            WHERE (@campaignId IS NULL OR pc.id = @campaignId)
              AND (pc.starts_at IS NULL OR cv.created_at >= pc.starts_at)
              AND (pc.ends_at IS NULL OR cv.created_at < pc.ends_at)
            ORDER BY cv.id
            """, new { campaignId }).AsList();
}
