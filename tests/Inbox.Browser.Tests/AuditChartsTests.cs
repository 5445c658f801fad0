using Inbox.Browser.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Inbox.Browser.Tests;

/// <summary>The audit report draws its charts with chart.js (served from wwwroot/node_modules), fills its tables, and says what customers said.</summary>
public sealed class AuditChartsTests(BrowserFixture browser) : BrowserTest(browser)
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Inbox:Satisfaction:Enabled"] = "true", ["Inbox:Satisfaction:DelayMinutes"] = "0",
    };

    [Fact]
    public Task A_lead_opening_the_audit_sees_a_rendered_chart_and_figures_for_answered_requests() => Ui(async () =>
    {
        await CreateAgentAsync("lina", "lead");
        await PostEmailAsync("Hugo Petit <hugo@customer.test>", "Colis 5521 en retard", "Bonjour, mon colis 5521 n'est pas arrivé.");
        var page = await LoggedInPageAsync("lina");
        await OpenConversationAsync(page, "Colis 5521 en retard");
        await page.FillAsync("#reply", "Bonjour Hugo, nous relançons le transporteur aujourd'hui.");
        await page.ClickAsync("#send");
        await Expect(page.Locator("#thread .msg.out .body")).ToBeVisibleAsync();
        await page.FillAsync("#tag-input", "livraison");
        await page.PressAsync("#tag-input", "Enter");
        await Expect(page.Locator("#thread-tags")).ToContainTextAsync("livraison");
        // Closed, the customer asked, and their answer (the survey's mail played by taking it from the queue).
        await page.ClickAsync("#toggle-status");
        await Server.Get<Inbox.Core.Satisfaction.Surveys>().AnswerAsync((await SurveySentAsync()).Token, "good", null);

        await page.ClickAsync("#nav .nav-link[data-view=audit]");
        var canvas = page.Locator(".audit .chart-box canvas").First;
        await Expect(canvas).ToBeVisibleAsync();
        // A chart.js instance owns the canvas and has drawn a non-empty area.
        await page.WaitForFunctionAsync("() => { const c = document.querySelector('.audit .chart-box canvas'); return !!(window.Chart && window.Chart.getChart(c) && c.width > 0 && c.height > 0); }");

        var firstTable = page.Locator(".audit .audit-table").First;
        await Expect(firstTable.Locator("thead th").First).ToHaveTextAsync("Channel");
        var rows = firstTable.Locator("tbody tr");
        await Expect(rows.First).ToBeVisibleAsync();
        var emailCells = await rows.First.Locator("td").AllTextContentsAsync();
        Assert.Equal("1", emailCells[1]);   // requests
        Assert.Equal("1", emailCells[2]);   // answered
        Assert.Contains("100", emailCells[3]); // response rate
        // By tag: the one request, answered.
        await Expect(page.Locator("#audit-tags tbody tr")).ToHaveCountAsync(1);
        await Expect(page.Locator("#audit-tags tbody tr td").First).ToHaveTextAsync("livraison");
        // What the customer said: one good answer, not among answers that diverged.
        var satisfaction = page.Locator("#audit-satisfaction .kpi");
        await Expect(satisfaction.Nth(0)).ToContainTextAsync("100");
        await Expect(satisfaction.Nth(0)).ToContainTextAsync("1 / 1");
        await Expect(satisfaction.Nth(1)).ToContainTextAsync("0 / 0");
        Assert.DoesNotContain(ConsoleErrors, e => e.Contains("Content Security Policy"));
    });
}
