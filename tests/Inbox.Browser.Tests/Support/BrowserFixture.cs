using Microsoft.Playwright;

namespace Inbox.Browser.Tests.Support;

/// <summary>
/// One Playwright driver and one headless Debian Chromium for the whole run (starting a browser is the slow
/// part); every test gets fresh contexts (cookie jars) on its own server.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    /// <summary>Debian's browser; scripts/test installs it. Playwright never downloads one.</summary>
    public static string ChromiumPath => Environment.GetEnvironmentVariable("INBOX_CHROMIUM") ?? "/usr/bin/chromium";

    public IPlaywright Playwright { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        // The driver is the Node-based one shipped inside the NuGet package (bin/.playwright); it needs no network.
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        Playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        Browser = await Playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            // --no-sandbox: the tests run as root in CI containers, where Chromium's sandbox cannot start.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync"],
        });
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        Playwright.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    // One collection: tests share the browser and run one after another (2 cores, shared with other work).
    public const string Name = "browser";
}
