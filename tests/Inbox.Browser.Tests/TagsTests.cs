using Inbox.Browser.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Inbox.Browser.Tests;

/// <summary>
/// Conversation tags (tags.js): one agent tags the open conversation from the keyboard; another agent sees the tag on
/// the row and in the open thread without reloading; clicking a tag filters the list, until the filter is cleared.
/// </summary>
public sealed class TagsTests(BrowserFixture browser) : BrowserTest(browser)
{
    [Fact]
    public Task A_tag_added_by_one_agent_shows_live_for_another_and_filters_the_list() => Ui(async () =>
    {
        await CreateAgentAsync("amy", "agent");
        await CreateAgentAsync("ben", "agent");
        await PostEmailAsync("zoe@customer.test", "Refund", "Where is my refund?");
        await PostEmailAsync("sam@customer.test", "Parcel", "Where is my parcel?");
        var amy = await LoggedInPageAsync("amy");
        var ben = await LoggedInPageAsync("ben", lang: "fr");
        await OpenConversationAsync(amy, "Refund");
        await OpenConversationAsync(ben, "Refund");

        await amy.FillAsync("#tag-input", " VIP ");
        await amy.PressAsync("#tag-input", "Enter");
        await amy.FillAsync("#tag-input", "remboursement");
        await amy.PressAsync("#tag-input", "Enter");
        await Expect(amy.Locator("#thread-tags .ctag")).ToHaveTextAsync(["remboursement×", "vip×"]);
        await Expect(amy.Locator("#tag-input")).ToBeFocusedAsync();

        // Ben's page: on the row and in the open thread, live; the remove button speaks French.
        var benRow = ben.Locator("#conv-list .conv", new() { HasText = "Refund" });
        await Expect(benRow.Locator(".ctag")).ToHaveTextAsync(["remboursement", "vip"]);
        await Expect(ben.Locator("#thread-tags .ctag")).ToHaveTextAsync(["remboursement×", "vip×"]);
        await Expect(ben.Locator("#thread-tags .ctag-x").First).ToHaveAttributeAsync("title", "Retirer l’étiquette remboursement");

        // A tag filters the list; the filter says so and clears.
        var rows = ben.Locator("#conv-list .conv");
        await Expect(rows).ToHaveCountAsync(2);
        await benRow.Locator(".ctag", new() { HasText = "vip" }).ClickAsync();
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(ben.Locator("#tag-filter")).ToHaveTextAsync("vip");
        await ben.ClickAsync("#tag-filter-clear");
        await Expect(rows).ToHaveCountAsync(2);

        // Removed by Ben: gone from Amy's thread too.
        await ben.Locator("#thread-tags .ctag", new() { HasText = "vip" }).Locator(".ctag-x").ClickAsync();
        await Expect(amy.Locator("#thread-tags .ctag")).ToHaveTextAsync(["remboursement×"]);
    });

    [Fact]
    public Task A_lead_renames_the_filtered_tag_and_an_agent_cannot() => Ui(async () =>
    {
        await CreateAgentAsync("amy", "agent");
        await PostEmailAsync("zoe@customer.test", "Refund", "Where is my refund?");
        await PostEmailAsync("sam@customer.test", "Parcel", "Where is my parcel?");
        var lead = await LoggedInPageAsync(lang: "fr"); // the admin
        await OpenConversationAsync(lead, "Refund");
        await lead.FillAsync("#tag-input", "remboursement");
        await lead.PressAsync("#tag-input", "Enter");
        var row = lead.Locator("#conv-list .conv", new() { HasText = "Refund" });
        await row.Locator(".ctag", new() { HasText = "remboursement" }).ClickAsync();
        await Expect(lead.Locator("#tag-rename")).ToHaveTextAsync("Renommer");

        await lead.ClickAsync("#tag-rename");
        await lead.FillAsync("#tag-rename-to", "refund");
        await lead.PressAsync("#tag-rename-to", "Enter");
        await Expect(lead.Locator("#tag-filter")).ToHaveTextAsync("refund");
        await Expect(lead.Locator("#conv-list .conv")).ToHaveCountAsync(1);
        await Expect(lead.Locator("#conv-list .conv .ctag")).ToHaveTextAsync(["refund"]);

        // An agent filters by tags but has no rename.
        var amy = await LoggedInPageAsync("amy");
        await amy.Locator("#conv-list .conv .ctag", new() { HasText = "refund" }).ClickAsync();
        await Expect(amy.Locator("#tag-filter")).ToHaveTextAsync("refund");
        await Expect(amy.Locator("#tag-rename")).ToHaveCountAsync(0);
    });
}
