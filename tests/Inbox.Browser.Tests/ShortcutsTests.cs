using Inbox.Browser.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Inbox.Browser.Tests;

/// <summary>`?` lists the keyboard shortcuts in the page's language; a and e assign and close the open conversation; in a
/// text field each is just a character.</summary>
public sealed class ShortcutsTests(BrowserFixture browser) : BrowserTest(browser)
{
    [Fact]
    public Task The_question_mark_lists_the_shortcuts_and_Esc_closes_them() => Ui(async () =>
    {
        await PostEmailAsync("zoe@customer.test", "Remboursement", "Où en est mon remboursement ?");
        var page = await LoggedInPageAsync(lang: "fr");
        await Expect(page.Locator("#thread .placeholder")).ToContainTextAsync("? pour tous les raccourcis");

        await page.Keyboard.PressAsync("?");
        var dialog = page.Locator("#shortcuts");
        await Expect(dialog).ToBeVisibleAsync();
        await Expect(dialog.Locator("h2")).ToHaveTextAsync("Raccourcis clavier");
        await Expect(dialog.Locator("tr")).ToHaveCountAsync(18);
        await Expect(dialog.Locator("tr", new() { HasText = "L’annuaire des clients" }).Locator("kbd")).ToHaveTextAsync(["Shift", "C"]);
        await Expect(dialog.Locator("tr", new() { HasText = "Insérer une réponse enregistrée" }).Locator("kbd")).ToHaveTextAsync("s");
        await page.Keyboard.PressAsync("Escape");
        await Expect(dialog).Not.ToBeVisibleAsync();

        // a assigns the open conversation to me; e closes it and reopens it, and the header says so at once.
        await OpenConversationAsync(page, "Remboursement");
        await page.Keyboard.PressAsync("a");
        await Expect(page.Locator("#assignee")).ToHaveTextAsync("Assignée à admin");
        await page.Keyboard.PressAsync("e");
        await Expect(page.Locator("#conv-status")).ToHaveTextAsync("Fermée");
        await Expect(page.Locator("#toggle-status")).ToHaveTextAsync("Rouvrir");
        await page.Keyboard.PressAsync("e");
        await Expect(page.Locator("#conv-status")).ToHaveTextAsync("Ouverte");
        await Expect(page.Locator("#toggle-status")).ToHaveTextAsync("Fermer");

        // Typed in the reply, it is a question mark.
        await page.FocusAsync("#reply");
        await page.Keyboard.TypeAsync("Bien reçu ?");
        await Expect(page.Locator("#reply")).ToHaveValueAsync("Bien reçu ?");
        await Expect(dialog).Not.ToBeVisibleAsync();
    });
}
