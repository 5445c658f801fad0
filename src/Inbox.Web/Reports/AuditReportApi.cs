using System.Globalization;
using System.Security.Claims;
using System.Text;
using Inbox.Core.Reports;
using Inbox.Core.Storage;
using Inbox.Web.Auth;

namespace Inbox.Web.Reports;

public sealed record CampaignBody(string Name, long? StartsAt, long? EndsAt, IReadOnlyList<ProbeIdentity>? Identities);
public sealed record IdentitiesBody(IReadOnlyList<ProbeIdentity> Identities);

/// <summary>The brand self-audit (leads and admins): report, CSV export, graded answers, probe campaigns.</summary>
public static class AuditReportApi
{
    public static void MapAuditReportApi(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/api/audit").RequireAuthorization(Policies.Lead);

        g.MapGet("/report", (Db db, TimeProvider clock, string? from, string? to, string? lang, long? campaign) =>
            Period(from, to, clock) is not { } p ? BadPeriod() : Results.Ok(Build(db, p, lang, campaign)));

        g.MapGet("/report.csv", (Db db, TimeProvider clock, string? from, string? to, string? lang, long? campaign) =>
        {
            if (Period(from, to, clock) is not { } p) return BadPeriod();
            var csv = ReportCsv.Write(Build(db, p, lang, campaign));
            var name = $"inbox-audit-{ReportCsv.Date(p.From)}-{ReportCsv.Date(p.To - 1)}.csv";
            return Results.File(Encoding.UTF8.GetBytes(csv), "text/csv; charset=utf-8", name);
        });

        // The grid's drill-down: the answers behind a score, failing ones first.
        g.MapGet("/answers", (Db db, TimeProvider clock, string? from, string? to, string? lang, long? agent, string? channel, string? check, bool? failing, long? campaign, int? limit) =>
        {
            if (Period(from, to, clock) is not { } p) return BadPeriod();
            using var c = db.Open();
            IReadOnlySet<long>? only = campaign is null ? null : ProbeCampaigns.Matches(c, campaign).Select(m => m.ConversationId).ToHashSet();
            var answers = GridReport.Answers(c, p.From, p.To, Lang(lang), only);
            var list = GridReport.Filter(answers, new GridFilter(agent, channel, check, failing ?? false))
                .OrderBy(a => a.Score).ThenBy(a => a.SentAt).Take(Math.Clamp(limit ?? 200, 1, 1000)).ToList();
            return Results.Ok(list);
        });

        g.MapGet("/campaigns", (ProbeCampaigns campaigns) => TypedResults.Ok(campaigns.List()));
        g.MapPost("/campaigns", (CampaignBody body, ProbeCampaigns campaigns, ClaimsPrincipal user) =>
            Guard(() => Results.Created("/api/audit/campaigns", campaigns.Create(new NewCampaign(body.Name, body.StartsAt, body.EndsAt, body.Identities ?? []), user.AgentId()))));
        g.MapPost("/campaigns/{id:long}/identities", (long id, IdentitiesBody body, ProbeCampaigns campaigns, ClaimsPrincipal user) =>
            Guard(() => campaigns.AddIdentities(id, body.Identities ?? [], user.AgentId()) is { } c ? Results.Ok(c) : Results.NotFound()));
        g.MapPost("/campaigns/{id:long}/archive", (long id, ProbeCampaigns campaigns, ClaimsPrincipal user) =>
            campaigns.Archive(id, user.AgentId()) ? Results.NoContent() : Results.NotFound());
        g.MapGet("/campaigns/{id:long}/conversations", (long id, Db db) =>
        {
            using var c = db.Open();
            return ProbeCampaigns.Get(c, id) is null ? Results.NotFound() : Results.Ok(ProbeCampaigns.Matches(c, id).Select(m => m.ConversationId).ToList());
        });
    }

    private static AuditReport Build(Db db, (long From, long To) p, string? lang, long? campaign)
    {
        using var c = db.Open();
        return ReportBuilder.Build(c, p.From, p.To, Lang(lang), campaign);
    }

    private static string Lang(string? lang) => lang == "fr" ? "fr" : "en";

    private static IResult Guard(Func<IResult> action)
    {
        try { return action(); }
        catch (ArgumentException e) { return Results.BadRequest(new { error = e.Message }); }
    }

    private static IResult BadPeriod() =>
        Results.BadRequest(new { error = "from and to must be dates (yyyy-MM-dd, to inclusive) or UTC milliseconds, with from before to" });

    /// <summary>Dates are whole UTC days with "to" inclusive; numbers are exact UTC milliseconds. Default: the last 4 weeks.</summary>
    internal static (long From, long To)? Period(string? from, string? to, TimeProvider clock)
    {
        var tomorrow = new DateTimeOffset(clock.GetUtcNow().UtcDateTime.Date.AddDays(1), TimeSpan.Zero).ToUnixTimeMilliseconds();
        long? end = to is null ? tomorrow : Parse(to, inclusiveDay: true);
        long? start = from is null ? end - 28 * ReportBuilder.Day : Parse(from, inclusiveDay: false);
        return start is null || end is null || start >= end ? null : (start.Value, end.Value);
    }

    private static long? Parse(string s, bool inclusiveDay)
    {
        if (long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var ms)) return ms;
        if (DateTime.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var d))
            return new DateTimeOffset(d.AddDays(inclusiveDay ? 1 : 0), TimeSpan.Zero).ToUnixTimeMilliseconds();
        return null;
    }
}
