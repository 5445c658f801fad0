using Inbox.Browser.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Inbox.Browser.Tests;

/// <summary>A lead writes rules; new conversations arrive tagged, prioritised or in Spam; an agent changes a priority and sorts by it.</summary>
public sealed class RulesTests(BrowserFixture browser) : BrowserTest(browser)
{
    [Fact]
    public Task A_lead_writes_rules_and_new_conversations_arrive_triaged() => Ui(async () =>
    {
        var page = await LoggedInPageAsync();
        await page.ClickAsync(".nav-link[data-view=rules]");
        await Expect(page.Locator("#rule-rows")).ToContainTextAsync("No rule yet.");

        await page.ClickAsync("#rule-new");
        await page.FillAsync("#rule-name", "Refunds");
        await page.FillAsync("#rule-words", "refund, remboursement");
        await page.FillAsync("#rule-tags", "refund");
        await page.SelectOptionAsync("#rule-priority", "high");
        await page.ClickAsync("#rule-save");
        var refunds = page.Locator(".rule-row", new() { HasText = "Refunds" });
        await Expect(refunds.Locator(".rule-when")).ToHaveTextAsync("mentions refund, remboursement");
        await Expect(refunds.Locator(".rule-then")).ToHaveTextAsync("→ tags refund · priority high");

        await page.ClickAsync("#rule-new");
        await page.FillAsync("#rule-name", "Junk");
        await page.FillAsync("#rule-sender", "spam.test");
        await page.CheckAsync("#rule-spam");
        await Expect(page.Locator("#rule-tags")).ToBeDisabledAsync();
        await page.ClickAsync("#rule-save");
        await page.Locator(".rule-row", new() { HasText = "Junk" }).Locator(".rule-up").ClickAsync();
        await Expect(page.Locator(".rule-row .rule-name")).ToHaveTextAsync(["Junk", "Refunds"]);

        // Refused with the reason: a rule that does nothing.
        await page.ClickAsync("#rule-new");
        await page.FillAsync("#rule-name", "Nothing");
        await page.ClickAsync("#rule-save");
        await Expect(page.Locator("#rules-status")).ToContainTextAsync("a rule does something");
        await page.ClickAsync("#rule-cancel");

        await PostEmailAsync("Zoe <zoe@customer.test>", "Where is my refund", "Still waiting.");
        await PostEmailAsync("Sam <sam@customer.test>", "Question", "How do I log in?");
        await PostEmailAsync("Deals <deals@spam.test>", "Refund guaranteed", "Buy now");
        await page.ClickAsync(".nav-link[data-view=inbox]");
        await Expect(page.Locator(".conv")).ToHaveCountAsync(2); // the third is in Spam
        var zoe = page.Locator(".conv", new() { HasText = "Where is my refund" });
        await Expect(zoe.Locator(".tag.prio-high")).ToHaveTextAsync("High");
        await OpenConversationAsync(page, "Where is my refund");
        await Expect(page.Locator("#priority")).ToHaveValueAsync("2");
        await Expect(page.Locator(".msg-event[data-action=tags]")).ToContainTextAsync("Rule “Refunds” tagged it: refund");

        // Urgent by hand: the row says so and "Priority first" puts it on top.
        await page.SelectOptionAsync("#f-sort", "priority");
        await OpenConversationAsync(page, "Question");
        await page.SelectOptionAsync("#priority", "3");
        await Expect(page.Locator(".conv").First).ToContainTextAsync("Question");
        await Expect(page.Locator(".conv").First.Locator(".tag.prio-urgent")).ToHaveTextAsync("Urgent");
        await Expect(page.Locator(".msg-event[data-action=priority]")).ToContainTextAsync("admin set its priority to urgent");
        await page.SelectOptionAsync("#f-status", "spam");
        await Expect(page.Locator(".conv")).ToHaveCountAsync(1);
        await Expect(page.Locator(".conv")).ToContainTextAsync("Refund guaranteed");

        // The rules say how often they acted.
        await page.ClickAsync(".nav-link[data-view=rules]");
        await Expect(page.Locator(".rule-row", new() { HasText = "Junk" }).Locator(".rule-used")).ToContainTextAsync("Acted on 1");
        await Expect(page.Locator(".rule-row", new() { HasText = "Refunds" }).Locator(".rule-used")).ToContainTextAsync("Acted on 1");
    });
}
