using System.Net.Http.Json;
using Inbox.Browser.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Inbox.Browser.Tests;

/// <summary>
/// Satisfaction surveys (survey.html, satisfaction.js): the customer's page takes the rating from the mailed link and a
/// word after it; the agent who has the conversation open sees the answer arrive, and the lead board counts it.
/// </summary>
public sealed class SatisfactionTests(BrowserFixture browser) : BrowserTest(browser)
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Inbox:Satisfaction:Enabled"] = "true", ["Inbox:Satisfaction:DelayMinutes"] = "0",
    };

    [Fact]
    public Task A_customer_rates_the_answer_and_the_agent_sees_it_arrive() => Ui(async () =>
    {
        await PostEmailAsync("Léa Roux <lea@customer.test>", "Remboursement 5521", "Bonjour, où en est le remboursement de la commande 5521 ?");
        var agent = await LoggedInPageAsync(lang: "fr");
        await OpenConversationAsync(agent, "Remboursement 5521");
        await agent.FillAsync("#reply", "Bonjour Léa, le remboursement part aujourd'hui.");
        await agent.ClickAsync("#send");
        await Expect(agent.Locator("#messages .msg.out")).ToHaveCountAsync(1);
        await agent.ClickAsync("#toggle-status");
        await Expect(agent.Locator("#conv-status")).ToHaveTextAsync("Fermée");
        var due = await SurveySentAsync();
        await agent.ReloadAsync();
        await Expect(agent.Locator("#csat-rating")).ToContainTextAsync("Enquête envoyée");

        // The customer clicks "Not good" in the mail: the page records it at once, in the conversation's language.
        var customer = await NewPageAsync("en");
        await customer.GotoAsync($"/survey.html#token={due.Token}&rating=bad");
        await Expect(customer.Locator("#survey-status")).ToHaveTextAsync("Merci ! Votre réponse est parvenue à l’équipe.");
        await Expect(customer.Locator("#survey-bad")).ToHaveAttributeAsync("aria-pressed", "true");
        Assert.DoesNotContain("token", customer.Url); // not left in the address bar
        await Expect(agent.Locator("#csat-rating")).ToContainTextAsync("Pas bien");

        // A word, and a change of mind.
        await customer.FillAsync("#survey-comment", "Il a fallu relancer trois fois.");
        await customer.ClickAsync("#survey-send");
        await Expect(customer.Locator("#survey-status")).ToHaveTextAsync("Merci, l’équipe le lira.");
        await Expect(agent.Locator("#csat-comment")).ToHaveTextAsync("Il a fallu relancer trois fois.");
        await customer.ClickAsync("#survey-good");
        await Expect(agent.Locator("#csat-rating")).ToContainTextAsync("Bien");
        await Expect(agent.Locator("#csat-comment")).ToHaveTextAsync("Il a fallu relancer trois fois.");

        // The lead board: the team's share of good answers over 30 days.
        await agent.ClickAsync("a.nav-link[data-view=board]");
        await Expect(agent.Locator("#csat-share")).ToContainTextAsync("100 % satisfaits");
        await Expect(agent.Locator("#board-csat .csat-recent")).ToContainTextAsync("Léa Roux");
        // The admin turns the surveys off there (and would set their delay).
        await Expect(agent.Locator("#csat-state")).ToHaveTextAsync("Les clients sont sollicités 0 minutes après la fermeture.");
        await agent.UncheckAsync("#csat-enabled");
        await Expect(agent.Locator("#csat-state")).ToHaveTextAsync("Les clients ne sont pas sollicités (enquêtes désactivées).");
        Assert.False(Server.Get<Inbox.Core.Satisfaction.Surveys>().Settings.Enabled);

        // A link nobody sent says so.
        var stranger = await NewPageAsync("en");
        await stranger.GotoAsync("/survey.html#token=nope&rating=good");
        await Expect(stranger.Locator("#survey-status")).ToHaveTextAsync("This survey link is unknown or has expired.");
    });
}
