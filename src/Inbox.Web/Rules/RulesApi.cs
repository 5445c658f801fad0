using System.Security.Claims;
using Inbox.Core.Rules;
using Inbox.Web.Auth;

namespace Inbox.Web.Rules;

public sealed record MoveBody(int By);

/// <summary>Rules: leads write them; every agent reads them (to know why a conversation came tagged or assigned).</summary>
public static class RulesApi
{
    public static void MapRulesApi(this IEndpointRouteBuilder app)
    {
        var read = app.MapGroup("/api/rules").RequireAuthorization(Policies.Agent);
        read.MapGet("", (RuleBook rules) => rules.List());
        var g = app.MapGroup("/api/rules").RequireAuthorization(Policies.Lead);
        g.MapPost("", (RuleInput body, RuleBook rules, ClaimsPrincipal user) =>
        {
            if (rules.Validate(body) is { } refusal) return refusal.BadRequest();
            if (rules.List().Count >= RuleBook.MaxRules)
                return new Core.Model.Refusal($"at most {RuleBook.MaxRules} rules", $"{RuleBook.MaxRules} règles au plus").Conflict();
            var rule = rules.Create(body, user.AgentId());
            return Results.Created($"/api/rules/{rule.Id}", rule);
        });
        g.MapPut("/{id:long}", (long id, RuleInput body, RuleBook rules, ClaimsPrincipal user) =>
        {
            if (rules.Validate(body) is { } refusal) return refusal.BadRequest();
            return rules.Update(id, body, user.AgentId()) is { } rule ? Results.Ok(rule) : Results.NotFound(new { error = $"rule {id} not found" });
        });
        g.MapDelete("/{id:long}", (long id, RuleBook rules, ClaimsPrincipal user) =>
            rules.Delete(id, user.AgentId()) ? Results.NoContent() : Results.NotFound(new { error = $"rule {id} not found" }));
        // One place up (by -1) or down (by 1) in the order the rules are tried.
        g.MapPost("/{id:long}/move", (long id, MoveBody body, RuleBook rules, ClaimsPrincipal user) =>
            rules.Move(id, body.By, user.AgentId()) ? Results.Ok(rules.List()) : Results.NotFound(new { error = $"rule {id} not found" }));
    }
}
