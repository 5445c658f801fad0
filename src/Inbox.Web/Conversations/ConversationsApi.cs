using System.Security.Claims;
using Dapper;
using Inbox.Core.Audit;
using Inbox.Core.Conversations;
using Inbox.Core.Drafts;
using Inbox.Core.Realtime;
using Inbox.Core.Replies;
using Inbox.Core.SavedReplies;
using Inbox.Core.Storage;
using Inbox.Core.Timers;
using Inbox.Web.Auth;
using Microsoft.Extensions.Options;

namespace Inbox.Web.Conversations;

/// <param name="Attachments">Files sent with the reply, their bytes in base64 (content).</param>
/// <param name="Cc">Email: addresses separated by commas ("lea@example.com, Bob &lt;bob@example.org&gt;"); Bcc likewise.</param>
public sealed record NewEmailBody(string? To, string? Subject, string? Text, string? Name = null, string? ClientRef = null, bool Confirmed = false,
    IReadOnlyList<ReplyAttachment>? Attachments = null, string? Cc = null, string? Bcc = null);
/// <param name="SavedReplyId">The saved reply the agent started from: its actions (tags, status) follow the reply once it is queued.</param>
public sealed record ReplyBody(string Text, string? ClientRef, bool Confirmed = false, long? SentAt = null, long? SeenMessageId = null,
    IReadOnlyList<ReplyAttachment>? Attachments = null, string? Cc = null, string? Bcc = null, long? SavedReplyId = null);
/// <summary>A reply addressed by the customer message it answers (scenario replay knows only external ids).</summary>
public sealed record ReplyToBody(string Channel, string InReplyTo, string Text, string? ClientRef, bool Confirmed = false, long? SentAt = null);
public sealed record StatusBody(string Status);
public sealed record SnoozeBody(long Until);
public sealed record PriorityBody(string? Priority);

public static class ConversationsApi
{
    public static void MapConversationsApi(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/api").RequireAuthorization(Policies.Agent);
        // The list's filters are read by ListQuery, as a saved view's are (channel, status, assigned, tag, unread, automated,
        // search; customer, before and limit for paging).
        g.MapGet("/conversations", (ConversationQueries q, ClaimsPrincipal user, HttpRequest request) =>
        {
            var (filter, error) = ListQuery.Parse(k => request.Query[k].FirstOrDefault(), user.AgentId());
            return error is null ? Results.Ok(q.List(filter!)) : error.BadRequest();
        });
        g.MapGet("/conversations/{id:long}", (long id, ConversationQueries q) =>
            q.Detail(id) is { } d ? Results.Ok(d) : Results.NotFound());
        // Who assigned, closed, snoozed, tagged it (from the audit log), for the thread.
        g.MapGet("/conversations/{id:long}/history", (long id, ConversationHistory history) => Results.Ok(history.For(id)));
        g.MapPost("/conversations/{id:long}/replies", async (long id, ReplyBody body, ClaimsPrincipal user, ReplyService replies, SavedReplyActions actions,
            DraftStore drafts, IOptions<InboxOptions> options) =>
        {
            var result = await replies.ReplyAsync(new ReplyRequest(id, body.Text ?? "", body.ClientRef, body.Confirmed, Timestamp(body.SentAt, options),
                body.SeenMessageId, body.Attachments, body.Cc, body.Bcc), user.AgentId());
            // Once, with the reply that was queued (a repeated request with the same ClientRef does not apply them again).
            if (result is ReplyResult.Queued { AlreadyExisted: false } && body.SavedReplyId is { } saved) await actions.ApplyAsync(id, saved, user.AgentId());
            // The draft went out: it is the reply now.
            if (result is ReplyResult.Queued) await drafts.DiscardAsync(id, user.AgentId());
            return Answer(result);
        });
        // A conversation an agent starts: a first email to a customer. 201 with the conversation's id and the message.
        g.MapPost("/conversations/email", async (NewEmailBody body, ClaimsPrincipal user, ReplyService replies) =>
        {
            var (result, conversationId) = await replies.StartEmailAsync(
                new NewEmail(body.To, body.Subject, body.Text, body.Name, body.ClientRef, body.Confirmed, body.Attachments, body.Cc, body.Bcc), user.AgentId());
            return result switch
            {
                ReplyResult.Queued q => Results.Json(new { conversationId, message = q.Message }, statusCode: q.AlreadyExisted ? StatusCodes.Status200OK : StatusCodes.Status201Created),
                ReplyResult.NeedsConfirmation n => Results.Conflict(new { needsConfirmation = true, reasons = n.Reasons, reasonsFr = n.ReasonsFr }),
                ReplyResult.Refused r => Results.UnprocessableEntity(new { error = r.Reason, errorFr = r.ReasonFr }),
                _ => Results.NotFound(),
            };
        });
        g.MapPost("/replies", (ReplyToBody body, ClaimsPrincipal user, ReplyService replies, Db db, IOptions<InboxOptions> options) =>
        {
            using var c = db.Open();
            var conv = c.QueryFirstOrDefault<long?>("SELECT conversation_id FROM messages WHERE channel = @Channel AND external_id = @InReplyTo", body);
            return conv is null
                ? Task.FromResult(Results.NotFound(new { error = $"no {body.Channel} message {body.InReplyTo}" }))
                : Reply(new ReplyRequest(conv.Value, body.Text, body.ClientRef, body.Confirmed, Timestamp(body.SentAt, options)), user, replies);
        });
        // Read / unread for the agent asking (not audited: it changes what one agent sees, nothing a customer is told).
        g.MapPost("/conversations/{id:long}/read", async (long id, ClaimsPrincipal user, ReadMarks reads) =>
            await reads.MarkReadAsync(user.AgentId(), id) is { } seen ? Results.Ok(new { seenInboundAt = seen }) : Results.NotFound());
        g.MapDelete("/conversations/{id:long}/read", async (long id, ClaimsPrincipal user, ReadMarks reads) =>
            await reads.MarkUnreadAsync(user.AgentId(), id) ? Results.NoContent() : Results.NotFound());
        g.MapGet("/attachments/{id:long}", (long id, Db db, ClaimsPrincipal user, AuditLog audit) => Attachment(id, db, user, audit));
        g.MapPost("/conversations/{id:long}/status", async (long id, StatusBody body, ClaimsPrincipal user, ConversationStatus statuses) =>
        {
            if (body.Status is not ("open" or "pending" or "closed")) return Results.BadRequest(new { error = "status must be open, pending or closed" });
            if (await statuses.SetByAgentAsync(id, body.Status, user.AgentId()) is null) return Results.NotFound();
            return Results.NoContent();
        });
        // Low, normal, high or urgent, by any agent (audited; the history shows it).
        g.MapPost("/conversations/{id:long}/priority", async (long id, PriorityBody body, Priority priorities, ClaimsPrincipal user) =>
        {
            var (value, error) = Priority.Parse(body.Priority);
            if (error is not null) return error.BadRequest();
            return await priorities.SetAsync(id, value, user.AgentId()) is { } view ? Results.Ok(view) : Results.NotFound(new { error = $"conversation {id} not found" });
        });
        // When the team next opens after today, for the snooze menu's "next working day" (null around the clock).
        g.MapGet("/snooze/next-opening", (SlaConfigStore sla, TimeProvider clock) =>
            Results.Ok(new { until = SlaCalculator.NextOpening(sla.Current().Calendar, clock.GetUtcNow().ToUnixTimeMilliseconds()) }));
        g.MapPost("/conversations/{id:long}/snooze", async (long id, SnoozeBody body, ClaimsPrincipal user, ConversationStatus statuses, AuditLog audit) =>
        {
            if (statuses.ValidateSnooze(body.Until) is { } refusal) return refusal.BadRequest();
            var view = await statuses.SnoozeAsync(id, body.Until);
            if (view is null) return Results.NotFound(new { error = $"conversation {id} not found or closed" });
            audit.Write(user.AgentId(), "conversation.snooze", $"conversation:{id}", new { body.Until });
            return Results.Ok(view);
        });
    }

    /// <summary>
    /// An attachment's bytes as the customer sent them, always as a download (Content-Disposition: attachment) and in a
    /// sandbox of its own (CSP sandbox): a customer's HTML or SVG file is never run as a page of this origin; an image
    /// still shows in an &lt;img&gt;. A file whose content was not kept (a platform's media, kept as a note) or was
    /// erased is 404 with the reason. Every download goes to the audit log (who read what a customer sent).
    /// </summary>
    private static IResult Attachment(long id, Db db, ClaimsPrincipal user, AuditLog audit)
    {
        using var c = db.Open();
        var a = c.QueryFirstOrDefault<AttachmentRow>(
            "SELECT file_name AS FileName, content_type AS ContentType, content AS Content, redacted_at AS RedactedAt FROM attachments WHERE id = @id", new { id });
        if (a is null) return Results.NotFound(new { error = $"no attachment {id}" });
        if (a.Content is null)
            return Results.NotFound(new { error = a.RedactedAt is null ? "this attachment's content was not kept (see its note)" : "this attachment was erased" });
        audit.Write(user.AgentId(), "attachment.download", $"attachment:{id}", new { a.FileName });
        return new Download(a.Content, string.IsNullOrWhiteSpace(a.ContentType) ? "application/octet-stream" : a.ContentType, a.FileName ?? $"attachment-{id}");
    }

    private sealed record AttachmentRow(string? FileName, string ContentType, byte[]? Content, long? RedactedAt);

    private sealed class Download(byte[] content, string contentType, string fileName) : IResult
    {
        public Task ExecuteAsync(HttpContext http)
        {
            http.Response.Headers.ContentSecurityPolicy = "sandbox; default-src 'none'";
            http.Response.Headers.ContentDisposition = new Microsoft.Net.Http.Headers.ContentDispositionHeaderValue("attachment") { FileNameStar = fileName }.ToString();
            return Results.Bytes(content, contentType).ExecuteAsync(http);
        }
    }

    private static long? Timestamp(long? sentAt, IOptions<InboxOptions> options) => options.Value.AllowClientTimestamps ? sentAt : null;

    private static async Task<IResult> Reply(ReplyRequest request, ClaimsPrincipal user, ReplyService replies) =>
        Answer(await replies.ReplyAsync(request, user.AgentId()));

    private static IResult Answer(ReplyResult result) =>
        result switch
        {
            ReplyResult.Queued q => q.AlreadyExisted ? Results.Ok(q.Message) : Results.Created($"/api/messages/{q.Message.Id}", q.Message),
            ReplyResult.NeedsConfirmation n => Results.Conflict(new { needsConfirmation = true, reasons = n.Reasons, reasonsFr = n.ReasonsFr, stale = n.NewerMessageIds is not null, newerMessageIds = n.NewerMessageIds }),
            ReplyResult.Refused r => Results.UnprocessableEntity(new { error = r.Reason, errorFr = r.ReasonFr }),
            _ => Results.NotFound(),
        };
}
