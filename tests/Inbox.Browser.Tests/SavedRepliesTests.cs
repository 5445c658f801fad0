using System.Net.Http.Json;
using Inbox.Browser.Tests.Support;
using Inbox.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Inbox.Browser.Tests;

/// <summary>
/// Saved replies in the browser (saved-replies.js): a lead writes one in the Saved replies view; an agent, on the French
/// page, opens the picker with the s key, filters it and inserts the answer filled for the open conversation.
/// </summary>
public sealed class SavedRepliesTests(BrowserFixture browser) : BrowserTest(browser)
{
    [Fact]
    public Task A_lead_writes_a_saved_reply_and_an_agent_inserts_it_from_the_keyboard() => Ui(async () =>
    {
        await CreateAgentAsync("lea", "lead");
        await CreateAgentAsync("sam", "agent");
        await PostEmailAsync("Zoé Martin <zoe@customer.test>", "Remboursement", "Où en est mon remboursement ?");
        using (var lead = await Server.LoginAsync("lea", "password-lea"))
            (await lead.Http.PostAsJsonAsync("/api/saved-replies", new { title = "Delivery times", body = "Hello {first_name}, parcels leave within 48 hours.", language = "en" })).EnsureSuccessStatusCode();

        // The lead writes a French answer with placeholders in the Saved replies view.
        var leadPage = await LoggedInPageAsync("lea");
        await leadPage.ClickAsync("a.nav-link[data-view=replies]");
        await leadPage.ClickAsync("#saved-new");
        await leadPage.FillAsync("#saved-title", "Remboursement sous 5 jours");
        await leadPage.SelectOptionAsync("#saved-language", "fr");
        await leadPage.FillAsync("#saved-body", "Bonjour ");
        await leadPage.Locator("#saved-form button.chip", new() { HasText = "{first_name}" }).ClickAsync();
        await leadPage.Locator("#saved-body").PressSequentiallyAsync(", votre remboursement part sous 5 jours. ");
        await leadPage.Locator("#saved-form button.chip", new() { HasText = "{agent_name}" }).ClickAsync();
        await leadPage.ClickAsync("#saved-save");
        await Expect(leadPage.Locator("#saved-message")).ToHaveTextAsync("Saved.");
        await Expect(leadPage.Locator("#saved-table tr")).ToHaveCountAsync(2);
        await Expect(leadPage.Locator("#saved-table")).ToContainTextAsync("Bonjour {first_name}, votre remboursement part sous 5 jours. {agent_name}");

        // An agent does not see the view.
        var agentPage = await LoggedInPageAsync("sam", lang: "fr");
        await Expect(agentPage.Locator("a.nav-link[data-view=replies]")).ToHaveCountAsync(0);

        // The agent opens the conversation, presses s: the picker lists the French answer first, filled.
        await OpenConversationAsync(agentPage, "Remboursement");
        await Expect(agentPage.Locator("#saved-open")).ToContainTextAsync("Réponses types");
        await agentPage.Keyboard.PressAsync("s");
        await Expect(agentPage.Locator("#saved-filter")).ToBeFocusedAsync();
        var items = agentPage.Locator("#saved-list .saved-item");
        await Expect(items).ToHaveCountAsync(2);
        await Expect(items.First).ToContainTextAsync("Bonjour Zoé, votre remboursement part sous 5 jours. sam");
        await Expect(items.First).ToHaveClassAsync("saved-item on");

        // Filtering ignores accents; arrows choose; Enter inserts where the cursor is and closes the picker.
        await agentPage.FillAsync("#saved-filter", "parcels");
        await Expect(items).ToHaveCountAsync(1);
        await agentPage.FillAsync("#saved-filter", "");
        await agentPage.Keyboard.PressAsync("ArrowDown");
        await Expect(items.Nth(1)).ToHaveClassAsync("saved-item on");
        await agentPage.Keyboard.PressAsync("ArrowUp");
        await agentPage.FillAsync("#saved-filter", "REMBOURSEMENT SOUS");
        await agentPage.Keyboard.PressAsync("Enter");
        await Expect(agentPage.Locator("#saved-picker")).ToHaveCountAsync(0);
        await Expect(agentPage.Locator("#reply")).ToHaveValueAsync("Bonjour Zoé, votre remboursement part sous 5 jours. sam");
        await Expect(agentPage.Locator("#reply")).ToBeFocusedAsync();
        await Expect(agentPage.Locator(".compose-bar .counter")).ToHaveTextAsync("55 caractères");

        // Esc closes the picker without inserting anything.
        await agentPage.ClickAsync("#saved-open");
        await Expect(agentPage.Locator("#saved-filter")).ToBeFocusedAsync();
        await agentPage.Keyboard.PressAsync("Escape");
        await Expect(agentPage.Locator("#saved-picker")).ToHaveCountAsync(0);
        await Expect(agentPage.Locator("#reply")).ToHaveValueAsync("Bonjour Zoé, votre remboursement part sous 5 jours. sam");

        // The lead deletes the English one (after confirming); the agent's picker no longer lists it.
        leadPage.Dialog += async (_, dialog) => await dialog.AcceptAsync();
        await leadPage.Locator("#saved-table tr", new() { HasText = "Delivery times" }).Locator("button", new() { HasText = "Delete" }).ClickAsync();
        await Expect(leadPage.Locator("#saved-table tr")).ToHaveCountAsync(1);
        await Expect(leadPage.Locator("#saved-table tr .saved-use")).ToContainTextAsync("inserted 1×, last on"); // the one Sam inserted
        await agentPage.ClickAsync("#saved-open");
        await Expect(items).ToHaveCountAsync(1);
    });

    [Fact]
    public Task A_lead_keeps_a_sent_answer_as_a_saved_reply() => Ui(async () =>
    {
        await CreateAgentAsync("lea", "lead");
        await CreateAgentAsync("sam", "agent");
        await PostEmailAsync("Zoé Martin <zoe@customer.test>", "Remboursement", "Où en est mon remboursement ?");
        var lead = await LoggedInPageAsync("lea");
        await OpenConversationAsync(lead, "Remboursement");
        const string answer = "Bonjour, votre remboursement part sous 5 jours ouvrés.";
        await lead.FillAsync("#reply", answer);
        await lead.ClickAsync("#send");
        var sent = lead.Locator("#messages .msg.out");
        await Expect(sent).ToHaveCountAsync(1);

        // The button on the sent message opens the form with its words.
        await sent.Locator(".keep-reply").ClickAsync();
        await Expect(lead.Locator("#saved-body")).ToHaveValueAsync(answer);
        await lead.FillAsync("#saved-title", "Remboursement : délai");
        await lead.ClickAsync("#saved-save");
        await Expect(lead.Locator("#saved-table")).ToContainTextAsync(answer);

        // An agent's thread has no such button (agents do not write saved replies).
        var agent = await LoggedInPageAsync("sam");
        await OpenConversationAsync(agent, "Remboursement");
        await Expect(agent.Locator("#messages .msg.out")).ToHaveCountAsync(1);
        await Expect(agent.Locator(".keep-reply")).ToHaveCountAsync(0);
    });

    [Fact]
    public Task A_conversation_in_another_language_says_so_and_its_saved_replies_come_first() => Ui(async () =>
    {
        await PostEmailAsync("Sam Hill <sam@customer.test>", "Refund", "Hello, I have not received the refund for my order yet.");
        await PostEmailAsync("Zoé Martin <zoe@customer.test>", "Remboursement", "Bonjour, je n'ai pas reçu le remboursement de ma commande.");
        using (var admin = await Server.LoginAsync())
        {
            (await admin.Http.PostAsJsonAsync("/api/saved-replies", new { title = "Remboursement", body = "Bonjour {first_name}, c'est en cours.", language = "fr" })).EnsureSuccessStatusCode();
            (await admin.Http.PostAsJsonAsync("/api/saved-replies", new { title = "Refund", body = "Hello {first_name}, it is on its way.", language = "en" })).EnsureSuccessStatusCode();
        }
        var page = await LoggedInPageAsync(lang: "fr");
        // On the French page, the English conversation's row says "EN"; the French one says nothing.
        await Expect(page.Locator("#conv-list .conv", new() { HasText = "Sam Hill" }).Locator(".conv-language")).ToHaveTextAsync("EN");
        await Expect(page.Locator("#conv-list .conv", new() { HasText = "Zoé Martin" }).Locator(".conv-language")).ToHaveCountAsync(0);
        // Its saved replies: the English one first, though the page is French.
        await OpenConversationAsync(page, "Sam Hill");
        await page.ClickAsync("#saved-open");
        await Expect(page.Locator("#saved-list li").First).ToContainTextAsync("Refund");
    });
    [Fact]
    public Task A_saved_reply_that_tags_and_closes_does_so_when_the_reply_is_sent() => Ui(async () =>
    {
        await CreateAgentAsync("lea", "lead");
        await PostEmailAsync("Zoé Martin <zoe@customer.test>", "Remboursement", "Où en est mon remboursement ?");
        await PostEmailAsync("Hugo Petit <hugo@customer.test>", "Horaires", "Êtes-vous ouverts le dimanche ?");

        // The lead gives a saved reply its actions in the view.
        var lead = await LoggedInPageAsync("lea", lang: "fr");
        await lead.ClickAsync("a.nav-link[data-view=replies]");
        await lead.ClickAsync("#saved-new");
        await lead.FillAsync("#saved-title", "Remboursement lancé");
        await lead.FillAsync("#saved-body", "Bonjour {first_name}, le remboursement est lancé.");
        await lead.FillAsync("#saved-tags", "remboursement, Facturation");
        await lead.SelectOptionAsync("#saved-then", "closed");
        await lead.ClickAsync("#saved-save");
        await Expect(lead.Locator("#saved-table tr").First).ToContainTextAsync("+ facturation");
        await Expect(lead.Locator("#saved-table tr").First).ToContainTextAsync("fermer");

        // An agent inserts it: the compose box says what sending will do, until it is sent or dropped.
        await lead.ClickAsync("a.nav-link[data-view=inbox]");
        await OpenConversationAsync(lead, "Remboursement");
        await lead.Keyboard.PressAsync("s");
        await Expect(lead.Locator("#saved-list .saved-item").First).ToContainTextAsync("+ remboursement");
        await lead.Keyboard.PressAsync("Enter");
        await Expect(lead.Locator("#saved-actions")).ToContainTextAsync("À l’envoi :");
        await Expect(lead.Locator("#saved-actions .tag")).ToHaveTextAsync(["+ facturation", "+ remboursement", "fermer"]);
        await lead.ClickAsync("#send");
        await Expect(lead.Locator("#conv-status")).ToHaveTextAsync("Fermée");
        await Expect(lead.Locator("#thread-tags")).ToContainTextAsync("facturation");
        await Expect(lead.Locator("#thread-tags")).ToContainTextAsync("remboursement");
        await Expect(lead.Locator("#saved-actions")).ToHaveCountAsync(0);

        // Dropped, the words go alone.
        await OpenConversationAsync(lead, "Horaires");
        await lead.Keyboard.PressAsync("s");
        await Expect(lead.Locator("#saved-filter")).ToBeFocusedAsync();
        await lead.Keyboard.PressAsync("Enter");
        await lead.ClickAsync("#saved-actions-drop");
        await Expect(lead.Locator("#saved-actions")).ToHaveCountAsync(0);
        await lead.ClickAsync("#send");
        await Expect(lead.Locator("#messages .msg.out")).ToHaveCountAsync(1);
        await Expect(lead.Locator("#conv-status")).ToHaveTextAsync("Ouverte");
    });
}
