using System.Net;
using System.Net.Http.Json;
using Dapper;
using Inbox.Core.Conversations;
using Inbox.Core.Storage;
using Inbox.Tests.Support;
using Inbox.Web.Channels.Email;
using MimeKit;

namespace Inbox.Tests.Email;

/// <summary>Mail servers and the app going away at bad moments: nothing lost, nothing doubled.</summary>
[Collection(MailServersCollection.Name)]
public sealed class EmailFaultTests(MailServers servers) : IAsyncLifetime
{
    private readonly List<InboxServer> _servers = [];

    public async Task InitializeAsync()
    {
        await servers.StartAsync("dovecot");
        await servers.StartAsync("postfix");
        await MailServers.ClearAsync(MailServers.Support, MailServers.Customer);
    }

    public async Task DisposeAsync()
    {
        foreach (var s in _servers) await s.DisposeAsync();
        await servers.StartAsync("dovecot"); // leave the servers up for the next test even after a failure
        await servers.StartAsync("postfix");
    }

    private async Task<InboxServer> StartApp(string? dir = null)
    {
        var s = await InboxServer.StartAsync(MailServers.Settings(), dir);
        _servers.Add(s);
        return s;
    }

    [Fact]
    public async Task MailSentWhileDovecotIsDownIsFetchedAfterReconnectOnce()
    {
        var app = await StartApp();
        var watcher = app.Get<ImapIntakeService>().Watchers[0];
        await Wait.UntilAsync(() => watcher.Sessions > 0, TimeSpan.FromSeconds(15), "first IMAP session");
        var before = Mail("before the outage");
        await MailServers.SendAsync(before);
        await Wait.UntilAsync(() => Ids(app).Contains($"<{before.MessageId}>"), TimeSpan.FromSeconds(20), "first mail");

        await servers.StopAsync("dovecot"); // the IDLE connection drops; Postfix defers new mail
        var during = new[] { Mail("during the outage 1"), Mail("during the outage 2") };
        foreach (var m in during) await MailServers.SendAsync(m);
        await Task.Delay(1500); // reconnect attempts fail with backoff meanwhile
        await servers.StartAsync("dovecot");

        await Wait.UntilAsync(() => Ids(app).Count == 3, TimeSpan.FromSeconds(30), "mail sent during the outage");
        Assert.True(watcher.Sessions >= 2, "the watcher reconnected");
        var after = Mail("after the outage"); // and IDLE works again on the new session
        await MailServers.SendAsync(after);
        await Wait.UntilAsync(() => Ids(app).Count == 4, TimeSpan.FromSeconds(20), "mail after reconnect");
        await Task.Delay(500);
        Assert.Equal(new[] { before, during[0], during[1], after }.Select(m => $"<{m.MessageId}>").Order(), Ids(app).Order());
        Assert.Equal(4, Scalar(app, "SELECT COUNT(*) FROM raw_events"));
    }

    [Fact]
    public async Task ReplyWaitsInTheOutboxWhileSmtpIsDownAndIsDeliveredOnceItIsBack()
    {
        var app = await StartApp();
        var mail = Mail("please answer");
        await MailServers.SendAsync(mail);
        await Wait.UntilAsync(() => Ids(app).Count == 1, TimeSpan.FromSeconds(20), "inbound mail");
        var conversationId = Scalar(app, "SELECT conversation_id FROM messages");

        await servers.StopAsync("postfix");
        using var agent = await app.LoginAsync();
        using var r = await agent.Http.PostAsJsonAsync($"/api/conversations/{conversationId}/replies", new { text = "Here is the answer.", clientRef = "c-1" });
        Assert.Equal(HttpStatusCode.Created, r.StatusCode);
        var reply = (await r.Content.ReadFromJsonAsync<MessageView>())!;
        await Wait.UntilAsync(() => Scalar(app, "SELECT attempts FROM outbox") >= 2, TimeSpan.FromSeconds(20), "failed attempts");
        Assert.Contains(Text(app, "SELECT status FROM outbox"), new[] { "pending", "sending" }); // waiting, not failed
        Assert.Contains(Text(app, $"SELECT status FROM messages WHERE id = {reply.Id}"), new[] { "queued", "sending" });
        Assert.Contains("SMTP", Text(app, "SELECT last_error FROM outbox"));

        await servers.StartAsync("postfix");
        await Wait.UntilAsync(() => Text(app, "SELECT status FROM outbox") == "sent", TimeSpan.FromSeconds(20), "delivery once SMTP is back");
        var delivered = await MailServers.WaitForAsync(MailServers.Customer, m => $"<{m.MessageId}>" == reply.ExternalId);
        Assert.Equal(mail.MessageId, delivered.InReplyTo);
        await Task.Delay(500);
        Assert.Single(await MailServers.ReadAsync(MailServers.Customer), m => $"<{m.MessageId}>" == reply.ExternalId);
    }

    [Fact]
    public async Task AppStoppedMidIntakeAndRestartedStoresEveryMailOnce()
    {
        var mails = Enumerable.Range(1, 12).Select(i => Mail($"batch {i}")).ToList();
        foreach (var m in mails) await MailServers.SendAsync(m);
        await MailServers.WaitForAsync(MailServers.Support, m => m.MessageId == mails[^1].MessageId);

        var dir = Path.Combine(Path.GetTempPath(), "inbox-test-" + Guid.NewGuid().ToString("N")[..12]);
        var first = await InboxServer.StartAsync(MailServers.Settings(), dir);
        await Wait.UntilAsync(() => Scalar(first, "SELECT COUNT(*) FROM raw_events") >= 1, TimeSpan.FromSeconds(20), "intake started");
        await first.App.StopAsync(); // stop mid-intake; the database stays
        await first.App.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

        var second = await StartApp(dir);
        await Wait.UntilAsync(() => Ids(second).Count == mails.Count, TimeSpan.FromSeconds(30), "every mail after restart");
        await Task.Delay(500);
        Assert.Equal(mails.Select(m => $"<{m.MessageId}>").Order(), Ids(second).Order());
        Assert.Equal(mails.Count, Scalar(second, "SELECT COUNT(*) FROM raw_events"));
        var (uidValidity, maxUid) = await MailServers.FolderStateAsync(MailServers.Support);
        Assert.Equal(uidValidity, Scalar(second, "SELECT uid_validity FROM email_checkpoints"));
        Assert.Equal(maxUid, Scalar(second, "SELECT last_uid FROM email_checkpoints"));
    }

    [Fact]
    public async Task UidValidityChangeResynchronisesWithoutDuplicates()
    {
        var mails = new[] { Mail("one"), Mail("two") };
        foreach (var m in mails) await MailServers.SendAsync(m);
        await MailServers.WaitForAsync(MailServers.Support, m => m.MessageId == mails[1].MessageId);
        var dir = Path.Combine(Path.GetTempPath(), "inbox-test-" + Guid.NewGuid().ToString("N")[..12]);
        var app = await StartApp(dir);
        await Wait.UntilAsync(() => Ids(app).Count == 2, TimeSpan.FromSeconds(20), "first sync");
        await app.App.StopAsync();
        using (var c = app.Get<Db>().Open())
            c.Execute("UPDATE email_checkpoints SET uid_validity = uid_validity + 1000"); // as if the server had reset its UIDs
        await app.App.DisposeAsync();
        _servers.Remove(app);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

        var again = await StartApp(dir);
        var third = Mail("three");
        await MailServers.SendAsync(third);
        await Wait.UntilAsync(() => Ids(again).Count == 3, TimeSpan.FromSeconds(20), "resync and new mail");
        await Task.Delay(500);
        Assert.Equal(3, Scalar(again, "SELECT COUNT(*) FROM messages"));
        var (uidValidity, maxUid) = await MailServers.FolderStateAsync(MailServers.Support);
        await Wait.UntilAsync(() => Scalar(again, "SELECT last_uid FROM email_checkpoints") == maxUid, what: "checkpoint at the last UID");
        Assert.Equal(uidValidity, Scalar(again, "SELECT uid_validity FROM email_checkpoints"));
    }

    private static MimeMessage Mail(string text) => MailServers.NewMail(MailServers.Customer, MailServers.Support, "Fault test", text);

    private static List<string> Ids(InboxServer s)
    {
        using var c = s.Get<Db>().Open();
        return c.Query<string>("SELECT external_id FROM messages WHERE direction = 'in'").AsList();
    }

    private static long Scalar(InboxServer s, string sql)
    {
        using var c = s.Get<Db>().Open();
        return c.ExecuteScalar<long>(sql);
    }

    private static string? Text(InboxServer s, string sql)
    {
        using var c = s.Get<Db>().Open();
        return c.ExecuteScalar<string>(sql);
    }
}
