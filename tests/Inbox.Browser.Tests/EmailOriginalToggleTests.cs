using Inbox.Browser.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Inbox.Browser.Tests;

/// <summary>An email's quoted history is hidden in the thread; "Show full original" (email.js) brings it back and hides it again.</summary>
public sealed class EmailOriginalToggleTests(BrowserFixture browser) : BrowserTest(browser)
{
    [Fact]
    public Task The_quoted_history_of_an_email_is_hidden_and_shown_on_demand() => Ui(async () =>
    {
        await PostEmailAsync("Léa Martin <lea.martin@example.fr>", "Re: Votre commande",
            "Bonjour, toujours rien reçu.\n\nLe lun. 3 mars 2025 à 10:00, Support <support@inbox.local> a écrit :\n> Votre colis part demain.\n> Cordialement");
        await PostEmailAsync("Hugo Petit <hugo@example.fr>", "Horaires", "Êtes-vous ouverts le dimanche ?");
        var page = await LoggedInPageAsync();

        await OpenConversationAsync(page, "Re: Votre commande");
        var body = page.Locator("#thread .msg .body").First;
        await Expect(body).ToContainTextAsync("toujours rien reçu");
        await Expect(body).Not.ToContainTextAsync("Votre colis part demain");
        var toggle = page.Locator("#thread .email-original");
        await Expect(toggle).ToHaveTextAsync("Show full original");
        await Expect(toggle).ToHaveAttributeAsync("aria-expanded", "false");

        await toggle.ClickAsync();
        await Expect(body).ToContainTextAsync("> Votre colis part demain.");
        await Expect(body).ToContainTextAsync("a écrit :");
        await Expect(toggle).ToHaveTextAsync("Hide quoted text");
        await Expect(toggle).ToHaveAttributeAsync("aria-expanded", "true");

        await toggle.ClickAsync();
        await Expect(body).Not.ToContainTextAsync("Votre colis part demain");
        await Expect(toggle).ToHaveTextAsync("Show full original");

        // Nothing hidden, no toggle.
        await OpenConversationAsync(page, "Horaires");
        await Expect(page.Locator("#thread .msg .body").First).ToContainTextAsync("ouverts le dimanche");
        await Expect(page.Locator("#thread .email-original")).ToHaveCountAsync(0);
    });
}
