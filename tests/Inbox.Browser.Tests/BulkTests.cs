using Inbox.Browser.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Inbox.Browser.Tests;

/// <summary>Several conversations at once (bulk.js): picked with the row's box or x, then closed or assigned together.</summary>
public sealed class BulkTests(BrowserFixture browser) : BrowserTest(browser)
{
    [Fact]
    public Task Picked_conversations_are_closed_and_assigned_together() => Ui(async () =>
    {
        await PostEmailAsync("zoe@customer.test", "Refund", "Where is my refund?");
        await PostEmailAsync("sam@customer.test", "Parcel", "Where is my parcel?");
        await PostEmailAsync("lea@customer.test", "Card", "My card is blocked.");
        var page = await LoggedInPageAsync();
        var row = (string text) => page.Locator("#conv-list .conv", new() { HasText = text });
        await Expect(page.Locator("#bulk-bar")).ToBeHiddenAsync();

        // One by its box, one by x on the open conversation.
        await row("Refund").Locator(".bulk-pick").CheckAsync();
        await OpenConversationAsync(page, "Parcel");
        await LeaveFieldsAsync(page);
        await page.Keyboard.PressAsync("x");
        await Expect(page.Locator("#bulk-count")).ToHaveTextAsync("2 selected");
        await Expect(row("Parcel").Locator(".bulk-pick")).ToBeCheckedAsync();

        await page.ClickAsync("#bulk-close");
        await Expect(row("Refund")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex(@"\bclosed\b"));
        await Expect(row("Parcel")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex(@"\bclosed\b"));
        await Expect(row("Card")).Not.ToHaveClassAsync(new System.Text.RegularExpressions.Regex(@"\bclosed\b"));
        await Expect(page.Locator("#bulk-bar")).ToBeHiddenAsync();
        await Expect(page.Locator("#conv-status")).ToHaveTextAsync("Closed"); // the open one's header follows

        // Picked again and assigned to me: the queue "Assigned to me" now shows them.
        await row("Refund").Locator(".bulk-pick").CheckAsync();
        await row("Card").Locator(".bulk-pick").CheckAsync();
        await page.ClickAsync("#bulk-assign");
        await Expect(page.Locator("#bulk-bar")).ToBeHiddenAsync();
        await page.SelectOptionAsync("#f-assigned", "me");
        await Expect(page.Locator("#conv-list .conv")).ToHaveCountAsync(2);
    });
}
