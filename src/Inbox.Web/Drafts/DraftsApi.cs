using System.Security.Claims;
using Inbox.Core.Drafts;
using Inbox.Web.Auth;

namespace Inbox.Web.Drafts;

/// <param name="SeenMessageId">The newest message of the thread the page had when the text was typed: a save that arrives
/// after the agent's reply to a newer thread went is not kept (409).</param>
public sealed record DraftBody(string? Text, long? SeenMessageId = null);

/// <summary>Drafts: the agent's own (read and written by them only) and who has one in a conversation.</summary>
public static class DraftsApi
{
    public static void MapDraftsApi(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/api").RequireAuthorization(Policies.Agent);
        g.MapGet("/drafts", (DraftStore drafts, ClaimsPrincipal user) => drafts.Mine(user.AgentId()));
        g.MapGet("/conversations/{id:long}/drafts", (long id, DraftStore drafts) =>
            drafts.Holders(id) is { } holders ? Results.Ok(holders) : Results.NotFound(new { error = $"conversation {id} not found" }));
        // The page saves as the agent pauses; an empty text ends the draft (204).
        g.MapPut("/conversations/{id:long}/draft", async (long id, DraftBody body, DraftStore drafts, ClaimsPrincipal user) =>
        {
            if (DraftStore.Validate(body.Text) is { } refusal) return refusal.BadRequest();
            return await drafts.SaveAsync(id, user.AgentId(), body.Text, body.SeenMessageId) switch
            {
                DraftSave.Saved(var draft) => Results.Ok(draft),
                DraftSave.Discarded => Results.NoContent(),
                DraftSave.Superseded => Results.Conflict(new { superseded = true, error = "a reply was sent since this text was typed: it is not kept as a draft",
                    errorFr = "une réponse est partie depuis que ce texte a été écrit : il n’est pas gardé comme brouillon" }),
                _ => Results.NotFound(new { error = $"conversation {id} not found" }),
            };
        });
        g.MapDelete("/conversations/{id:long}/draft", async (long id, DraftStore drafts, ClaimsPrincipal user) =>
            await drafts.DiscardAsync(id, user.AgentId()) ? Results.NoContent() : Results.NotFound(new { error = $"conversation {id} not found" }));
    }
}
