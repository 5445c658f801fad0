using System.Security.Claims;
using Inbox.Core.Agents;
using Inbox.Core.Notes;
using Inbox.Web.Auth;

namespace Inbox.Web.Notes;

public sealed record NoteBody(string? Text);

/// <summary>Internal notes of a conversation: every agent reads and adds them.</summary>
public static class NotesApi
{
    public static void MapNotesApi(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/api/conversations/{id:long}/notes").RequireAuthorization(Policies.Agent);
        g.MapGet("", (long id, NoteStore notes) =>
            notes.For(id) is { } list ? Results.Ok(list) : Results.NotFound(new { error = $"conversation {id} not found" }));
        g.MapPost("", async (long id, NoteBody body, NoteStore notes, ClaimsPrincipal user) =>
        {
            if (NoteStore.Validate(body.Text) is { } refusal) return refusal.BadRequest();
            var note = await notes.AddAsync(id, body.Text!, user.AgentId());
            return note is null ? Results.NotFound(new { error = $"conversation {id} not found" }) : Results.Created($"/api/conversations/{id}/notes/{note.Id}", note);
        });

        // The notes that name the agent asking (@username), newest first; seen one by one as they are opened.
        var mine = app.MapGroup("/api/mentions").RequireAuthorization(Policies.Agent);
        mine.MapGet("", (Mentions mentions, ClaimsPrincipal user) => mentions.For(user.AgentId()));
        // Who can be named: the enabled agents' usernames and names, for the note box's @ completion.
        mine.MapGet("/agents", (AgentStore agents) =>
            agents.List().Where(a => !a.Disabled).Select(a => new { a.Username, a.DisplayName }));
        mine.MapPost("/{id:long}/seen", (long id, Mentions mentions, ClaimsPrincipal user) =>
            mentions.MarkSeen(user.AgentId(), id) ? Results.NoContent() : Results.NotFound(new { error = $"no mention {id} for you" }));
    }
}
