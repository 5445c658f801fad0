using Inbox.Browser.Tests.Support;
using MimeKit;
using static Microsoft.Playwright.Assertions;

namespace Inbox.Browser.Tests;

/// <summary>Email in the thread: the quoted history behind "Show full original" (email.js), attachments as download links.</summary>
public sealed class EmailThreadTests(BrowserFixture browser) : BrowserTest(browser)
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

    [Fact]
    public Task An_attachment_is_a_link_that_downloads_the_file() => Ui(async () =>
    {
        var mime = new MimeMessage();
        mime.From.Add(MailboxAddress.Parse("Zoé Martin <zoe@customer.test>"));
        mime.To.Add(MailboxAddress.Parse("support@inbox.local"));
        mime.Subject = "Photo du colis abîmé";
        var builder = new BodyBuilder { TextBody = "Le colis est arrivé abîmé, voici la photo." };
        var png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");
        builder.Attachments.Add("colis.png", png, new ContentType("image", "png"));
        mime.Body = builder.ToMessageBody();
        using (var ms = new MemoryStream()) { mime.WriteTo(ms); await PostEmailAsync(ms.ToArray()); }
        var page = await LoggedInPageAsync();
        await OpenConversationAsync(page, "Photo du colis abîmé");
        var link = page.Locator("#thread .attachment a");
        await Expect(link).ToHaveTextAsync("colis.png");
        var download = await page.RunAndWaitForDownloadAsync(() => link.ClickAsync());
        Assert.Equal("colis.png", download.SuggestedFilename);
        Assert.Equal(png, await File.ReadAllBytesAsync(await download.PathAsync()));
    });
}
