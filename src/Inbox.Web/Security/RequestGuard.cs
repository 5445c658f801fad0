namespace Inbox.Web.Security;

/// <summary>
/// Cross-site request forgery guard for the cookie-authenticated API. The UI is a same-origin single page that
/// talks JSON through fetch(), so instead of antiforgery tokens it relies on a custom header: every state-changing
/// request must carry <c>X-Requested-With: inbox</c>. A foreign page cannot add that header without a CORS
/// preflight, and this server answers no CORS preflight, so a forged request arrives without it. As defence in
/// depth, a request whose Origin (or Sec-Fetch-Site) says it came from another site is refused even with the
/// header. Together with SameSite=Strict cookies this needs no server state and no extra round trip, and works
/// for non-browser clients (CLI replay) that simply send the header.
/// Webhooks and inbound endpoints are exempt: they carry no cookie and are authenticated by signature or secret.
/// </summary>
public static class RequestGuard
{
    public const string Header = "X-Requested-With";
    public const string HeaderValue = "inbox";

    public static IApplicationBuilder UseRequestGuard(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        if (Refusal(http.Request) is { } reason)
        {
            http.Response.StatusCode = StatusCodes.Status403Forbidden;
            await http.Response.WriteAsJsonAsync(new { error = reason });
            return;
        }
        await next(http);
    });

    /// <summary>Why the request is refused, or null when it may go on.</summary>
    public static string? Refusal(HttpRequest request)
    {
        var path = request.Path;
        if (path.StartsWithSegments("/inbound") || path.StartsWithSegments("/webhooks")) return null;
        // The hub: a foreign page must not open our WebSocket with the agent's cookie (cross-site WebSocket
        // hijacking); the .NET SignalR client cannot add our header to negotiate, so the Origin decides here.
        if (path.StartsWithSegments("/hubs")) return SameSite(request) ? null : "cross-site request refused";
        // Reading is harmless (and a link from a mail client to the inbox is a cross-site GET).
        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method)) return null;
        if (!SameSite(request)) return "cross-site request refused";
        return request.Headers[Header].ToString() == HeaderValue ? null : $"missing {Header}: {HeaderValue} header (anti-forgery)";
    }

    private static bool SameSite(HttpRequest request)
    {
        var site = request.Headers["Sec-Fetch-Site"].ToString();
        if (site.Length > 0 && site is not ("same-origin" or "none")) return false;
        var origin = request.Headers.Origin.ToString();
        if (origin.Length == 0) return true; // non-browser clients and same-origin GETs send none
        return Uri.TryCreate(origin, UriKind.Absolute, out var o)
            && string.Equals(o.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase);
    }
}
