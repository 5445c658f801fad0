using Dapper;
using Inbox.Tests.Support;
using Inbox.Browser.Tests.Support;
using Inbox.Core.Storage;
using Microsoft.Playwright;
using MimeKit;
using static Microsoft.Playwright.Assertions;

namespace Inbox.Browser.Tests;

public sealed class InboxTests(BrowserFixture browser) : BrowserTest(browser)
{
    [Fact]
    public Task A_mail_arriving_while_the_page_is_open_appears_without_reload_and_can_be_answered() => Ui(async () =>
    {
        var page = await LoggedInPageAsync();
        var navigations = 0;
        page.FrameNavigated += (_, f) => { if (f == page.MainFrame) navigations++; };

        await PostEmailAsync("Hugo Petit <hugo@customer.test>", "Colis 5521 en retard", "Bonjour, mon colis 5521 n'est pas arrivé.", messageId: "hugo-5521@customer.test");
        var row = page.Locator("#conv-list .conv", new() { HasText = "Colis 5521 en retard" });
        await Expect(row).ToBeVisibleAsync();
        Assert.Equal(0, navigations); // pushed over the hub, not reloaded

        await row.ClickAsync();
        await Expect(page.Locator("#thread .msg.in .body")).ToHaveTextAsync("Bonjour, mon colis 5521 n'est pas arrivé.");
        await page.FillAsync("#reply", "Bonjour Hugo, nous relançons le transporteur aujourd'hui.");
        await page.ClickAsync("#send");
        await Expect(page.Locator("#thread .msg.out .body")).ToHaveTextAsync("Bonjour Hugo, nous relançons le transporteur aujourd'hui.");
        await Expect(page.Locator("#reply")).ToHaveValueAsync("");

        // The customer writes again while the conversation is open: the message joins the thread as it arrives.
        await PostEmailAsync("Hugo Petit <hugo@customer.test>", "Re: Colis 5521 en retard", "Merci, j'attends des nouvelles.", inReplyTo: "hugo-5521@customer.test");
        await Expect(page.Locator("#thread .msg.in .body").Last).ToHaveTextAsync("Merci, j'attends des nouvelles.");

        using var c = Server.Get<Db>().Open();
        Assert.Equal("Bonjour Hugo, nous relançons le transporteur aujourd'hui.", c.ExecuteScalar<string>("SELECT text FROM messages WHERE direction = 'out'"));
        Assert.DoesNotContain(ConsoleErrors, e => e.Contains("Content Security Policy"));
    });

    [Fact]
    public Task A_flood_of_new_conversations_keeps_the_list_to_its_newest_rows() => Ui(async () =>
    {
        var page = await LoggedInPageAsync();
        await page.WaitForSelectorAsync("#conv-list li");
        // More new conversations than one load brings (300), pushed while the page is open, in a few parallel streams.
        var start = DateTimeOffset.UtcNow.AddMinutes(-30);
        await Parallel.ForEachAsync(Enumerable.Range(0, 330), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
            await PostEmailAsync(Mail.Mime($"Client {i} <client{i}@customer.test>", $"Demande {i:000}", $"Bonjour, voici ma demande {i}.", date: start.AddSeconds(i))));
        var rows = page.Locator("#conv-list .conv");
        await Expect(rows.First).ToContainTextAsync("Demande 329");
        await Expect(rows).ToHaveCountAsync(300);
        await Expect(page.Locator("#conv-list .conv", new() { HasText = "Demande 030" })).ToHaveCountAsync(1);
        await Expect(page.Locator("#conv-list .conv", new() { HasText = "Demande 029" })).ToHaveCountAsync(0);
    });

    [Fact]
    public Task While_the_tab_is_in_the_background_its_title_counts_the_messages_that_arrived() => Ui(async () =>
    {
        var page = await LoggedInPageAsync();
        await Expect(page).ToHaveTitleAsync("Inbox");
        const string setHidden = "h => { Object.defineProperty(document, 'hidden', { value: h, configurable: true }); document.dispatchEvent(new Event('visibilitychange')); }";
        await page.EvaluateAsync(setHidden, true);

        await PostEmailAsync("Nina Roy <nina@customer.test>", "Remboursement", "Bonjour, où en est mon remboursement ?");
        await PostEmailAsync("Omar Diaz <omar@customer.test>", "Delivery", "Hello, my parcel has not arrived.");
        await Expect(page).ToHaveTitleAsync("(2) Inbox");

        await page.EvaluateAsync(setHidden, false);
        await Expect(page).ToHaveTitleAsync("Inbox");
    });

    [Fact]
    public Task Switching_language_translates_the_interface_and_is_remembered() => Ui(async () =>
    {
        await PostEmailAsync("ines@customer.test", "Question", "Hello?");
        var page = await LoggedInPageAsync();
        await Expect(page.Locator("#nav .nav-link[data-view=inbox]")).ToHaveTextAsync("Inbox");
        await page.SelectOptionAsync("#lang", "fr");
        await Expect(page.Locator("#nav .nav-link[data-view=inbox]")).ToHaveTextAsync("Boîte de réception");
        await Expect(page.Locator("#logout")).ToHaveTextAsync("Déconnexion");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "fr");
        await OpenConversationAsync(page, "Question");
        await Expect(page.Locator("#send")).ToHaveTextAsync("Envoyer");
        await Expect(page.Locator("#assign-me")).ToHaveTextAsync("M'assigner");

        await page.ReloadAsync();
        await Expect(page.Locator("#nav .nav-link[data-view=inbox]")).ToHaveTextAsync("Boîte de réception");
        await page.WaitForSelectorAsync("#conv-list li"); // booted: the language listener is attached once the hub is up
        await page.SelectOptionAsync("#lang", "en");
        await Expect(page.Locator("#nav .nav-link[data-view=inbox]")).ToHaveTextAsync("Inbox");
    });

    [Fact]
    public Task Script_and_onerror_payloads_from_a_customer_render_as_inert_text() => Ui(async () =>
    {
        const string script = "<script>window.__xss = 'script'; alert('xss')</script>";
        const string img = "<img src=x onerror=\"window.__xss='img'; alert('xss')\">";
        const string svg = "<svg onload=\"window.__xss='svg'\"></svg>";
        var mime = new MimeMessage { Subject = $"Hi {script}", Body = new TextPart("plain") { Text = $"Look: {img} and {svg} and {script}" } };
        mime.From.Add(new MailboxAddress(img, "mallory@customer.test"));
        mime.To.Add(MailboxAddress.Parse("support@inbox.local"));
        using (var ms = new MemoryStream()) { mime.WriteTo(ms); await PostEmailAsync(ms.ToArray()); }
        var page = await LoggedInPageAsync();
        var dialogs = 0;
        page.Dialog += async (_, d) => { dialogs++; await d.DismissAsync(); };

        await OpenConversationAsync(page, "Hi <script>");
        var body = page.Locator("#thread .msg.in .body");
        await Expect(body).ToContainTextAsync(img);       // shown literally, as text
        await Expect(body).ToContainTextAsync(script);
        Assert.Equal(0, await page.Locator("#main img, #main svg, #main script").CountAsync());
        await page.WaitForTimeoutAsync(500);               // give a load/error handler every chance to run
        Assert.Null(await page.EvaluateAsync<string?>("() => window.__xss ?? null"));
        Assert.Equal(0, dialogs);
        await Expect(page.Locator("#side .cust-name")).ToHaveTextAsync(img); // the display name too
        Assert.Equal(0, await page.Locator("#main img, #main svg, #main script").CountAsync());
    });

    [Fact]
    public Task An_admin_erases_a_customer_after_confirming() => Ui(async () =>
    {
        await CreateAgentAsync("amy", "agent");
        await PostEmailAsync("Rita Secret <rita@customer.test>", "Private matter", "My card number is 4970 0000 0000 0000.");
        var amy = await LoggedInPageAsync("amy");
        await OpenConversationAsync(amy, "Private matter");
        await Expect(amy.Locator("#erase-customer")).ToHaveCountAsync(0); // admins only
        var page = await LoggedInPageAsync();
        await OpenConversationAsync(page, "Private matter");
        string? asked = null;
        page.Dialog += async (_, d) => { asked = d.Message; await d.AcceptAsync(); };
        await page.ClickAsync("#erase-customer");
        await Expect(page.Locator("#erase-result")).ToContainTextAsync("Customer data erased (1 messages redacted)");
        Assert.Contains("Rita Secret", asked);
        await Expect(page.Locator("#thread .msg.in .redacted")).ToBeVisibleAsync();
        await Expect(page.Locator("#thread")).Not.ToContainTextAsync("4970");
        // A colleague with the conversation open loses the content at once, without reloading.
        await Expect(amy.Locator("#thread .msg.in .redacted")).ToBeVisibleAsync();
        await Expect(amy.Locator("#thread")).Not.ToContainTextAsync("4970");
        await Expect(amy.Locator("#conv-list")).Not.ToContainTextAsync("Private matter");
    });
}
