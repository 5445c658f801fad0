using System.Security.Claims;
using Inbox.Core.Tags;
using Inbox.Web.Auth;

namespace Inbox.Web.Tags;

public sealed record TagsBody(IReadOnlyList<string?>? Tags);

/// <summary>Conversation tags: every agent sets them and reads the tags in use (the list filters with ?tag=).</summary>
public static class TagsApi
{
    public static void MapTagsApi(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/api").RequireAuthorization(Policies.Agent);
        g.MapGet("/tags", (ConversationTags tags) => TypedResults.Ok(tags.InUse()));
        g.MapPut("/conversations/{id:long}/tags", async (long id, TagsBody body, ConversationTags tags, ClaimsPrincipal user) =>
        {
            var (clean, error) = ConversationTags.Clean(body.Tags);
            if (error is not null) return error.BadRequest();
            var view = await tags.SetAsync(id, clean, user.AgentId());
            return view is null ? Results.NotFound(new { error = $"conversation {id} not found" }) : Results.Ok(view);
        });
    }
}
