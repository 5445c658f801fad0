using System.Net.Http.Json;
using System.Text.Json;
using Inbox.Browser.Tests.Support;
using Inbox.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Inbox.Browser.Tests;

/// <summary>
/// Saved views (views.js): an agent keeps the list's filters under a name, finds them again with one click or a digit,
/// sees how many conversations each finds, and a lead's shared view shows in every agent's list.
/// </summary>
public sealed class SavedViewsTests(BrowserFixture browser) : BrowserTest(browser)
{
    [Fact]
    public Task An_agent_saves_the_lists_filters_as_a_view_and_opens_it_again() => Ui(async () =>
    {
        await CreateAgentAsync("amy", "agent");
        await CreateAgentAsync("lena", "lead");
        await PostEmailAsync("zoe@customer.test", "Refund", "Where is my refund?");
        await PostEmailAsync("sam@customer.test", "Parcel", "Where is my parcel?");
        using (var admin = await Server.LoginAsync())
        {
            var refund = (await admin.Http.GetFromJsonAsync<JsonElement>("/api/conversations")).EnumerateArray()
                .Single(c => c.GetProperty("subject").GetString() == "Refund").GetProperty("id").GetInt64();
            (await admin.Http.PostAsJsonAsync($"/api/conversations/{refund}/status", new { status = "closed" })).EnsureSuccessStatusCode();
        }

        var page = await LoggedInPageAsync("amy", lang: "fr");
        var rows = page.Locator("#conv-list .conv");
        await Expect(rows).ToHaveCountAsync(2);
        await page.SelectOptionAsync("#f-status", "open");
        await Expect(rows).ToHaveCountAsync(1);
        await page.ClickAsync("#view-new");
        await page.FillAsync("#view-name", "Ouvertes");
        await Expect(page.Locator("#view-shared")).ToHaveCountAsync(0); // an agent's views are her own
        await page.ClickAsync("#view-save");
        var view = page.Locator("#views .view", new() { HasText = "Ouvertes" });
        await Expect(view).ToHaveClassAsync(new System.Text.RegularExpressions.Regex(@"\bon\b")); // the filters shown are this view's
        await Expect(view.Locator(".view-count")).ToHaveTextAsync("1");

        // Other filters: the view is no longer the one shown; a click (or its digit) puts its filters back.
        await page.SelectOptionAsync("#f-status", "");
        await Expect(rows).ToHaveCountAsync(2);
        await Expect(view).Not.ToHaveClassAsync(new System.Text.RegularExpressions.Regex(@"\bon\b"));
        await view.Locator(".view-open").ClickAsync();
        await Expect(page.Locator("#f-status")).ToHaveValueAsync("open");
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(rows.First).ToContainTextAsync("Parcel");
        await page.SelectOptionAsync("#f-status", "closed");
        await Expect(rows.First).ToContainTextAsync("Refund");
        await LeaveFieldsAsync(page);
        await page.Keyboard.PressAsync("1");
        await Expect(page.Locator("#f-status")).ToHaveValueAsync("open");
        await Expect(rows.First).ToContainTextAsync("Parcel");

        // A lead shares a view with the team: it shows in Amy's list after a reload, marked as shared, not hers to delete.
        var lead = await LoggedInPageAsync("lena");
        await lead.SelectOptionAsync("#f-assigned", "none");
        await lead.ClickAsync("#view-new");
        await lead.FillAsync("#view-name", "Unassigned");
        await lead.CheckAsync("#view-shared");
        await lead.ClickAsync("#view-save");
        await Expect(lead.Locator("#views .view", new() { HasText = "Unassigned" })).ToHaveCountAsync(1);
        await page.ReloadAsync();
        var team = page.Locator("#views .view", new() { HasText = "Unassigned" });
        await Expect(team.Locator(".view-count")).ToHaveTextAsync("2");
        await Expect(team.Locator(".view-x")).ToHaveCountAsync(0);

        // Amy deletes her own.
        await view.Locator(".view-x").ClickAsync();
        await Expect(view).ToHaveCountAsync(0);
        Assert.DoesNotContain(ConsoleErrors, e => !e.StartsWith("Failed to load resource")); // no script error (the login page's 401 is expected)
    });
}
