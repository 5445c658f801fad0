using Dapper;
using Inbox.Core.Model;
using Inbox.Core.Storage;
using Microsoft.AspNetCore.Identity;

namespace Inbox.Core.Agents;

public sealed record Agent { public long Id { get; init; } public string Username { get; init; } = ""; public string DisplayName { get; init; } = ""; public string Role { get; init; } = ""; public string Lang { get; init; } = ""; public bool Disabled { get; init; } }

public abstract record LoginResult
{
    public sealed record Ok(Agent Agent) : LoginResult;
    public sealed record Invalid : LoginResult;
    public sealed record Locked(DateTimeOffset Until) : LoginResult;
}

/// <summary>Agent accounts: creation, password check with lockout. Hashing is ASP.NET Core Identity's PasswordHasher.</summary>
public sealed class AgentStore(Db db, TimeProvider clock)
{
    public const int MaxFailedLogins = 5;
    public static readonly TimeSpan LockoutTime = TimeSpan.FromMinutes(5);
    private static readonly PasswordHasher<string> Hasher = new();

    public Agent Create(string username, string displayName, string password, string role)
    {
        if (!Roles.IsValid(role)) throw new ArgumentException($"unknown role '{role}' (agent, lead or admin)");
        if (string.IsNullOrWhiteSpace(username)) throw new ArgumentException("username is required");
        if (password.Length < 8) throw new ArgumentException("password must have at least 8 characters");
        using var c = db.Open();
        var id = c.ExecuteScalar<long>("""
            INSERT INTO agents (username, display_name, password_hash, role, created_at)
            VALUES (@username, @displayName, @hash, @role, @now) RETURNING id
            """, new { username = username.Trim().ToLowerInvariant(), displayName, hash = Hasher.HashPassword(username, password), role, now = Db.Now(clock) });
        return Get(id)!;
    }

    public Agent? Get(long id)
    {
        using var c = db.Open();
        return c.QuerySingleOrDefault<Agent>(
            "SELECT id AS Id, username AS Username, display_name AS DisplayName, role AS Role, lang AS Lang, disabled AS Disabled FROM agents WHERE id = @id",
            new { id });
    }

    public IReadOnlyList<Agent> List()
    {
        using var c = db.Open();
        return c.Query<Agent>(
            "SELECT id AS Id, username AS Username, display_name AS DisplayName, role AS Role, lang AS Lang, disabled AS Disabled FROM agents ORDER BY display_name").AsList();
    }

    public bool Any()
    {
        using var c = db.Open();
        return c.ExecuteScalar<long>("SELECT COUNT(*) FROM agents") > 0;
    }

    public LoginResult Login(string username, string password)
    {
        using var c = db.Open();
        var row = c.QuerySingleOrDefault<LoginRow>("""
            SELECT id AS Id, username AS Username, password_hash AS PasswordHash, failed_logins AS FailedLogins, locked_until AS LockedUntil, disabled AS Disabled
            FROM agents WHERE username = @username
            """, new { username = (username ?? "").Trim().ToLowerInvariant() });
        var now = Db.Now(clock);
        if (row is null || row.Disabled)
        {
            // Spend the same hashing time for unknown users so timing does not reveal which usernames exist.
            Hasher.VerifyHashedPassword("x", DummyHash, password ?? "");
            return new LoginResult.Invalid();
        }
        if (row.LockedUntil is { } until && until > now) return new LoginResult.Locked(DateTimeOffset.FromUnixTimeMilliseconds(until));

        var verdict = Hasher.VerifyHashedPassword(row.Username, row.PasswordHash, password ?? "");
        if (verdict == PasswordVerificationResult.Failed)
        {
            var failed = row.FailedLogins + 1;
            long? lockUntil = failed >= MaxFailedLogins ? now + (long)LockoutTime.TotalMilliseconds : null;
            c.Execute("UPDATE agents SET failed_logins = @f, locked_until = @lockUntil WHERE id = @Id",
                new { f = lockUntil is null ? failed : 0, lockUntil, row.Id });
            return lockUntil is null ? new LoginResult.Invalid() : new LoginResult.Locked(DateTimeOffset.FromUnixTimeMilliseconds(lockUntil.Value));
        }
        c.Execute("UPDATE agents SET failed_logins = 0, locked_until = NULL WHERE id = @Id", new { row.Id });
        return new LoginResult.Ok(Get(row.Id)!);
    }

    private static readonly string DummyHash = Hasher.HashPassword("x", Guid.NewGuid().ToString());

    private sealed record LoginRow { public long Id { get; init; } public string Username { get; init; } = ""; public string PasswordHash { get; init; } = ""; public long FailedLogins { get; init; } public long? LockedUntil { get; init; } public bool Disabled { get; init; } }
}
