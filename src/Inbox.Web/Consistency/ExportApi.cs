using Inbox.Core.Consistency;
using Inbox.Core.Duplicates;
using Inbox.Core.Storage;
using Inbox.Web.Auth;

namespace Inbox.Web.Consistency;

public static class ExportApi
{
    /// <summary>GET /api/consistency/export: duplicate and divergent pairs as SCENARIOS.md specifies (leads only).</summary>
    public static void MapConsistencyExport(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/consistency/export", (Db db) =>
        {
            using var c = db.Open();
            return TypedResults.Json(new Dictionary<string, object>
            {
                ["duplicate_pairs"] = DuplicateExport.Pairs(c),
                ["divergent_pairs"] = ConsistencyExport.DivergentPairs(c),
            });
        }).RequireAuthorization(Policies.Lead);
}
