using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Inbox.Core.Agents;
using Inbox.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Inbox.Tests.Foundation;

/// <summary>
/// What a password link opens and for how long, on the real host with a clock the test moves (the mail itself is
/// AccountMailTests', through Postfix and Dovecot); and a server without account mail says so instead of pretending.
/// </summary>
public sealed class AccountLinkTests
{
    [Fact]
    public async Task ALinkWorksUntilItExpiresAndNotForADisabledAccount()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await InboxServer.StartAsync(configure: b => b.Services.AddSingleton<TimeProvider>(clock));
        var agents = server.Get<AgentStore>();
        var tokens = server.Get<AccountTokens>();
        var invited = agents.Create("nina", "Nina", password: null, "agent", email: "nina@example.test");
        Assert.False(invited.PasswordSet);
        var agent = agents.Create("omar", "Omar", "omar-password", "agent", email: "omar@example.test");
        using var page = server.Anonymous();

        // An invitation lasts 7 days, a reset an hour.
        var invite = tokens.Issue(invited.Id, AccountTokens.Invite).Token;
        var reset = tokens.Issue(agent.Id, AccountTokens.Reset).Token;
        clock.Advance(TimeSpan.FromMinutes(59));
        Assert.Equal(HttpStatusCode.OK, (await page.Http.GetAsync("/api/auth/link?token=" + reset)).StatusCode);
        clock.Advance(TimeSpan.FromMinutes(2));
        using (var r = await page.Http.PostAsJsonAsync("/api/auth/link", new { token = reset, password = "omar-new-password" }))
            Assert.Equal(HttpStatusCode.Gone, r.StatusCode);
        Assert.IsType<LoginResult.Ok>(agents.Login("omar", "omar-password"));
        Assert.Equal(HttpStatusCode.OK, (await page.Http.GetAsync("/api/auth/link?token=" + invite)).StatusCode);
        clock.Advance(TimeSpan.FromDays(7));
        Assert.Equal(HttpStatusCode.Gone, (await page.Http.GetAsync("/api/auth/link?token=" + invite)).StatusCode);

        // Nothing signs an invited account in before its password is chosen; a disabled account's link opens nothing.
        Assert.IsType<LoginResult.Invalid>(agents.Login("nina", ""));
        var fresh = tokens.Issue(invited.Id, AccountTokens.Invite).Token;
        using var admin = await server.LoginAsync();
        (await admin.Http.PutAsJsonAsync($"/api/admin/agents/{invited.Id}", new { disabled = true })).EnsureSuccessStatusCode();
        using (var r = await page.Http.PostAsJsonAsync("/api/auth/link", new { token = fresh, password = "nina-password" }))
            Assert.Equal(HttpStatusCode.Gone, r.StatusCode);
        Assert.False(agents.Get(invited.Id)!.PasswordSet);
        using (var r = await page.Http.GetAsync("/api/auth/link?token=not-a-token")) Assert.Equal(HttpStatusCode.Gone, r.StatusCode);
    }

    [Fact]
    public async Task WithoutAPublicAddressNoMailIsPromised()
    {
        // The SMTP server is set, the public address is not: a link would have to guess where Inbox is.
        await using var server = await InboxServer.StartAsync(new Dictionary<string, string?>
        {
            ["Inbox:Email:Smtp:Host"] = "127.0.0.1", ["Inbox:Email:Smtp:From"] = "Support <support@example.test>",
        });
        using var page = server.Anonymous();
        Assert.False((await page.Http.GetFromJsonAsync<JsonElement>("/api/auth/options")).GetProperty("accountMail").GetBoolean());
        using (var r = await page.Http.PostAsJsonAsync("/api/auth/forgot", new { login = "admin" }))
        {
            Assert.Equal(HttpStatusCode.NotFound, r.StatusCode);
            Assert.Contains("ask an admin", await r.Content.ReadAsStringAsync());
        }
        using var admin = await server.LoginAsync();
        using (var r = await admin.Http.PostAsJsonAsync("/api/admin/agents", new { username = "paul", displayName = "Paul", role = "agent", email = "paul@example.test" }))
            Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        // With a password, an address is simply kept.
        using (var r = await admin.Http.PostAsJsonAsync("/api/admin/agents", new { username = "paul", displayName = "Paul", password = "paul-password", role = "agent", email = "paul@example.test", lang = "fr" }))
        {
            var a = await r.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal("paul@example.test", a.GetProperty("email").GetString());
            Assert.Equal("fr", a.GetProperty("lang").GetString());
        }
        // The language an agent signs in with becomes theirs (mails to them are written in it).
        using (var r = await page.Http.PostAsJsonAsync("/api/auth/login", new { username = "paul", password = "paul-password", lang = "en" }))
            Assert.Equal("en", (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("lang").GetString());
    }
}
