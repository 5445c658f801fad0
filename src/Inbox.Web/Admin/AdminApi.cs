using System.Security.Claims;
using Inbox.Core.Agents;
using Inbox.Core.Audit;
using Inbox.Core.Conversations;
using Inbox.Core.Realtime;
using Inbox.Core.Intake;
using Inbox.Core.Model;
using Inbox.Web.Auth;
using Inbox.Web.Background;
using Inbox.Web.Collision;
using Inbox.Web.Inbound;

namespace Inbox.Web.Admin;

/// <param name="Password">Empty or left out: the agent is invited to choose one, by a mail to <paramref name="Email"/>.</param>
/// <param name="Lang">The new agent's language until they sign in with another (their invitation is written in it).</param>
public sealed record NewAgentBody(string Username, string DisplayName, string? Password, string Role, string? Email = null, string? Lang = null);
/// <param name="Channels">The channels automatic assignment gives the agent conversations from; empty or all: every channel.</param>
public sealed record AgentChangeBody(string? DisplayName, string? Role, bool? Disabled, string? Email = null, string[]? Channels = null, string[]? Languages = null);
public sealed record PasswordBody(string? Password);

public static class AdminApi
{
    public static void MapAdminApi(this IEndpointRouteBuilder app)
    {
        var lead = app.MapGroup("/api").RequireAuthorization(Policies.Lead);
        lead.MapGet("/agents", (AgentStore agents) => TypedResults.Ok(agents.List()));

        var admin = app.MapGroup("/api/admin").RequireAuthorization(Policies.Admin);
        // A new account, with a password the admin passes on, or invited: a mail to the agent's address with a link
        // to choose one (7 days; nothing signs the account in before).
        admin.MapPost("/agents", (NewAgentBody body, AgentStore agents, AccountMailer mailer, AuditLog audit, ClaimsPrincipal user, TimeProvider clock) =>
        {
            var password = string.IsNullOrEmpty(body.Password) ? null : body.Password;
            if (AgentStore.ValidateNew(body.Username, body.DisplayName, password, body.Role, body.Email) is { } refusal) return refusal.BadRequest();
            if (password is null && !mailer.Enabled) return AuthApi.NoAccountMail.BadRequest();
            Agent a;
            try { a = agents.Create(body.Username, body.DisplayName, password, body.Role, body.Email, body.Lang); }
            catch (ArgumentException e) { return Results.BadRequest(new { error = e.Message }); }
            catch (Microsoft.Data.Sqlite.SqliteException e) when (e.SqliteErrorCode == 19) // a UNIQUE constraint: which one, the message says
            {
                return (e.Message.Contains("agents.email") ? AgentStore.EmailTaken : new Refusal("username already taken", "cet identifiant est déjà pris")).Conflict();
            }
            audit.Write(user.AgentId(), "agent.create", $"agent:{a.Id}", new { a.Username, a.Role, invited = password is null });
            if (password is null) SendLink(a, mailer, audit, user, clock);
            return Results.Created($"/api/agents/{a.Id}", a);
        });
        // A link mailed to the agent: the invitation again for one who has not chosen a password yet, else a link to
        // set a new one (an admin need not know or pass on a password).
        admin.MapPost("/agents/{id:long}/link", (long id, AgentStore agents, AccountMailer mailer, AuditLog audit, ClaimsPrincipal user, TimeProvider clock) =>
        {
            if (!mailer.Enabled) return AuthApi.NoAccountMail.BadRequest();
            if (agents.Get(id) is not { } a) return Results.NotFound(new { error = $"agent {id} not found" });
            if (a.Email is null) return new Refusal("this agent has no email address", "cet agent n’a pas d’adresse e-mail").BadRequest();
            if (a.Disabled) return new Refusal("this account is disabled: enable it first", "ce compte est désactivé : réactivez-le d’abord").Conflict();
            return SendLink(a, mailer, audit, user, clock) is { } expires
                ? Results.Accepted(value: new { purpose = a.PasswordSet ? AccountTokens.Reset : AccountTokens.Invite, expiresAt = expires.ToUnixTimeMilliseconds() })
                : Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
        });
        // An account's name, role and whether it may sign in. Ending an agent's sessions also closes their live
        // connections; a disabled agent's open conversations go back to the queue, and every agent's list is told.
        admin.MapPut("/agents/{id:long}", async (long id, AgentChangeBody body, AgentStore agents, PresenceTracker presence, ConversationQueries q,
            IBroadcaster broadcaster, AuditLog audit, ClaimsPrincipal user) =>
        {
            AgentUpdate? done;
            Refusal? error;
            try { (done, error) = agents.Update(id, new AgentChange(body.DisplayName, body.Role, body.Disabled, body.Email, body.Channels, body.Languages), user.AgentId()); }
            catch (Microsoft.Data.Sqlite.SqliteException e) when (e.SqliteErrorCode == 19) { (done, error) = (null, AgentStore.EmailTaken); } // taken meanwhile
            if (error is not null) return error == AgentStore.EmailTaken ? error.Conflict() : error.BadRequest();
            if (done is null) return Results.NotFound(new { error = $"agent {id} not found" });
            audit.Write(user.AgentId(), "agent.update", $"agent:{id}", new
            {
                before = new { done.Before.DisplayName, done.Before.Role, done.Before.Disabled, done.Before.Email, done.Before.Channels, done.Before.Languages },
                after = new { done.Agent.DisplayName, done.Agent.Role, done.Agent.Disabled, done.Agent.Email, done.Agent.Channels, done.Agent.Languages },
                unassigned = done.Unassigned,
            });
            if (done.EndedSessions) presence.Disconnect(id);
            foreach (var conversation in done.Unassigned)
                if (q.Get(conversation) is { } view) await broadcaster.Everyone.ConversationChanged(view);
            return Results.Ok(done.Agent);
        });
        // A new password set by an admin (a forgotten one): the agent's sessions end; the password is not logged.
        admin.MapPost("/agents/{id:long}/password", (long id, PasswordBody body, AgentStore agents, PresenceTracker presence, AuditLog audit, ClaimsPrincipal user) =>
        {
            if (AgentStore.ValidatePassword(body.Password) is { } refusal) return refusal.BadRequest();
            if (!agents.SetPassword(id, body.Password!)) return Results.NotFound(new { error = $"agent {id} not found" });
            audit.Write(user.AgentId(), "agent.password", $"agent:{id}");
            presence.Disconnect(id);
            return Results.NoContent();
        });
        // Every session of the agent ends (a laptop lost, a browser left signed in somewhere) without a new password.
        admin.MapPost("/agents/{id:long}/sessions/end", (long id, AgentStore agents, PresenceTracker presence, AuditLog audit, ClaimsPrincipal user) =>
        {
            if (agents.Get(id) is null) return Results.NotFound(new { error = $"agent {id} not found" });
            agents.EndSessions(id);
            audit.Write(user.AgentId(), "agent.sessions.end", $"agent:{id}");
            presence.Disconnect(id);
            return Results.NoContent();
        });
        admin.MapGet("/raw-events", (RawEventStore raw, string? status, int? limit) => TypedResults.Ok(raw.List(status, limit ?? 200)));
        admin.MapPost("/raw-events/{id:long}/reprocess", (long id, IntakeQueue queue, AuditLog audit, ClaimsPrincipal user) =>
        {
            queue.Enqueue(id);
            audit.Write(user.AgentId(), "raw.reprocess", $"raw:{id}");
            return TypedResults.Accepted($"/api/admin/raw-events/{id}");
        });
        admin.MapPost("/reprocess", (RawEventStore raw, IntakeQueue queue, AuditLog audit, ClaimsPrincipal user) =>
        {
            var ids = raw.Unfinished(includeFailed: true);
            foreach (var id in ids) queue.Enqueue(id);
            audit.Write(user.AgentId(), "raw.reprocess-all", null, new { count = ids.Count });
            return TypedResults.Ok(new { queued = ids.Count });
        });
        admin.MapGet("/intake", (IntakeQueue queue) => TypedResults.Ok(new { pending = queue.Pending }));
        admin.MapGet("/audit", (AuditLog audit, long? before, int? limit) => TypedResults.Ok(audit.List(before, limit ?? 200)));
    }

    /// <summary>
    /// Mails the agent an invitation (no password yet) or a reset link; when it will expire, or null if it could not be
    /// queued. The link is made as the mail goes out, a moment from now, and lasts from then.
    /// </summary>
    private static DateTimeOffset? SendLink(Agent a, AccountMailer mailer, AuditLog audit, ClaimsPrincipal user, TimeProvider clock)
    {
        var purpose = a.PasswordSet ? AccountTokens.Reset : AccountTokens.Invite;
        if (a.Email is null || !mailer.Queue(a.Id, purpose)) return null;
        audit.Write(user.AgentId(), "agent.password.mail", $"agent:{a.Id}", new { purpose });
        return clock.GetUtcNow() + (purpose == AccountTokens.Invite ? AccountTokens.InviteLifetime : AccountTokens.ResetLifetime);
    }
}
