using Inbox.Browser.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Inbox.Browser.Tests;

/// <summary>Naming a customer from the side panel (customer.js): the panel and every agent's rows show the new name.</summary>
public sealed class CustomerNameTests(BrowserFixture browser) : BrowserTest(browser)
{
    [Fact]
    public Task An_agent_names_a_customer_and_a_colleague_sees_it_live() => Ui(async () =>
    {
        await CreateAgentAsync("amy", "agent");
        await PostEmailAsync("bluefox42@customer.test", "Refund", "Where is my refund?");
        var page = await LoggedInPageAsync("amy", lang: "fr");
        var colleague = await LoggedInPageAsync();
        await OpenConversationAsync(colleague, "Refund");
        await OpenConversationAsync(page, "Refund");

        await page.ClickAsync("#customer-rename");
        await page.FillAsync("#customer-name", "");
        await page.PressAsync("#customer-name", "Enter");
        await Expect(page.Locator("#customer-name-error")).ToHaveTextAsync("le nom ne peut pas être vide");
        await page.FillAsync("#customer-name", "Marie Dubois");
        await page.PressAsync("#customer-name", "Enter");
        await Expect(page.Locator("#side .cust-name")).ToHaveTextAsync("Marie Dubois");
        await Expect(page.Locator("#conv-list .conv", new() { HasText = "Refund" }).Locator(".who")).ToHaveTextAsync("Marie Dubois");

        // The colleague's row and open panel follow without a reload.
        await Expect(colleague.Locator("#conv-list .conv", new() { HasText = "Refund" }).Locator(".who")).ToHaveTextAsync("Marie Dubois");
        await Expect(colleague.Locator("#side .cust-name")).ToHaveTextAsync("Marie Dubois");
    });

    [Fact]
    public Task The_teams_note_on_a_customer_shows_in_their_other_conversation_and_in_a_colleagues_panel_live() => Ui(async () =>
    {
        await PostEmailAsync("zoe@customer.test", "Refund", "Where is my refund?");
        await PostEmailAsync("zoe@customer.test", "Parcel", "And my parcel?");
        await CreateAgentAsync("amy", "agent");
        var colleague = await LoggedInPageAsync("amy");
        await OpenConversationAsync(colleague, "Parcel");
        var page = await LoggedInPageAsync(lang: "fr");
        await OpenConversationAsync(page, "Refund");
        await page.FillAsync("#customer-note", "Préfère être appelée l'après-midi.");
        await page.PressAsync("#customer-note", "Control+Enter");
        await Expect(page.Locator("#customer-note-status")).ToHaveTextAsync("Enregistré.");
        await Expect(colleague.Locator("#customer-note")).ToHaveValueAsync("Préfère être appelée l'après-midi."); // live, in her other conversation
        await OpenConversationAsync(page, "Parcel");
        await Expect(page.Locator("#customer-note")).ToHaveValueAsync("Préfère être appelée l'après-midi.");

        // Both typing at once: the colleague saves first; saving over it shows theirs, and the agent chooses.
        await page.FillAsync("#customer-note", "Appeler le matin.");
        await colleague.FillAsync("#customer-note", "VIP since 2019.");
        await colleague.PressAsync("#customer-note", "Control+Enter");
        await Expect(colleague.Locator("#customer-note-status")).ToHaveTextAsync("Saved.");
        await LeaveFieldsAsync(colleague); // done typing: her panel follows again
        await page.PressAsync("#customer-note", "Control+Enter");
        await Expect(page.Locator("#customer-note-theirs")).ToHaveTextAsync("VIP since 2019.");
        await page.ClickAsync("#customer-note-mine");
        await Expect(page.Locator("#customer-note-status")).ToHaveTextAsync("Enregistré.");
        await Expect(colleague.Locator("#customer-note")).ToHaveValueAsync("Appeler le matin.");
    });
}
