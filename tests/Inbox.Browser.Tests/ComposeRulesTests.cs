using Dapper;
using Inbox.Browser.Tests.Support;
using Inbox.Core.Channels.Social;
using Inbox.Core.Replay;
using Inbox.Core.Storage;
using Inbox.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Inbox.Browser.Tests;

/// <summary>
/// The compose box of a social conversation (channels.js) shows the platform's messaging window and length limit as
/// the server computes them (/api/conversations/{id}/compose), and keeps Send off when the platform would refuse.
/// The messages come in as real signed Meta webhooks, dated as the platform dates them.
/// </summary>
public sealed class ComposeRulesTests(BrowserFixture browser) : BrowserTest(browser)
{
    private const string MetaSecret = "test-meta-secret", PageId = "100000000000001", WhatsAppId = "106540352242922";

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Inbox:Meta:AppSecret"] = MetaSecret,
        ["Inbox:Meta:Pages:0:Id"] = PageId,
        ["Inbox:Meta:WhatsApp:0:PhoneNumberId"] = WhatsAppId,
    };

    private async Task ReceiveAsync(params (string Channel, string Name, string Id, TimeSpan Ago, string Text)[] messages)
    {
        using var http = new HttpClient { BaseAddress = new Uri(Server.Url) };
        var meta = new SocialScenarioChannel(http, new(MetaSecret, PageId, "17800000000000001", WhatsAppId, null, "1", "support"));
        var now = DateTimeOffset.UtcNow;
        var n = 0;
        foreach (var (channel, name, id, ago, text) in messages)
            await meta.SendAsync(new ScenarioEvent
            {
                Id = "c" + ++n, At = now - ago, Channel = channel, Text = text,
                Customer = channel == "whatsapp" ? new ScenarioCustomer { Name = name, WaId = id } : new ScenarioCustomer { Name = name, Psid = id },
            }, now - ago, default);
        using var c = Server.Get<Db>().Open(); // taken in by a background worker
        await Wait.UntilAsync(() => c.ExecuteScalar<long>("SELECT COUNT(*) FROM conversations") == messages.Length);
    }

    [Fact]
    public Task The_compose_box_shows_the_window_and_the_limit_and_holds_back_what_the_platform_would_refuse() => Ui(async () =>
    {
        await ReceiveAsync(
            ("messenger", "Paul Durand", "7100000000000001", TimeSpan.FromMinutes(10), "Bonjour, où en est ma commande ?"),
            ("messenger", "Julie Moreau", "7100000000000002", TimeSpan.FromHours(30), "Ma livraison est en retard"),
            ("whatsapp", "Karim B", "33612345678", TimeSpan.FromHours(30), "Toujours pas de remboursement"));
        var page = await LoggedInPageAsync();

        // Within 24 h: open, and Messenger's limit (under 2,000 characters) counted as the agent types.
        await OpenConversationAsync(page, "où en est ma commande");
        await Expect(page.Locator(".window-state")).ToContainTextAsync("Window open until");
        var limit = page.Locator(".compose-bar .limit");
        await Expect(limit).ToHaveTextAsync("0 / 1999");
        await page.FillAsync("#reply", new string('a', 2000));
        await Expect(limit).ToHaveTextAsync("Too long for this channel (2000 of 1999 characters)");
        await Expect(page.Locator("#send")).ToBeDisabledAsync();
        await page.FillAsync("#reply", "Bonjour Paul, votre colis part aujourd'hui.");
        await Expect(limit).ToHaveTextAsync("43 / 1999");
        await Expect(page.Locator("#send")).ToBeEnabledAsync();

        // After 24 h on Messenger: the human-agent tag, for up to 7 days.
        await OpenConversationAsync(page, "Ma livraison est en retard");
        await Expect(page.Locator(".window-state")).ToContainTextAsync("Outside 24 h: sent with tag HUMAN_AGENT until");
        await Expect(page.Locator("#send")).ToBeEnabledAsync();

        // After 24 h on WhatsApp with no approved template configured: no free-form reply.
        await OpenConversationAsync(page, "Toujours pas de remboursement");
        await Expect(page.Locator(".window-state")).ToContainTextAsync("Cannot reply: template required: WhatsApp's 24-hour customer-service window closed");
        await Expect(page.Locator(".compose-bar .limit")).ToHaveTextAsync("0 / 4096");
        await page.FillAsync("#reply", "Bonjour Karim");
        await Expect(page.Locator("#send")).ToBeDisabledAsync();

        // In French.
        var fr = await LoggedInPageAsync(lang: "fr");
        await OpenConversationAsync(fr, "Ma livraison est en retard");
        await Expect(fr.Locator(".window-state")).ToContainTextAsync("Après 24 h : envoi avec l’étiquette HUMAN_AGENT jusqu’au");
        await fr.FillAsync("#reply", new string('a', 2000));
        await Expect(fr.Locator(".compose-bar .limit")).ToHaveTextAsync("Trop long pour ce canal (2000 sur 1999 caractères)");
        await OpenConversationAsync(fr, "Toujours pas de remboursement");
        await Expect(fr.Locator(".window-state")).ToHaveTextAsync(
            "Réponse impossible : modèle requis : la fenêtre de service client de 24 h de WhatsApp est fermée (dernier message du client il y a 30 heures) ; seul un modèle approuvé peut être envoyé");
    });
}
