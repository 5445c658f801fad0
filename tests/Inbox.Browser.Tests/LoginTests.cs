using Inbox.Browser.Tests.Support;
using Microsoft.Playwright;

namespace Inbox.Browser.Tests;

public sealed class LoginTests(BrowserFixture browser) : BrowserTest(browser)
{
    [Fact]
    public Task Valid_credentials_open_the_inbox() => Ui(async () =>
    {
        await PostEmailAsync("ana@customer.test", "Where is my parcel?", "Order 1234 has not arrived.");
        var page = await LoggedInPageAsync();
        await Assertions.Expect(page.Locator("#user .me")).ToContainTextAsync("admin");
        await Assertions.Expect(page.Locator("#conv-list .conv")).ToHaveCountAsync(1);
    });

    [Fact]
    public Task Wrong_password_shows_an_error_and_stays_on_the_login_page() => Ui(async () =>
    {
        var page = await NewPageAsync();
        await page.FillAsync("#username", "admin");
        await page.FillAsync("#password", "not-the-password");
        await page.ClickAsync("#submit");
        await Assertions.Expect(page.Locator("#error")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#error")).ToHaveTextAsync("Wrong username or password.");
        Assert.EndsWith("/login.html", page.Url);
        // Without account mail set up (Inbox:PublicUrl and SMTP) no "forgot your password?" link promises a mail.
        await Assertions.Expect(page.Locator("#forgot-link")).ToBeHiddenAsync();
    });
}
