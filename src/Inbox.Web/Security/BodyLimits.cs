using Microsoft.AspNetCore.Http.Features;

namespace Inbox.Web.Security;

/// <summary>
/// Per-route request body limits. Kestrel's global limit is the inbound one (mail with attachments); the JSON
/// API gets a much smaller one. A body over its limit is answered 413 before anything is stored: endpoints read
/// the whole body before handing it to intake, so an oversized request loses nothing already accepted.
/// </summary>
public static class BodyLimits
{
    /// <param name="replyBytes">A reply's body: its files in base64 besides the text.</param>
    public static IApplicationBuilder UseBodyLimits(this IApplicationBuilder app, long apiBytes, long inboundBytes, long replyBytes) => app.Use(async (http, next) =>
    {
        var path = http.Request.Path;
        var limit = path.StartsWithSegments("/inbound") || path.StartsWithSegments("/webhooks") ? inboundBytes
            : path.StartsWithSegments("/hubs") ? (long?)null
            : IsReply(path) ? Math.Max(apiBytes, replyBytes) : apiBytes;
        if (limit is { } bytes && http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
            feature.MaxRequestBodySize = bytes;
        if (limit is { } max && http.Request.ContentLength > max)
        {
            await TooLarge(http, max);
            return;
        }
        try { await next(http); }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge && !http.Response.HasStarted)
        {
            // A chunked body that grew past the limit while being read.
            await TooLarge(http, limit ?? 0);
        }
    });

    /// <summary>POST /api/conversations/{id}/replies.</summary>
    private static bool IsReply(PathString path) =>
        path.Value is { } p && p.StartsWith("/api/conversations/", StringComparison.Ordinal) && p.EndsWith("/replies", StringComparison.Ordinal);

    private static Task TooLarge(HttpContext http, long max)
    {
        http.Response.Clear();
        http.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
        // The unread rest of the body is not drained: tell the client this connection ends here, so it does not
        // send its next request on a socket the server is about to close.
        http.Response.Headers.Connection = "close";
        return http.Response.WriteAsJsonAsync(new { error = $"request body larger than {max} bytes; nothing was stored" });
    }
}
