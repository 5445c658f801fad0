using Inbox.Browser.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Inbox.Browser.Tests;

/// <summary>The agent's email signature (signature.js): set from the header, announced in an email's compose box, shown under the sent reply.</summary>
public sealed class SignatureTests(BrowserFixture browser) : BrowserTest(browser)
{
    [Fact]
    public Task An_agent_sets_a_signature_and_sees_it_under_an_email_reply() => Ui(async () =>
    {
        await PostEmailAsync("Zoé Martin <zoe@customer.test>", "Remboursement", "Où en est mon remboursement ?", messageId: "z1@customer.test");
        var page = await LoggedInPageAsync(lang: "fr");
        await OpenConversationAsync(page, "Remboursement");
        await Expect(page.Locator(".compose-signature")).ToHaveTextAsync("Pas de signature (votre nom, en haut à droite, pour en ajouter une)");

        await page.ClickAsync("#account summary"); // the agent's own menu
        await page.ClickAsync("#signature-open");
        await Expect(page.Locator("#signature-dialog h2")).ToHaveTextAsync("Ma signature e-mail");
        await page.FillAsync("#signature-text", "Amy Durand\nService client");
        await page.ClickAsync("#signature-save");
        await Expect(page.Locator("#signature-dialog")).ToHaveCountAsync(0);
        await Expect(page.Locator(".compose-signature")).ToHaveTextAsync("Votre signature est ajoutée : Amy Durand …");

        await page.FillAsync("#reply", "Le virement part aujourd'hui.");
        await page.ClickAsync("#send");
        var sent = page.Locator("#messages .msg.out");
        await Expect(sent.Locator(".body")).ToHaveTextAsync("Le virement part aujourd'hui.");
        await Expect(sent.Locator(".signature")).ToHaveTextAsync("-- Amy Durand Service client");

        // Read back when the editor opens again.
        await page.ClickAsync("#account summary"); // the agent's own menu
        await page.ClickAsync("#signature-open");
        await Expect(page.Locator("#signature-text")).ToHaveValueAsync("Amy Durand\nService client");
    });
}
