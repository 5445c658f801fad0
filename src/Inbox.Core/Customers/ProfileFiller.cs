using System.Collections.Concurrent;
using Dapper;
using Inbox.Core.Intake;
using Inbox.Core.Model;
using Inbox.Core.Storage;

namespace Inbox.Core.Customers;

/// <summary>
/// Gives nameless Messenger/Instagram senders their name before identify and duplicate detection run:
/// from the identity we already hold, else from the platform's profile API (cached). A failed lookup
/// leaves the name empty; intake never waits on it for long nor fails because of it.
/// </summary>
public sealed class ProfileFiller(Db db, IProfileLookup lookup, TimeProvider clock)
{
    private static readonly TimeSpan Found = TimeSpan.FromHours(12), NotFound = TimeSpan.FromMinutes(5);
    private const int MaxCached = 50_000;
    private readonly ConcurrentDictionary<(string Channel, string UserId), (Profile? Profile, DateTimeOffset Until)> _cache = new();

    private sealed record Known { public string? DisplayName { get; init; } public string? Handle { get; init; } }

    public async Task<List<(long RawId, NormalizeResult Result)>> FillAsync(List<(long RawId, NormalizeResult Result)> events, CancellationToken ct = default)
    {
        var wanted = events.SelectMany(e => e.Result.Messages).Where(Nameless)
            .DistinctBy(m => (m.Channel, m.Customer.ExternalId)).ToList();
        if (wanted.Count == 0) return events;

        // One lookup per distinct sender, all at once: a burst of new senders costs one timeout at most.
        var found = await Task.WhenAll(wanted.Select(async m => (Key: (m.Channel, m.Customer.ExternalId), Profile: await FindAsync(m, ct))));
        var profiles = found.Where(f => f.Profile?.Name is not null || f.Profile?.Username is not null).ToDictionary(f => f.Key, f => f.Profile!);
        if (profiles.Count == 0) return events;

        NormalizedMessage Named(NormalizedMessage m) =>
            Nameless(m) && profiles.TryGetValue((m.Channel, m.Customer.ExternalId), out var p)
                ? m with { Customer = m.Customer with { DisplayName = p.Name, Handle = m.Customer.Handle ?? p.Username } }
                : m;
        return events.Select(e => (e.RawId, e.Result with { Messages = e.Result.Messages.Select(Named).ToList() })).ToList();
    }

    private static bool Nameless(NormalizedMessage m) =>
        m.Direction == "in" && m.Channel is ChannelName.Messenger or ChannelName.Instagram && string.IsNullOrWhiteSpace(m.Customer.DisplayName);

    private async Task<Profile?> FindAsync(NormalizedMessage m, CancellationToken ct)
    {
        var key = (m.Channel, m.Customer.ExternalId);
        using (var c = db.Open())
        {
            var known = c.QueryFirstOrDefault<Known>(
                "SELECT display_name AS DisplayName, handle AS Handle FROM identities WHERE channel = @Channel AND external_id = @ExternalId",
                new { m.Channel, m.Customer.ExternalId });
            if (known?.DisplayName is not null) return new Profile(known.DisplayName, known.Handle);
        }
        var now = clock.GetUtcNow();
        if (_cache.TryGetValue(key, out var hit) && hit.Until > now) return hit.Profile;

        Profile? profile;
        try { profile = await lookup.LookupAsync(m.Channel, m.Account, m.Customer.ExternalId, ct); }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested) { profile = null; }
        if (_cache.Count >= MaxCached) _cache.Clear();
        _cache[key] = (profile, now + (profile is null ? NotFound : Found));
        return profile;
    }
}
