using System.Security.Claims;
using Inbox.Core.Audit;
using Inbox.Core.Model;
using Inbox.Core.Tags;
using Inbox.Web.Auth;

namespace Inbox.Web.Tags;

public sealed record TagsBody(IReadOnlyList<string?>? Tags);
public sealed record RenameTagBody(string? From, string? To);

/// <summary>Conversation tags: every agent sets them and reads the tags in use (the list filters with ?tag=).</summary>
public static class TagsApi
{
    public static void MapTagsApi(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/api").RequireAuthorization(Policies.Agent);
        g.MapGet("/tags", (ConversationTags tags) => TypedResults.Ok(tags.InUse()));
        g.MapPut("/conversations/{id:long}/tags", async (long id, TagsBody body, ConversationTags tags, ClaimsPrincipal user, AuditLog audit) =>
        {
            var (clean, error) = ConversationTags.Clean(body.Tags);
            if (error is not null) return error.BadRequest();
            var view = await tags.SetAsync(id, clean, user.AgentId());
            if (view is null) return Results.NotFound(new { error = $"conversation {id} not found" });
            audit.Write(user.AgentId(), "conversation.tags", $"conversation:{id}", new { tags = clean }); // the conversation's history shows it
            return Results.Ok(view);
        });
        // Leads tidy the tags: rename one everywhere, or merge it into another (audited).
        app.MapPost("/api/tags/rename", async (RenameTagBody body, ConversationTags tags, ClaimsPrincipal user, AuditLog audit) =>
        {
            var (from, fromError) = ConversationTags.Clean([body.From]);
            var (to, toError) = ConversationTags.Clean([body.To]);
            if ((fromError ?? toError) is { } error) return error.BadRequest();
            if (from.Count == 0 || to.Count == 0) return new Refusal("from and to are required", "l’ancienne et la nouvelle étiquette sont requises").BadRequest();
            if (from[0] == to[0]) return new Refusal("the new name is the same", "le nouveau nom est le même").BadRequest();
            var changed = await tags.RenameAsync(from[0], to[0], user.AgentId());
            audit.Write(user.AgentId(), "tag.rename", $"tag:{from[0]}", new { from = from[0], to = to[0], conversations = changed });
            return Results.Ok(new { from = from[0], to = to[0], conversations = changed });
        }).RequireAuthorization(Policies.Lead);
    }
}
