using Dapper;
using Inbox.Browser.Tests.Support;
using Inbox.Core.Storage;
using Inbox.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Inbox.Browser.Tests;

/// <summary>
/// The search box (/) finds a conversation by the words of any of its messages, and a conversation found that way stays
/// in the list when a new message changes its row (the page cannot check the words itself).
/// </summary>
public sealed class SearchTests(BrowserFixture browser) : BrowserTest(browser)
{
    /// <summary>New messages go into the search index within half a second; the list's search asks once, so wait for it.</summary>
    private Task IndexedAsync() => Wait.UntilAsync(() =>
    {
        using var c = Server.Get<Db>().Open();
        return c.ExecuteScalar<long>("SELECT last_message_id FROM search_progress") >= c.ExecuteScalar<long>("SELECT MAX(id) FROM messages");
    }, TimeSpan.FromSeconds(10), "messages indexed for search");

    [Fact]
    public Task Searching_finds_words_from_earlier_messages_and_keeps_the_row_live() => Ui(async () =>
    {
        await PostEmailAsync("Zoé Martin <zoe@customer.test>", "Livraison", "Mon colis MA-4471 n'est jamais arrivé.", messageId: "p1@customer.test");
        await PostEmailAsync("Zoé Martin <zoe@customer.test>", "Re: Livraison", "Des nouvelles ?", messageId: "p2@customer.test", inReplyTo: "p1@customer.test");
        await PostEmailAsync("Sam Petit <sam@customer.test>", "Question", "J'attends mon remboursement.", messageId: "r1@customer.test");
        var page = await LoggedInPageAsync();
        await Expect(page.Locator(".conv")).ToHaveCountAsync(2);
        await IndexedAsync();

        await LeaveFieldsAsync(page);
        await page.Keyboard.PressAsync("/");
        await page.Keyboard.TypeAsync("4471");
        var rows = page.Locator(".conv");
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(rows.First).ToContainTextAsync("Des nouvelles ?"); // found by the first message; the row shows the last

        // A new message in it: the row changes and stays, though "4471" is not in it.
        await PostEmailAsync("Zoé Martin <zoe@customer.test>", "Re: Livraison", "Toujours rien.", messageId: "p3@customer.test", inReplyTo: "p1@customer.test");
        await Expect(rows.First).ToContainTextAsync("Toujours rien.");
        await Expect(rows).ToHaveCountAsync(1);

        // Opened from the search, the thread marks where the words are (the whole word they start).
        await rows.First.ClickAsync();
        await Expect(page.Locator("#messages .msg .body mark")).ToHaveTextAsync(["4471"]);

        await IndexedAsync();
        await page.FillAsync("#search", "REMBOURSÉ");
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(rows.First).ToContainTextAsync("Sam Petit");
        await rows.First.ClickAsync();
        await Expect(page.Locator("#messages .msg .body mark")).ToHaveTextAsync(["remboursement"]);
    });
}
