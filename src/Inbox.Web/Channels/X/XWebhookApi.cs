using Inbox.Core.Channels.Social;
using Inbox.Core.Channels.X;
using Inbox.Core.Intake;
using Inbox.Web.Inbound;

namespace Inbox.Web.Channels.X;

/// <summary>/webhooks/x: GET answers the CRC challenge; POST takes signed Account Activity deliveries.</summary>
public static class XWebhookApi
{
    public const string SignatureHeader = "x-twitter-webhooks-signature";

    public static void MapXWebhook(this IEndpointRouteBuilder app)
    {
        app.MapGet("/webhooks/x", Crc).AllowAnonymous().RequireRateLimiting("inbound");
        app.MapPost("/webhooks/x", Receive).AllowAnonymous().RequireRateLimiting("inbound").DisableAntiforgery();
    }

    private static IResult Crc(HttpRequest request, XOptions options)
    {
        if (options.ConsumerSecret is not { Length: > 0 } secret) return TypedResults.NotFound();
        var token = request.Query["crc_token"].ToString();
        if (token.Length == 0) return TypedResults.BadRequest(new { error = "crc_token is required" });
        return TypedResults.Ok(new { response_token = WebhookSignature.XCrcResponse(secret, token) });
    }

    private static async Task<IResult> Receive(HttpRequest request, XOptions options, IntakePipeline pipeline, IntakeQueue queue)
    {
        if (options.ConsumerSecret is not { Length: > 0 } secret) return TypedResults.NotFound();
        var body = await InboundResults.ReadBodyAsync(request);
        var signature = request.Headers[SignatureHeader].ToString();
        if (!WebhookSignature.XVerify(secret, body, signature)) return TypedResults.Unauthorized();
        return await InboundResults.AcceptAsync(pipeline, queue, XNormalizer.SourceName, request.ContentType,
            new Dictionary<string, string> { [SignatureHeader] = signature }, body);
    }
}
