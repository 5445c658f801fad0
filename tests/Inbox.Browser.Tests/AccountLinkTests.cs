using System.Text.RegularExpressions;
using Inbox.Browser.Tests.Support;
using Inbox.Core.Agents;
using static Microsoft.Playwright.Assertions;

namespace Inbox.Browser.Tests;

/// <summary>
/// Account links in the browser (login.js, team.js): an admin invites an agent without a password, the agent opens
/// the link and chooses one; the "forgot your password" card; a spent link. The mail itself goes through Postfix and
/// Dovecot in Inbox.Tests (AccountMailTests): here the SMTP port is closed and the test takes its link from the server.
/// </summary>
public sealed class AccountLinkTests(BrowserFixture browser) : BrowserTest(browser)
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Inbox:PublicUrl"] = "https://inbox.example.test",
        ["Inbox:Email:Smtp:Host"] = "127.0.0.1",
        ["Inbox:Email:Smtp:Port"] = "9", // nothing listens: the mailer logs its failure, the pages go on
        ["Inbox:Email:Smtp:From"] = "Support <support@example.test>",
    };

    [Fact]
    public Task An_invited_agent_chooses_a_password_from_the_link_and_lands_in_the_inbox() => Ui(async () =>
    {
        await PostEmailAsync("zoe@customer.test", "Refund", "Where is my refund?");
        var admin = await LoggedInPageAsync(lang: "fr");
        await admin.ClickAsync("a.nav-link[data-view=team]");
        await Expect(admin.Locator("#team-invite-hint")).ToBeVisibleAsync();
        await admin.FillAsync("#team-new-username", "ines");
        await admin.FillAsync("#team-new-name", "Inès Martin");
        await admin.FillAsync("#team-new-email", "ines@example.test");
        await admin.ClickAsync("#team-create");
        var row = admin.Locator("#team-rows tr[data-username=ines]");
        await Expect(row).ToContainTextAsync("Invité");
        await row.Locator(".team-mail-link").ClickAsync();
        await Expect(admin.Locator("#team-status")).ToHaveTextAsync("Lien envoyé à ines@example.test.");

        var id = Server.Get<AgentStore>().List().Single(a => a.Username == "ines").Id;
        var token = Server.Get<AccountTokens>().Issue(id, AccountTokens.Invite).Token;
        var page = await NewPageAsync("fr");
        await page.GotoAsync("/login.html#token=" + token);
        await Expect(page.Locator("#choose-title")).ToHaveTextAsync("Bienvenue, Inès Martin");
        await Expect(page.Locator("#choose-help")).ToContainTextAsync("« ines »");
        await page.FillAsync("#choose-password", "ines-password");
        await page.FillAsync("#choose-confirm", "ines-passwort");
        await page.ClickAsync("#choose-submit");
        await Expect(page.Locator("#choose-error")).ToHaveTextAsync("Les deux mots de passe ne sont pas les mêmes.");
        await Expect(page.Locator("#choose-again")).ToBeHiddenAsync();
        await page.FillAsync("#choose-confirm", "ines-password");
        await page.ClickAsync("#choose-submit");
        await Expect(page.Locator("#conv-list .conv")).ToHaveCountAsync(1);
        await Expect(page.Locator("#user .me")).ToContainTextAsync("Inès");

        await admin.ReloadAsync();
        await admin.ClickAsync("a.nav-link[data-view=team]");
        await Expect(admin.Locator("#team-rows tr[data-username=ines]")).ToContainTextAsync("Actif");
    });

    [Fact]
    public Task The_forgot_card_promises_nothing_about_the_account_and_a_spent_link_offers_a_new_one() => Ui(async () =>
    {
        var page = await NewPageAsync();
        await page.ClickAsync("#forgot-link");
        await Expect(page.Locator("#forgot")).ToBeVisibleAsync();
        await Expect(page.Locator("#login")).ToBeHiddenAsync();
        await page.FillAsync("#forgot-login", "nobody@example.test");
        await page.ClickAsync("#forgot-submit");
        await Expect(page.Locator("#forgot-status")).ToHaveTextAsync(new Regex("^If an account has this username or address, a link is on its way"));

        await page.GotoAsync("/login.html#token=spent-or-made-up");
        await Expect(page.Locator("#choose-error")).ToHaveTextAsync("This link has expired or has already been used.");
        await Expect(page.Locator("#choose-submit")).ToBeDisabledAsync();
        await page.ClickAsync("#choose-again");
        await Expect(page.Locator("#forgot")).ToBeVisibleAsync();
        await page.ClickAsync("#forgot a.login-aside");
        await Expect(page.Locator("#login")).ToBeVisibleAsync();
    });
}
