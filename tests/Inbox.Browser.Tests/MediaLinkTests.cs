using Inbox.Browser.Tests.Support;
using Inbox.Core.Channels.Social;
using Inbox.Web.Sandbox;
using static Microsoft.Playwright.Assertions;

namespace Inbox.Browser.Tests;

/// <summary>
/// A photo sent on Messenger arrives as a CDN URL; the thread lists it, and once the server has fetched it (here on
/// its fifth and last try: the platform's first four answers are errors) the open thread turns its name into a download link, live.
/// </summary>
public sealed class MediaLinkTests(BrowserFixture browser) : BrowserTest(browser)
{
    private const string MetaSecret = "test-meta-secret", PageId = "100000000000001";
    private PlatformSandbox _sandbox = null!;

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Inbox:Meta:AppSecret"] = MetaSecret,
        ["Inbox:Meta:Pages:0:Id"] = PageId,
        ["Inbox:Meta:Pages:0:Token"] = "page-token",
        ["Inbox:Meta:GraphBaseUrl"] = _sandbox.Url,
    };

    public override async Task InitializeAsync()
    {
        _sandbox = await PlatformSandbox.StartAsync();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await _sandbox.DisposeAsync();
    }

    [Fact]
    public Task A_fetched_photo_becomes_a_download_link_in_the_open_thread() => Ui(async () =>
    {
        var png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");
        var url = _sandbox.AddMedia("photo-1", png, "image/png");
        _sandbox.Fail(500, 4, "_media/photo-1"); // four rounds, two seconds apart: the thread is open before the fifth and last
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var json = $$"""{"object":"page","entry":[{"id":"{{PageId}}","time":{{now}},"messaging":[{"sender":{"id":"7100000000000009"},"recipient":{"id":"{{PageId}}"},"timestamp":{{now}},"message":{"mid":"m_photo","text":"Le colis est arrivé abîmé","attachments":[{"type":"image","payload":{"url":"{{url}}"} }]} }]}]}""";
        using var http = new HttpClient { BaseAddress = new Uri(Server.Url) };
        using var content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        using var req = new HttpRequestMessage(HttpMethod.Post, "/webhooks/meta") { Content = content };
        req.Headers.Add("X-Hub-Signature-256", WebhookSignature.MetaSign(MetaSecret, System.Text.Encoding.UTF8.GetBytes(json)));
        (await http.SendAsync(req)).EnsureSuccessStatusCode();

        var page = await LoggedInPageAsync();
        await OpenConversationAsync(page, "Le colis est arrivé abîmé");
        var attachment = page.Locator("#thread .attachment");
        await Expect(attachment).ToContainTextAsync("Messenger image");
        Assert.Equal(0, await attachment.Locator("a").CountAsync()); // not fetched yet: a name, no link
        // A later round's fetch succeeds and the thread gets the link without a reload.
        await Expect(attachment.Locator("a")).ToHaveCountAsync(1, new() { Timeout = 25_000 });
        await Expect(attachment).ToContainTextAsync("image/png");
        var download = await page.RunAndWaitForDownloadAsync(() => attachment.Locator("a").ClickAsync());
        Assert.Equal(png, await File.ReadAllBytesAsync(await download.PathAsync()));
        Assert.Contains(_sandbox.Requests, r => r.Path == "/_media/photo-1");
    });
}
