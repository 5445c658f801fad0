using Inbox.Browser.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Inbox.Browser.Tests;

/// <summary>Snooze from the thread's header (snooze.js): the header and the row say until when; reopening ends it.</summary>
public sealed class SnoozeTests(BrowserFixture browser) : BrowserTest(browser)
{
    [Fact]
    public Task A_conversation_snoozed_from_its_header_says_until_when() => Ui(async () =>
    {
        await PostEmailAsync("zoe@customer.test", "Refund", "Where is my refund?");
        var page = await LoggedInPageAsync(lang: "fr");
        await OpenConversationAsync(page, "Refund");
        await Expect(page.Locator("#snoozed-until")).ToBeHiddenAsync();

        await page.SelectOptionAsync("#snooze", new Microsoft.Playwright.SelectOptionValue { Label = "1 heure" });
        await Expect(page.Locator("#snoozed-until")).ToContainTextAsync("En pause jusqu’au");
        await Expect(page.Locator("#conv-status")).ToHaveTextAsync("En attente");
        await Expect(page.Locator("#conv-list .conv", new() { HasText = "Refund" }).Locator(".conv-tags")).ToContainTextAsync("En pause jusqu’au");

        // Reopened by hand: the snooze is over.
        // The button toggles from the status last pushed: wait for each push before the next press.
        await page.ClickAsync("#toggle-status"); // pending → closed
        await Expect(page.Locator("#conv-status")).ToHaveTextAsync("Fermée");
        await page.ClickAsync("#toggle-status"); // closed → open
        await Expect(page.Locator("#conv-status")).ToHaveTextAsync("Ouverte");
        await Expect(page.Locator("#snoozed-until")).ToBeHiddenAsync();
    });

    [Fact]
    public Task The_snooze_menu_offers_the_teams_next_opening() => Ui(async () =>
    {
        await PostEmailAsync("zoe@customer.test", "Refund", "Where is my refund?");
        var page = await LoggedInPageAsync(lang: "fr");
        await OpenConversationAsync(page, "Refund");
        // The default business hours are weekdays: the next opening is on a later day, from the team's calendar.
        var option = page.Locator("#snooze option", new() { HasText = "Prochain jour ouvré" });
        await Expect(option).ToHaveCountAsync(1);
        var label = await option.TextContentAsync() ?? "";
        var when = label[(label.IndexOf('(') + 1)..label.LastIndexOf(')')];
        await page.SelectOptionAsync("#snooze", new Microsoft.Playwright.SelectOptionValue { Label = label });
        await Expect(page.Locator("#snoozed-until")).ToHaveTextAsync($"En pause jusqu’au {when}");
    });

    [Fact]
    public Task A_conversation_snoozed_until_a_time_of_the_agents_choosing() => Ui(async () =>
    {
        await PostEmailAsync("zoe@customer.test", "Refund", "Where is my refund?");
        var page = await LoggedInPageAsync(lang: "fr");
        await OpenConversationAsync(page, "Refund");
        await page.SelectOptionAsync("#snooze", new Microsoft.Playwright.SelectOptionValue { Label = "Choisir la date et l’heure…" });
        await Expect(page.Locator("#snooze-at")).ToBeFocusedAsync();

        // Past the 90 days the server allows: its reason, in French, and nothing changes.
        var far = DateTime.Now.AddDays(120).ToString("yyyy-MM-dd") + "T10:00";
        await page.FillAsync("#snooze-at", far);
        await page.EvaluateAsync("() => document.getElementById('snooze-at').removeAttribute('max')"); // the picker's own bound aside
        await page.ClickAsync("#snooze-set");
        await Expect(page.Locator("#snooze-note")).ToHaveTextAsync("une conversation est en pause 90 jours au plus");
        await Expect(page.Locator("#snoozed-until")).ToBeHiddenAsync();

        var when = DateTime.Now.AddDays(3).ToString("yyyy-MM-dd") + "T14:30";
        await page.FillAsync("#snooze-at", when);
        await page.ClickAsync("#snooze-set");
        await Expect(page.Locator("#snoozed-until")).ToContainTextAsync("14:30");
        await Expect(page.Locator("#snooze-form")).ToBeHiddenAsync();
        await Expect(page.Locator("#snooze")).ToBeVisibleAsync();
        var expected = await page.EvaluateAsync<long>($"() => new Date('{when}').getTime()");
        using var c = Server.Get<Inbox.Core.Storage.Db>().Open();
        Assert.Equal(expected, Dapper.SqlMapper.ExecuteScalar<long>(c, "SELECT snoozed_until FROM conversations"));
    });
}
