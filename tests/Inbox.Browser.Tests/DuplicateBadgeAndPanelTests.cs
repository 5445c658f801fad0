using Dapper;
using Inbox.Browser.Tests.Support;
using Inbox.Core.Channels.Social;
using Inbox.Core.Replay;
using Inbox.Core.Storage;
using Inbox.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Inbox.Browser.Tests;

/// <summary>The same request by email and on Messenger is linked by real detection; the inbox shows it.</summary>
public sealed class DuplicateBadgeAndPanelTests(BrowserFixture browser) : BrowserTest(browser)
{
    private const string MetaSecret = "test-meta-secret", PageId = "100000000000001";

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Inbox:Meta:AppSecret"] = MetaSecret,
        ["Inbox:Meta:Pages:0:Id"] = PageId,
    };

    [Fact]
    public Task The_same_request_on_two_channels_shows_a_link_badge_and_the_sibling_panel() => Ui(async () =>
    {
        var t0 = DateTimeOffset.UtcNow.AddMinutes(-40);
        await PostEmailAsync(Mail.Mime("Marie Dupont <marie.dupont@example.fr>", "Commande MA-4471234 jamais reçue",
            "Bonjour,\n\nMa commande MA-4471234 n'est jamais arrivée, le suivi est bloqué depuis une semaine.\n\nCordialement,\nMarie",
            "m1@scenario.invalid", date: t0));
        using (var c = Server.Get<Db>().Open()) // taken in by a background worker: the mail comes first, as in life
            await Wait.UntilAsync(() => c.ExecuteScalar<long>("SELECT COUNT(*) FROM messages") == 1);
        // A real signed Meta webhook (POST /webhooks/meta), as the integration test sends it.
        using var http = new HttpClient { BaseAddress = new Uri(Server.Url) };
        await new SocialScenarioChannel(http, new(MetaSecret, PageId, "17800000000000001", "106540352242922", null, "1", "support"))
            .SendAsync(new ScenarioEvent
            {
                Id = "m2", At = t0.AddMinutes(40), Channel = "messenger",
                Customer = new ScenarioCustomer { Name = "Marie Dupont", Psid = "7100000000123" },
                Text = "bonjour, ma commande MA-4471234 n'est jamais arrivée ?? merci",
            }, t0.AddMinutes(40), default);

        var page = await LoggedInPageAsync();
        var emailRow = page.Locator("#conv-list .conv", new() { HasText = "Commande MA-4471234 jamais reçue" });
        await Expect(emailRow.Locator(".tag.dup")).ToHaveTextAsync("⇄ 1 linked");
        await Expect(emailRow.Locator(".tag.dup")).ToHaveAttributeAsync("title", "Same request on 1 other conversation(s)");
        await Expect(page.Locator("#conv-list .conv .tag.dup")).ToHaveCountAsync(2); // the Messenger row too

        await OpenConversationAsync(page, "Commande MA-4471234 jamais reçue");
        var panel = page.Locator("#dup-panel");
        await Expect(panel.Locator("h3")).ToHaveTextAsync("Same request elsewhere");
        var sibling = panel.Locator(".dup-sibling");
        await Expect(sibling).ToHaveCountAsync(1);
        // No Graph profile lookup is configured here, so the Messenger customer is named by its PSID.
        await Expect(sibling.Locator(".dup-head")).ToContainTextAsync("Messenger");
        await Expect(sibling.Locator(".dup-head strong")).ToHaveTextAsync("7100000000123");
        await Expect(sibling.Locator(".preview")).ToContainTextAsync("MA-4471234 n'est jamais arrivée ?? merci");
        await Expect(sibling.Locator(".dup-evidence")).ToContainTextAsync("MA4471234");
        await Expect(sibling.Locator(".dup-answers")).ToHaveTextAsync("Not answered yet");
        await Expect(sibling.Locator(".dup-actions button")).ToHaveTextAsync(["Confirm", "Not the same"]);

        // A conversation without a link shows neither.
        await PostEmailAsync("Paul Martin <paul@customer.test>", "Horaires du magasin", "Bonjour, êtes-vous ouverts dimanche ?");
        var plainRow = page.Locator("#conv-list .conv", new() { HasText = "Horaires du magasin" });
        await Expect(plainRow).ToBeVisibleAsync();
        await Expect(plainRow.Locator(".tag.dup")).ToHaveCountAsync(0);
        await OpenConversationAsync(page, "Horaires du magasin");
        await Expect(page.Locator("#dup-panel")).ToContainTextAsync("No linked conversation.");
    });
}
