using System.Security.Claims;
using Inbox.Core.Customers;
using Inbox.Web.Auth;

namespace Inbox.Web.Customers;

public sealed record CustomerNameBody(string? DisplayName);
/// <param name="Previous">The note as the page had it when the agent began (optional): a colleague's change since is not overwritten (409).</param>
public sealed record CustomerNoteBody(string? Note, string? Previous = null);

/// <summary>
/// The customers directory, and what agents change about a customer: the name the inbox shows (audited, pushed to every
/// list), and the team's note on them.
/// </summary>
public static class CustomersApi
{
    public static void MapCustomersApi(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/api/customers").RequireAuthorization(Policies.Agent);
        // The directory: the most recently in touch first, or those whose name or identity contains the search.
        g.MapGet("", (CustomerDirectory directory, string? search, int? limit) => Results.Ok(directory.Search(search, limit ?? 50)));
        g.MapPut("/{id:long}", async (long id, CustomerNameBody body, CustomerNames names, ClaimsPrincipal user) =>
        {
            if (CustomerNames.Validate(body.DisplayName) is { } refusal) return refusal.BadRequest();
            var (customer, error) = await names.RenameAsync(id, body.DisplayName!, user.AgentId());
            if (error is not null) return error.Conflict();
            return customer is null ? Results.NotFound(new { error = $"customer {id} not found" }) : Results.Ok(customer);
        });
        // The team's note on the customer (an empty one removes it), shown with each of their conversations.
        g.MapPut("/{id:long}/note", async (long id, CustomerNoteBody body, CustomerNames names, ClaimsPrincipal user) =>
        {
            var (found, note, error) = await names.SetNoteAsync(id, body.Note, user.AgentId(), body.Previous);
            if (!found) return Results.NotFound(new { error = $"customer {id} not found" });
            if (error == CustomerNames.NoteChanged) return Results.Conflict(new { error = error.En, errorFr = error.Fr, note });
            if (error is not null) return error == CustomerNames.Erased ? error.Conflict() : error.BadRequest();
            return Results.Ok(new { note });
        });
    }
}
