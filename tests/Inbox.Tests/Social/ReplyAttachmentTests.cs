using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Inbox.Core.Conversations;
using Inbox.Tests.Support;
using Microsoft.AspNetCore.SignalR.Client;
using static Inbox.Tests.Social.SocialHost;

namespace Inbox.Tests.Social;

/// <summary>Files an agent sends with a reply: uploaded and sent the platform's way, or refused with the reason before anything is stored.</summary>
public sealed class ReplyAttachmentTests(SocialHost host) : IClassFixture<SocialHost>
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(30);
    private static readonly byte[] Pdf = [.. "%PDF-1.4\n% return label\n"u8, .. Enumerable.Range(0, 3000).Select(i => (byte)i)];
    private static readonly byte[] Png = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0d, 0x0a, 0x1a, 0x0a, .. Enumerable.Range(0, 500).Select(i => (byte)(i * 7))];

    private static object File(string name, string type, byte[] content) => new { fileName = name, contentType = type, content = Convert.ToBase64String(content) };

    private async Task<long> WhatsAppConversation(string text)
    {
        var wamid = "wamid." + NewId();
        await host.PostMeta(WhatsAppText("3361" + Random.Shared.Next(100000, 999999), wamid, text, DateTimeOffset.UtcNow));
        return await host.ConversationOf("whatsapp", wamid);
    }

    private long OutCount(long conversation) =>
        host.Scalar<long>("SELECT COUNT(*) FROM messages WHERE conversation_id = @conversation AND direction = 'out'", new { conversation });

    [Fact]
    public async Task WhatsAppFilesAreUploadedThenSentAfterTheTextAndShownInTheThread()
    {
        using var agent = await host.Server.LoginAsync();
        await using var hub = await agent.ConnectHubAsync();
        var conversation = await WhatsAppConversation("my parcel came back damaged");
        var text = "Here is your return label " + NewId();

        using var r = await agent.Http.PostAsJsonAsync($"/api/conversations/{conversation}/replies", new
        {
            text, clientRef = NewId(), attachments = new[] { File("C:\\Users\\agent\\label.pdf", "application/pdf", Pdf), File("photo.png", "image/png", Png) },
        });
        Assert.True(r.StatusCode == HttpStatusCode.Created, await r.Content.ReadAsStringAsync());
        var reply = (await r.Content.ReadFromJsonAsync<MessageView>())!;
        // Stored with the reply (the name alone, no path) and listed with it at once.
        Assert.Equal(["label.pdf", "photo.png"], reply.Attachments.Select(a => a.FileName));
        Assert.All(reply.Attachments, a => Assert.True(a.Downloadable));
        await Wait.UntilAsync(() => host.Scalar<string>("SELECT status FROM messages WHERE id = @Id", reply) == "sent", Long, "reply sent");

        // Both files uploaded to the number's media endpoint (multipart, the WhatsApp product, their types) ...
        var uploads = host.Sandbox.Requests.Where(q => q.Path == "/v21.0/WA1/media" && (q.Body.Contains("label.pdf") || q.Body.Contains("photo.png"))).ToList();
        Assert.Equal(2, uploads.Count);
        Assert.All(uploads, u => Assert.Equal(("whatsapp", "Bearer wa-token"), (u.Json.GetProperty("messaging_product").GetString(), u.Authorization)));
        Assert.Equal("application/pdf", uploads[0].Json.GetProperty("type").GetString());
        // ... then the text, then one media message per file naming the uploaded media.
        var sends = host.Sandbox.Requests.SkipWhile(q => !q.Body.Contains(text)).Take(3).ToList();
        Assert.Equal(["text", "document", "image"], sends.Select(s => s.Json.GetProperty("type").GetString()));
        var document = sends[1].Json.GetProperty("document");
        Assert.Equal("label.pdf", document.GetProperty("filename").GetString());
        Assert.Equal(Pdf, host.Sandbox.Media(document.GetProperty("id").GetString()!)!.Value.Bytes);
        Assert.Equal(Png, host.Sandbox.Media(sends[2].Json.GetProperty("image").GetProperty("id").GetString()!)!.Value.Bytes);
        // The text's message id is the reply's platform id (receipts name it).
        var platformId = host.Scalar<string>("SELECT external_id FROM messages WHERE id = @Id", reply);
        Assert.StartsWith("wamid.SBX", platformId);

        // A receipt pushes the message again: with its files, so the open thread keeps showing them.
        var changed = new TaskCompletionSource<MessageView>();
        hub.On<MessageView>("MessageChanged", m => { if (m.Id == reply.Id && m.Status == "delivered") changed.TrySetResult(m); });
        await hub.InvokeAsync("OpenConversation", conversation);
        await host.PostMeta(WhatsAppStatus(platformId, "delivered", "x", DateTimeOffset.UtcNow));
        Assert.Equal(2, (await Wait.ForAsync(changed, Long)).Attachments.Count);

        // The agents download what was sent, as they download what customers send.
        var detail = await agent.Http.GetFromJsonAsync<JsonElement>($"/api/conversations/{conversation}");
        var sent = detail.GetProperty("messages").EnumerateArray().Single(m => m.GetProperty("id").GetInt64() == reply.Id);
        var pdfId = sent.GetProperty("attachments")[0].GetProperty("id").GetInt64();
        Assert.Equal(Pdf, await agent.Http.GetByteArrayAsync($"/api/attachments/{pdfId}"));
    }

    [Fact]
    public async Task MessengerFilesGoAsAttachmentUploadsAfterTheTextAndInstagramSaysWhyNot()
    {
        using var agent = await host.Server.LoginAsync();
        var psid = "psid-" + NewId();
        var mid = "m_" + NewId();
        await host.PostMeta(Messenger(psid, mid, "the lamp arrived broken", DateTimeOffset.UtcNow.AddMinutes(-5)));
        var conversation = await host.ConversationOf("messenger", mid);
        var text = "Sorry! Here is the return label " + NewId();

        using var r = await agent.Http.PostAsJsonAsync($"/api/conversations/{conversation}/replies",
            new { text, clientRef = "ref-" + mid, attachments = new[] { File("label.pdf", "application/pdf", Pdf), File("how-to-pack.png", "image/png", Png) } });
        Assert.True(r.StatusCode == HttpStatusCode.Created, await r.Content.ReadAsStringAsync());
        var reply = (await r.Content.ReadFromJsonAsync<MessageView>())!;
        await Wait.UntilAsync(() => host.Scalar<string>("SELECT status FROM messages WHERE id = @Id", reply) == "sent", Long, "reply sent");

        var sends = host.Sandbox.Requests.SkipWhile(q => !q.Body.Contains(text)).Take(3).ToList();
        Assert.All(sends, q => Assert.Equal(("/v21.0/P1/messages", "?access_token=page-token"), (q.Path, q.Query)));
        Assert.Equal(text, sends[0].Json.GetProperty("message").GetProperty("text").GetString());
        // Each file: the recipient, the window's messaging type, the attachment's kind, the echo's metadata, the bytes.
        Assert.Equal(["file", "image"], sends.Skip(1).Select(q => q.Json.GetProperty("message").GetProperty("attachment").GetProperty("type").GetString()));
        Assert.All(sends.Skip(1), q =>
        {
            Assert.Equal(psid, q.Json.GetProperty("recipient").GetProperty("id").GetString());
            Assert.Equal("RESPONSE", q.Json.GetProperty("messaging_type").GetString());
            Assert.Equal("ref-" + mid, q.Json.GetProperty("message").GetProperty("metadata").GetString());
        });
        Assert.Equal("label.pdf", sends[1].Json.GetProperty("file_name").GetString());
        Assert.Equal(Pdf, host.Sandbox.Media(sends[1].Json.GetProperty("attachment_id").GetString()!)!.Value.Bytes);
        Assert.Equal(Png, host.Sandbox.Media(sends[2].Json.GetProperty("attachment_id").GetString()!)!.Value.Bytes);
        Assert.StartsWith("m_SBX", host.Scalar<string>("SELECT external_id FROM messages WHERE id = @Id", reply));

        // Instagram takes files only by a public link: refused with the reason, nothing stored.
        var igsid = "igsid-" + NewId();
        var igMid = "ig_" + NewId();
        await host.PostMeta(Messenger(igsid, igMid, "broken lamp", DateTimeOffset.UtcNow, "instagram", Instagram));
        var ig = await host.ConversationOf("instagram", igMid);
        using var refused = await agent.Http.PostAsJsonAsync($"/api/conversations/{ig}/replies",
            new { text = "label attached", clientRef = NewId(), attachments = new[] { File("label.pdf", "application/pdf", Pdf) } });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("Instagram takes files only from a public link", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
        // A copy to someone else is an email thing: refused on a chat, nothing stored.
        using var copied = await agent.Http.PostAsJsonAsync($"/api/conversations/{ig}/replies", new { text = "label attached", clientRef = NewId(), cc = "marc@example.com" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, copied.StatusCode);
        Assert.Equal("Cc and Bcc are for email replies", (await copied.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
        Assert.Equal(0, OutCount(ig));
    }

    [Fact]
    public async Task AFileAloneIsAReply()
    {
        using var agent = await host.Server.LoginAsync();
        var conversation = await WhatsAppConversation("send me the invoice please");
        using var r = await agent.Http.PostAsJsonAsync($"/api/conversations/{conversation}/replies",
            new { text = "", clientRef = NewId(), attachments = new[] { File("invoice-" + conversation + ".pdf", "application/pdf", Pdf) } });
        Assert.True(r.StatusCode == HttpStatusCode.Created, await r.Content.ReadAsStringAsync());
        var reply = (await r.Content.ReadFromJsonAsync<MessageView>())!;
        await Wait.UntilAsync(() => host.Scalar<string>("SELECT status FROM messages WHERE id = @Id", reply) == "sent", Long, "file sent");
        var send = Assert.Single(host.Sandbox.Requests, q => q.Path == "/v21.0/WA1/messages" && q.Body.Contains("invoice-" + conversation + ".pdf"));
        Assert.Equal("document", send.Json.GetProperty("type").GetString());
        // Nothing else was sent for it: no empty text message.
        Assert.DoesNotContain(host.Sandbox.Requests.SkipWhile(q => q != send).Skip(1), q => q.Path == "/v21.0/WA1/messages" && q.Body.Contains("\"text\""));
    }

    [Fact]
    public async Task FilesAChannelDoesNotTakeAreRefusedWithTheReasonAndNothingIsStored()
    {
        using var agent = await host.Server.LoginAsync();
        var conversation = await WhatsAppConversation("where is my refund");

        async Task<JsonElement> Refused(long id, object file, HttpStatusCode expected = HttpStatusCode.UnprocessableEntity)
        {
            // Sent with its length, as a browser sends a string body (the limit is then checked before reading), and
            // waiting for the server's go-ahead (Expect: 100-continue), so that a refused body is not sent at all.
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/conversations/{id}/replies")
            {
                Content = new StringContent(JsonSerializer.Serialize(new { text = "see attached", clientRef = NewId(), attachments = new[] { file } }),
                    System.Text.Encoding.UTF8, "application/json"),
            };
            request.Headers.ExpectContinue = true;
            using var r = await agent.Http.SendAsync(request);
            Assert.Equal(expected, r.StatusCode);
            return await r.Content.ReadFromJsonAsync<JsonElement>();
        }

        var zip = await Refused(conversation, File("photos.zip", "application/zip", Pdf));
        Assert.Contains("WhatsApp does not take photos.zip (application/zip)", zip.GetProperty("error").GetString());
        Assert.Contains("WhatsApp n’accepte pas photos.zip", zip.GetProperty("errorFr").GetString());
        var big = await Refused(conversation, File("scan.png", "image/png", new byte[6 * 1024 * 1024]));
        Assert.Contains("scan.png is too large for WhatsApp: 6 MB, at most 5 MB", big.GetProperty("error").GetString());
        var empty = await Refused(conversation, File("blank.pdf", "application/pdf", []));
        Assert.Contains("blank.pdf is empty", empty.GetProperty("error").GetString());
        // More than a reply's files may weigh in all (10 MB by default)...
        var over = await Refused(conversation, File("scans.pdf", "application/pdf", new byte[10 * 1024 * 1024 + 1024]));
        Assert.Contains("attachments too large: 10,241 KB in all, at most 10,240 KB per reply", over.GetProperty("error").GetString());
        // ... and a body past the reply route's limit (the files in base64, 4 bytes for 3) is refused before it is read.
        var heavy = await Refused(conversation, File("huge.pdf", "application/pdf", new byte[11 * 1024 * 1024]), HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains("nothing was stored", heavy.GetProperty("error").GetString());
        Assert.Equal(0, OutCount(conversation));

        // A file's content that is not base64: refused, saying where.
        using (var garbled = new StringContent("""{"text":"x","attachments":[{"fileName":"a.pdf","contentType":"application/pdf","content":"!!not base64"}]}""",
                   System.Text.Encoding.UTF8, "application/json"))
        using (var r = await agent.Http.PostAsync($"/api/conversations/{conversation}/replies", garbled))
        {
            Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
            var problem = await r.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Contains("$.attachments[0].content", problem.GetProperty("error").GetString());
            Assert.StartsWith("La requête n’a pas pu être lue (", problem.GetProperty("errorFr").GetString()); // the French page's sentence
        }
        Assert.Equal(0, OutCount(conversation));

        // X has no file upload in Inbox yet: said so, in both languages.
        var user = Random.Shared.Next(100000, 999999).ToString();
        var eventId = NewId();
        await host.PostX(Dm(user, eventId, "hello", DateTimeOffset.UtcNow));
        var dm = await host.ConversationOf("x", eventId);
        var x = await Refused(dm, File("label.pdf", "application/pdf", Pdf));
        Assert.Contains("files cannot be sent on X from Inbox yet", x.GetProperty("error").GetString());
        Assert.Contains("l’envoi de fichiers sur X", x.GetProperty("errorFr").GetString());
        Assert.Equal(0, OutCount(dm));
        Assert.DoesNotContain(host.Sandbox.Requests, q => q.Body.Contains("photos.zip") || q.Body.Contains("scan.png"));
    }
}
