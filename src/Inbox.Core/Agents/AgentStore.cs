using System.Collections.Concurrent;
using Dapper;
using Inbox.Core.Model;
using Inbox.Core.Storage;
using Microsoft.AspNetCore.Identity;

namespace Inbox.Core.Agents;

/// <param name="PasswordSet">False for an invited agent who has not chosen a password yet (nothing signs them in).</param>
public sealed record Agent
{
    public long Id { get; init; } public string Username { get; init; } = ""; public string DisplayName { get; init; } = ""; public string Role { get; init; } = "";
    public string Lang { get; init; } = ""; public bool Disabled { get; init; } public bool Away { get; init; }
    public string? Email { get; init; } public bool PasswordSet { get; init; } = true;
    /// <summary>The channels automatic assignment gives them new conversations from, comma-separated; null: every channel.</summary>
    public string? Channels { get; init; }
    /// <summary>The languages automatic assignment gives them new conversations in ("fr", "en"); null: any.</summary>
    public string? Languages { get; init; }
}

/// <summary>What a sign-in cookie is checked against on each request (AuthApi).</summary>
public sealed record AgentSession { public bool Disabled { get; init; } public long Version { get; init; } public string Role { get; init; } = ""; }

/// <summary>
/// An admin's change: null leaves a field as it is (an empty email takes the address away; no channel, or every one,
/// gives the agent new conversations from every channel).
/// </summary>
public sealed record AgentChange(string? DisplayName = null, string? Role = null, bool? Disabled = null, string? Email = null, IReadOnlyList<string>? Channels = null,
    IReadOnlyList<string>? Languages = null);

/// <param name="EndedSessions">The agent's sessions ended (new role, disabled): their live connections are to be closed.</param>
/// <param name="Unassigned">The open conversations a disabled agent had, now unassigned.</param>
public sealed record AgentUpdate(Agent Agent, Agent Before, bool EndedSessions, IReadOnlyList<long> Unassigned);

public abstract record LoginResult
{
    public sealed record Ok(Agent Agent) : LoginResult;
    public sealed record Invalid : LoginResult;
    public sealed record Locked(DateTimeOffset Until) : LoginResult;
}

/// <summary>Agent accounts: creation, password check with lockout. Hashing is ASP.NET Core Identity's PasswordHasher.</summary>
public sealed class AgentStore(Db db, TimeProvider clock)
{
    public const int MaxFailedLogins = 5, MinPassword = 8;
    public static readonly TimeSpan LockoutTime = TimeSpan.FromMinutes(5);
    private static readonly PasswordHasher<string> Hasher = new();

    // Every request signed in with a cookie is checked against its agent's session (AuthApi): kept in memory, and
    // forgotten by every write below, the only writers of these columns.
    private readonly ConcurrentDictionary<long, AgentSession> _sessions = new();

    private const string AgentColumns =
        "SELECT id AS Id, username AS Username, display_name AS DisplayName, role AS Role, lang AS Lang, disabled AS Disabled, away AS Away, " +
        "email AS Email, password_set AS PasswordSet, channels AS Channels, languages AS Languages FROM agents";

    /// <summary>Away or back: an agent away is online but given no new conversation by automatic assignment.</summary>
    public bool SetAway(long id, bool away)
    {
        using var c = db.Open();
        return c.Execute("UPDATE agents SET away = @away WHERE id = @id", new { id, away }) == 1;
    }

    /// <summary>
    /// A new account. Without a password it is an invitation: the agent chooses one through the link mailed to
    /// <paramref name="email"/> (AccountTokens) and nothing signs them in before.
    /// </summary>
    public Agent Create(string username, string displayName, string? password, string role, string? email = null, string? lang = null)
    {
        // The admin API checks more first (ValidateNew: a username @mentions can read); a configured or command-line
        // account is taken as given, with the same role and password rules.
        if (string.IsNullOrWhiteSpace(username)) throw new ArgumentException("username is required");
        if ((password is null ? (Roles.IsValid(role) ? null : UnknownRole(role)) : ValidateRoleAndPassword(role, password)) is { } refusal)
            throw new ArgumentException(refusal.En);
        if (password is null && NormalizeEmail(email) is null) throw new ArgumentException("an invited agent needs an email address");
        using var c = db.Open();
        var id = c.ExecuteScalar<long>("""
            INSERT INTO agents (username, display_name, password_hash, role, created_at, email, password_set, lang)
            VALUES (@username, @displayName, @hash, @role, @now, @email, @set, @lang) RETURNING id
            """, new
            {
                username = username.Trim().ToLowerInvariant(), displayName, role, now = Db.Now(clock), email = NormalizeEmail(email), set = password is not null,
                lang = Lang(lang) ?? "en",
                // An invited account's hash is of a random secret nobody knows (and Login refuses it anyway).
                hash = Hasher.HashPassword(username, password ?? Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32))),
            });
        return Get(id)!;
    }

    /// <summary>The channels as stored: in the usual order, each once; null when none or all are chosen (no restriction).</summary>
    public static string? ChannelList(IEnumerable<string> channels)
    {
        var chosen = ChannelName.All.Where(channels.Contains).ToList();
        return chosen.Count is 0 || chosen.Count == ChannelName.All.Count ? null : string.Join(",", chosen);
    }

    /// <summary>The languages as stored: null when none or both are chosen (no restriction).</summary>
    public static string? LanguageList(IEnumerable<string> languages)
    {
        var chosen = new[] { "fr", "en" }.Where(languages.Contains).ToList();
        return chosen.Count == 1 ? chosen[0] : null;
    }

    /// <summary>"en" or "fr" (the interface's languages), else null.</summary>
    public static string? Lang(string? lang) => lang is "en" or "fr" ? lang : null;

    /// <summary>The language the agent last signed in with: mails to them (invitations, password links) are written in it.</summary>
    public void SetLang(long id, string? lang)
    {
        if (Lang(lang) is not { } l) return;
        using var c = db.Open();
        c.Execute("UPDATE agents SET lang = @l WHERE id = @id AND lang <> @l", new { id, l });
    }

    /// <summary>The enabled agent whose username or email this is, if they have an address to be written to.</summary>
    public Agent? FindByLogin(string login)
    {
        var key = (login ?? "").Trim().ToLowerInvariant();
        if (key.Length == 0) return null;
        using var c = db.Open();
        return c.QueryFirstOrDefault<Agent>(AgentColumns + " WHERE (username = @key OR email = @key) AND disabled = 0 AND email IS NOT NULL", new { key });
    }

    /// <summary>An address as stored (trimmed, lower case), or null for none.</summary>
    public static string? NormalizeEmail(string? email) => string.IsNullOrWhiteSpace(email) ? null : email.Trim().ToLowerInvariant();

    /// <summary>What is wrong with an agent's address, or null (none is fine).</summary>
    public static Refusal? ValidateEmail(string? email) =>
        NormalizeEmail(email) is { } e && !(MimeKit.MailboxAddress.TryParse(e, out var parsed) && parsed.Address == e && e.Contains('@') && e.Length <= 254)
            ? new($"'{email}' is not an email address", $"« {email} » n’est pas une adresse e-mail")
            : null;

    public Agent? Get(long id)
    {
        using var c = db.Open();
        return c.QuerySingleOrDefault<Agent>(
            AgentColumns + " WHERE id = @id",
            new { id });
    }

    public IReadOnlyList<Agent> List()
    {
        using var c = db.Open();
        return c.Query<Agent>(
            AgentColumns + " ORDER BY display_name").AsList();
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
            SELECT id AS Id, username AS Username, password_hash AS PasswordHash, failed_logins AS FailedLogins, locked_until AS LockedUntil, disabled AS Disabled,
                password_set AS PasswordSet
            FROM agents WHERE username = @username
            """, new { username = (username ?? "").Trim().ToLowerInvariant() });
        var now = Db.Now(clock);
        if (row is null || row.Disabled || !row.PasswordSet)
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

    /// <summary>What a signed-in cookie is checked against: null when the agent does not exist.</summary>
    public AgentSession? Session(long id)
    {
        if (_sessions.TryGetValue(id, out var known)) return known;
        using var c = db.Open();
        var session = c.QuerySingleOrDefault<AgentSession>(
            "SELECT disabled AS Disabled, session_version AS Version, role AS Role FROM agents WHERE id = @id", new { id });
        if (session is not null) _sessions[id] = session;
        return session;
    }

    /// <summary>
    /// An admin's change to an account: name, role, enabled or not. A new role or a disabled account ends the agent's
    /// sessions (the version moves on); a disabled agent's open conversations go back to the queue, unassigned, so
    /// that no customer waits on someone who is gone. Refused: an empty name, an unknown role, disabling oneself, and
    /// any change that would leave no enabled admin.
    /// </summary>
    public (AgentUpdate? Done, Refusal? Error) Update(long id, AgentChange change, long byAgentId)
    {
        if (change.Role is { } r && !Roles.IsValid(r)) return (null, UnknownRole(r));
        if (change.DisplayName is { } n && string.IsNullOrWhiteSpace(n)) return (null, new("the name cannot be empty", "le nom ne peut pas être vide"));
        if (change.Disabled == true && id == byAgentId) return (null, new("you cannot disable your own account", "vous ne pouvez pas désactiver votre propre compte"));
        if (ValidateEmail(change.Email) is { } badEmail) return (null, badEmail);
        if (change.Channels?.FirstOrDefault(ch => !ChannelName.All.Contains(ch)) is { } unknown)
            return (null, new($"unknown channel '{unknown}' ({string.Join(", ", ChannelName.All)})", $"canal inconnu « {unknown} » ({string.Join(", ", ChannelName.All)})"));
        if (change.Languages?.FirstOrDefault(l => Lang(l) is null) is { } unknownLanguage)
            return (null, new($"unknown language '{unknownLanguage}' (fr, en)", $"langue inconnue « {unknownLanguage} » (fr, en)"));
        using var c = db.Open();
        using var tx = c.BeginTransaction();
        var before = c.QuerySingleOrDefault<Agent>(
            AgentColumns + " WHERE id = @id", new { id }, tx);
        if (before is null) return (null, null);
        var email = change.Email is null ? before.Email : NormalizeEmail(change.Email);
        if (email is not null && email != before.Email
            && c.ExecuteScalar<long>("SELECT COUNT(*) FROM agents WHERE email = @email AND id <> @id", new { email, id }, tx) > 0)
            return (null, EmailTaken);
        var role = change.Role ?? before.Role;
        var disabled = change.Disabled ?? before.Disabled;
        var wasAdmin = before.Role == Roles.Admin && !before.Disabled;
        if (wasAdmin && (role != Roles.Admin || disabled)
            && c.ExecuteScalar<long>("SELECT COUNT(*) FROM agents WHERE role = 'admin' AND disabled = 0 AND id <> @id", new { id }, tx) == 0)
            return (null, new("at least one enabled admin must remain", "il doit rester au moins un admin actif"));
        var endsSessions = role != before.Role || (disabled && !before.Disabled);
        c.Execute("""
            UPDATE agents SET display_name = @name, role = @role, disabled = @disabled, email = @email, channels = @channels, languages = @languages,
                session_version = session_version + @bump WHERE id = @id
            """, new { id, name = change.DisplayName?.Trim() ?? before.DisplayName, role, disabled, email, bump = endsSessions ? 1 : 0,
                channels = change.Channels is { } chosen ? ChannelList(chosen) : before.Channels,
                languages = change.Languages is { } spoken ? LanguageList(spoken) : before.Languages }, tx);
        IReadOnlyList<long> unassigned = disabled && !before.Disabled
            ? c.Query<long>("UPDATE conversations SET assigned_agent_id = NULL WHERE assigned_agent_id = @id AND status <> 'closed' RETURNING id", new { id }, tx).AsList()
            : [];
        tx.Commit();
        _sessions.TryRemove(id, out _);
        return (new AgentUpdate(Get(id)!, before, endsSessions, unassigned), null);
    }

    public static readonly Refusal EmailTaken = new("another account has this email address", "un autre compte a cette adresse e-mail");

    /// <summary>Sets a new password and ends the agent's sessions; false when the agent does not exist.</summary>
    public bool SetPassword(long id, string password)
    {
        using var c = db.Open();
        var username = c.QuerySingleOrDefault<string>("SELECT username FROM agents WHERE id = @id", new { id });
        if (username is null) return false;
        c.Execute("""
            UPDATE agents SET password_hash = @hash, password_set = 1, failed_logins = 0, locked_until = NULL, session_version = session_version + 1
            WHERE id = @id
            """, new { id, hash = Hasher.HashPassword(username, password) });
        _sessions.TryRemove(id, out _);
        return true;
    }

    /// <summary>The agent's own address (where a forgotten password's link goes): refused when taken or not an address.</summary>
    public Refusal? SetEmail(long id, string? email)
    {
        if (ValidateEmail(email) is { } bad) return bad;
        using var c = db.Open();
        try { c.Execute("UPDATE agents SET email = @email WHERE id = @id", new { id, email = NormalizeEmail(email) }); }
        catch (Microsoft.Data.Sqlite.SqliteException e) when (e.SqliteErrorCode == 19) { return EmailTaken; }
        return null;
    }

    /// <summary>Ends every session of the agent (a browser left signed in elsewhere): their cookies stop working at their next request.</summary>
    public void EndSessions(long id)
    {
        using var c = db.Open();
        c.Execute("UPDATE agents SET session_version = session_version + 1 WHERE id = @id", new { id });
        _sessions.TryRemove(id, out _);
    }

    /// <summary>Whether this is the agent's password (an agent changing their own proves they know it first).</summary>
    public bool VerifyPassword(long id, string password)
    {
        using var c = db.Open();
        var row = c.QuerySingleOrDefault<(string Username, string Hash)>("SELECT username, password_hash FROM agents WHERE id = @id", new { id });
        return row.Hash is not null && Hasher.VerifyHashedPassword(row.Username, row.Hash, password ?? "") != PasswordVerificationResult.Failed;
    }

    /// <summary>What is wrong with a new account as given, in words, or null.</summary>
    /// <param name="password">Null for an invitation, which needs an email address instead.</param>
    public static Refusal? ValidateNew(string? username, string? displayName, string? password, string? role, string? email = null)
    {
        if (string.IsNullOrWhiteSpace(username)) return new("username is required", "l’identifiant est obligatoire");
        if (!System.Text.RegularExpressions.Regex.IsMatch(username.Trim(), @"^(?=.{2,40}$)[A-Za-z0-9._-]*[A-Za-z0-9]$"))
            return new("a username is 2 to 40 letters, digits, '.', '_' or '-', ending with a letter or digit (as @mentions read it)", "un identifiant a 2 à 40 lettres, chiffres, « . », « _ » ou « - » et finit par une lettre ou un chiffre (comme le lisent les @mentions)");
        if (string.IsNullOrWhiteSpace(displayName)) return new("the name cannot be empty", "le nom ne peut pas être vide");
        if (ValidateEmail(email) is { } badEmail) return badEmail;
        if (password is null)
            return NormalizeEmail(email) is null
                ? new("give a password, or an email address to send an invitation to", "indiquez un mot de passe, ou une adresse e-mail où envoyer une invitation")
                : Roles.IsValid(role ?? "") ? null : UnknownRole(role);
        return ValidateRoleAndPassword(role, password);
    }

    private static Refusal? ValidateRoleAndPassword(string? role, string? password) =>
        Roles.IsValid(role ?? "") ? ValidatePassword(password) : UnknownRole(role);

    private static Refusal UnknownRole(string? role) => new($"unknown role '{role}' (agent, lead or admin)", $"rôle inconnu « {role} » (agent, lead ou admin)");

    public static Refusal? ValidatePassword(string? password) =>
        (password ?? "").Length < MinPassword
            ? new($"password must have at least {MinPassword} characters", $"le mot de passe doit avoir au moins {MinPassword} caractères")
            : null;

    private static readonly string DummyHash = Hasher.HashPassword("x", Guid.NewGuid().ToString());

    private sealed record LoginRow { public long Id { get; init; } public string Username { get; init; } = ""; public string PasswordHash { get; init; } = ""; public long FailedLogins { get; init; } public long? LockedUntil { get; init; } public bool Disabled { get; init; } public bool PasswordSet { get; init; } }
}
