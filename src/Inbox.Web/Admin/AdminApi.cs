using System.Security.Claims;
using Inbox.Core.Agents;
using Inbox.Core.Audit;
using Inbox.Core.Intake;
using Inbox.Web.Auth;
using Inbox.Web.Inbound;

namespace Inbox.Web.Admin;

public sealed record NewAgentBody(string Username, string DisplayName, string Password, string Role);

public static class AdminApi
{
    public static void MapAdminApi(this IEndpointRouteBuilder app)
    {
        var lead = app.MapGroup("/api").RequireAuthorization(Policies.Lead);
        lead.MapGet("/agents", (AgentStore agents) => TypedResults.Ok(agents.List()));

        var admin = app.MapGroup("/api/admin").RequireAuthorization(Policies.Admin);
        admin.MapPost("/agents", (NewAgentBody body, AgentStore agents, AuditLog audit, ClaimsPrincipal user) =>
        {
            try
            {
                var a = agents.Create(body.Username, body.DisplayName, body.Password, body.Role);
                audit.Write(user.AgentId(), "agent.create", $"agent:{a.Id}", new { a.Username, a.Role });
                return Results.Created($"/api/agents/{a.Id}", a);
            }
            catch (ArgumentException e) { return Results.BadRequest(new { error = e.Message }); }
            catch (Microsoft.Data.Sqlite.SqliteException) { return Results.Conflict(new { error = "username already taken" }); }
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
