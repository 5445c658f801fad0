using System.Security.Claims;
using Inbox.Core.Satisfaction;
using Inbox.Web.Auth;

namespace Inbox.Web.Satisfaction;

/// <param name="Token">The survey link's secret (from the page's fragment).</param>
public sealed record SurveyAnswerBody(string? Token, string? Rating, string? Comment);

public static class SatisfactionApi
{
    public static void MapSatisfactionApi(this IEndpointRouteBuilder app)
    {
        // The customer's answer, from the survey page (no sign-in: the link's token is the key). Rated per address like a login.
        app.MapPost("/api/survey", async (SurveyAnswerBody body, Surveys surveys) =>
        {
            var (answer, error) = await surveys.AnswerAsync(body.Token, body.Rating, body.Comment);
            return error is not null ? error.BadRequest()
                : answer is null ? Results.NotFound(new { error = "this survey link is unknown or has expired", errorFr = "ce lien d’enquête est inconnu ou a expiré" })
                : Results.Ok(answer);
        }).AllowAnonymous().RequireRateLimiting("login");

        var agents = app.MapGroup("/api").RequireAuthorization(Policies.Agent);
        agents.MapGet("/conversations/{id:long}/satisfaction", (long id, Surveys surveys) =>
            surveys.For(id) is { } view ? Results.Ok(view) : Results.NoContent());
        var lead = app.MapGroup("/api").RequireAuthorization(Policies.Lead);
        lead.MapGet("/satisfaction", (Surveys surveys, int? days) => Results.Ok(surveys.Report(days ?? 30)));
        // Whether surveys are asked (and whether they can go out at all: SMTP and the public address set).
        lead.MapGet("/satisfaction/settings", (Surveys surveys, Background.SurveyMailer mailer) =>
            Results.Ok(new { surveys.Settings.Enabled, surveys.Settings.DelayMinutes, mailer.CanSend }));
        app.MapPut("/api/admin/satisfaction", (SurveySettings body, Surveys surveys, Core.Audit.AuditLog audit, ClaimsPrincipal user) =>
        {
            if (Surveys.Validate(body) is { } refusal) return refusal.BadRequest();
            surveys.Save(body);
            audit.Write(user.AgentId(), "satisfaction.settings", "satisfaction", body);
            return Results.Ok(surveys.Settings);
        }).RequireAuthorization(Policies.Admin);
    }
}
