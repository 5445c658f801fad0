using Inbox.Browser.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Inbox.Browser.Tests;

/// <summary>Spam from the thread's header and the keyboard, the Spam list, "Not spam" and a blocked customer's next conversation.</summary>
public sealed class SpamTests(BrowserFixture browser) : BrowserTest(browser)
{
    [Fact]
    public Task An_agent_marks_spam_blocks_the_sender_and_takes_it_back() => Ui(async () =>
    {
        await PostEmailAsync("Zoe <zoe@customer.test>", "Refund", "Where is my refund?");
        await PostEmailAsync("Cheap Pills <pills@spam.test>", "BUY NOW", "Cheap pills, best price");
        var page = await LoggedInPageAsync(lang: "fr");
        var colleague = await LoggedInPageAsync();
        await Expect(colleague.Locator(".conv")).ToHaveCountAsync(2);
        await OpenConversationAsync(page, "BUY NOW");

        // `!` asks; the sender is blocked too.
        await page.Keyboard.PressAsync("!");
        await Expect(page.Locator("#spam-dialog")).ToContainTextAsync("Bloquer aussi Cheap Pills");
        await page.CheckAsync("#spam-block");
        await page.ClickAsync("#spam-confirm");
        await Expect(page.Locator("#spam-banner")).ToContainTextAsync("Indésirable (marquée à l’instant)");
        await Expect(page.Locator("#blocked")).ToContainTextAsync("Bloqué");
        // Out of every list, live for a colleague too; the Spam list has it.
        await Expect(page.Locator(".conv")).ToHaveCountAsync(1);
        await Expect(colleague.Locator(".conv")).ToHaveCountAsync(1);
        await Expect(colleague.Locator(".conv")).ToContainTextAsync("Refund");
        await colleague.SelectOptionAsync("#f-status", "spam");
        await Expect(colleague.Locator(".conv")).ToHaveCountAsync(1);
        await Expect(colleague.Locator(".conv")).ToContainTextAsync("BUY NOW");

        // The blocked sender's next conversation goes straight there, live.
        await PostEmailAsync("Cheap Pills <pills@spam.test>", "Offer", "Another offer");
        await Expect(colleague.Locator(".conv")).ToHaveCountAsync(2);
        await Expect(page.Locator(".conv")).ToHaveCountAsync(1);
        // The customers directory says who is blocked.
        await colleague.ClickAsync(".nav-link[data-view=customers]");
        await Expect(colleague.Locator(".customer-row", new() { HasText = "Cheap Pills" }).Locator(".customer-blocked")).ToHaveTextAsync("Blocked");
        await Expect(colleague.Locator(".customer-row", new() { HasText = "Zoe" }).Locator(".customer-blocked")).ToHaveCountAsync(0);
        await colleague.ClickAsync(".nav-link[data-view=inbox]");
        await Expect(colleague.Locator(".conv")).ToHaveCountAsync(2);

        // Not spam: back in the inbox, the sender unblocked.
        await page.ClickAsync("#not-spam");
        await Expect(page.Locator("#spam-banner")).ToHaveCountAsync(0);
        await Expect(page.Locator("#blocked")).ToHaveCountAsync(0);
        await Expect(page.Locator("#spam-button")).ToBeVisibleAsync();
        await Expect(page.Locator(".conv")).ToHaveCountAsync(2);
        await Expect(colleague.Locator(".conv")).ToHaveCountAsync(1);
        await Expect(colleague.Locator(".conv")).ToContainTextAsync("Offer");
        // The thread's history says who did what.
        await Expect(page.Locator(".msg-event[data-action=spam]")).ToContainTextAsync("admin l’a marquée comme indésirable");
        await Expect(page.Locator(".msg-event[data-action=not_spam]")).ToContainTextAsync("admin l’a sortie des indésirables");

        // The shortcut list names the key; Cancel leaves it as it was.
        await page.Keyboard.PressAsync("!");
        await page.ClickAsync("#spam-cancel");
        await Expect(page.Locator("#spam-dialog")).Not.ToBeVisibleAsync();
        await Expect(page.Locator("#spam-banner")).ToHaveCountAsync(0);
        await page.Keyboard.PressAsync("?");
        await Expect(page.Locator("#shortcuts")).ToContainTextAsync("Marquer la conversation comme indésirable");
    });

    [Fact]
    public Task Several_conversations_go_to_spam_at_once() => Ui(async () =>
    {
        await PostEmailAsync("Zoe <zoe@customer.test>", "Refund", "Where is my refund?");
        await PostEmailAsync("Deals <deals@spam.test>", "Offer one", "Buy");
        await PostEmailAsync("Promo <promo@spam.test>", "Offer two", "Buy more");
        var page = await LoggedInPageAsync();
        await Expect(page.Locator(".conv")).ToHaveCountAsync(3);
        await page.Locator(".conv", new() { HasText = "Offer one" }).Locator(".bulk-pick").CheckAsync();
        await page.Locator(".conv", new() { HasText = "Offer two" }).Locator(".bulk-pick").CheckAsync();
        await page.ClickAsync("#bulk-spam");
        await Expect(page.Locator(".conv")).ToHaveCountAsync(1);
        await Expect(page.Locator(".conv")).ToContainTextAsync("Refund");
        await Expect(page.Locator("#bulk-bar")).ToBeHiddenAsync();
        await page.SelectOptionAsync("#f-status", "spam");
        await Expect(page.Locator(".conv")).ToHaveCountAsync(2);
    });
}
