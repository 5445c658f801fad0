using Inbox.Browser.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Inbox.Browser.Tests;

/// <summary>
/// Unread rows (reads.js): a conversation the customer wrote in since this agent last had it open shows a dot in bold;
/// opening it reads it, a new customer message makes it unread again, u marks it unread; each agent has their own.
/// </summary>
public sealed class ReadsTests(BrowserFixture browser) : BrowserTest(browser)
{
    [Fact]
    public Task Rows_are_unread_until_opened_and_again_when_the_customer_writes() => Ui(async () =>
    {
        await PostEmailAsync("Zoé Martin <zoe@customer.test>", "Remboursement", "Où en est mon remboursement ?", messageId: "z1@customer.test");
        await PostEmailAsync("Sam Petit <sam@customer.test>", "Colis", "Mon colis est en retard.", messageId: "s1@customer.test");
        var page = await LoggedInPageAsync(lang: "fr");
        var refund = page.Locator(".conv", new() { HasText = "Remboursement" });
        var parcel = page.Locator(".conv", new() { HasText = "Colis" });
        await Expect(refund).ToHaveClassAsync(new System.Text.RegularExpressions.Regex(@"\bunread\b"));
        await Expect(refund.Locator(".unread-dot")).ToHaveAttributeAsync("title", "Non lu");

        // Opened: read (and still read after a reload: the server keeps the mark).
        await OpenConversationAsync(page, "Remboursement");
        await Expect(refund.Locator(".unread-dot")).ToHaveCountAsync(0);
        await Expect(page.Locator("#toggle-read")).ToHaveTextAsync("Marquer non lu (u)");
        await page.ReloadAsync();
        await Expect(page.Locator(".conv", new() { HasText = "Colis" }).Locator(".unread-dot")).ToHaveCountAsync(1);
        await Expect(refund.Locator(".unread-dot")).ToHaveCountAsync(0);

        // The customer writes again while another conversation is open: unread again.
        await OpenConversationAsync(page, "Colis");
        await PostEmailAsync("Zoé Martin <zoe@customer.test>", "Re: Remboursement", "Toujours rien.", messageId: "z2@customer.test", inReplyTo: "z1@customer.test");
        await Expect(refund.Locator(".unread-dot")).ToHaveCountAsync(1);
        // A message arriving in the open conversation is read as it shows.
        await PostEmailAsync("Sam Petit <sam@customer.test>", "Re: Colis", "Il est arrivé, merci.", messageId: "s2@customer.test", inReplyTo: "s1@customer.test");
        await Expect(page.Locator("#messages .msg")).ToHaveCountAsync(2);
        await Expect(parcel.Locator(".unread-dot")).ToHaveCountAsync(0);

        // u: back to unread, and it stays so while open; the next agent's list is their own.
        await LeaveFieldsAsync(page);
        await page.Keyboard.PressAsync("u");
        await Expect(parcel.Locator(".unread-dot")).ToHaveCountAsync(1);
        await Expect(page.Locator("#toggle-read")).ToHaveTextAsync("Marquer lu (u)");
        await OpenConversationAsync(page, "Remboursement");
        await Expect(parcel.Locator(".unread-dot")).ToHaveCountAsync(1);
        await Expect(refund.Locator(".unread-dot")).ToHaveCountAsync(0);

        // "Unread only" lists Colis alone; opened, it stays listed (read) until the list is loaded again.
        await page.CheckAsync("#f-unread");
        await Expect(page.Locator(".conv")).ToHaveCountAsync(1);
        await Expect(page.Locator(".conv").First).ToContainTextAsync("Colis");
        await OpenConversationAsync(page, "Colis");
        await Expect(parcel.Locator(".unread-dot")).ToHaveCountAsync(0);
        await Expect(page.Locator(".conv")).ToHaveCountAsync(1);
        await page.ReloadAsync();
        await Expect(page.Locator("#f-unread")).ToBeCheckedAsync();
        await Expect(page.Locator(".conv")).ToHaveCountAsync(0);
        await page.UncheckAsync("#f-unread");
        await Expect(page.Locator(".conv")).ToHaveCountAsync(2);

        await CreateAgentAsync("ben", "agent");
        var ben = await LoggedInPageAsync("ben");
        await Expect(ben.Locator(".conv .unread-dot")).ToHaveCountAsync(2);
        await Expect(ben.Locator(".conv.unread").First.Locator(".unread-dot")).ToHaveAttributeAsync("title", "Unread");
    });

    [Fact]
    public Task Another_tab_of_the_same_agent_follows_reads_and_unreads() => Ui(async () =>
    {
        await PostEmailAsync("Zoé Martin <zoe@customer.test>", "Remboursement", "Où en est mon remboursement ?", messageId: "z1@customer.test");
        await PostEmailAsync("Sam Petit <sam@customer.test>", "Colis", "Mon colis est en retard.", messageId: "s1@customer.test");
        var one = await LoggedInPageAsync();
        var two = await LoggedInPageAsync();
        var refundInTwo = two.Locator(".conv", new() { HasText = "Remboursement" });
        await Expect(two.Locator(".conv .unread-dot")).ToHaveCountAsync(2);

        await OpenConversationAsync(one, "Remboursement");
        await Expect(refundInTwo.Locator(".unread-dot")).ToHaveCountAsync(0);
        await Expect(two.Locator(".conv .unread-dot")).ToHaveCountAsync(1);

        await LeaveFieldsAsync(one);
        await one.Keyboard.PressAsync("u");
        await Expect(refundInTwo.Locator(".unread-dot")).ToHaveCountAsync(1);
    });
}
