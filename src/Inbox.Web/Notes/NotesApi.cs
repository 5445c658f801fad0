using System.Security.Claims;
using Inbox.Core.Agents;
using Inbox.Core.Audit;
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
        // Its author corrects or withdraws a note (audited; the text itself is not copied into the log).
        g.MapPut("/{noteId:long}", async (long id, long noteId, NoteBody body, NoteStore notes, AuditLog audit, ClaimsPrincipal user) =>
        {
            if (NoteStore.Validate(body.Text) is { } refusal) return refusal.BadRequest();
            return Answer(await notes.EditAsync(id, noteId, body.Text!, user.AgentId()), "note.edit", id, audit, user);
        });
        g.MapDelete("/{noteId:long}", async (long id, long noteId, NoteStore notes, AuditLog audit, ClaimsPrincipal user) =>
            Answer(await notes.WithdrawAsync(id, noteId, user.AgentId()), "note.withdraw", id, audit, user));

        // The notes that name the agent asking (@username), newest first; seen one by one as they are opened.
        var mine = app.MapGroup("/api/mentions").RequireAuthorization(Policies.Agent);
        mine.MapGet("", (Mentions mentions, ClaimsPrincipal user) => mentions.For(user.AgentId()));
        // Who can be named: the enabled agents' usernames and names, for the note box's @ completion.
        mine.MapGet("/agents", (AgentStore agents) =>
            agents.List().Where(a => !a.Disabled).Select(a => new { a.Username, a.DisplayName }));
        mine.MapPost("/{id:long}/seen", (long id, Mentions mentions, ClaimsPrincipal user) =>
            mentions.MarkSeen(user.AgentId(), id) ? Results.NoContent() : Results.NotFound(new { error = $"no mention {id} for you" }));
    }

    private static IResult Answer(NoteChange change, string action, long conversationId, AuditLog audit, ClaimsPrincipal user)
    {
        switch (change)
        {
            case NoteChange.Done(var note):
                audit.Write(user.AgentId(), action, $"note:{note.Id}", new { conversation = conversationId });
                return Results.Ok(note);
            case NoteChange.NotYours(var why):
                return why.Forbidden();
            case NoteChange.Gone(var why):
                return why.Conflict();
            default:
                return Results.NotFound(new { error = "note not found in this conversation" });
        }
    }
}
