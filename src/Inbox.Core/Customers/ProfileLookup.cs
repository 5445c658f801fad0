namespace Inbox.Core.Customers;

/// <summary>What a platform's profile API tells us about a user (either may be missing).</summary>
public sealed record Profile(string? Name, string? Username = null);

/// <summary>
/// Asks a platform who a user is. Messenger and Instagram webhooks carry only the PSID/IGSID, so the
/// name agents (and duplicate detection) need comes from the User Profile API.
/// </summary>
public interface IProfileLookup
{
    /// <summary>Null when the platform cannot or will not say; never throws for network or API errors.</summary>
    Task<Profile?> LookupAsync(string channel, string account, string userId, CancellationToken ct);
}

/// <summary>Holds platforms' profile data (the local Graph sandbox); scenario replay registers its customers there.</summary>
public interface IProfileDirectory
{
    void Register(string userId, Profile profile);
}
