using System.Security.Claims;
using Inbox.Core.Audit;
using Inbox.Core.Model;
using Inbox.Core.SavedViews;
using Inbox.Web.Auth;

namespace Inbox.Web.SavedViews;

/// <summary>
/// Saved views: every agent keeps their own; a lead (or admin) may share one with the team and delete a shared one.
/// Shared views are audited (they change what the whole team sees); personal ones are an agent's own business.
/// </summary>
public static class SavedViewsApi
{
    public static void MapSavedViewsApi(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/api/views").RequireAuthorization(Policies.Agent);
        g.MapGet("", (SavedViewStore store, ClaimsPrincipal user) => TypedResults.Ok(store.For(user.AgentId())));
        g.MapPost("", (SavedViewInput body, SavedViewStore store, AuditLog audit, ClaimsPrincipal user) =>
        {
            var (view, error) = SavedViewStore.Clean(body);
            if (error is not null) return error.BadRequest();
            if (view!.Shared && !user.IsLead())
                return new Refusal("only a lead shares a view with the team", "seul un responsable partage une vue avec l’équipe").Forbidden();
            var (saved, refused) = store.Create(view, user.AgentId());
            if (refused is not null) return refused.Conflict();
            if (saved!.Shared) audit.Write(user.AgentId(), "view.share", $"view:{saved.Id}", new { saved.Name, saved.Query });
            return Results.Created($"/api/views/{saved.Id}", saved);
        });
        g.MapDelete("/{id:long}", (long id, SavedViewStore store, AuditLog audit, ClaimsPrincipal user) =>
        {
            var view = store.Get(id);
            // Someone else's personal view does not exist for this agent.
            if (view is null || (view.OwnerId != user.AgentId() && !view.Shared)) return Results.NotFound(new { error = $"view {id} not found" });
            if (view.OwnerId != user.AgentId() && !user.IsLead())
                return new Refusal("only a lead deletes a view shared by someone else", "seul un responsable supprime une vue partagée par un autre").Forbidden();
            store.Delete(id);
            if (view.Shared) audit.Write(user.AgentId(), "view.delete", $"view:{id}", new { view.Name, view.Query, view.OwnerName });
            return Results.NoContent();
        });
    }
}
