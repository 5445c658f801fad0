using Inbox.Browser.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Inbox.Browser.Tests;

/// <summary>A note's author corrects it in place, then withdraws it (notes.js); a colleague with the conversation open follows.</summary>
public sealed class NoteEditTests(BrowserFixture browser) : BrowserTest(browser)
{
    [Fact]
    public Task The_author_corrects_then_withdraws_a_note_and_a_colleague_follows_live() => Ui(async () =>
    {
        await CreateAgentAsync("amy", "agent");
        await CreateAgentAsync("ben", "agent");
        await PostEmailAsync("zoe@customer.test", "Refund", "Where is my refund?");
        var amy = await LoggedInPageAsync("amy", lang: "fr");
        var ben = await LoggedInPageAsync("ben", lang: "fr");
        await OpenConversationAsync(amy, "Refund");
        await OpenConversationAsync(ben, "Refund");
        await amy.FillAsync("#note", "Remboursement de 40 € validé");
        await amy.ClickAsync("#add-note");
        var benNote = ben.Locator("#notes .note");
        await Expect(benNote.Locator(".note-text")).ToHaveTextAsync("Remboursement de 40 € validé");
        await Expect(benNote.Locator(".note-edit")).ToHaveCountAsync(0); // only its author changes a note

        await amy.ClickAsync("#notes .note .note-edit");
        await amy.FillAsync("#notes .note-edit-box", "Remboursement de 45 € validé");
        await amy.PressAsync("#notes .note-edit-box", "Control+Enter");
        await Expect(amy.Locator("#notes .note .note-text")).ToHaveTextAsync("Remboursement de 45 € validé");
        await Expect(benNote.Locator(".note-text")).ToHaveTextAsync("Remboursement de 45 € validé");
        await Expect(benNote.Locator(".note-meta")).ToContainTextAsync("modifiée");

        amy.Dialog += (_, dialog) => dialog.AcceptAsync();
        await amy.ClickAsync("#notes .note .note-withdraw");
        await Expect(benNote).ToContainTextAsync("Note retirée par son auteur");
        await Expect(benNote.Locator(".note-text")).ToHaveCountAsync(0);
        await Expect(amy.Locator("#notes .note .note-edit")).ToHaveCountAsync(0);
    });
}
