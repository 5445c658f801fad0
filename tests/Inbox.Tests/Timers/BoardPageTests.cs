using System.Net.Http.Headers;
using System.Net.Http.Json;
using Dapper;
using Inbox.Core.Storage;
using Inbox.Tests.Support;
using Microsoft.Playwright;

namespace Inbox.Tests.Timers;

/// <summary>The lead board and the agents' countdown in a real headless Chromium against the real host.</summary>
public sealed class BoardPageTests : IAsyncLifetime
{
    private InboxServer _server = null!;
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;

    public async Task InitializeAsync()
    {
        _server = await InboxServer.StartAsync();
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new() { ExecutablePath = "/usr/bin/chromium", Headless = true, Args = ["--no-sandbox"] });
    }

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
        await _server.DisposeAsync();
    }

    private async Task PostEmail(string from, string subject)
    {
        var content = new ByteArrayContent(Mail.Mime(from, subject, "Bonjour, toujours rien reçu."));
        content.Headers.ContentType = new MediaTypeHeaderValue("message/rfc822");
        var request = new HttpRequestMessage(HttpMethod.Post, "/inbound/email") { Content = content };
        request.Headers.Add("X-Inbox-Secret", InboxServer.InboundSecret);
        (await _server.Anonymous().Http.SendAsync(request)).EnsureSuccessStatusCode();
    }

    private async Task<IPage> LoginAs(string user, string password)
    {
        var page = await _browser.NewPageAsync();
        page.PageError += (_, e) => Console.WriteLine("page error: " + e);
        await page.GotoAsync(_server.Url + "/login.html");
        await page.FillAsync("input[name=username], #username", user);
        await page.FillAsync("input[name=password], #password", password);
        await page.PressAsync("input[name=password], #password", "Enter");
        await page.WaitForSelectorAsync("#nav .nav-link");
        return page;
    }

    [Fact]
    public async Task LeadSeesCountsAndCountdownsAndReassignsFromTheMenu()
    {
        using (await _server.CreateAndLoginAsync("bob", "agent")) { }
        using (await _server.CreateAndLoginAsync("lea", "lead")) { }
        await PostEmail("marie@example.fr", "Commande 4471");
        await Wait.UntilAsync(() => { using var c = _server.Get<Db>().Open(); return c.ExecuteScalar<long>("SELECT COUNT(*) FROM conversation_timers") == 1; }, what: "timer");

        var page = await LoginAs("lea", "password-lea");
        await page.GotoAsync(_server.Url + "/#/board");
        var row = page.Locator("#board-list tr[data-id]");
        await row.First.WaitForAsync();
        Assert.Equal(1, await row.CountAsync());
        Assert.Matches(@"23 h 5\d left", await row.Locator(".sla-countdown").InnerTextAsync());
        Assert.Equal("1", await page.Locator("#board-counts tbody tr[data-channel=email] td").Nth(1).InnerTextAsync());

        var bob = await page.Locator("select.assign option", new() { HasText = "bob" }).GetAttributeAsync("value");
        await row.Locator("select.assign").SelectOptionAsync(bob!);
        await Wait.UntilAsync(() => { using var c = _server.Get<Db>().Open(); return c.ExecuteScalar<long?>("SELECT assigned_agent_id FROM conversations") == long.Parse(bob!); }, what: "assignment");
        await page.Locator(".agent-card[data-agent='" + bob + "']", new() { HasText = "1" }).WaitForAsync();
        using (var c = _server.Get<Db>().Open())
            Assert.Contains($"\"to\":{bob}", c.ExecuteScalar<string>("SELECT details FROM audit_log WHERE action = 'conversation.assign'"));

        await page.GotoAsync(_server.Url + "/#/inbox");
        Assert.Matches(@"23 h 5\d left", await page.Locator("#conv-list .conv .sla-countdown").InnerTextAsync());
    }
}
