using System.Security.Claims;
using Dapper;
using Inbox.Core.Audit;
using Inbox.Core.Conversations;
using Inbox.Core.Realtime;
using Inbox.Core.Replies;
using Inbox.Core.Storage;
using Inbox.Core.Timers;
using Inbox.Web.Auth;
using Microsoft.Extensions.Options;

namespace Inbox.Web.Conversations;

public sealed record ReplyBody(string Text, string? ClientRef, bool Confirmed = false, long? SentAt = null, long? SeenMessageId = null);
/// <summary>A reply addressed by the customer message it answers (scenario replay knows only external ids).</summary>
public sealed record ReplyToBody(string Channel, string InReplyTo, string Text, string? ClientRef, bool Confirmed = false, long? SentAt = null);
public sealed record StatusBody(string Status);

public static class ConversationsApi
{
    public static void MapConversationsApi(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/api").RequireAuthorization(Policies.Agent);
        g.MapGet("/conversations", (ConversationQueries q, string? channel, long? customer, string? status, string? search, bool? automated, long? before, int? limit) =>
            TypedResults.Ok(q.List(new ConversationFilter(channel, customer, status, search, automated ?? false, before, limit ?? 100))));
        g.MapGet("/conversations/{id:long}", (long id, ConversationQueries q) =>
            q.Detail(id) is { } d ? Results.Ok(d) : Results.NotFound());
        g.MapPost("/conversations/{id:long}/replies", (long id, ReplyBody body, ClaimsPrincipal user, ReplyService replies, IOptions<InboxOptions> options) =>
            Reply(new ReplyRequest(id, body.Text, body.ClientRef, body.Confirmed, Timestamp(body.SentAt, options), body.SeenMessageId), user, replies));
        g.MapPost("/replies", (ReplyToBody body, ClaimsPrincipal user, ReplyService replies, Db db, IOptions<InboxOptions> options) =>
        {
            using var c = db.Open();
            var conv = c.QueryFirstOrDefault<long?>("SELECT conversation_id FROM messages WHERE channel = @Channel AND external_id = @InReplyTo", body);
            return conv is null
                ? Task.FromResult(Results.NotFound(new { error = $"no {body.Channel} message {body.InReplyTo}" }))
                : Reply(new ReplyRequest(conv.Value, body.Text, body.ClientRef, body.Confirmed, Timestamp(body.SentAt, options)), user, replies);
        });
        g.MapPost("/conversations/{id:long}/status", async (long id, StatusBody body, ClaimsPrincipal user, Db db, TimeProvider clock, AuditLog audit, IBroadcaster broadcaster, TimerUpdater timers) =>
        {
            if (body.Status is not ("open" or "pending" or "closed")) return Results.BadRequest(new { error = "status must be open, pending or closed" });
            using var c = db.Open();
            if (c.Execute("UPDATE conversations SET status = @Status WHERE id = @id", new { body.Status, id }) == 0) return Results.NotFound();
            audit.Write(user.AgentId(), "conversation.status", $"conversation:{id}", new { body.Status });
            timers.OnStatusChanged(c, null, id, Db.Now(clock)); // pending pauses the response timer, closed stops it
            await broadcaster.Everyone.ConversationChanged(ConversationQueries.Get(c, id)!);
            return Results.NoContent();
        });
    }

    private static long? Timestamp(long? sentAt, IOptions<InboxOptions> options) => options.Value.AllowClientTimestamps ? sentAt : null;

    private static async Task<IResult> Reply(ReplyRequest request, ClaimsPrincipal user, ReplyService replies) =>
        await replies.ReplyAsync(request, user.AgentId()) switch
        {
            ReplyResult.Queued q => q.AlreadyExisted ? Results.Ok(q.Message) : Results.Created($"/api/messages/{q.Message.Id}", q.Message),
            ReplyResult.NeedsConfirmation n => Results.Conflict(new { needsConfirmation = true, reasons = n.Reasons, reasonsFr = n.ReasonsFr, stale = n.NewerMessageIds is not null, newerMessageIds = n.NewerMessageIds }),
            ReplyResult.Refused r => Results.UnprocessableEntity(new { error = r.Reason }),
            _ => Results.NotFound(),
        };
}
