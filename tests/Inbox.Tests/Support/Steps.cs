using System.Net.Http.Headers;
using Dapper;
using Inbox.Core.Storage;

namespace Inbox.Tests.Support;

/// <summary>Shared steps of the integration tests: post customer mail, count rows, read one value.</summary>
public static class Steps
{
    public static async Task<HttpResponseMessage> PostEmailAsync(this InboxServer server, byte[] mime, string secret = InboxServer.InboundSecret)
    {
        var content = new ByteArrayContent(mime);
        content.Headers.ContentType = new MediaTypeHeaderValue("message/rfc822");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/inbound/email") { Content = content };
        request.Headers.Add("X-Inbox-Secret", secret);
        using var anonymous = server.Anonymous();
        return await anonymous.Http.SendAsync(request);
    }

    /// <summary>Posts a customer email and waits until intake has stored it; returns the conversation id.</summary>
    public static async Task<long> ReceiveEmailAsync(this InboxServer server, string from, string subject, string text, string? messageId = null, string? inReplyTo = null)
    {
        messageId ??= MimeKit.Utils.MimeUtils.GenerateMessageId("customer.test");
        using var r = await server.PostEmailAsync(Mail.Mime(from, subject, text, messageId: messageId, inReplyTo: inReplyTo));
        r.EnsureSuccessStatusCode();
        long? conv = null;
        await Wait.UntilAsync(() => (conv = server.Scalar<long?>(
            "SELECT conversation_id FROM messages WHERE external_id = @id", new { id = "<" + messageId + ">" })) is not null, what: "stored email");
        return conv!.Value;
    }

    public static T Scalar<T>(this InboxServer server, string sql, object? args = null)
    {
        using var c = server.Get<Db>().Open();
        return c.ExecuteScalar<T>(sql, args)!;
    }

    public static List<T> Query<T>(this InboxServer server, string sql, object? args = null)
    {
        using var c = server.Get<Db>().Open();
        return c.Query<T>(sql, args).AsList();
    }

    public static long Count(this InboxServer server, string table) => server.Scalar<long>($"SELECT COUNT(*) FROM {table}");
}
