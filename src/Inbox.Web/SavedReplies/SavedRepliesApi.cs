using System.Security.Claims;
using Inbox.Core.Agents;
using Inbox.Core.Audit;
using Inbox.Core.Conversations;
using Inbox.Core.SavedReplies;
using Inbox.Core.Storage;
using Inbox.Web.Auth;

namespace Inbox.Web.SavedReplies;

/// <summary>Saved replies: every agent reads them (filled for a conversation); leads and admins write them, audited.</summary>
public static class SavedRepliesApi
{
    public static void MapSavedRepliesApi(this IEndpointRouteBuilder app)
    {
        var agent = app.MapGroup("/api").RequireAuthorization(Policies.Agent);
        agent.MapGet("/saved-replies", (SavedReplyStore store) => TypedResults.Ok(store.List()));
        agent.MapGet("/conversations/{id:long}/saved-replies", (long id, SavedReplyStore store, Db db, AgentStore agents, ClaimsPrincipal user) =>
        {
            using var c = db.Open();
            var conversation = ConversationQueries.Get(c, id);
            if (conversation is null) return Results.NotFound(new { error = $"conversation {id} not found" });
            var me = agents.Get(user.AgentId());
            return Results.Ok(store.For(conversation.CustomerName, me?.DisplayName ?? ""));
        });

        // Counted when an agent inserts one (not audited: a tally for the leads, nothing a customer is told).
        agent.MapPost("/saved-replies/{id:long}/used", (long id, SavedReplyStore store) =>
            store.Used(id) ? Results.NoContent() : Results.NotFound(new { error = $"saved reply {id} not found" }));

        var lead = app.MapGroup("/api/saved-replies").RequireAuthorization(Policies.Lead);
        lead.MapPost("", (SavedReplyInput body, SavedReplyStore store, AuditLog audit, ClaimsPrincipal user) =>
        {
            if (SavedReplyStore.Validate(body) is { } refusal) return refusal.BadRequest();
            var saved = store.Create(body, user.AgentId());
            audit.Write(user.AgentId(), "saved_reply.create", $"saved_reply:{saved.Id}", new { saved.Title, saved.Language, saved.Reference });
            return Results.Created($"/api/saved-replies/{saved.Id}", saved);
        });
        lead.MapPut("/{id:long}", (long id, SavedReplyInput body, SavedReplyStore store, AuditLog audit, ClaimsPrincipal user) =>
        {
            if (SavedReplyStore.Validate(body) is { } refusal) return refusal.BadRequest();
            var before = store.Get(id);
            if (before is null) return Results.NotFound(new { error = $"saved reply {id} not found" });
            var saved = store.Update(id, body, user.AgentId())!;
            audit.Write(user.AgentId(), "saved_reply.update", $"saved_reply:{id}", new { saved.Title, saved.Language, saved.Reference, previousBody = before.Body });
            return Results.Ok(saved);
        });
        lead.MapDelete("/{id:long}", (long id, SavedReplyStore store, AuditLog audit, ClaimsPrincipal user) =>
        {
            var before = store.Get(id);
            if (before is null || !store.Delete(id)) return Results.NotFound(new { error = $"saved reply {id} not found" });
            // The audit entry keeps the words, so a deleted answer can be found again.
            audit.Write(user.AgentId(), "saved_reply.delete", $"saved_reply:{id}", new { before.Title, before.Language, before.Body });
            return Results.NoContent();
        });
    }
}
