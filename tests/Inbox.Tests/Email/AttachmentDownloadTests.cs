using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Inbox.Tests.Support;
using MimeKit;

namespace Inbox.Tests.Email;

/// <summary>An agent downloads what a customer attached, as a file and never as a page of the inbox's origin.</summary>
public sealed class AttachmentDownloadTests : IAsyncLifetime
{
    private InboxServer _server = null!;
    public async Task InitializeAsync() => _server = await InboxServer.StartAsync();
    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task An_attachment_downloads_as_sent_as_a_sandboxed_file_with_login_and_an_audit_entry()
    {
        var pdf = "%PDF-1.4 facture 889"u8.ToArray();
        var mime = new MimeMessage();
        mime.From.Add(MailboxAddress.Parse("Zoé Martin <zoe@customer.test>"));
        mime.To.Add(MailboxAddress.Parse("support@inbox.local"));
        mime.Subject = "Facture 889";
        var builder = new BodyBuilder { TextBody = "Voici la facture et la page que j'ai vue." };
        builder.Attachments.Add("facture 889.pdf", pdf, new ContentType("application", "pdf"));
        builder.Attachments.Add("page.html", "<script>alert(document.cookie)</script>"u8.ToArray(), new ContentType("text", "html"));
        mime.Body = builder.ToMessageBody();
        using (var ms = new MemoryStream()) { mime.WriteTo(ms); (await _server.PostEmailAsync(ms.ToArray())).EnsureSuccessStatusCode(); }
        await Wait.UntilAsync(() => _server.Count("attachments") == 2);
        var conversation = _server.Scalar<long>("SELECT id FROM conversations");

        using var agent = await _server.LoginAsync();
        var detail = await agent.Http.GetFromJsonAsync<JsonElement>($"/api/conversations/{conversation}");
        var listed = detail.GetProperty("messages")[0].GetProperty("attachments").EnumerateArray()
            .ToDictionary(a => a.GetProperty("fileName").GetString()!, a => (Id: a.GetProperty("id").GetInt64(), Downloadable: a.GetProperty("downloadable").GetBoolean()));
        Assert.Equal([("facture 889.pdf", true), ("page.html", true)], listed.OrderBy(a => a.Key).Select(a => (a.Key, a.Value.Downloadable)));

        using var file = await agent.Http.GetAsync($"/api/attachments/{listed["facture 889.pdf"].Id}");
        Assert.Equal(HttpStatusCode.OK, file.StatusCode);
        Assert.Equal(pdf, await file.Content.ReadAsByteArrayAsync());
        Assert.Equal("application/pdf", file.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", file.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("facture 889.pdf", file.Content.Headers.ContentDisposition?.FileNameStar);

        // A customer's HTML comes as a download in a sandbox: it never runs as a page of this origin.
        using var html = await agent.Http.GetAsync($"/api/attachments/{listed["page.html"].Id}");
        Assert.Equal("attachment", html.Content.Headers.ContentDisposition?.DispositionType);
        Assert.StartsWith("sandbox", html.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal("nosniff", html.Headers.GetValues("X-Content-Type-Options").Single());

        // Login required; each download is on record; an unknown id is 404.
        using (var anonymous = _server.Anonymous())
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.Http.GetAsync($"/api/attachments/{listed["facture 889.pdf"].Id}")).StatusCode);
        Assert.Equal(2, _server.Scalar<long>("SELECT COUNT(*) FROM audit_log WHERE action = 'attachment.download'"));
        Assert.Equal(HttpStatusCode.NotFound, (await agent.Http.GetAsync("/api/attachments/999999")).StatusCode);

        // Erased with the customer: listed (its size stays for reports), no longer downloadable, and says why.
        var customer = _server.Scalar<long>("SELECT customer_id FROM conversations WHERE id = @conversation", new { conversation });
        (await agent.Http.PostAsJsonAsync($"/api/admin/customers/{customer}/erase", new { confirm = true })).EnsureSuccessStatusCode();
        detail = await agent.Http.GetFromJsonAsync<JsonElement>($"/api/conversations/{conversation}");
        Assert.All(detail.GetProperty("messages")[0].GetProperty("attachments").EnumerateArray(), a => Assert.False(a.GetProperty("downloadable").GetBoolean()));
        using var erased = await agent.Http.GetAsync($"/api/attachments/{listed["facture 889.pdf"].Id}");
        Assert.Equal(HttpStatusCode.NotFound, erased.StatusCode);
        Assert.Equal("this attachment was erased", (await erased.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
    }
}
