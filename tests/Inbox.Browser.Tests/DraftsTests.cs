using Inbox.Browser.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Inbox.Browser.Tests;

/// <summary>A reply being written survives leaving the conversation and a reload; colleagues see that it is being written.</summary>
public sealed class DraftsTests(BrowserFixture browser) : BrowserTest(browser)
{
    [Fact]
    public Task A_draft_comes_back_after_another_conversation_and_a_reload_and_colleagues_see_it() => Ui(async () =>
    {
        await CreateAgentAsync("amy", "agent");
        await PostEmailAsync("Leo <leo@customer.test>", "Broken zipper", "The zipper broke after a week.");
        await PostEmailAsync("Ana <ana@customer.test>", "Late parcel", "My parcel is late.");
        var amy = await LoggedInPageAsync("amy");
        await OpenConversationAsync(amy, "Broken zipper");
        await amy.Locator("#reply").PressSequentiallyAsync("We will replace it");
        await Expect(amy.Locator("#draft-state")).ToHaveTextAsync("Draft saved");

        // Another conversation, then back: the row says so, and the box has it again.
        await OpenConversationAsync(amy, "Late parcel");
        await Expect(amy.Locator("#reply")).ToHaveValueAsync("");
        var zipperRow = amy.Locator(".conv", new() { HasText = "Broken zipper" });
        await Expect(zipperRow.Locator(".draft-mark")).ToHaveTextAsync("Draft");
        await OpenConversationAsync(amy, "Broken zipper");
        await Expect(amy.Locator("#reply")).ToHaveValueAsync("We will replace it");
        await Expect(amy.Locator(".compose .counter")).ToHaveTextAsync("18 characters");

        // A reload (or another computer) keeps it; more words are saved too.
        await amy.Locator("#reply").PressSequentiallyAsync(" this week.");
        await Expect(amy.Locator("#draft-state")).ToHaveTextAsync("Draft saved");
        await amy.ReloadAsync();
        await Expect(amy.Locator(".conv", new() { HasText = "Broken zipper" }).Locator(".draft-mark")).ToBeVisibleAsync();
        await OpenConversationAsync(amy, "Broken zipper");
        await Expect(amy.Locator("#reply")).ToHaveValueAsync("We will replace it this week.");

        // A colleague opening it sees who is writing there (not what).
        var admin = await LoggedInPageAsync(lang: "fr");
        await OpenConversationAsync(admin, "Broken zipper");
        await Expect(admin.Locator("#draft-holders")).ToContainTextAsync("Réponse en cours, pas encore envoyée : amy");
        await Expect(admin.Locator("#draft-holders")).Not.ToContainTextAsync("replace");
        await Expect(admin.Locator("#reply")).ToHaveValueAsync("");
        await Expect(admin.Locator(".conv", new() { HasText = "Broken zipper" }).Locator(".draft-mark")).ToHaveCountAsync(0);

        // Sent: the draft is the reply; the mark and the colleague's line go, and a reload brings nothing back.
        await amy.ClickAsync("#send");
        await Expect(amy.Locator("#thread .msg.out .body")).ToHaveTextAsync("We will replace it this week.");
        await Expect(zipperRow.Locator(".draft-mark")).ToHaveCountAsync(0);
        await Expect(admin.Locator("#draft-holders")).ToBeHiddenAsync();
        await amy.ReloadAsync();
        await OpenConversationAsync(amy, "Broken zipper");
        await Expect(amy.Locator("#reply")).ToHaveValueAsync("");
        await Expect(amy.Locator("#draft-state")).ToHaveTextAsync("");
    });
}
