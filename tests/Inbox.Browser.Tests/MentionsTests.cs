using Inbox.Browser.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Inbox.Browser.Tests;

/// <summary>
/// @mentions (mentions.js): "@be" in the note box offers Ben; the agent named sees the @ count rise live, lists the
/// mention and opens the conversation from it.
/// </summary>
public sealed class MentionsTests(BrowserFixture browser) : BrowserTest(browser)
{
    [Fact]
    public Task A_mention_reaches_the_agent_named_and_opens_its_conversation() => Ui(async () =>
    {
        await CreateAgentAsync("amy", "agent");
        await CreateAgentAsync("ben", "agent");
        await PostEmailAsync("Zoé Martin <zoe@customer.test>", "Remboursement", "Où en est mon remboursement ?", messageId: "z1@customer.test");
        await PostEmailAsync("Sam Petit <sam@customer.test>", "Colis", "Mon colis est en retard.", messageId: "s1@customer.test");
        var amy = await LoggedInPageAsync("amy");
        var ben = await LoggedInPageAsync("ben", lang: "fr");
        await OpenConversationAsync(ben, "Colis"); // Ben is busy elsewhere
        await Expect(ben.Locator("#mentions-count")).ToBeHiddenAsync();

        await OpenConversationAsync(amy, "Remboursement");
        // "@be" offers Ben; Enter puts his username in.
        await amy.ClickAsync("#note");
        await amy.Keyboard.TypeAsync("@be");
        var suggestions = amy.Locator("#mention-suggest li");
        await Expect(suggestions).ToHaveCountAsync(1);
        await Expect(suggestions).ToContainTextAsync("@ben");
        await amy.Keyboard.PressAsync("Enter");
        await Expect(amy.Locator("#note")).ToHaveValueAsync("@ben ");
        await Expect(amy.Locator("#mention-suggest")).ToBeHiddenAsync();
        await amy.Keyboard.TypeAsync("peux-tu valider le remboursement ?");
        await amy.ClickAsync("#add-note");
        await Expect(amy.Locator("#notes .note-text .mention")).ToHaveTextAsync("@ben");

        await Expect(ben.Locator("#mentions-count")).ToHaveTextAsync("1");
        await ben.ClickAsync("#mentions-open");
        var item = ben.Locator("#mentions-panel .mention-item");
        await Expect(item).ToHaveCountAsync(1);
        await Expect(item.Locator(".mention-meta")).ToContainTextAsync("amy dans « Remboursement »");
        await Expect(item.Locator(".mention-text")).ToHaveTextAsync("@ben peux-tu valider le remboursement ?");
        await item.ClickAsync();
        await Expect(ben.Locator(".thread-head h2")).ToHaveTextAsync("Remboursement");
        await Expect(ben.Locator("#mentions-count")).ToBeHiddenAsync();

        // Seen: still so after a reload.
        await ben.ReloadAsync();
        await Expect(ben.Locator("#mentions-open")).ToBeVisibleAsync();
        await Expect(ben.Locator("#mentions-count")).ToBeHiddenAsync();
    });
}
