using Inbox.Browser.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Inbox.Browser.Tests;

/// <summary>Printing a conversation (print.js and the print styles): the button prints; on paper, the thread alone.</summary>
public sealed class PrintTests(BrowserFixture browser) : BrowserTest(browser)
{
    [Fact]
    public Task A_conversation_prints_as_its_thread_alone() => Ui(async () =>
    {
        await PostEmailAsync("Zoé Martin <zoe@customer.test>", "Refund", "Where is my refund?");
        var page = await LoggedInPageAsync(lang: "fr");
        await page.Context.AddInitScriptAsync("window.__printed = 0; window.print = () => { window.__printed++; };");
        await page.ReloadAsync();
        await OpenConversationAsync(page, "Refund");
        await page.ClickAsync("#print-conversation");
        Assert.Equal(1, await page.EvaluateAsync<int>("() => window.__printed"));

        await page.EmulateMediaAsync(new() { Media = Media.Print });
        await Expect(page.Locator("#conv-list")).ToBeHiddenAsync();
        await Expect(page.Locator("#side")).ToBeHiddenAsync();
        await Expect(page.Locator("#reply")).ToBeHiddenAsync();
        await Expect(page.Locator("#print-conversation")).ToBeHiddenAsync();
        await Expect(page.Locator("#messages .msg")).ToContainTextAsync("Where is my refund?");
        await Expect(page.Locator(".print-customer")).ToHaveTextAsync("Zoé Martin");
        await page.EmulateMediaAsync(new() { Media = Media.Screen });
        await Expect(page.Locator(".print-customer")).ToBeHiddenAsync();
    });
}
