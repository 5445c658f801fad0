using System.Net.Http.Json;
using System.Text.Json;
using Inbox.Browser.Tests.Support;
using Inbox.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Inbox.Browser.Tests;

/// <summary>
/// An agent's queue in the list (inbox.js): "Assigned to me" keeps only her conversations, live as they are assigned
/// or arrive, and stays chosen after a reload.
/// </summary>
public sealed class QueueFilterTests(BrowserFixture browser) : BrowserTest(browser)
{
    [Fact]
    public Task The_assigned_to_me_queue_follows_assignments_live_and_survives_a_reload() => Ui(async () =>
    {
        await CreateAgentAsync("amy", "agent");
        await PostEmailAsync("zoe@customer.test", "Refund", "Where is my refund?");
        await PostEmailAsync("sam@customer.test", "Parcel", "Where is my parcel?");
        using var amyApi = await Server.LoginAsync("amy", "password-amy");
        var amyId = (await amyApi.Http.GetFromJsonAsync<JsonElement>("/api/auth/me")).GetProperty("id").GetInt64();
        var conversations = (await amyApi.Http.GetFromJsonAsync<JsonElement>("/api/conversations")).EnumerateArray()
            .ToDictionary(c => c.GetProperty("subject").GetString()!, c => c.GetProperty("id").GetInt64());
        (await amyApi.Http.PostAsJsonAsync($"/api/conversations/{conversations["Refund"]}/assignee", new { agentId = amyId })).EnsureSuccessStatusCode();

        var page = await LoggedInPageAsync("amy");
        var rows = page.Locator("#conv-list .conv");
        await Expect(rows).ToHaveCountAsync(2);
        await page.SelectOptionAsync("#f-assigned", "me");
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(rows.First).ToContainTextAsync("Refund");

        // Assigned to her by someone else: it joins the queue without a reload; a new unassigned arrival does not.
        using (var admin = await Server.LoginAsync())
            (await admin.Http.PostAsJsonAsync($"/api/conversations/{conversations["Parcel"]}/assignee", new { agentId = amyId })).EnsureSuccessStatusCode();
        await Expect(rows).ToHaveCountAsync(2);
        var everyone = await LoggedInPageAsync();
        await PostEmailAsync("lea@customer.test", "Card", "My card is blocked.");
        await Expect(everyone.Locator("#conv-list .conv", new() { HasText = "Card" })).ToHaveCountAsync(1); // the push has gone out
        await Expect(rows).ToHaveCountAsync(2);
        await Expect(page.Locator("#conv-list")).Not.ToContainTextAsync("Card");

        // The queue is kept across a reload; "Unassigned" shows the new one.
        await page.ReloadAsync();
        await Expect(page.Locator("#f-assigned")).ToHaveValueAsync("me");
        await Expect(rows).ToHaveCountAsync(2);
        await page.SelectOptionAsync("#f-assigned", "none");
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(rows.First).ToContainTextAsync("Card");
    });

    [Fact]
    public Task The_list_is_sorted_as_chosen_live_and_after_a_reload() => Ui(async () =>
    {
        await PostEmailAsync("zoe@customer.test", "Refund", "Where is my refund?");
        await PostEmailAsync("sam@customer.test", "Parcel", "Where is my parcel?");
        var page = await LoggedInPageAsync(lang: "fr");
        var rows = page.Locator("#conv-list .conv .subject");
        await Expect(rows).ToHaveTextAsync(["Parcel", "Refund"]);
        await page.SelectOptionAsync("#f-sort", "oldest");
        await Expect(rows).ToHaveTextAsync(["Refund", "Parcel"]);

        // A new conversation joins at the end of the oldest-first list; the order stays chosen after a reload.
        await PostEmailAsync("lea@customer.test", "Card", "My card is blocked.");
        await Expect(rows).ToHaveTextAsync(["Refund", "Parcel", "Card"]);
        await page.ReloadAsync();
        await Expect(page.Locator("#f-sort")).ToHaveValueAsync("oldest");
        await Expect(rows).ToHaveTextAsync(["Refund", "Parcel", "Card"]);
        await page.SelectOptionAsync("#f-sort", "due");
        await Expect(rows).ToHaveTextAsync(["Refund", "Parcel", "Card"]); // the first to arrive is the first due
    });
}
