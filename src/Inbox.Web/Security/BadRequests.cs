namespace Inbox.Web.Security;

/// <summary>
/// A request body the API cannot read (malformed JSON, a value of the wrong type, a file's content that is not base64)
/// is answered with what was wrong, not a bare 400: minimal APIs throw on such requests (ThrowOnBadRequest, set in
/// InboxApp) and this turns the exception into { error: "… Path: $.attachments[0].content" } with its status. A body
/// over its limit is BodyLimits' (413, said there).
/// </summary>
public static class BadRequests
{
    public static IApplicationBuilder UseBadRequestMessages(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        try { await next(http); }
        catch (BadHttpRequestException e) when (e.StatusCode != StatusCodes.Status413PayloadTooLarge && !http.Response.HasStarted)
        {
            http.Response.Clear();
            http.Response.StatusCode = e.StatusCode;
            await http.Response.WriteAsJsonAsync(new { error = e.InnerException is { } inner ? $"{e.Message} {inner.Message}" : e.Message });
        }
    });
}
