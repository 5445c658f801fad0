using System.Security.Claims;
using Inbox.Core.Agents;
using Inbox.Core.Audit;
using Inbox.Core.Model;
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

public sealed record LoginRequest(string Username, string Password);
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
    }

    public sealed record SignatureBody(string? Signature);
    public sealed record AwayBody(bool Away);
    /// <param name="Connection">This page's hub connection, kept open (its cookie is renewed by the answer).</param>
    public sealed record OwnPasswordBody(string? Current, string? Password, string? Connection = null);

    private static async Task<Results<Ok<Me>, UnauthorizedHttpResult, ProblemHttpResult>> Login(
        LoginRequest req, HttpContext http, AgentStore agents, AuditLog audit)
    {
        switch (agents.Login(req.Username ?? "", req.Password ?? ""))
        {
            case LoginResult.Ok(var a):
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
