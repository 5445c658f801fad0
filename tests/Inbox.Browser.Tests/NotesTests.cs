using Inbox.Browser.Tests.Support;
using Inbox.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Inbox.Browser.Tests;

/// <summary>
/// Internal notes (notes.js): one agent writes a note from the keyboard, another with the conversation open sees it
/// without reloading, in French; a customer message arriving meanwhile does not cost a note being typed.
/// </summary>
public sealed class NotesTests(BrowserFixture browser) : BrowserTest(browser)
{
    [Fact]
    public Task A_note_written_by_one_agent_appears_live_for_another() => Ui(async () =>
    {
        await CreateAgentAsync("amy", "agent");
        await CreateAgentAsync("ben", "agent");
        await PostEmailAsync("Zoé Martin <zoe@customer.test>", "Remboursement", "Où en est mon remboursement ?", messageId: "first@customer.test");
        var amy = await LoggedInPageAsync("amy");
        var ben = await LoggedInPageAsync("ben", lang: "fr");
        await OpenConversationAsync(amy, "Remboursement");
        await OpenConversationAsync(ben, "Remboursement");
        await Expect(ben.Locator(".notes-panel h4")).ToHaveTextAsync("Notes internes");
        await Expect(ben.Locator("#notes")).ToHaveTextAsync("Aucune note.");

        // n focuses the note box; a customer message arriving while Amy types keeps her words and her place.
        await LeaveFieldsAsync(amy);
        await amy.Keyboard.PressAsync("n");
        await Expect(amy.Locator("#note")).ToBeFocusedAsync();
        await amy.Keyboard.TypeAsync("Elle a appelé :");
        await PostEmailAsync("Zoé Martin <zoe@customer.test>", "Re: Remboursement", "Je vous ai aussi appelés.", messageId: "second@customer.test", inReplyTo: "first@customer.test");
        await Expect(amy.Locator("#messages .msg")).ToHaveCountAsync(2);
        await Expect(amy.Locator("#note")).ToHaveValueAsync("Elle a appelé :");
        await Expect(amy.Locator("#note")).ToBeFocusedAsync();
        await amy.Keyboard.TypeAsync(" remboursement validé.");
        await amy.Keyboard.PressAsync("Control+Enter");
        await Expect(amy.Locator("#note")).ToHaveValueAsync("");

        // Ben sees it at once, with the author; nothing was sent to the customer.
        var note = ben.Locator("#notes .note");
        await Expect(note).ToHaveCountAsync(1);
        await Expect(note.Locator(".note-text")).ToHaveTextAsync("Elle a appelé : remboursement validé.");
        await Expect(note.Locator(".note-meta")).ToContainTextAsync("amy");
        await Expect(amy.Locator("#notes .note")).ToHaveCountAsync(1);
        await Expect(ben.Locator("#messages .msg.out")).ToHaveCountAsync(0);

        // Read again when the conversation is opened later.
        var later = await LoggedInPageAsync("amy");
        await OpenConversationAsync(later, "Remboursement");
        await Expect(later.Locator("#notes .note .note-text")).ToHaveTextAsync("Elle a appelé : remboursement validé.");
    });
}
