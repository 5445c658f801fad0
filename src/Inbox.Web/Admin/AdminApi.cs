using System.Security.Claims;
using Inbox.Core.Agents;
using Inbox.Core.Audit;
using Inbox.Core.Conversations;
using Inbox.Core.Realtime;
using Inbox.Core.Intake;
using Inbox.Core.Model;
using Inbox.Web.Auth;
using Inbox.Web.Collision;
using Inbox.Web.Inbound;

namespace Inbox.Web.Admin;

public sealed record NewAgentBody(string Username, string DisplayName, string Password, string Role);
public sealed record AgentChangeBody(string? DisplayName, string? Role, bool? Disabled);
public sealed record PasswordBody(string? Password);

public static class AdminApi
{
    public static void MapAdminApi(this IEndpointRouteBuilder app)
    {
        var lead = app.MapGroup("/api").RequireAuthorization(Policies.Lead);
        lead.MapGet("/agents", (AgentStore agents) => TypedResults.Ok(agents.List()));

        var admin = app.MapGroup("/api/admin").RequireAuthorization(Policies.Admin);
        admin.MapPost("/agents", (NewAgentBody body, AgentStore agents, AuditLog audit, ClaimsPrincipal user) =>
        {
            if (AgentStore.ValidateNew(body.Username, body.DisplayName, body.Password, body.Role) is { } refusal) return refusal.BadRequest();
            try
            {
                var a = agents.Create(body.Username, body.DisplayName, body.Password, body.Role);
                audit.Write(user.AgentId(), "agent.create", $"agent:{a.Id}", new { a.Username, a.Role });
                return Results.Created($"/api/agents/{a.Id}", a);
            }
            catch (ArgumentException e) { return Results.BadRequest(new { error = e.Message }); }
            catch (Microsoft.Data.Sqlite.SqliteException) { return new Refusal("username already taken", "cet identifiant est déjà pris").Conflict(); }
        });
        // An account's name, role and whether it may sign in. Ending an agent's sessions also closes their live
        // connections; a disabled agent's open conversations go back to the queue, and every agent's list is told.
        admin.MapPut("/agents/{id:long}", async (long id, AgentChangeBody body, AgentStore agents, PresenceTracker presence, ConversationQueries q,
            IBroadcaster broadcaster, AuditLog audit, ClaimsPrincipal user) =>
        {
            var (done, error) = agents.Update(id, new AgentChange(body.DisplayName, body.Role, body.Disabled), user.AgentId());
            if (error is not null) return error.BadRequest();
            if (done is null) return Results.NotFound(new { error = $"agent {id} not found" });
            audit.Write(user.AgentId(), "agent.update", $"agent:{id}", new
            {
                before = new { done.Before.DisplayName, done.Before.Role, done.Before.Disabled },
                after = new { done.Agent.DisplayName, done.Agent.Role, done.Agent.Disabled },
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
}
