using System.Security.Cryptography;
using System.Text;
using Inbox.Core.Intake;
using Microsoft.Extensions.Options;

namespace Inbox.Web.Inbound;

/// <summary>POST /inbound/email: one RFC 822 message, from a mail gateway or `inbox replay`, behind a shared secret.</summary>
public static class EmailInboundApi
{
    public const string SecretHeader = "X-Inbox-Secret";

    public static void MapEmailInbound(this IEndpointRouteBuilder app)
    {
        app.MapPost("/inbound/email", Receive).AllowAnonymous().RequireRateLimiting("inbound").DisableAntiforgery();
    }

    private static async Task<IResult> Receive(HttpRequest request, IntakePipeline pipeline, IntakeQueue queue, IOptions<InboxOptions> options)
    {
        var secret = options.Value.InboundEmailSecret;
        if (string.IsNullOrEmpty(secret)) return TypedResults.NotFound();
        var given = request.Headers[SecretHeader].ToString();
        if (!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(secret)))
            return TypedResults.Unauthorized();

        var body = await InboundResults.ReadBodyAsync(request);
        var messageId = Core.Channels.Email.EmailDedupe.KeyOf(body);
        return await InboundResults.AcceptAsync(pipeline, queue, "email", request.ContentType, new Dictionary<string, string>(), body, messageId);
    }
}
