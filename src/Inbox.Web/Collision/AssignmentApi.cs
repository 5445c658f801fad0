using System.Security.Claims;
using Dapper;
using Inbox.Core.Audit;
using Inbox.Core.Collision;
using Inbox.Core.Conversations;
using Inbox.Core.Realtime;
using Inbox.Core.Storage;
using Inbox.Web.Auth;

namespace Inbox.Web.Collision;

public sealed record AssignBody(long? AgentId);
public sealed record Assignee(long Id, string DisplayName);

public static class AssignmentApi
{
    public static void MapAssignmentApi(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/api").RequireAuthorization(Policies.Agent);
        // Names only: agents need someone to hand a conversation to, not the account list (that is /api/agents, lead).
        g.MapGet("/assignees", (Db db) =>
        {
            using var c = db.Open();
            return TypedResults.Ok(c.Query<Assignee>("SELECT id AS Id, display_name AS DisplayName FROM agents WHERE disabled = 0 ORDER BY display_name").AsList());
        });
        // The one assignment endpoint, for the inbox and the lead board: agents take a free conversation or hand
        // over their own; leads reassign anything (Assignments holds the rules).
        g.MapPost("/conversations/{id:long}/assignee", async (long id, AssignBody body, ClaimsPrincipal user, Assignments assignments, ConversationQueries q, IBroadcaster broadcaster) =>
        {
            switch (assignments.Assign(id, body.AgentId, user.AgentId(), user.FindFirstValue(ClaimTypes.Role) ?? ""))
            {
                case AssignResult.Done(var view):
                    await broadcaster.Everyone.Assigned(view);
                    if (q.Get(id) is { } conv) await broadcaster.Everyone.ConversationChanged(conv);
                    return Results.Ok(view);
                case AssignResult.Forbidden(var reason):
                    return Results.Json(new { error = reason }, statusCode: StatusCodes.Status403Forbidden);
                case AssignResult.NotFound(var what):
                    return Results.NotFound(new { error = $"no such {what}" });
                default:
                    return Results.StatusCode(500);
            }
        });

        // Automatic assignment of new conversations (admins; read by leads, whose board shows its effect).
        app.MapGet("/api/assignment/auto", (AutoAssign auto) => Results.Ok(auto.Settings)).RequireAuthorization(Policies.Lead);
        app.MapPut("/api/admin/assignment/auto", (AutoAssignSettings body, AutoAssign auto, AuditLog audit, ClaimsPrincipal user) =>
        {
            if (AutoAssign.Validate(body) is { } refusal) return refusal.BadRequest();
            auto.Save(body);
            audit.Write(user.AgentId(), "assignment.auto", null, body);
            return Results.Ok(auto.Settings);
        }).RequireAuthorization(Policies.Admin);
    }
}
