namespace Inbox.Web.Security;

/// <summary>
/// A request body the API cannot read (malformed JSON, a value of the wrong type, a file's content that is not base64)
/// is answered with what was wrong, not a bare 400: minimal APIs throw on such requests (ThrowOnBadRequest, set in
/// InboxApp) and this turns the exception into { error: "… Path: $.attachments[0].content", errorFr } with its status. A body
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
            var what = e.InnerException is { } inner ? $"{e.Message} {inner.Message}" : e.Message;
            // The framework says what was wrong in English; a French page shows it after a French sentence.
            await http.Response.WriteAsJsonAsync(new { error = what, errorFr = $"La requête n’a pas pu être lue ({what})" });
        }
    });
}
