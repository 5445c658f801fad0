using Inbox.Browser.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Inbox.Browser.Tests;

/// <summary>
/// The customers directory (customers.js): everyone who wrote, searched as one types; a row opens to the customer's
/// conversations (links into the inbox) and "Write" starts a new email to them.
/// </summary>
public sealed class CustomersTests(BrowserFixture browser) : BrowserTest(browser)
{
    [Fact]
    public Task An_agent_finds_a_customer_opens_their_conversations_and_writes_to_them() => Ui(async () =>
    {
        await CreateAgentAsync("sam", "agent");
        await PostEmailAsync("Léa Roux <lea.roux@customer.test>", "Colis 4471", "Mon colis 4471 n'est pas arrivé.");
        await PostEmailAsync("Léa Roux <lea.roux@customer.test>", "Facture 9921", "Pouvez-vous m'envoyer la facture ?");
        await PostEmailAsync("Hugo Petit <hugo@customer.test>", "Horaires", "Êtes-vous ouverts le dimanche ?");
        var page = await LoggedInPageAsync("sam", lang: "fr");

        await page.Keyboard.PressAsync("Shift+C"); // from the inbox, outside any field
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("#/customers$"));
        await Expect(page.Locator("a.nav-link[data-view=customers]")).ToHaveTextAsync("Clients");
        await Expect(page.Locator("#customer-search")).ToBeFocusedAsync();
        await Expect(page.Locator("#customers-rows .customer-row")).ToHaveCountAsync(2);

        // Searched as one types, by a part of the address.
        await page.FillAsync("#customer-search", "lea.roux@");
        var rows = page.Locator("#customers-rows .customer-row");
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(rows.First).ToContainTextAsync("Léa Roux");
        await Expect(rows.First).ToContainTextAsync("2 (2 ouvertes)");

        // The row opens (Enter) to the two conversations; one of them opens in the inbox.
        await rows.First.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        var conversations = page.Locator(".customer-conversations li");
        await Expect(conversations).ToHaveCountAsync(2);
        await page.ClickAsync(".customer-conversations a:has-text('Facture 9921')");
        await Expect(page.Locator(".thread-head h2")).ToHaveTextAsync("Facture 9921");

        // "Write" starts a new email to them.
        await page.ClickAsync("a.nav-link[data-view=customers]");
        await Expect(page.Locator("#customer-search")).ToHaveValueAsync("lea.roux@"); // kept from the last visit
        await page.FillAsync("#customer-search", "Roux");
        await Expect(page.Locator("#customers-rows .customer-row")).ToHaveCountAsync(1);
        await page.Locator("#customers-rows .customer-row").First.ClickAsync();
        await page.ClickAsync(".customer-write");
        await Expect(page.Locator("#ne-to")).ToHaveValueAsync("Léa Roux <lea.roux@customer.test>");
        await Expect(page.Locator("#ne-subject")).ToBeFocusedAsync();

        // Nobody matches: said so.
        await page.Keyboard.PressAsync("Escape");
        await page.FillAsync("#customer-search", "personne");
        await Expect(page.Locator("#customers-rows")).ToHaveTextAsync("Aucun client ne correspond.");
    });
    [Fact]
    public Task An_agent_says_two_customers_are_the_same_person() => Ui(async () =>
    {
        await PostEmailAsync("Inès Garnier <ines.garnier@customer.test>", "Retour", "Je voudrais retourner ma veste.");
        await PostEmailAsync("I. Garnier <i.garnier@work.test>", "Retour veste", "Suite à mon mail : retour de la veste.");
        await PostEmailAsync("Hugo Petit <hugo@customer.test>", "Horaires", "Êtes-vous ouverts le dimanche ?");
        var page = await LoggedInPageAsync(lang: "fr");
        await page.ClickAsync("a.nav-link[data-view=customers]");
        await page.FillAsync("#customer-search", "garnier");
        await Expect(page.Locator("#customers-rows .customer-row")).ToHaveCountAsync(2);

        await page.Locator("#customers-rows .customer-row", new() { HasText = "Inès Garnier" }).ClickAsync();
        await page.FillAsync(".customer-same", "work.test");
        var pick = page.Locator(".customer-same-pick");
        await Expect(pick).ToHaveCountAsync(1);
        await Expect(pick).ToContainTextAsync("I. Garnier");
        page.Dialog += (_, dialog) => dialog.AcceptAsync();
        await pick.ClickAsync();

        // One customer now, with both addresses and both conversations, still open.
        var rows = page.Locator("#customers-rows .customer-row");
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(rows.First).ToContainTextAsync("i.garnier@work.test");
        await Expect(rows.First).ToContainTextAsync("2 (2 ouvertes)");
        await Expect(page.Locator(".customer-conversations li")).ToHaveCountAsync(2);
    });
}
