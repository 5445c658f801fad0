using Inbox.Browser.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Inbox.Browser.Tests;

/// <summary>
/// The admin's Team view (team.js) and an agent's own password (password.js): an account added, disabled (the agent's
/// open page goes to the login screen at once), given a role; an agent changes their password from the header.
/// </summary>
public sealed class TeamTests(BrowserFixture browser) : BrowserTest(browser)
{
    [Fact]
    public Task An_admin_adds_an_agent_then_disables_them_and_their_page_is_signed_out() => Ui(async () =>
    {
        await PostEmailAsync("zoe@customer.test", "Refund", "Where is my refund?");
        var admin = await LoggedInPageAsync(lang: "fr");
        await admin.ClickAsync("a.nav-link[data-view=team]");
        await admin.FillAsync("#team-new-username", "carl");
        await admin.FillAsync("#team-new-name", "Carl Dupont");
        await admin.SelectOptionAsync("#team-new-role", "agent");
        await admin.FillAsync("#team-new-password", "password-carl");
        await admin.ClickAsync("#team-create");
        var row = admin.Locator("#team-rows tr[data-username=carl]");
        await Expect(row).ToContainTextAsync("Actif");

        var carl = await LoggedInPageAsync("carl");
        await Expect(carl.Locator("#conv-list .conv")).ToHaveCountAsync(1);
        await row.Locator(".team-toggle").ClickAsync();
        await Expect(row).ToContainTextAsync("Désactivé");
        await Expect(carl).ToHaveURLAsync(new System.Text.RegularExpressions.Regex(@"/login\.html$")); // cut off at once, not at his next click

        // Enabled again as a lead: he signs in and has the lead's views.
        await row.Locator(".team-toggle").ClickAsync();
        await row.Locator(".team-role").SelectOptionAsync("lead");
        await Expect(admin.Locator("#team-rows tr[data-username=carl] .team-role")).ToHaveValueAsync("lead");
        var lead = await LoggedInPageAsync("carl");
        await Expect(lead.Locator("a.nav-link[data-view=board]")).ToHaveCountAsync(1);
        await Expect(lead.Locator("a.nav-link[data-view=team]")).ToHaveCountAsync(0); // the team is the admins'
    });

    [Fact]
    public Task An_agent_changes_their_own_password_from_the_header() => Ui(async () =>
    {
        await CreateAgentAsync("amy", "agent");
        await PostEmailAsync("zoe@customer.test", "Refund", "Where is my refund?");
        var page = await LoggedInPageAsync("amy", lang: "fr");
        await page.ClickAsync("#account summary");
        await page.ClickAsync("#password-open");
        await page.FillAsync("#pw-current", "not-my-password");
        await page.FillAsync("#pw-new", "a-new-password");
        await page.FillAsync("#pw-again", "a-new-password");
        await page.ClickAsync("#pw-save");
        await Expect(page.Locator("#pw-note")).ToHaveTextAsync("le mot de passe actuel n’est pas le bon");
        await page.FillAsync("#pw-current", "password-amy");
        await page.FillAsync("#pw-again", "another-password");
        await page.ClickAsync("#pw-save");
        await Expect(page.Locator("#pw-note")).ToHaveTextAsync("Les deux nouveaux mots de passe diffèrent.");
        await page.FillAsync("#pw-again", "a-new-password");
        await page.ClickAsync("#pw-save");
        await Expect(page.Locator("#pw-note")).ToContainTextAsync("Mot de passe changé");

        // This page goes on (its live connection comes back with the new cookie); the new password signs in.
        await Expect(page.Locator("#password-dialog")).ToHaveCountAsync(0);
        await PostEmailAsync("sam@customer.test", "Parcel", "Where is my parcel?");
        await Expect(page.Locator("#conv-list .conv", new() { HasText = "Parcel" })).ToHaveCountAsync(1);
        Assert.EndsWith("/", new Uri(page.Url).AbsolutePath);
        await LoggedInPageAsync("amy", "a-new-password");
    });

    [Fact]
    public Task An_agent_signs_out_their_other_sessions_and_this_page_goes_on() => Ui(async () =>
    {
        await CreateAgentAsync("amy", "agent");
        await PostEmailAsync("zoe@customer.test", "Refund", "Where is my refund?");
        var elsewhere = await LoggedInPageAsync("amy");
        var here = await LoggedInPageAsync("amy", lang: "fr");
        await here.ClickAsync("#account summary");
        await here.ClickAsync("#sessions-end");
        await Expect(here.Locator("#sessions-end")).ToHaveTextAsync("Autres sessions déconnectées ✓");
        await Expect(elsewhere).ToHaveURLAsync(new System.Text.RegularExpressions.Regex(@"/login\.html$")); // its connection closed at once

        await PostEmailAsync("sam@customer.test", "Parcel", "Where is my parcel?");
        await Expect(here.Locator("#conv-list .conv", new() { HasText = "Parcel" })).ToHaveCountAsync(1); // still live
        await here.ReloadAsync();
        await Expect(here.Locator("#conv-list .conv")).ToHaveCountAsync(2); // its new cookie signs it in
    });

    [Fact]
    public Task An_admin_turns_on_automatic_assignment_and_an_agent_online_gets_the_next_conversation() => Ui(async () =>
    {
        await CreateAgentAsync("amy", "agent");
        await PostEmailAsync("old@customer.test", "Old", "Before it was on.");
        var admin = await LoggedInPageAsync(lang: "fr");
        await admin.ClickAsync("a.nav-link[data-view=team]");
        await Expect(admin.Locator("#auto-max")).ToHaveValueAsync("10");
        await admin.CheckAsync("#auto-enabled");
        await admin.FillAsync("#auto-max", "3");
        await admin.ClickAsync("#auto-save");
        await Expect(admin.Locator("#auto-note")).ToHaveTextAsync("Enregistré.");

        var amy = await LoggedInPageAsync("amy", lang: "fr");
        await amy.SelectOptionAsync("#f-assigned", "me");
        await Expect(amy.Locator("#conv-list .conv")).ToHaveCountAsync(0);
        await PostEmailAsync("zoe@customer.test", "Refund", "Where is my refund?");
        await Expect(amy.Locator("#conv-list .conv", new() { HasText = "Refund" })).ToHaveCountAsync(1); // hers, live
        await OpenConversationAsync(amy, "Refund");
        await Expect(amy.Locator("#messages .msg-event")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^Attribuée automatiquement à amy"));

        // Away (her menu): the next one waits unassigned.
        await amy.ClickAsync("#account summary");
        await amy.ClickAsync("#away-toggle");
        await Expect(amy.Locator("#account")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex(@"\baway\b"));
        await PostEmailAsync("sam@customer.test", "Parcel", "Where is my parcel?");
        await admin.ClickAsync("a.nav-link[data-view=inbox]");
        await Expect(admin.Locator("#conv-list .conv", new() { HasText = "Parcel" })).ToHaveCountAsync(1);
        await Expect(amy.Locator("#conv-list .conv", new() { HasText = "Parcel" })).ToHaveCountAsync(0);
    });

    [Fact]
    public Task An_admin_narrows_an_agent_to_some_channels() => Ui(async () =>
    {
        await CreateAgentAsync("amy", "agent");
        await PostEmailAsync("zoe@customer.test", "Refund", "Where is my refund?");
        var admin = await LoggedInPageAsync();
        await admin.ClickAsync("a.nav-link[data-view=team]");
        var chips = admin.Locator("#team-rows tr[data-username=amy] .team-channel");
        await Expect(chips).ToHaveCountAsync(6);
        await Expect(admin.Locator("#team-rows tr[data-username=amy] .team-channel[aria-pressed=true]")).ToHaveCountAsync(6); // every channel
        await admin.ClickAsync("#team-rows tr[data-username=amy] .team-channel[data-channel=email]");
        await Expect(admin.Locator("#team-rows tr[data-username=amy] .team-channel[data-channel=email]")).ToHaveAttributeAsync("aria-pressed", "false");
        await Expect(admin.Locator("#team-rows tr[data-username=amy] .team-channel[aria-pressed=true]")).ToHaveCountAsync(5);
        var amy = Server.Get<Inbox.Core.Agents.AgentStore>().List().Single(a => a.Username == "amy");
        Assert.Equal("messenger,instagram,whatsapp,x,webchat", amy.Channels);
        // Lit again, she takes every channel: no restriction is kept.
        await admin.ClickAsync("#team-rows tr[data-username=amy] .team-channel[data-channel=email]");
        await Expect(admin.Locator("#team-rows tr[data-username=amy] .team-channel[aria-pressed=true]")).ToHaveCountAsync(6);
        Assert.Null(Server.Get<Inbox.Core.Agents.AgentStore>().List().Single(a => a.Username == "amy").Channels);
        // Her languages likewise: English off, she is given French conversations (and those whose language is not known).
        await admin.ClickAsync("#team-rows tr[data-username=amy] .team-language[data-language=en]");
        await Expect(admin.Locator("#team-rows tr[data-username=amy] .team-language[data-language=en]")).ToHaveAttributeAsync("aria-pressed", "false");
        Assert.Equal("fr", Server.Get<Inbox.Core.Agents.AgentStore>().List().Single(a => a.Username == "amy").Languages);
    });

    [Fact]
    public Task An_agent_sets_their_address_and_an_admin_signs_them_out_everywhere() => Ui(async () =>
    {
        await CreateAgentAsync("amy", "agent");
        await PostEmailAsync("zoe@customer.test", "Refund", "Where is my refund?");
        var amy = await LoggedInPageAsync("amy", lang: "fr");
        await amy.ClickAsync("#account summary");
        await amy.ClickAsync("#email-open");
        await amy.FillAsync("#mail-address", "amy@example.test");
        await amy.FillAsync("#mail-current", "not-my-password");
        await amy.ClickAsync("#mail-save");
        await Expect(amy.Locator("#mail-note")).ToHaveTextAsync("le mot de passe actuel n’est pas le bon");
        await amy.FillAsync("#mail-current", "password-amy");
        await amy.ClickAsync("#mail-save");
        await Expect(amy.Locator("#mail-note")).ToHaveTextAsync("Enregistré.");

        var admin = await LoggedInPageAsync();
        await admin.ClickAsync("a.nav-link[data-view=team]");
        var row = admin.Locator("#team-rows tr[data-username=amy]");
        await Expect(row.Locator(".team-email")).ToHaveValueAsync("amy@example.test");
        await row.Locator(".team-end-sessions").ClickAsync();
        await Expect(admin.Locator("#team-status")).ToHaveTextAsync("amy is signed out everywhere.");
        await Expect(amy).ToHaveURLAsync(new System.Text.RegularExpressions.Regex(@"/login\.html$"));
        await Expect(admin.Locator("#team-rows tr[data-username=admin] .team-end-sessions")).ToHaveCountAsync(0); // not oneself: "sign out my other sessions" is in one's menu
    });
}
