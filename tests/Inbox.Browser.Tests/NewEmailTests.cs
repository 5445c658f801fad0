using System.Net.Http.Json;
using Inbox.Browser.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Inbox.Browser.Tests;

/// <summary>
/// An agent starts a conversation by email (new-email.js): Shift+N or the button over the list, a first draft that
/// contradicts the team's reference answer is held for confirmation, then the new conversation opens, pending.
/// </summary>
public sealed class NewEmailTests(BrowserFixture browser) : BrowserTest(browser)
{
    [Fact]
    public Task An_agent_writes_a_new_email_and_its_conversation_opens() => Ui(async () =>
    {
        using (var admin = await Server.LoginAsync())
            (await admin.Http.PostAsJsonAsync("/api/saved-replies", new { title = "Délai de remboursement", body = "Le remboursement est fait sous 14 jours.", reference = true }))
                .EnsureSuccessStatusCode();
        await PostEmailAsync("zoe@customer.test", "Refund", "Where is my refund?");
        var page = await LoggedInPageAsync(lang: "fr");
        await page.Keyboard.PressAsync("Shift+N");
        await Expect(page.Locator("#new-email-dialog")).ToBeVisibleAsync();
        await Expect(page.Locator("#ne-to")).ToBeFocusedAsync();
        await page.FillAsync("#ne-to", "Sam Petit <sam@customer.test>");
        await page.FillAsync("#ne-subject", "Votre remboursement");
        await page.FillAsync("#ne-text", "Bonjour Sam, votre remboursement sera fait sous 30 jours.");
        await page.ClickAsync("#ne-send");
        await Expect(page.Locator("#ne-note")).ToContainTextAsync("réponse de référence");
        await Expect(page.Locator("#ne-send")).ToHaveTextAsync("Envoyer quand même");
        await page.ClickAsync("#ne-send");

        await Expect(page.Locator("#new-email-dialog")).ToHaveCountAsync(0);
        await Expect(page.Locator(".thread-head h2")).ToHaveTextAsync("Votre remboursement");
        await Expect(page.Locator("#conv-status")).ToHaveTextAsync("En attente");
        await Expect(page.Locator("#messages .msg.out")).ToContainTextAsync("sous 30 jours");
        await Expect(page.Locator("#conv-list .conv", new() { HasText = "Votre remboursement" })).ToHaveCountAsync(1);
        await Expect(page.Locator("#conv-list .conv")).ToHaveCountAsync(2);
    });

    [Fact]
    public Task A_new_email_to_no_address_says_why_and_stores_nothing() => Ui(async () =>
    {
        await PostEmailAsync("zoe@customer.test", "Refund", "Where is my refund?");
        var page = await LoggedInPageAsync();
        await page.ClickAsync("#new-email");
        await page.FillAsync("#ne-to", "sam at customer");
        await page.FillAsync("#ne-subject", "Hello");
        await page.FillAsync("#ne-text", "Hello Sam.");
        await page.ClickAsync("#ne-send");
        await Expect(page.Locator("#ne-note")).ToHaveTextAsync("'sam at customer' is not an email address");
        await page.ClickAsync("#new-email-dialog button:has-text('Cancel')");
        await Expect(page.Locator("#conv-list .conv")).ToHaveCountAsync(1);
    });
}
