using Inbox.Browser.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Inbox.Browser.Tests;

/// <summary>The conversation's history in its thread (history.js): who took it and closed it, live, in French.</summary>
public sealed class HistoryTests(BrowserFixture browser) : BrowserTest(browser)
{
    [Fact]
    public Task The_thread_says_who_assigned_and_closed_the_conversation() => Ui(async () =>
    {
        await CreateAgentAsync("amy", "agent");
        await PostEmailAsync("zoe@customer.test", "Refund", "Where is my refund?");
        var page = await LoggedInPageAsync("amy", lang: "fr");
        var colleague = await LoggedInPageAsync();
        await OpenConversationAsync(colleague, "Refund");
        await OpenConversationAsync(page, "Refund");
        await Expect(page.Locator("#messages .msg-event")).ToHaveCountAsync(0);

        await page.ClickAsync("#assign-me");
        await page.ClickAsync("#toggle-status");
        var events = page.Locator("#messages .msg-event");
        await Expect(events).ToHaveCountAsync(2);
        await Expect(events.Nth(0)).ToContainTextAsync("amy l’a assignée à amy");
        await Expect(events.Nth(1)).ToContainTextAsync("amy l’a fermée");
        // After the customer's message, in order; and the colleague's open thread shows them too, without a reload.
        await Expect(page.Locator("#messages > li").First).ToHaveClassAsync(new System.Text.RegularExpressions.Regex(@"\bmsg\b"));
        await Expect(colleague.Locator("#messages .msg-event")).ToHaveCountAsync(2);
        await Expect(colleague.Locator("#messages .msg-event").Nth(1)).ToContainTextAsync("amy closed it");
    });
}
