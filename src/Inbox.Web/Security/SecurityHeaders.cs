namespace Inbox.Web.Security;

/// <summary>
/// Security headers on every response. The UI is plain ES modules with no inline script, so the policy allows
/// scripts from this origin only; customer text is rendered as text nodes, and the CSP is the second line
/// of defence should markup ever slip into the page.
/// </summary>
public static class SecurityHeaders
{
    /// <summary>
    /// style-src-attr allows style="" attributes (feature views size bars and charts with them) but still refuses
    /// &lt;style&gt; elements and inline scripts; connect-src 'self' covers the SignalR WebSocket on this origin.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; style-src-attr 'unsafe-inline'; img-src 'self' data: blob:; " +
        "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    /// <param name="chatEmbedOrigins">Sites that may show the customers' chat page (/chat.html) in a frame; every other page is never framed.</param>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app, IReadOnlyList<string>? chatEmbedOrigins = null)
    {
        var chatPolicy = ContentSecurityPolicy.Replace("frame-ancestors 'none'",
            "frame-ancestors 'self'" + string.Concat((chatEmbedOrigins ?? []).Select(o => " " + o.Trim())));
        return app.Use((http, next) =>
        {
            var h = http.Response.Headers;
            var chat = http.Request.Path.Equals("/chat.html", StringComparison.OrdinalIgnoreCase);
            h.ContentSecurityPolicy = chat ? chatPolicy : ContentSecurityPolicy;
            h.XContentTypeOptions = "nosniff";
            // X-Frame-Options names no site: the chat page leaves it to the CSP's frame-ancestors.
            if (!chat) h.XFrameOptions = "DENY";
            h["Referrer-Policy"] = "no-referrer";
            h["Cross-Origin-Opener-Policy"] = "same-origin";
            h["Cross-Origin-Resource-Policy"] = "same-origin";
            h["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=()";
            // API answers carry customer data: never keep them in a shared or disk cache.
            if (http.Request.Path.StartsWithSegments("/api") || http.Request.Path.StartsWithSegments("/chat")) h.CacheControl = "no-store";
            return next(http);
        });
    }
}
