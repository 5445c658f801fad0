using Inbox.Core.Model;

namespace Inbox.Web;

public static class Refusals
{
    /// <summary>400 with the reason in both languages of the page (error, errorFr).</summary>
    public static IResult BadRequest(this Refusal refusal) => Results.BadRequest(new { error = refusal.En, errorFr = refusal.Fr });
}
