using System.Security.Cryptography;
using System.Text;
using Dapper;
using Inbox.Core.Storage;

namespace Inbox.Core.Agents;

/// <summary>What a valid link opens: whose account, to do what, until when.</summary>
public sealed record AccountLink(long AgentId, string Purpose, string Username, string DisplayName, string Lang, long ExpiresAt);

/// <summary>
/// One-use links to choose a password: an invitation (a new account without one) or a reset (one forgotten). The
/// token travels only in the mail; the database keeps its SHA-256, so reading the database opens no account. A new
/// link ends the agent's earlier ones, and using one ends the agent's sessions (AgentStore.SetPassword).
/// </summary>
public sealed class AccountTokens(Db db, AgentStore agents, TimeProvider clock)
{
    public const string Invite = "invite", Reset = "reset";
    public static readonly TimeSpan InviteLifetime = TimeSpan.FromDays(7), ResetLifetime = TimeSpan.FromHours(1);
    /// <summary>A "forgot my password" request is answered with at most one mail per agent this often (AccountMailer.Queue).</summary>
    public static readonly TimeSpan ResetInterval = TimeSpan.FromMinutes(1);

    /// <summary>A new link for the agent, ending their earlier ones (the account mailer makes it as the mail goes out).</summary>
    public (string Token, DateTimeOffset Expires) Issue(long agentId, string purpose)
    {
        if (purpose is not (Invite or Reset)) throw new ArgumentException($"unknown purpose '{purpose}'");
        var now = Db.Now(clock);
        using var c = db.Open();
        using var tx = c.BeginTransaction();
        c.Execute("UPDATE agent_tokens SET expires_at = @now WHERE agent_id = @agentId AND used_at IS NULL AND expires_at > @now", new { agentId, now }, tx);
        var token = Base64Url(RandomNumberGenerator.GetBytes(32));
        var expires = now + (long)(purpose == Invite ? InviteLifetime : ResetLifetime).TotalMilliseconds;
        c.Execute("""
            INSERT INTO agent_tokens (agent_id, purpose, token_hash, created_at, expires_at) VALUES (@agentId, @purpose, @hash, @now, @expires)
            """, new { agentId, purpose, hash = Hash(token), now, expires }, tx);
        tx.Commit();
        return (token, DateTimeOffset.FromUnixTimeMilliseconds(expires));
    }

    /// <summary>The link's account and purpose while it can be used (not used, not expired, the account enabled); else null.</summary>
    public AccountLink? Check(string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 100) return null;
        using var c = db.Open();
        return c.QuerySingleOrDefault<AccountLink>("""
            SELECT a.id AS AgentId, t.purpose AS Purpose, a.username AS Username, a.display_name AS DisplayName, a.lang AS Lang, t.expires_at AS ExpiresAt
            FROM agent_tokens t JOIN agents a ON a.id = t.agent_id
            WHERE t.token_hash = @hash AND t.used_at IS NULL AND t.expires_at > @now AND a.disabled = 0
            """, new { hash = Hash(token), now = Db.Now(clock) });
    }

    /// <summary>
    /// Uses the link: the password becomes the agent's and every session of theirs ends. Null when the link cannot be
    /// used (unknown, used, expired, the account disabled). The link is spent in one statement, so two tabs sending
    /// the same link cannot both set a password.
    /// </summary>
    public AccountLink? Redeem(string? token, string password)
    {
        if (Check(token) is not { } link) return null;
        using (var c = db.Open())
        {
            var spent = c.Execute("""
                UPDATE agent_tokens SET used_at = @now
                WHERE token_hash = @hash AND used_at IS NULL AND expires_at > @now
                  AND agent_id IN (SELECT id FROM agents WHERE disabled = 0)
                """, new { hash = Hash(token!), now = Db.Now(clock) });
            if (spent != 1) return null;
        }
        agents.SetPassword(link.AgentId, password);
        return link;
    }

    internal static string Hash(string token) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    internal static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
