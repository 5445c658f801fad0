using System.Security.Cryptography;
using Inbox.Core.Channels.WebChat;
using Inbox.Core.Intake;
using Inbox.Web.Inbound;

namespace Inbox.Web.Channels.WebChat;

public sealed class WebChatOptions
{
    /// <summary>The chat page (/chat.html) and its endpoints answer; off, they are 404.</summary>
    public bool Enabled { get; set; } = true;
    /// <summary>Sites allowed to show the chat page in a frame (CSP frame-ancestors), e.g. "https://www.maison.fr"; none: only Inbox's own pages.</summary>
    public List<string> EmbedOrigins { get; set; } = [];
    /// <summary>A visitor who left the chat page is mailed an answer (if they gave an address) once they have been away this long.</summary>
    public int EmailAfterSeconds { get; set; } = 60;
}

public sealed record ChatSessionBody(string? Name = null, string? Email = null);

/// <summary>
/// The web chat's endpoints for visitors (no sign-in): a session (POST /chat/session gives an id and a token), the
/// visitor's chat (GET /chat/messages) and a message (POST /chat/messages), the last through the same intake path as
/// every channel: stored raw first, a malformed one kept and answered 400 with what is wrong, a resend stored once.
/// A wrong or missing token is 401 and nothing is stored. Rate-limited per address like the webhooks.
/// </summary>
public static class WebChatApi
{
    public const string VisitorHeader = "X-Chat-Visitor", TokenHeader = "X-Chat-Token";

    public static void MapWebChat(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/chat").AllowAnonymous().RequireRateLimiting("inbound");
        g.MapPost("/session", (ChatSessionBody? body, ChatVisitors visitors, WebChatOptions options) =>
        {
            if (!options.Enabled) return Results.NotFound();
            if (ChatVisitors.Validate(body?.Name, body?.Email) is { } refusal) return refusal.BadRequest();
            var (id, token) = visitors.Start(body?.Name, body?.Email);
            return Results.Json(new { visitor = id, token }, statusCode: StatusCodes.Status201Created);
        });
        // Whether the team is at work now, or when it is next (its business hours and holidays): the page says so.
        g.MapGet("/hours", (Core.Timers.SlaConfigStore sla, TimeProvider clock, WebChatOptions options) =>
        {
            if (!options.Enabled) return Results.NotFound();
            var (open, opensAt) = Core.Timers.SlaCalculator.Availability(sla.Current().Calendar, clock.GetUtcNow().ToUnixTimeMilliseconds());
            return Results.Ok(new { open, opensAt });
        });
        g.MapGet("/messages", (HttpRequest request, ChatVisitors visitors, WebChatOptions options) =>
        {
            if (!options.Enabled) return Results.NotFound();
            if (Visitor(request, visitors) is not { } visitor) return Results.Unauthorized();
            return Results.Ok(new { visitor.Name, visitor.Email, messages = visitors.History(visitor.Id) });
        });
        g.MapPost("/messages", async (HttpRequest request, ChatVisitors visitors, WebChatOptions options, IntakePipeline pipeline, IntakeQueue queue) =>
        {
            if (!options.Enabled) return Results.NotFound();
            if (Visitor(request, visitors) is not { } visitor) return Results.Unauthorized();
            var body = await InboundResults.ReadBodyAsync(request);
            // Who sent it, as verified here, is kept with the payload (never the token).
            var headers = new Dictionary<string, string> { [WebChatNormalizer.VisitorHeader] = visitor.Id };
            if (visitor.Name is { } name) headers[WebChatNormalizer.NameHeader] = name;
            if (visitor.Email is { } email) headers[WebChatNormalizer.EmailHeader] = email;
            return await InboundResults.AcceptAsync(pipeline, queue, WebChatNormalizer.SourceName, request.ContentType, headers, body,
                dedupeKey: visitor.Id + ":" + Convert.ToHexStringLower(SHA256.HashData(body)));
        });
        app.MapHub<ChatHub>("/hubs/chat").AllowAnonymous();
        // For agents: whether the visitor of a web chat conversation is on the chat page now.
        app.MapGet("/api/conversations/{id:long}/visitor", (long id, ChatPresence presence) =>
            presence.For(id) is { } view ? Results.Ok(view) : Results.NotFound(new { error = $"conversation {id} is not a web chat" }))
            .RequireAuthorization(Auth.Policies.Agent);
    }

    private static ChatVisitor? Visitor(HttpRequest request, ChatVisitors visitors) =>
        visitors.Verify(request.Headers[VisitorHeader].ToString(), request.Headers[TokenHeader].ToString());
}
