using Dapper;
using Inbox.Browser.Tests.Support;
using Inbox.Core.Storage;
using Inbox.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Inbox.Browser.Tests;

/// <summary>
/// Files sent with a reply (attach.js): chosen with the 📎 button, kept when a customer message redraws the thread,
/// removable, sent with the text and shown on the sent message as downloads; a refusal comes back in the page's language.
/// </summary>
public sealed class AttachmentsTests(BrowserFixture browser) : BrowserTest(browser)
{
    private static FilePayload File(string name, string type, byte[] bytes) => new() { Name = name, MimeType = type, Buffer = bytes };

    [Fact]
    public Task An_agent_sends_files_with_a_reply_and_sees_them_on_the_sent_message() => Ui(async () =>
    {
        await PostEmailAsync("Léa Roux <lea@customer.test>", "Étiquette", "Pouvez-vous m'envoyer l'étiquette de retour ?", messageId: "first@customer.test");
        var page = await LoggedInPageAsync();
        await OpenConversationAsync(page, "Étiquette");

        byte[] label = [.. "%PDF-1.4\n"u8, .. Enumerable.Range(0, 2048).Select(i => (byte)i)];
        await page.Locator("#attach-input").SetInputFilesAsync([File("label.pdf", "application/pdf", label), File("notes.txt", "text/plain", "x"u8.ToArray())]);
        var chips = page.Locator("#attach-list .attach-chip");
        await Expect(chips).ToHaveCountAsync(2);
        await Expect(chips.First).ToContainTextAsync("label.pdf (2 KB)");

        // One removed; a customer message arriving meanwhile redraws the thread and keeps the other.
        await page.Locator("#attach-list .attach-remove").Nth(1).ClickAsync();
        await Expect(chips).ToHaveCountAsync(1);
        await PostEmailAsync("Léa Roux <lea@customer.test>", "Re: Étiquette", "Merci d'avance.", messageId: "second@customer.test", inReplyTo: "first@customer.test");
        await Expect(page.Locator("#messages .msg")).ToHaveCountAsync(2);
        await Expect(chips).ToHaveCountAsync(1);

        await page.FillAsync("#reply", "Voici l'étiquette.");
        await page.ClickAsync("#send");
        // The customer wrote since the conversation was opened: the stale-reply guard asks first; the files go with "send anyway".
        await page.ClickAsync("#confirm-send");
        var sent = page.Locator("#messages .msg.out");
        await Expect(sent).ToHaveCountAsync(1);
        await Expect(sent.Locator(".attachment a")).ToHaveTextAsync("label.pdf");
        await Expect(chips).ToHaveCountAsync(0);
        await Expect(page.Locator("#reply")).ToHaveValueAsync("");
        using (var c = Server.Get<Db>().Open())
            Assert.Equal(label, c.QuerySingle<byte[]>("SELECT content FROM attachments a JOIN messages m ON m.id = a.message_id WHERE m.direction = 'out'"));

        // The file is what was sent, as a download.
        var download = await page.RunAndWaitForDownloadAsync(() => sent.Locator(".attachment a").ClickAsync());
        Assert.Equal("label.pdf", download.SuggestedFilename);

        // A file alone is a reply too.
        await page.Locator("#attach-input").SetInputFilesAsync([File("facture.pdf", "application/pdf", label)]);
        await page.ClickAsync("#send");
        await Expect(sent).ToHaveCountAsync(2);
        await Expect(sent.Nth(1).Locator(".attachment a")).ToHaveTextAsync("facture.pdf");
    });

    [Fact]
    public Task Files_over_the_reply_limit_are_refused_in_french_before_sending() => Ui(async () =>
    {
        await PostEmailAsync("Léa Roux <lea@customer.test>", "Photos", "Voici mes photos.", messageId: "photos@customer.test");
        var page = await LoggedInPageAsync(lang: "fr");
        await OpenConversationAsync(page, "Photos");
        await Expect(page.Locator("#attach-open")).ToHaveAttributeAsync("title", "Joindre des fichiers");
        await page.Locator("#attach-input").SetInputFilesAsync([File("scan.pdf", "application/pdf", new byte[11 * 1024 * 1024])]);
        await Expect(page.Locator(".attach-error")).ToHaveTextAsync("Fichiers trop lourds : 11,0 Mo en tout, 10,0 Mo au plus par réponse.");
        await Expect(page.Locator("#attach-list .attach-chip")).ToHaveCountAsync(0);
    });
}
