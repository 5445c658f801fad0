using Inbox.Core.Model;

namespace Inbox.Web;

public static class Refusals
{
    /// <summary>400 with the reason in both languages of the page (error, errorFr).</summary>
    public static IResult BadRequest(this Refusal refusal) => Results.BadRequest(Body(refusal));

    /// <summary>403: the agent may not do this (someone else's note, a lead's decision).</summary>
    public static IResult Forbidden(this Refusal refusal) => Results.Json(Body(refusal), statusCode: StatusCodes.Status403Forbidden);

    /// <summary>409: the thing is not in a state that allows it (a name taken, a note withdrawn, a customer erased).</summary>
    public static IResult Conflict(this Refusal refusal) => Results.Conflict(Body(refusal));

    /// <summary>410: what the request names is spent for good (a used or expired link).</summary>
    public static IResult Gone(this Refusal refusal) => Results.Json(Body(refusal), statusCode: StatusCodes.Status410Gone);

    /// <summary>404 with a reason (a feature this server is not set up for).</summary>
    public static IResult NotFound(this Refusal refusal) => Results.NotFound(Body(refusal));

    private static object Body(Refusal refusal) => new { error = refusal.En, errorFr = refusal.Fr };
}
