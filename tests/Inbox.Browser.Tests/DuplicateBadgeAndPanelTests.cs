using Dapper;
using Inbox.Browser.Tests.Support;
using Inbox.Core.Channels.Social;
using Inbox.Core.Duplicates;
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

    /// <summary>The same order by email, then on Messenger 40 minutes later: real detection links them.</summary>
    private async Task SendTheSameRequestTwiceAsync()
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
    }

    [Fact]
    public Task The_same_request_on_two_channels_shows_a_link_badge_and_the_sibling_panel() => Ui(async () =>
    {
        await SendTheSameRequestTwiceAsync();
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

    [Fact]
    public Task A_french_page_shows_the_link_evidence_in_french() => Ui(async () =>
    {
        await SendTheSameRequestTwiceAsync();
        var page = await LoggedInPageAsync(lang: "fr");
        await OpenConversationAsync(page, "Commande MA-4471234 jamais reçue");
        var evidence = page.Locator("#dup-panel .dup-evidence");
        await Expect(evidence).ToContainTextAsync("MA4471234 ; ");
        await Expect(evidence).ToContainTextAsync("d’écart — lié automatiquement");
        Assert.DoesNotMatch(EnglishWords, await evidence.InnerTextAsync());
        // The stored words are the English ones (the record of why the link was made); an English page shows them as stored.
        using (var c = Server.Get<Db>().Open())
            Assert.StartsWith("same ", c.ExecuteScalar<string>("SELECT evidence FROM duplicate_links"));
    });

    /// <summary>Words of the English templates that no French translation contains.</summary>
    private static readonly System.Text.RegularExpressions.Regex EnglishWords = new(
        @"\b(same|similar|name|surname|first|customer|apart|text|refers|before|says|common|wording|hour|namesakes|window|reference|number|address|phone|card|ending|amount|days|linked|sides|different|only)\b",
        System.Text.RegularExpressions.RegexOptions.IgnoreCase);

    /// <summary>
    /// Every template the scorer and the identity links write evidence with (DuplicateScorer.Score, DuplicateDetector's
    /// "only similar message", IdentityLinks' merge reasons), filled as they fill them: the French page translates each
    /// phrase, and the English page shows it as written.
    /// </summary>
    [Fact]
    public Task Every_evidence_template_has_its_french_words() => Ui(async () =>
    {
        var gaps = new[] { 45_000L, 2_400_000, 10_800_000, 259_200_000 }.Select(DuplicateScorer.Gap).ToList();
        var tokens = new[] { "ref:MA4471234", "num:88412", "email:marie@example.fr", "phone:5678", "card:4242", "amount:49.99", "date:02-23" }
            .Select(DuplicateScorer.Describe).ToList();
        var evidence = new List<string>
        {
            "same customer", "same name", "same name (common: ~1.5 an hour)", "same name (common: ~12 namesakes in the window)",
            "same surname", "same surname (common: ~3 an hour)", "same first name", "same first name (common: ~0.8 an hour)",
            "similar name", "same email address or phone number", "different reference numbers",
            "refers to a message on x", "refers to a message on email", "text 87% similar", "common wording (~2.5 such messages an hour)",
            "the only similar message on messenger",
        };
        evidence.AddRange(tokens.Select(t => "same " + t));
        evidence.AddRange(gaps.Select(g => g + " apart"));
        evidence.AddRange(gaps.Select(g => $"sent {g} before, as the customer says"));
        var joined = string.Join("; ", evidence);
        var reasons = tokens.Select(t => $"same {t} on both sides").Append($"linked conversations ({joined})").ToList();

        var page = await LoggedInPageAsync(lang: "fr");
        var result = await page.EvaluateAsync<string[][]>("""
            async ([evidence, reasons]) => {
              const m = await import('/js/evidence.js');
              return [[...evidence.map(e => m.evidenceText(e, 'fr')), ...reasons.map(r => m.mergeReasonText(r, 'fr'))],
                      [...evidence.map(e => m.evidenceText(e, 'en')), ...reasons.map(r => m.mergeReasonText(r, 'en'))]];
            }
            """, new object[] { evidence, reasons });
        var (french, english) = (result[0], result[1]);
        var all = evidence.Concat(reasons).ToList();
        for (var i = 0; i < all.Count; i++)
        {
            Assert.DoesNotMatch(EnglishWords, french[i]);
            Assert.Equal(all[i], english[i]);
        }
        Assert.Equal("même référence MA4471234 ; 40 min d’écart", (await page.EvaluateAsync<string>(
            "async () => (await import('/js/evidence.js')).evidenceText('same reference MA4471234; 40 min apart', 'fr')")));
    });
}
