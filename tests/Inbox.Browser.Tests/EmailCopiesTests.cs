using Inbox.Browser.Tests.Support;
using MimeKit;
using static Microsoft.Playwright.Assertions;

namespace Inbox.Browser.Tests;

/// <summary>
/// Cc and Bcc (email.js, new-email.js): who else a customer's mail went to is shown under it and offered as the reply's
/// Cc (reply to all); the agent adds a Bcc; the reply shows both; a conversation nobody else is in keeps the fields folded.
/// </summary>
public sealed class EmailCopiesTests(BrowserFixture browser) : BrowserTest(browser)
{
    [Fact]
    public Task The_people_a_customer_copied_are_the_replys_Cc_and_the_agent_adds_a_Bcc() => Ui(async () =>
    {
        var mime = new MimeMessage();
        mime.From.Add(MailboxAddress.Parse("Léa Roux <lea@customer.test>"));
        mime.To.Add(MailboxAddress.Parse("support@inbox.local"));
        mime.Cc.Add(new MailboxAddress("Marc Roux", "marc@customer.test"));
        mime.Subject = "Remboursement 5521";
        mime.Body = new TextPart("plain") { Text = "Bonjour, où en est le remboursement de la commande 5521 ?" };
        using (var ms = new MemoryStream()) { mime.WriteTo(ms); await PostEmailAsync(ms.ToArray()); }
        await PostEmailAsync("Hugo Petit <hugo@customer.test>", "Horaires", "Êtes-vous ouverts le dimanche ?");
        var page = await LoggedInPageAsync(lang: "fr");

        await OpenConversationAsync(page, "Remboursement 5521");
        await Expect(page.Locator("#messages .msg.in .email-people")).ToHaveTextAsync("Cc : Marc Roux <marc@customer.test>");
        await Expect(page.Locator("#reply-copies")).ToBeVisibleAsync();
        await Expect(page.Locator("#reply-cc")).ToHaveValueAsync("Marc Roux <marc@customer.test>");
        await Expect(page.Locator("#reply-copies label").Nth(1)).ToContainTextAsync("Cci");
        await page.FillAsync("#reply-bcc", "chef@shop.test");
        await page.FillAsync("#reply", "Bonjour, le remboursement part aujourd'hui.");
        await page.ClickAsync("#send");

        var sent = page.Locator("#messages .msg.out .email-people");
        await Expect(sent).ToContainTextAsync("Cc : Marc Roux <marc@customer.test>");
        await Expect(sent).ToContainTextAsync("Cci : chef@shop.test");
        // The next reply starts again from the customer's mail: Cc to all, no Bcc, an empty box that says so.
        await Expect(page.Locator("#reply")).ToHaveValueAsync("");
        await Expect(page.Locator(".compose .counter")).ToHaveTextAsync("0 caractères");
        await Expect(page.Locator("#reply-cc")).ToHaveValueAsync("Marc Roux <marc@customer.test>");
        await Expect(page.Locator("#reply-bcc")).ToHaveValueAsync("");

        // Nobody else in it: folded behind "Cc / Cci", which opens them.
        await OpenConversationAsync(page, "Horaires");
        await Expect(page.Locator("#reply-copies")).ToBeHiddenAsync();
        await Expect(page.Locator("#messages .email-people")).ToHaveCountAsync(0);
        await page.ClickAsync("#reply-copies-toggle");
        await Expect(page.Locator("#reply-cc")).ToBeFocusedAsync();

        // A new email has them too.
        await page.ClickAsync("#new-email");
        await Expect(page.Locator("#ne-copies")).ToBeHiddenAsync();
        await page.ClickAsync("#ne-copies-toggle");
        await page.FillAsync("#ne-to", "sam@customer.test");
        await page.FillAsync("#ne-cc", "Compta <compta@customer.test>");
        await page.FillAsync("#ne-subject", "Votre facture");
        await page.FillAsync("#ne-text", "Bonjour, voici votre facture.");
        await page.ClickAsync("#ne-send");
        await Expect(page.Locator(".thread-head h2")).ToHaveTextAsync("Votre facture");
        await Expect(page.Locator("#messages .msg.out .email-people")).ToHaveTextAsync("Cc : Compta <compta@customer.test>");
    });
}
