using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Dapper;
using Inbox.Core.Storage;
using Inbox.Tests.Support;
using MimeKit;

namespace Inbox.Tests.Email;

/// <summary>
/// Invitations and forgotten passwords, end to end: the API asks for a mail, Inbox sends it through the real Postfix,
/// the test reads it from the agent's Dovecot mailbox over IMAP, follows its link and signs in with the new password.
/// </summary>
[Collection(MailServersCollection.Name)]
public sealed class AccountMailTests(MailServers servers) : IAsyncLifetime
{
    private const string PublicUrl = "https://inbox.example.test";
    private const string AgentMail = "agent@example.test";
    private InboxServer _server = null!;

    public async Task InitializeAsync()
    {
        await MailServers.ClearAsync(AgentMail, MailServers.Customer2);
        var settings = MailServers.Settings();
        // No IMAP intake here (the mail servers are the collection's, started once): only the SMTP sender is needed.
        foreach (var key in settings.Keys.Where(k => k.StartsWith("Inbox:Email:Mailboxes:")).ToList()) settings.Remove(key);
        settings["Inbox:PublicUrl"] = PublicUrl;
        _server = await InboxServer.StartAsync(settings);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task AnAgentWhoForgotTheirPasswordChoosesANewOneFromTheMailedLink()
    {
        using var admin = await _server.LoginAsync();
        (await admin.Http.PostAsJsonAsync("/api/admin/agents", new { username = "lea", displayName = "Léa Roux", password = "first-password", role = "agent", email = "Agent@Example.test" }))
            .EnsureSuccessStatusCode();
        using var before = await _server.LoginAsync("lea", "first-password"); // a session that the new password must end
        using var page = _server.Anonymous();
        Assert.True((await page.Http.GetFromJsonAsync<JsonElement>("/api/auth/options")).GetProperty("accountMail").GetBoolean());

        // Asked by address, from a French page: the mail is French, and its link is the configured public address's.
        using (var r = await page.Http.PostAsJsonAsync("/api/auth/forgot", new { login = "agent@example.test", lang = "fr" }))
            Assert.Equal(HttpStatusCode.Accepted, r.StatusCode);
        var mail = await MailServers.WaitForAsync(AgentMail, m => m.Subject?.Contains("mot de passe") == true);
        Assert.Equal("Choisir un nouveau mot de passe Inbox", mail.Subject);
        Assert.Equal("auto-generated", mail.Headers["Auto-Submitted"]);
        var token = TokenOf(mail);

        var link = await page.Http.GetFromJsonAsync<JsonElement>("/api/auth/link?token=" + token);
        Assert.Equal("reset", link.GetProperty("purpose").GetString());
        Assert.Equal("lea", link.GetProperty("username").GetString());

        // A password too short is refused and does not spend the link.
        using (var r = await page.Http.PostAsJsonAsync("/api/auth/link", new { token, password = "short" }))
            Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        using (var r = await page.Http.PostAsJsonAsync("/api/auth/link", new { token, password = "second-password" }))
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        // The page that used the link is signed in; the session from before is over; only the new password works.
        Assert.Equal("lea", (await page.Http.GetFromJsonAsync<JsonElement>("/api/auth/me")).GetProperty("username").GetString());
        using (var r = await before.Http.GetAsync("/api/auth/me")) Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode);
        using (var r = await _server.Anonymous().Http.PostAsJsonAsync("/api/auth/login", new { username = "lea", password = "first-password" }))
            Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode);
        using var after = await _server.LoginAsync("lea", "second-password");

        // The link served once.
        using (var r = await _server.Anonymous().Http.PostAsJsonAsync("/api/auth/link", new { token, password = "third-password" }))
        {
            Assert.Equal(HttpStatusCode.Gone, r.StatusCode);
            Assert.Contains("expired or has already been used", await r.Content.ReadAsStringAsync());
        }
        using (var r = await page.Http.GetAsync("/api/auth/link?token=" + token)) Assert.Equal(HttpStatusCode.Gone, r.StatusCode);
        Assert.Contains(Audit(), a => a == "agent.password.reset");
    }

    [Fact]
    public async Task AnInvitedAgentChoosesTheirFirstPasswordAndANewInvitationEndsTheOldOne()
    {
        using var admin = await _server.LoginAsync();
        using var created = await admin.Http.PostAsJsonAsync("/api/admin/agents", new { username = "marc", displayName = "Marc Petit", role = "lead", email = AgentMail, lang = "en" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        var listed = (await admin.Http.GetFromJsonAsync<JsonElement>("/api/agents")).EnumerateArray().Single(a => a.GetProperty("username").GetString() == "marc");
        Assert.False(listed.GetProperty("passwordSet").GetBoolean());

        var first = await MailServers.WaitForAsync(AgentMail, m => m.Subject == "Your Inbox account is ready");
        Assert.Contains("username: marc", first.TextBody);
        Assert.Contains("href=\"" + PublicUrl + "/login.html#token=", first.HtmlBody);
        // Sent again by the admin: the first link no longer opens anything.
        using (var r = await admin.Http.PostAsync($"/api/admin/agents/{id}/link", null))
        {
            Assert.Equal(HttpStatusCode.Accepted, r.StatusCode);
            Assert.Equal("invite", (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("purpose").GetString());
        }
        var second = await MailServers.WaitForAsync(AgentMail, m => m.Subject == "Your Inbox account is ready" && m.MessageId != first.MessageId);
        using var page = _server.Anonymous();
        using (var r = await page.Http.GetAsync("/api/auth/link?token=" + TokenOf(first))) Assert.Equal(HttpStatusCode.Gone, r.StatusCode);

        var link = await page.Http.GetFromJsonAsync<JsonElement>("/api/auth/link?token=" + TokenOf(second));
        Assert.Equal("invite", link.GetProperty("purpose").GetString());
        Assert.Equal("Marc Petit", link.GetProperty("displayName").GetString());
        using (var r = await page.Http.PostAsJsonAsync("/api/auth/link", new { token = TokenOf(second), password = "marc-chose-this" }))
            Assert.Equal("lead", (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("role").GetString());
        using var signedIn = await _server.LoginAsync("marc", "marc-chose-this");
        listed = (await admin.Http.GetFromJsonAsync<JsonElement>("/api/agents")).EnumerateArray().Single(a => a.GetProperty("username").GetString() == "marc");
        Assert.True(listed.GetProperty("passwordSet").GetBoolean());
        Assert.Contains(Audit(), a => a == "agent.invite.accepted");
    }

    [Fact]
    public async Task AskingForALinkTellsAStrangerNothingAndFloodsNoMailbox()
    {
        using var admin = await _server.LoginAsync();
        using var created = await admin.Http.PostAsJsonAsync("/api/admin/agents", new { username = "zoe", displayName = "Zoé", password = "zoe-password", role = "agent", email = MailServers.Customer2 });
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        (await admin.Http.PutAsJsonAsync($"/api/admin/agents/{id}", new { disabled = true })).EnsureSuccessStatusCode();
        using var page = _server.Anonymous();
        // Nobody, a disabled account and an account without an address are all answered alike.
        foreach (var login in new[] { "nobody", "nobody@example.test", "zoe", "admin" })
            using (var r = await page.Http.PostAsJsonAsync("/api/auth/forgot", new { login }))
                Assert.Equal(HttpStatusCode.Accepted, r.StatusCode);
        Assert.Equal(0, Tokens(id));

        (await admin.Http.PutAsJsonAsync($"/api/admin/agents/{id}", new { disabled = false })).EnsureSuccessStatusCode();
        for (var i = 0; i < 3; i++)
            using (var r = await page.Http.PostAsJsonAsync("/api/auth/forgot", new { login = "ZOE" }))
                Assert.Equal(HttpStatusCode.Accepted, r.StatusCode);
        // One link for three requests within a minute: the mailbox gets one mail.
        await MailServers.WaitForAsync(MailServers.Customer2, m => m.Subject == "Set a new Inbox password");
        await Task.Delay(500);
        Assert.Equal(1, Tokens(id));
        Assert.Single(await MailServers.ReadAsync(MailServers.Customer2), m => m.Subject == "Set a new Inbox password");

        using var empty = await page.Http.PostAsJsonAsync("/api/auth/forgot", new { login = " " });
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
    }

    [Fact]
    public async Task AnAddressAnotherAccountHasIsRefused()
    {
        using var admin = await _server.LoginAsync();
        (await admin.Http.PostAsJsonAsync("/api/admin/agents", new { username = "ana", displayName = "Ana", password = "ana-password", role = "agent", email = "ana@example.test" }))
            .EnsureSuccessStatusCode();
        using var taken = await admin.Http.PostAsJsonAsync("/api/admin/agents", new { username = "ana2", displayName = "Ana 2", password = "ana-password", role = "agent", email = "ANA@example.test" });
        Assert.Equal(HttpStatusCode.Conflict, taken.StatusCode);
        Assert.Contains("another account has this email address", await taken.Content.ReadAsStringAsync());
        using var bad = await admin.Http.PostAsJsonAsync("/api/admin/agents", new { username = "ana3", displayName = "Ana 3", role = "agent", email = "not an address" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        using var neither = await admin.Http.PostAsJsonAsync("/api/admin/agents", new { username = "ana4", displayName = "Ana 4", role = "agent" });
        Assert.Contains("or an email address to send an invitation to", await neither.Content.ReadAsStringAsync());

        var other = (await (await admin.Http.PostAsJsonAsync("/api/admin/agents", new { username = "bea", displayName = "Béa", password = "bea-password", role = "agent" }))
            .Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        using var update = await admin.Http.PutAsJsonAsync($"/api/admin/agents/{other}", new { email = "ana@example.test" });
        Assert.Equal(HttpStatusCode.Conflict, update.StatusCode);
        using var ok = await admin.Http.PutAsJsonAsync($"/api/admin/agents/{other}", new { email = "bea@example.test" });
        Assert.Equal("bea@example.test", (await ok.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("email").GetString());
    }

    [Fact]
    public async Task AMailAskedForWhileTheSmtpServerIsDownGoesOutOnceItIsBack()
    {
        await MailServers.ClearAsync(AgentMail);
        using var admin = await _server.LoginAsync();
        await servers.StopAsync("postfix");
        try
        {
            using var created = await admin.Http.PostAsJsonAsync("/api/admin/agents", new { username = "noa", displayName = "Noa", role = "agent", email = AgentMail });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            // Tried, refused, kept: waiting for the next attempt, no link made that never went out.
            await Wait.UntilAsync(() => Scalar("SELECT attempts FROM account_mail") >= 1, TimeSpan.FromSeconds(20), "a failed attempt");
            using var c = _server.Get<Db>().Open();
            Assert.Equal("queued", c.ExecuteScalar<string>("SELECT status FROM account_mail"));
            Assert.Contains("Connection refused", c.ExecuteScalar<string>("SELECT last_error FROM account_mail"));
        }
        finally { await servers.StartAsync("postfix"); }

        var mail = await MailServers.WaitForAsync(AgentMail, m => m.Subject == "Your Inbox account is ready", TimeSpan.FromSeconds(40));
        using var page = _server.Anonymous();
        using var link = await page.Http.GetAsync("/api/auth/link?token=" + TokenOf(mail));
        Assert.Equal(HttpStatusCode.OK, link.StatusCode); // the link in the mail is the one that works
        Assert.Equal(1, Scalar("SELECT COUNT(*) FROM account_mail WHERE status = 'sent'"));
    }

    private static string TokenOf(MimeMessage mail)
    {
        var m = Regex.Match(mail.TextBody ?? "", Regex.Escape(PublicUrl) + @"/login\.html#token=([A-Za-z0-9_-]+)");
        Assert.True(m.Success, mail.TextBody);
        return m.Groups[1].Value;
    }

    private long Scalar(string sql)
    {
        using var c = _server.Get<Db>().Open();
        return c.ExecuteScalar<long>(sql);
    }

    private long Tokens(long agentId)
    {
        using var c = _server.Get<Db>().Open();
        return c.ExecuteScalar<long>("SELECT COUNT(*) FROM agent_tokens WHERE agent_id = @agentId", new { agentId });
    }

    private List<string> Audit()
    {
        using var c = _server.Get<Db>().Open();
        return c.Query<string>("SELECT action FROM audit_log").AsList();
    }
}
