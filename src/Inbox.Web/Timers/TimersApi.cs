using System.Security.Claims;
using Dapper;
using Inbox.Core.Audit;
using Inbox.Core.Conversations;
using Inbox.Core.Realtime;
using Inbox.Core.Storage;
using Inbox.Core.Timers;
using Inbox.Web.Auth;

namespace Inbox.Web.Timers;

public sealed record AssignBody(long? AgentId);

/// <summary>The lead board, assignment, response metrics and the SLA settings.</summary>
public static class TimersApi
{
    public static void MapTimersApi(this IEndpointRouteBuilder app)
    {
        var lead = app.MapGroup("/api").RequireAuthorization(Policies.Lead);
        lead.MapGet("/board", (Board board, string? channel, int? limit) => TypedResults.Ok(board.Snapshot(channel, limit ?? 200)));
        lead.MapGet("/metrics", (Metrics metrics, TimeProvider clock, long? from, long? to, string? channel, long? agent, string? bucket) =>
        {
            var until = to ?? Db.Now(clock);
            var since = from ?? until - 7 * 86_400_000L;
            if (since >= until) return Results.BadRequest(new { error = "from must be before to (UTC milliseconds)" });
            if (bucket is not (null or "day" or "week")) return Results.BadRequest(new { error = "bucket must be day or week" });
            return Results.Ok(metrics.Compute(new MetricsQuery(since, until, channel, agent, bucket ?? "day")));
        });
        lead.MapPost("/conversations/{id:long}/assign", Assign);
        lead.MapGet("/sla", (SlaConfigStore store) => TypedResults.Ok(store.Current().Settings));

        var admin = app.MapGroup("/api/admin").RequireAuthorization(Policies.Admin);
        admin.MapPut("/sla", (SlaSettings body, SlaConfigStore store, TimeProvider clock, ClaimsPrincipal user) =>
        {
            var settings = body with
            {
                Policies = body.Policies ?? [], BusinessHours = body.BusinessHours ?? [], Holidays = body.Holidays ?? [],
                TimeZone = string.IsNullOrWhiteSpace(body.TimeZone) ? "Europe/Paris" : body.TimeZone,
            };
            if (SlaConfig.Validate(settings) is { } error) return Results.BadRequest(new { error });
            store.Save(settings, Db.Now(clock), user.AgentId());
            return Results.Ok(store.Current().Settings);
        });
    }

    private static async Task<IResult> Assign(long id, AssignBody body, ClaimsPrincipal user, Db db, TimeProvider clock, IBroadcaster broadcaster)
    {
        using var c = db.Open();
        if (body.AgentId is { } agentId && c.ExecuteScalar<long?>("SELECT id FROM agents WHERE id = @agentId AND disabled = 0", new { agentId }) is null)
            return Results.BadRequest(new { error = $"no active agent {agentId}" });
        using var tx = c.BeginTransaction();
        var before = c.QuerySingleOrDefault<long?>("SELECT assigned_agent_id FROM conversations WHERE id = @id", new { id }, tx);
        if (c.Execute("UPDATE conversations SET assigned_agent_id = @AgentId WHERE id = @id", new { body.AgentId, id }, tx) == 0) return Results.NotFound();
        AuditLog.Write(c, tx, Db.Now(clock), user.AgentId(), "conversation.assign", $"conversation:{id}", new { from = before, to = body.AgentId });
        tx.Commit();
        var view = ConversationQueries.Get(c, id)!;
        await broadcaster.Everyone.ConversationChanged(view);
        return Results.Ok(view);
    }
}
