using Inbox.Core.Channels.Meta;
using Inbox.Core.Channels.Social;
using Inbox.Core.Intake;
using Inbox.Web.Inbound;

namespace Inbox.Web.Channels.Meta;

/// <summary>/webhooks/meta: GET subscription check; POST signed deliveries for Messenger, Page feed, Instagram and WhatsApp.</summary>
public static class MetaWebhookApi
{
    public const string SignatureHeader = "X-Hub-Signature-256";

    public static void MapMetaWebhook(this IEndpointRouteBuilder app)
    {
        app.MapGet("/webhooks/meta", Verify).AllowAnonymous().RequireRateLimiting("inbound");
        app.MapPost("/webhooks/meta", Receive).AllowAnonymous().RequireRateLimiting("inbound").DisableAntiforgery();
    }

    private static IResult Verify(HttpRequest request, MetaOptions options)
    {
        var q = request.Query;
        if (options.VerifyToken is not { Length: > 0 } token) return TypedResults.NotFound();
        var ok = q["hub.mode"] == "subscribe" && WebhookSignature.SameSecret(token, q["hub.verify_token"].ToString());
        return ok ? TypedResults.Text(q["hub.challenge"].ToString(), "text/plain") : TypedResults.StatusCode(StatusCodes.Status403Forbidden);
    }

    private static async Task<IResult> Receive(HttpRequest request, MetaOptions options, IntakePipeline pipeline, IntakeQueue queue)
    {
        if (options.AppSecret is not { Length: > 0 } secret) return TypedResults.NotFound();
        // The signature covers the exact bytes: read them before anything parses the body.
        var body = await InboundResults.ReadBodyAsync(request);
        var signature = request.Headers[SignatureHeader].ToString();
        if (!WebhookSignature.MetaVerify(secret, body, signature)) return TypedResults.Unauthorized();
        return await InboundResults.AcceptAsync(pipeline, queue, MetaNormalizer.SourceName, request.ContentType,
            new Dictionary<string, string> { [SignatureHeader] = signature }, body);
    }
}
