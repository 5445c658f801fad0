using Inbox.Browser.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Inbox.Browser.Tests;

public sealed class SecurityPageTests(BrowserFixture browser) : BrowserTest(browser)
{
    [Fact]
    public Task An_admin_reads_the_audit_log_and_an_agent_does_not_see_the_page() => Ui(async () =>
    {
        await CreateAgentAsync("amy", "agent");
        var admin = await LoggedInPageAsync();
        await admin.ClickAsync("#nav .nav-link[data-view=security]");
        await Expect(admin.Locator("#audit-rows tr", new() { HasText = "agent.create" })).ToHaveCountAsync(1);
        await Expect(admin.Locator("#audit-rows tr", new() { HasText = "login" }).First).ToBeVisibleAsync();
        await Expect(admin.Locator("#audit-export")).ToHaveAttributeAsync("href", "/api/admin/audit/export");
        var csv = await admin.EvaluateAsync<string>("async () => (await fetch('/api/admin/audit/export')).text()");
        Assert.StartsWith("id,at_utc,agent_id,agent,action,target,details", csv);

        var amy = await LoggedInPageAsync("amy");
        await Expect(amy.Locator("#nav .nav-link[data-view=security]")).ToHaveCountAsync(0);
        await amy.GotoAsync("/#/security");
        await amy.WaitForSelectorAsync("#conv-list"); // routed back to the inbox
        var status = await amy.EvaluateAsync<int>("async () => (await fetch('/api/admin/audit')).status");
        Assert.Equal(403, status);
    });
}
