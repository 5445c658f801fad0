using System.Globalization;
using System.Security.Claims;
using System.Text;
using Dapper;
using Inbox.Core.Audit;
using Inbox.Core.Conversations;
using Inbox.Core.Realtime;
using Inbox.Core.Storage;
using Inbox.Core.Security;
using Inbox.Web.Auth;

namespace Inbox.Web.Security;

public sealed record EraseBody(bool Confirm);

/// <summary>Admin-only security functions: audit export and customer data erasure.</summary>
public static class SecurityApi
{
    public static void MapSecurityApi(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/api/admin").RequireAuthorization(Policies.Admin);
        admin.MapGet("/audit/export", (AuditLog audit, ClaimsPrincipal user) =>
        {
            // Reading the whole log is itself worth recording.
            audit.Write(user.AgentId(), "audit.export", null);
            return Results.Text(Csv(AllEntries(audit)), "text/csv; charset=utf-8", Encoding.UTF8);
        });
        admin.MapPost("/customers/{id:long}/erase", async (long id, EraseBody body, ClaimsPrincipal user, CustomerErasure erasure, Db db, IBroadcaster broadcaster) =>
        {
            if (!body.Confirm) return Results.BadRequest(new { error = "erasure cannot be undone: send {\"confirm\": true}" });
            if (erasure.Erase(id, user.AgentId()) is not { } result) return Results.NotFound(new { error = $"no customer {id}" });
            await PushRedactedAsync(db, broadcaster, id);
            return Results.Ok(result);
        });
    }

    /// <summary>Open screens drop the erased content at once instead of showing it until the next reload.</summary>
    private static async Task PushRedactedAsync(Db db, IBroadcaster broadcaster, long customerId)
    {
        using var c = db.Open();
        var conversations = c.Query<long>("SELECT id FROM conversations WHERE customer_id IN (SELECT id FROM customers WHERE id = @customerId OR merged_into = @customerId)", new { customerId });
        foreach (var convId in conversations)
        {
            if (ConversationQueries.Get(c, convId) is { } conv) await broadcaster.Everyone.ConversationChanged(conv);
            foreach (var messageId in c.Query<long>("SELECT id FROM messages WHERE conversation_id = @convId", new { convId }))
                if (ConversationQueries.Message(c, messageId) is { } m) await broadcaster.Conversation(convId).MessageChanged(m);
        }
    }

    private static IEnumerable<AuditEntry> AllEntries(AuditLog audit)
    {
        for (long? before = null; ;)
        {
            var page = audit.List(before, 1000);
            foreach (var e in page) yield return e;
            if (page.Count < 1000) yield break;
            before = page[^1].Id;
        }
    }

    public static string Csv(IEnumerable<AuditEntry> entries)
    {
        var sb = new StringBuilder("id,at_utc,agent_id,agent,action,target,details\r\n");
        foreach (var e in entries)
        {
            var at = DateTimeOffset.FromUnixTimeMilliseconds(e.At).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
            sb.AppendJoin(',', e.Id.ToString(CultureInfo.InvariantCulture), at, e.AgentId?.ToString(CultureInfo.InvariantCulture) ?? "",
                Cell(e.AgentName), Cell(e.Action), Cell(e.Target), Cell(e.Details)).Append("\r\n");
        }
        return sb.ToString();
    }

    private static string Cell(string? value) => Inbox.Core.Model.Csv.Cell(value);
}
