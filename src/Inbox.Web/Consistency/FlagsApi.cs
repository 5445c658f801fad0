using System.Security.Claims;
using Inbox.Core.Audit;
using Inbox.Core.Consistency;
using Inbox.Core.Realtime;
using Inbox.Core.Storage;
using Inbox.Web.Auth;

namespace Inbox.Web.Consistency;

/// <summary>Consistency flags for leads: list with filters, acknowledge, resolve (audited, pushed live).</summary>
public static class FlagsApi
{
    public static void MapConsistencyFlags(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/api/consistency/flags").RequireAuthorization(Policies.Lead);
        g.MapGet("", (Db db, TimeProvider clock, string? status, string? kind, string? channel, long? conversation, int? limit) =>
        {
            if (status is not (null or "open" or "acknowledged" or "resolved")) return Results.BadRequest(new { error = "status must be open, acknowledged or resolved" });
            if (kind is not (null or "divergence" or "missing_answer")) return Results.BadRequest(new { error = "kind must be divergence or missing_answer" });
            using var c = db.Open();
            return Results.Ok(FlagStore.List(c, Db.Now(clock), status, kind, channel, conversation, Math.Clamp(limit ?? 200, 1, 1000)));
        });
        g.MapPost("/{id:long}/acknowledge", (long id, ClaimsPrincipal user, Db db, TimeProvider clock, IBroadcaster broadcaster) =>
            Move(id, "acknowledged", user, db, clock, broadcaster));
        g.MapPost("/{id:long}/resolve", (long id, ClaimsPrincipal user, Db db, TimeProvider clock, IBroadcaster broadcaster) =>
            Move(id, "resolved", user, db, clock, broadcaster));
    }

    private static async Task<IResult> Move(long id, string status, ClaimsPrincipal user, Db db, TimeProvider clock, IBroadcaster broadcaster)
    {
        using var c = db.Open();
        var now = Db.Now(clock);
        using (var tx = c.BeginTransaction())
        {
            if (FlagStore.Get(c, tx, id) is null) return Results.NotFound();
            if (!FlagStore.SetStatus(c, tx, id, status, user.AgentId(), now))
                return Results.Conflict(new { error = $"flag {id} cannot move to {status} from its current status" });
            AuditLog.Write(c, tx, now, user.AgentId(), status == "resolved" ? "flag.resolve" : "flag.acknowledge", $"flag:{id}");
            tx.Commit();
        }
        var view = FlagStore.Get(c, null, id)!;
        await FlagStore.AnnounceAsync(broadcaster, view);
        return Results.Ok(view);
    }
}
