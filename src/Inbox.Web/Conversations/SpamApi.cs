using System.Security.Claims;
using Inbox.Core.Conversations;
using Inbox.Web.Auth;

namespace Inbox.Web.Conversations;

/// <param name="Block">Also block the conversation's customer: their new conversations go to the Spam list.</param>
public sealed record SpamBody(bool Block = false);

/// <summary>Spam and blocked customers (every agent: it is triage, and undone as easily).</summary>
public static class SpamApi
{
    public static void MapSpamApi(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/api").RequireAuthorization(Policies.Agent);
        g.MapPost("/conversations/{id:long}/spam", async (long id, SpamBody? body, Spam spam, ClaimsPrincipal user) =>
            await spam.MarkAsync(id, user.AgentId(), body?.Block ?? false) is { } view ? Results.Ok(view) : Results.NotFound(new { error = $"conversation {id} not found" }));
        // "Not spam": open again, and the customer no longer blocked.
        g.MapDelete("/conversations/{id:long}/spam", async (long id, Spam spam, ClaimsPrincipal user) =>
            await spam.UnmarkAsync(id, user.AgentId()) is { } view ? Results.Ok(view) : Results.NotFound(new { error = $"conversation {id} not found" }));
        g.MapDelete("/customers/{id:long}/block", (long id, Spam spam, ClaimsPrincipal user) =>
            spam.UnblockCustomer(id, user.AgentId()) ? Results.NoContent() : Results.NotFound(new { error = $"customer {id} not found" }));
    }
}
