using Inbox.Browser.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Inbox.Browser.Tests;

/// <summary>Two agents in two browser contexts on the same conversation.</summary>
public sealed class CollisionTests(BrowserFixture browser) : BrowserTest(browser)
{
    [Fact]
    public Task Each_agent_sees_the_other_viewing_and_typing() => Ui(async () =>
    {
        await CreateAgentAsync("amy", "agent");
        await PostEmailAsync("Leo <leo@customer.test>", "Broken zipper", "The zipper broke after a week.");
        var admin = await LoggedInPageAsync();
        var amy = await LoggedInPageAsync("amy");
        await OpenConversationAsync(admin, "Broken zipper");
        await OpenConversationAsync(amy, "Broken zipper");

        await Expect(admin.Locator("#presence")).ToHaveTextAsync("Also viewing: amy");
        await Expect(amy.Locator("#presence")).ToHaveTextAsync("Also viewing: admin");

        await amy.Locator("#reply").PressSequentiallyAsync("We will replace it");
        await Expect(admin.Locator("#typing")).ToHaveTextAsync("amy typing…");
        await Expect(amy.Locator("#typing")).ToHaveTextAsync("");
        await Expect(admin.Locator("#typing")).ToHaveTextAsync("", new() { Timeout = 10_000 }); // fades when she stops

        await amy.ClickAsync("#assign-me");
        await Expect(admin.Locator("#assignee")).ToHaveTextAsync("Assigned to amy");

        await amy.GotoAsync("about:blank"); // amy leaves
        await Expect(admin.Locator("#presence")).ToHaveTextAsync("");
    });

    [Fact]
    public Task A_reply_written_before_a_new_customer_message_is_held_until_confirmed() => Ui(async () =>
    {
        await PostEmailAsync("Mia <mia@customer.test>", "Cancel order 90", "Please cancel order 90.", messageId: "mia-1@customer.test");
        var page = await LoggedInPageAsync(lang: "fr");
        await OpenConversationAsync(page, "Cancel order 90");
        await page.FillAsync("#reply", "C'est annulé.");

        await PostEmailAsync("Mia <mia@customer.test>", "Re: Cancel order 90", "Finalement ne l'annulez pas !", inReplyTo: "mia-1@customer.test");
        await Expect(page.Locator("#thread .msg.in")).ToHaveCountAsync(2);
        await page.ClickAsync("#send");
        await Expect(page.Locator("#compose-notes .warnbox")).ToContainTextAsync("La conversation a changé depuis votre lecture (1 nouveau(x) message(s))");
        await Expect(page.Locator("#thread .msg.out")).ToHaveCountAsync(0);

        await page.ClickAsync("#confirm-send");
        await Expect(page.Locator("#thread .msg.out .body")).ToHaveTextAsync("C'est annulé.");
    });
}
