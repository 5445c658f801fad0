using Inbox.Browser.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Inbox.Browser.Tests;

/// <summary>"Send and close" (send-close.js): the reply goes out and the conversation closes in one step; Send alone leaves it open.</summary>
public sealed class SendCloseTests(BrowserFixture browser) : BrowserTest(browser)
{
    [Fact]
    public Task Send_and_close_closes_after_the_reply_and_send_alone_does_not() => Ui(async () =>
    {
        await PostEmailAsync("Zoé Martin <zoe@customer.test>", "Remboursement", "Où en est mon remboursement ?", messageId: "z1@customer.test");
        await PostEmailAsync("Sam Petit <sam@customer.test>", "Colis", "Mon colis est en retard.", messageId: "s1@customer.test");
        var page = await LoggedInPageAsync(lang: "fr");

        await OpenConversationAsync(page, "Colis");
        await page.FillAsync("#reply", "Il part demain.");
        await page.ClickAsync("#send");
        await Expect(page.Locator("#messages .msg.out")).ToHaveCountAsync(1);
        await Expect(page.Locator("#conv-status")).ToHaveTextAsync("Ouverte");

        await OpenConversationAsync(page, "Remboursement");
        await page.FillAsync("#reply", "Le virement part aujourd'hui.");
        await Expect(page.Locator("#send-close")).ToHaveTextAsync("Envoyer et fermer");
        await page.ClickAsync("#send-close");
        await Expect(page.Locator("#messages .msg.out")).ToHaveCountAsync(1);
        await Expect(page.Locator("#conv-status")).ToHaveTextAsync("Fermée");

        // From the keyboard: Ctrl+Shift+Enter in the reply.
        await OpenConversationAsync(page, "Colis");
        await page.FillAsync("#reply", "Bonne journée !");
        await page.PressAsync("#reply", "Control+Shift+Enter");
        await Expect(page.Locator("#messages .msg.out")).ToHaveCountAsync(2);
        await Expect(page.Locator("#conv-status")).ToHaveTextAsync("Fermée");
    });
}
