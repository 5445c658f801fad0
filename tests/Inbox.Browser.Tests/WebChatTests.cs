using Inbox.Browser.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Inbox.Browser.Tests;

/// <summary>A customer on the chat page and an agent in the inbox, each in their own browser.</summary>
public sealed class WebChatTests(BrowserFixture browser) : BrowserTest(browser)
{
    [Fact]
    public Task A_visitor_chats_with_an_agent_and_finds_the_chat_again_after_a_reload() => Ui(async () =>
    {
        var agent = await LoggedInPageAsync();
        var visitor = await NewPageAsync("fr");
        await visitor.GotoAsync("/chat.html");
        await Expect(visitor.Locator("#chat-title")).ToHaveTextAsync("Discutons");
        // Whether the team is there now, by its business hours (Monday to Friday 9–18, Paris, by default): either way it says so.
        await Expect(visitor.Locator("#chat-hours")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(
            "^(L’équipe est là : nous répondons ici même\\.|Nous sommes absents : nous répondons à partir du .+\\. Laissez votre message.*)$"));
        await visitor.FillAsync("#chat-name", "Léa Martin");
        await visitor.FillAsync("#chat-text", "Bonjour, ma commande 4471 n'est pas arrivée");
        await visitor.PressAsync("#chat-text", "Enter");
        await Expect(visitor.Locator(".chat-msg.in:not(.pending)")).ToContainTextAsync("commande 4471");
        await Expect(visitor.Locator("#chat-start")).ToBeHiddenAsync();
        await Expect(visitor.Locator("#chat-state")).ToHaveTextAsync("connecté");

        // The agent sees it arrive live, as a chat, and answers.
        var row = agent.Locator(".conv", new() { HasText = "Léa Martin" });
        await Expect(row.Locator(".badge")).ToHaveTextAsync("Chat");
        await OpenConversationAsync(agent, "Léa Martin");
        await Expect(agent.Locator("#visitor-presence")).ToHaveTextAsync("On the chat page now");
        await visitor.Locator("#chat-text").PressSequentiallyAsync("Et aussi");
        await Expect(agent.Locator("#typing")).ToHaveTextAsync("Léa Martin typing…");
        await visitor.FillAsync("#chat-text", "");
        await agent.FillAsync("#reply", "Elle part aujourd'hui, Léa.");
        await agent.ClickAsync("#send");
        await Expect(visitor.Locator(".chat-msg.out")).ToContainTextAsync("Elle part aujourd'hui, Léa.");
        await Expect(visitor.Locator(".chat-msg.out .who")).ToHaveTextAsync("admin · Service client");

        // Back later (a reload): the same chat, and the next message joins the same conversation.
        await visitor.ReloadAsync();
        await Expect(visitor.Locator(".chat-msg")).ToHaveCountAsync(2);
        await Expect(visitor.Locator("#chat-start")).ToBeHiddenAsync();
        await visitor.FillAsync("#chat-text", "Merci !");
        await visitor.ClickAsync("#chat-send");
        await Expect(agent.Locator("#thread .msg.in")).ToHaveCountAsync(2);
        await Expect(agent.Locator("#thread .msg.in").Last).ToContainTextAsync("Merci !");
        await Expect(agent.Locator(".conv")).ToHaveCountAsync(1);

        // The visitor leaves: the agent sees it.
        await visitor.GotoAsync("about:blank");
        await Expect(agent.Locator("#visitor-presence")).ToHaveTextAsync("Just left the chat page");
    });
}
