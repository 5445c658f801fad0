using System.Security.Claims;
using Inbox.Core.Storage;
using Inbox.Core.Timers;
using Inbox.Web.Auth;

namespace Inbox.Web.Timers;

/// <summary>The lead board, response metrics and the SLA settings (assignment: Collision/AssignmentApi).</summary>
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
}
