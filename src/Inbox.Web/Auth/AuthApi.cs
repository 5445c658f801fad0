using System.Security.Claims;
using Inbox.Core.Agents;
using Inbox.Core.Audit;
using Inbox.Core.Model;
using Inbox.Web.Background;
using Inbox.Web.Collision;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Inbox.Web.Auth;

public static class Policies
{
    public const string Agent = "agent";
    public const string Lead = "lead";
    public const string Admin = "admin";
}

/// <param name="Lang">The sign-in page's language, kept as the agent's (mails to them are written in it).</param>
public sealed record LoginRequest(string Username, string Password, string? Lang = null);
/// <param name="Away">Online but taking no new conversation (automatic assignment passes them by).</param>
public sealed record Me(long Id, string Username, string DisplayName, string Role, string Lang, bool Away = false);

public static class AuthApi
{
    public static long AgentId(this ClaimsPrincipal user) => long.Parse(user.FindFirstValue(ClaimTypes.NameIdentifier)!);

    /// <summary>A lead or an admin: what a lead may do, an admin may.</summary>
    public static bool IsLead(this ClaimsPrincipal user) => Roles.Rank(user.FindFirstValue(ClaimTypes.Role) ?? "") >= Roles.Rank(Roles.Lead);

    public static IServiceCollection AddInboxAuth(this IServiceCollection services, bool secureCookies)
    {
        services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie(o =>
        {
            o.Cookie.Name = "inbox.auth";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = secureCookies ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
            o.ExpireTimeSpan = TimeSpan.FromHours(12);
            o.SlidingExpiration = true;
            // An API answers 401/403; only the browser's page requests are sent to the login page.
            o.Events.OnRedirectToLogin = ctx => Deny(ctx, StatusCodes.Status401Unauthorized);
            o.Events.OnRedirectToAccessDenied = ctx => Deny(ctx, StatusCodes.Status403Forbidden);
            // A cookie is good while its agent is enabled and its session version current: disabling an agent, a new
            // role or a new password ends every session signed in before, at its next request.
            o.Events.OnValidatePrincipal = async ctx =>
            {
                if (ctx.Principal is { } user && IsCurrent(user, ctx.HttpContext.RequestServices.GetRequiredService<AgentStore>())) return;
                ctx.RejectPrincipal();
                await ctx.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            };
        });
        services.AddAuthorizationBuilder()
            .AddPolicy(Policies.Agent, p => p.RequireAssertion(c => Rank(c.User) >= Roles.Rank(Roles.Agent)))
            .AddPolicy(Policies.Lead, p => p.RequireAssertion(c => Rank(c.User) >= Roles.Rank(Roles.Lead)))
            .AddPolicy(Policies.Admin, p => p.RequireAssertion(c => Rank(c.User) >= Roles.Rank(Roles.Admin)));
        return services;
    }

    private const string SessionClaim = "inbox:session";

    private static bool IsCurrent(ClaimsPrincipal user, AgentStore agents) =>
        long.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var id)
        && agents.Session(id) is { Disabled: false } session
        && session.Version.ToString(System.Globalization.CultureInfo.InvariantCulture) == (user.FindFirstValue(SessionClaim) ?? "0")
        && session.Role == user.FindFirstValue(ClaimTypes.Role);

    /// <summary>Signs the agent in on this browser: the cookie names the agent, their role and their session version.</summary>
    private static Task SignInAsync(HttpContext http, Agent a, AgentStore agents)
    {
        var identity = new ClaimsIdentity([
            new Claim(ClaimTypes.NameIdentifier, a.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new Claim(ClaimTypes.Name, a.Username),
            new Claim(ClaimTypes.Role, a.Role),
            new Claim(SessionClaim, (agents.Session(a.Id)?.Version ?? 0).ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ], CookieAuthenticationDefaults.AuthenticationScheme);
        return http.SignInAsync(new ClaimsPrincipal(identity));
    }

    private static int Rank(ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true ? Roles.Rank(user.FindFirstValue(ClaimTypes.Role) ?? "") : 0;

    private static Task Deny(RedirectContext<CookieAuthenticationOptions> ctx, int status)
    {
        ctx.Response.StatusCode = status;
        return Task.CompletedTask;
    }

    public static void MapAuthApi(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/api/auth");
        g.MapPost("/login", Login).AllowAnonymous().RequireRateLimiting("login");
        g.MapPost("/logout", async (HttpContext http) =>
        {
            await http.SignOutAsync();
            return TypedResults.NoContent();
        }).RequireAuthorization(Policies.Agent);
        MapAccountLinks(g);
        g.MapGet("/me", (ClaimsPrincipal user, AgentStore agents) =>
            agents.Get(user.AgentId()) is { } a ? Results.Ok(new Me(a.Id, a.Username, a.DisplayName, a.Role, a.Lang, a.Away)) : Results.Unauthorized())
            .RequireAuthorization(Policies.Agent);
        // The agent's own email signature (each agent sets their own; audited, as it goes out under the brand's name).
        g.MapGet("/me/signature", (ClaimsPrincipal user, Signatures signatures) => Results.Ok(new { signature = signatures.Get(user.AgentId()) }))
            .RequireAuthorization(Policies.Agent);
        g.MapPut("/me/signature", (SignatureBody body, ClaimsPrincipal user, Signatures signatures, AuditLog audit) =>
        {
            if (signatures.Set(user.AgentId(), body.Signature) is { } refusal) return refusal.BadRequest();
            var kept = signatures.Get(user.AgentId());
            audit.Write(user.AgentId(), "agent.signature", $"agent:{user.AgentId()}", new { signature = kept });
            return Results.Ok(new { signature = kept });
        }).RequireAuthorization(Policies.Agent);
        // Away or back (not audited: it changes what the agent is given, nothing a customer is told).
        g.MapPut("/me/away", (AwayBody body, ClaimsPrincipal user, AgentStore agents) =>
        {
            agents.SetAway(user.AgentId(), body.Away);
            return Results.Ok(new { away = body.Away });
        }).RequireAuthorization(Policies.Agent);
        // An agent changes their own password, proving the current one (rate-limited as logins are): every other
        // session ends (their live connections close); this page goes on with the new cookie given here.
        g.MapPost("/me/password", async (OwnPasswordBody body, HttpContext http, ClaimsPrincipal user, AgentStore agents, PresenceTracker presence, AuditLog audit) =>
        {
            var id = user.AgentId();
            if (!agents.VerifyPassword(id, body.Current ?? ""))
                return new Refusal("the current password is not right", "le mot de passe actuel n’est pas le bon").BadRequest();
            if (AgentStore.ValidatePassword(body.Password) is { } refusal) return refusal.BadRequest();
            agents.SetPassword(id, body.Password!);
            audit.Write(id, "agent.password.own", $"agent:{id}");
            await SignInAsync(http, agents.Get(id)!, agents);
            // Only a connection of this same agent is spared: the id names one of their own or nothing.
            presence.Disconnect(id, except: body.Connection);
            return Results.NoContent();
        }).RequireAuthorization(Policies.Agent).RequireRateLimiting("login");
        // The agent's own address, proving their password first (whoever controls it can set a new password by mail).
        g.MapGet("/me/email", (ClaimsPrincipal user, AgentStore agents) => Results.Ok(new { email = agents.Get(user.AgentId())?.Email }))
            .RequireAuthorization(Policies.Agent);
        g.MapPut("/me/email", (OwnEmailBody body, ClaimsPrincipal user, AgentStore agents, AuditLog audit) =>
        {
            var id = user.AgentId();
            if (!agents.VerifyPassword(id, body.Current ?? ""))
                return new Refusal("the current password is not right", "le mot de passe actuel n’est pas le bon").BadRequest();
            if (agents.SetEmail(id, body.Email) is { } refusal) return refusal == AgentStore.EmailTaken ? refusal.Conflict() : refusal.BadRequest();
            audit.Write(id, "agent.email.own", $"agent:{id}");
            return Results.Ok(new { email = agents.Get(id)?.Email });
        }).RequireAuthorization(Policies.Agent).RequireRateLimiting("login");
        // "Sign out my other sessions" (a browser left signed in on another machine): every cookie of the agent's stops
        // working and their other live connections close; this page goes on with the new cookie given here.
        g.MapPost("/me/sessions/end", async (ConnectionBody body, HttpContext http, ClaimsPrincipal user, AgentStore agents, PresenceTracker presence, AuditLog audit) =>
        {
            var id = user.AgentId();
            agents.EndSessions(id);
            audit.Write(id, "agent.sessions.end", $"agent:{id}");
            await SignInAsync(http, agents.Get(id)!, agents);
            presence.Disconnect(id, except: body.Connection);
            return Results.NoContent();
        }).RequireAuthorization(Policies.Agent);
    }

    /// <summary>
    /// Account links: asking for a password mail, reading what a link opens, using it. Anonymous (the agent cannot sign
    /// in) and rate-limited as logins are. The request for a mail is answered alike whether the account exists, has an
    /// address, is disabled or was sent a mail a moment ago, so it tells a stranger nothing.
    /// </summary>
    private static void MapAccountLinks(RouteGroupBuilder g)
    {
        g.MapGet("/options", (AccountMailer mailer) => Results.Ok(new { accountMail = mailer.Enabled })).AllowAnonymous();
        g.MapPost("/forgot", (ForgotBody body, AgentStore agents, AccountMailer mailer, AuditLog audit) =>
        {
            if (!mailer.Enabled) return NoAccountMail.NotFound();
            if (string.IsNullOrWhiteSpace(body.Login)) return new Refusal("give your username or email address", "indiquez votre identifiant ou votre adresse e-mail").BadRequest();
            // In the asking page's language; at most one a minute per account.
            if (agents.FindByLogin(body.Login) is { Email: not null, Disabled: false } agent
                && mailer.Queue(agent.Id, AccountTokens.Reset, AgentStore.Lang(body.Lang), throttled: true))
                audit.Write(null, "agent.password.mail", $"agent:{agent.Id}", new { purpose = AccountTokens.Reset });
            return Results.Accepted();
        }).AllowAnonymous().RequireRateLimiting("login");
        g.MapGet("/link", (string? token, AccountTokens tokens) =>
            tokens.Check(token) is { } link
                ? Results.Ok(new { link.Purpose, link.Username, link.DisplayName, link.Lang, expiresAt = link.ExpiresAt })
                : LinkSpent.Gone()).AllowAnonymous().RequireRateLimiting("login");
        // The new password set, the agent is signed in on this browser; any other session of theirs ends.
        g.MapPost("/link", async (LinkBody body, HttpContext http, AgentStore agents, AccountTokens tokens, PresenceTracker presence, AuditLog audit) =>
        {
            if (tokens.Check(body.Token) is null) return LinkSpent.Gone();
            if (AgentStore.ValidatePassword(body.Password) is { } refusal) return refusal.BadRequest();
            if (tokens.Redeem(body.Token, body.Password!) is not { } link) return LinkSpent.Gone();
            audit.Write(link.AgentId, link.Purpose == AccountTokens.Invite ? "agent.invite.accepted" : "agent.password.reset", $"agent:{link.AgentId}");
            presence.Disconnect(link.AgentId);
            var a = agents.Get(link.AgentId)!;
            await SignInAsync(http, a, agents);
            return Results.Ok(new Me(a.Id, a.Username, a.DisplayName, a.Role, a.Lang, a.Away));
        }).AllowAnonymous().RequireRateLimiting("login");
    }

    public static readonly Refusal NoAccountMail = new("password mails are not set up on this server (Inbox:PublicUrl and SMTP): ask an admin to set your password",
        "l’envoi de mots de passe par e-mail n’est pas configuré sur ce serveur (Inbox:PublicUrl et SMTP) : demandez à un admin de définir votre mot de passe");
    private static readonly Refusal LinkSpent = new("this link has expired or has already been used: ask for a new one",
        "ce lien a expiré ou a déjà servi : demandez-en un nouveau");

    /// <param name="Current">The agent's password, asked before their address changes.</param>
    public sealed record OwnEmailBody(string? Email, string? Current);
    /// <param name="Lang">The page's language: the mail is written in it (whoever forgot is reading that page).</param>
    public sealed record ForgotBody(string? Login, string? Lang = null);
    public sealed record LinkBody(string? Token, string? Password);
    /// <param name="Connection">This page's hub connection, kept open (its cookie is renewed by the answer).</param>
    public sealed record ConnectionBody(string? Connection = null);
    public sealed record SignatureBody(string? Signature);
    public sealed record AwayBody(bool Away);
    /// <param name="Connection">This page's hub connection, kept open (its cookie is renewed by the answer).</param>
    public sealed record OwnPasswordBody(string? Current, string? Password, string? Connection = null);

    private static async Task<Results<Ok<Me>, UnauthorizedHttpResult, ProblemHttpResult>> Login(
        LoginRequest req, HttpContext http, AgentStore agents, AuditLog audit)
    {
        switch (agents.Login(req.Username ?? "", req.Password ?? ""))
        {
            case LoginResult.Ok(var signedIn):
                agents.SetLang(signedIn.Id, req.Lang);
                var a = signedIn with { Lang = AgentStore.Lang(req.Lang) ?? signedIn.Lang };
                await SignInAsync(http, a, agents);
                audit.Write(a.Id, "login", $"agent:{a.Id}");
                return TypedResults.Ok(new Me(a.Id, a.Username, a.DisplayName, a.Role, a.Lang, a.Away));
            case LoginResult.Locked(var until):
                return TypedResults.Problem($"too many failed attempts; try again after {until:HH:mm:ss} UTC", statusCode: StatusCodes.Status429TooManyRequests);
            default:
                return TypedResults.Unauthorized();
        }
    }
}
