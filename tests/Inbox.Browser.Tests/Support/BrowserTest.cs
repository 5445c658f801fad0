using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using Inbox.Tests.Support;
using Microsoft.Playwright;

namespace Inbox.Browser.Tests.Support;

/// <summary>
/// Base class of every browser test: a real Inbox host on 127.0.0.1 for each test, pages logged in through the
/// real login form, and a screenshot of every open page in artifacts/browser/ when the test fails.
/// Feature suites (duplicates, drafts, board, audit charts…) add their own files deriving from this class.
/// </summary>
[Collection(BrowserCollection.Name)]
public abstract class BrowserTest(BrowserFixture browser) : IAsyncLifetime
{
    protected static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
    private readonly List<IBrowserContext> _contexts = [];

    /// <summary>Console errors of every page (CSP violations show up here).</summary>
    protected List<string> ConsoleErrors { get; } = [];

    protected InboxServer Server { get; private set; } = null!;
    protected IBrowser Browser => browser.Browser;

    /// <summary>Settings for the server under test; override to change configuration.</summary>
    protected virtual IDictionary<string, string?> Settings => new Dictionary<string, string?>();

    public virtual async Task InitializeAsync() => Server = await InboxServer.StartAsync(Settings);

    public virtual async Task DisposeAsync()
    {
        foreach (var c in _contexts) await c.CloseAsync();
        await Server.DisposeAsync();
    }

    /// <summary>A fresh browser context (own cookies and storage) with a page on the login screen.</summary>
    protected async Task<IPage> NewPageAsync(string lang = "en")
    {
        var context = await Browser.NewContextAsync(new() { BaseURL = Server.Url, Locale = lang == "fr" ? "fr-FR" : "en-GB" });
        context.SetDefaultTimeout((float)Timeout.TotalMilliseconds);
        _contexts.Add(context);
        var page = await context.NewPageAsync();
        page.Console += (_, m) => { if (m.Type == "error") lock (ConsoleErrors) ConsoleErrors.Add(m.Text); };
        page.PageError += (_, e) => { lock (ConsoleErrors) ConsoleErrors.Add(e); };
        await page.GotoAsync("/login.html");
        return page;
    }

    /// <summary>Signs in through the form and waits for the inbox to be live (hub connected, list loaded).</summary>
    protected async Task<IPage> LoggedInPageAsync(string user = InboxServer.AdminUser, string? password = null, string lang = "en")
    {
        var page = await NewPageAsync(lang);
        await page.FillAsync("#username", user);
        await page.FillAsync("#password", password ?? (user == InboxServer.AdminUser ? InboxServer.AdminPassword : "password-" + user));
        await page.ClickAsync("#submit");
        await page.WaitForSelectorAsync("#conv-list");
        await page.WaitForFunctionAsync("() => document.querySelector('#conv-list li') !== null");
        return page;
    }

    /// <summary>Creates an account through the admin API (so a page can then log in with it).</summary>
    protected async Task CreateAgentAsync(string user, string role)
    {
        using var admin = await Server.LoginAsync();
        using var r = await admin.Http.PostAsJsonAsync("/api/admin/agents", new { username = user, displayName = user, password = "password-" + user, role });
        r.EnsureSuccessStatusCode();
    }

    /// <summary>A customer email through the real inbound endpoint, as a mail gateway would post it.</summary>
    protected Task PostEmailAsync(string from, string subject, string text, string? messageId = null, string? inReplyTo = null) =>
        PostEmailAsync(Mail.Mime(from, subject, text, messageId, inReplyTo));

    protected async Task PostEmailAsync(byte[] mime)
    {
        using var http = new HttpClient { BaseAddress = new Uri(Server.Url) };
        using var content = new ByteArrayContent(mime);
        content.Headers.ContentType = new("message/rfc822");
        using var req = new HttpRequestMessage(HttpMethod.Post, "/inbound/email") { Content = content };
        req.Headers.Add("X-Inbox-Secret", InboxServer.InboundSecret);
        using var r = await http.SendAsync(req);
        r.EnsureSuccessStatusCode();
    }

    /// <summary>
    /// The satisfaction survey the closing of a conversation queued, as if its mail had gone out (there is no SMTP server
    /// here): taken from the queue, marked sent; its Token is what the mail's link would carry.
    /// </summary>
    protected async Task<Inbox.Core.Satisfaction.DueSurvey> SurveySentAsync()
    {
        var surveys = Server.Get<Inbox.Core.Satisfaction.Surveys>();
        Inbox.Core.Satisfaction.DueSurvey? due = null;
        await Wait.UntilAsync(() => (due = surveys.TakeDue().FirstOrDefault()) is not null, what: "survey queued");
        surveys.MarkSent(due!.Id);
        return due;
    }

    /// <summary>Opens the conversation whose row shows this text.</summary>
    /// <remarks>Waits for that conversation's thread (the page's address names it once drawn), not for any thread: with
    /// another one open, its compose box would otherwise still be there for the next step to type into.</remarks>
    protected static async Task OpenConversationAsync(IPage page, string rowText)
    {
        var row = page.Locator("#conv-list .conv", new() { HasText = rowText });
        var id = await row.GetAttributeAsync("data-id");
        await row.ClickAsync();
        await page.WaitForFunctionAsync("id => location.hash === '#/inbox/' + id", id);
        await page.WaitForSelectorAsync("#thread .messages");
    }

    /// <summary>
    /// Takes the focus out of any field, so that a key press is a shortcut. Not a click on an empty spot: rows move as
    /// bars above the list come and go, and a click that lands on a row opens it.
    /// </summary>
    protected static Task LeaveFieldsAsync(IPage page) => page.EvaluateAsync("() => document.activeElement?.blur()");

    /// <summary>Runs the test body; on failure saves a screenshot of every open page, then rethrows.</summary>
    protected async Task Ui(Func<Task> body, [CallerMemberName] string test = "")
    {
        try { await body(); }
        catch
        {
            var dir = Path.Combine(Paths.Repo, "artifacts", "browser");
            Directory.CreateDirectory(dir);
            var n = 0;
            foreach (var page in _contexts.SelectMany(c => c.Pages))
            {
                try { await page.ScreenshotAsync(new() { Path = Path.Combine(dir, $"{GetType().Name}.{test}.{n++}.png"), FullPage = true }); }
                catch (PlaywrightException) { } // a crashed page cannot be captured; the original failure matters more
            }
            throw;
        }
    }
}
