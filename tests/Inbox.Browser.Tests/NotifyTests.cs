using System.Net.Http.Json;
using System.Text.Json;
using Inbox.Browser.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Inbox.Browser.Tests;

/// <summary>
/// Desktop notifications (notify.js), with the browser's Notification recorded by the page instead of shown, and the
/// inbox window out of focus: a customer writing in one of the agent's conversations, and a colleague's @mention.
/// </summary>
public sealed class NotifyTests(BrowserFixture browser) : BrowserTest(browser)
{
    private const string Recorder = """
        window.__shown = [];
        window.Notification = class {
          constructor(title, options) { window.__shown.push({ title, body: options.body, tag: options.tag }); }
          static get permission() { return 'granted'; }
          static requestPermission() { return Promise.resolve('granted'); }
        };
        document.hasFocus = () => false;
        """;

    [Fact]
    public Task An_agent_away_from_the_inbox_is_told_of_their_customers_and_of_mentions() => Ui(async () =>
    {
        await CreateAgentAsync("amy", "agent");
        await CreateAgentAsync("ben", "agent");
        await PostEmailAsync("zoe@customer.test", "Refund", "Where is my refund?", messageId: "first@customer.test");
        var page = await LoggedInPageAsync("amy", lang: "fr");
        await page.Context.AddInitScriptAsync(Recorder);
        await page.ReloadAsync();
        await page.ClickAsync("#account summary");
        await Expect(page.Locator("#notify-toggle")).ToHaveTextAsync("Notifications du bureau : désactivées");
        await page.ClickAsync("#notify-toggle");
        await page.ClickAsync("#account summary");
        await Expect(page.Locator("#notify-toggle")).ToHaveTextAsync("Notifications du bureau : activées");

        using var amy = await Server.LoginAsync("amy", "password-amy");
        var amyId = (await amy.Http.GetFromJsonAsync<JsonElement>("/api/auth/me")).GetProperty("id").GetInt64();
        var refund = (await amy.Http.GetFromJsonAsync<JsonElement>("/api/conversations")).EnumerateArray().Single().GetProperty("id").GetInt64();
        (await amy.Http.PostAsJsonAsync($"/api/conversations/{refund}/assignee", new { agentId = amyId })).EnsureSuccessStatusCode();

        // Zoé writes again in Amy's conversation: told. A new customer nobody has taken: not (the list shows it).
        await PostEmailAsync("zoe@customer.test", "Re: Refund", "Any news?", messageId: "second@customer.test", inReplyTo: "first@customer.test");
        await PostEmailAsync("sam@customer.test", "Parcel", "Where is my parcel?");
        await Expect(page.Locator("#conv-list .conv", new() { HasText = "Parcel" })).ToHaveCountAsync(1);
        var shown = await page.EvaluateAsync<JsonElement>("() => window.__shown");
        var only = Assert.Single(shown.EnumerateArray());
        Assert.Equal("Nouveau message de zoe@customer.test", only.GetProperty("title").GetString());
        Assert.Equal("Any news?", only.GetProperty("body").GetString());

        // Ben names her in a note.
        using var ben = await Server.LoginAsync("ben", "password-ben");
        (await ben.Http.PostAsJsonAsync($"/api/conversations/{refund}/notes", new { text = "@amy le client a rappelé" })).EnsureSuccessStatusCode();
        await page.WaitForFunctionAsync("() => window.__shown.length === 2");
        Assert.Equal("ben vous a mentionné", await page.EvaluateAsync<string>("() => window.__shown[1].title"));
    });

    [Fact]
    public Task An_agent_on_watch_is_also_told_of_every_new_conversation_nobody_has() => Ui(async () =>
    {
        await CreateAgentAsync("amy", "agent");
        await PostEmailAsync("zoe@customer.test", "Refund", "Where is my refund?", messageId: "first@customer.test");
        var page = await LoggedInPageAsync("amy");
        await page.Context.AddInitScriptAsync(Recorder);
        await page.ReloadAsync();
        await page.ClickAsync("#account summary");
        await Expect(page.Locator("#notify-new")).ToBeHiddenAsync(); // offered once notifications are on
        await page.ClickAsync("#notify-toggle");
        await page.ClickAsync("#account summary"); // a choice closes the menu
        await Expect(page.Locator("#notify-new")).ToHaveTextAsync("Also new conversations nobody has: no");
        await page.ClickAsync("#notify-new");
        await page.ClickAsync("#account summary");
        await Expect(page.Locator("#notify-new")).ToHaveTextAsync("Also new conversations nobody has: yes");

        // A new customer: told. The same customer writing again in that conversation (nobody's): not again.
        await PostEmailAsync("sam@customer.test", "Parcel", "Where is my parcel?", messageId: "parcel@customer.test");
        await page.WaitForFunctionAsync("() => window.__shown.length === 1");
        Assert.Equal("New conversation from sam@customer.test", await page.EvaluateAsync<string>("() => window.__shown[0].title"));
        await PostEmailAsync("sam@customer.test", "Re: Parcel", "Any news?", inReplyTo: "parcel@customer.test");
        await PostEmailAsync("lea@customer.test", "Card", "My card is blocked.");
        await page.WaitForFunctionAsync("() => window.__shown.length === 2");
        Assert.Equal("New conversation from lea@customer.test", await page.EvaluateAsync<string>("() => window.__shown[1].title"));
    });
}
