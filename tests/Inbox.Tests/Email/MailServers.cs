using System.Diagnostics;
using Inbox.Tests.Support;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Net.Smtp;
using MailKit.Search;
using MailKit.Security;
using MimeKit;

namespace Inbox.Tests.Email;

[CollectionDefinition(Name)]
public sealed class MailServersCollection : ICollectionFixture<MailServers>
{
    public const string Name = "mail-servers";
}

/// <summary>
/// Real Postfix (SMTP 127.0.0.1:2525) and Dovecot (IMAP 127.0.0.1:10143) started by scripts/mail-servers for
/// the email tests, and stopped afterwards when this fixture started them.
/// </summary>
public sealed class MailServers : IAsyncLifetime
{
    public const string Host = "127.0.0.1";
    public const int SmtpPort = 2525, ImapPort = 10143;
    public const string Password = "secret";
    public const string Support = "support@example.test", Customer = "customer@example.test", Customer2 = "customer2@example.test";
    private bool _startedHere;

    public async Task InitializeAsync()
    {
        _startedHere = !(await Script("status")).Contains("10143 up");
        await Script("start");
    }

    public async Task DisposeAsync()
    {
        if (_startedHere) await Script("stop");
    }

    public Task StopAsync(string which) => Script("stop", which);
    public async Task StartAsync(string which)
    {
        await Script("start", which);
        if (which == "dovecot") await Script("flush"); // deliver what Postfix deferred while Dovecot was down
    }

    /// <summary>Settings for an Inbox host reading support@ over IMAP and sending over SMTP, with short backoffs.</summary>
    public static Dictionary<string, string?> Settings() => new()
    {
        ["Inbox:Email:Mailboxes:0:Name"] = "support",
        ["Inbox:Email:Mailboxes:0:Address"] = Support,
        ["Inbox:Email:Mailboxes:0:Host"] = Host,
        ["Inbox:Email:Mailboxes:0:Port"] = ImapPort.ToString(),
        ["Inbox:Email:Mailboxes:0:Security"] = "None",
        ["Inbox:Email:Mailboxes:0:User"] = Support,
        ["Inbox:Email:Mailboxes:0:Password"] = Password,
        ["Inbox:Email:Smtp:Host"] = Host,
        ["Inbox:Email:Smtp:Port"] = SmtpPort.ToString(),
        ["Inbox:Email:Smtp:Security"] = "None",
        ["Inbox:Email:Smtp:From"] = "Support <support@example.test>",
        ["Inbox:Email:Smtp:TimeoutSeconds"] = "5",
        ["Inbox:Email:MessageIdDomain"] = "inbox.example.test",
        ["Inbox:Email:ReconnectFirstDelayMs"] = "200",
        ["Inbox:Email:ReconnectMaxDelayMs"] = "1000",
        ["Inbox:Outbox:FirstRetrySeconds"] = "0.3",
        ["Inbox:Outbox:MaxRetrySeconds"] = "1",
        ["Inbox:Outbox:MaxAttempts"] = "200",
    };

    public static MimeMessage NewMail(string from, string to, string subject, string text, string? inReplyTo = null)
    {
        var m = new MimeMessage();
        m.From.Add(MailboxAddress.Parse(from));
        m.To.Add(MailboxAddress.Parse(to));
        m.Subject = subject;
        m.MessageId = MimeKit.Utils.MimeUtils.GenerateMessageId("customer.example.test");
        if (inReplyTo is not null) { m.InReplyTo = inReplyTo.Trim('<', '>'); m.References.Add(m.InReplyTo); }
        m.Body = new TextPart("plain") { Text = text };
        return m;
    }

    public static async Task SendAsync(MimeMessage m)
    {
        using var smtp = new SmtpClient();
        await smtp.ConnectAsync(Host, SmtpPort, SecureSocketOptions.None);
        await smtp.SendAsync(m);
        await smtp.DisconnectAsync(true);
    }

    /// <summary>Empties a user's INBOX so each test starts from a known mailbox.</summary>
    public static async Task ClearAsync(params string[] users)
    {
        foreach (var user in users)
        {
            using var imap = await LoginAsync(user);
            await imap.Inbox.OpenAsync(FolderAccess.ReadWrite);
            if (imap.Inbox.Count > 0)
            {
                await imap.Inbox.AddFlagsAsync(new UniqueIdRange(UniqueId.MinValue, UniqueId.MaxValue), MessageFlags.Deleted, true);
                await imap.Inbox.ExpungeAsync();
            }
            await imap.DisconnectAsync(true);
        }
    }

    public static async Task<List<MimeMessage>> ReadAsync(string user)
    {
        using var imap = await LoginAsync(user);
        await imap.Inbox.OpenAsync(FolderAccess.ReadOnly);
        var list = new List<MimeMessage>();
        foreach (var uid in await imap.Inbox.SearchAsync(SearchQuery.All)) list.Add(await imap.Inbox.GetMessageAsync(uid));
        await imap.DisconnectAsync(true);
        return list;
    }

    /// <summary>The INBOX's UIDVALIDITY and highest UID.</summary>
    public static async Task<(long UidValidity, long MaxUid)> FolderStateAsync(string user)
    {
        using var imap = await LoginAsync(user);
        await imap.Inbox.OpenAsync(FolderAccess.ReadOnly);
        var uids = await imap.Inbox.SearchAsync(SearchQuery.All);
        var state = ((long)imap.Inbox.UidValidity, uids.Count == 0 ? 0L : uids.Max(u => (long)u.Id));
        await imap.DisconnectAsync(true);
        return state;
    }

    /// <summary>The copy of a sent mail in the user's Sent folder and whether it is marked read (waits for it a while).</summary>
    public static async Task<(MimeMessage Message, bool Seen)> SentCopyAsync(string user, string messageId)
    {
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            using var imap = await LoginAsync(user);
            var personal = imap.GetFolder(imap.PersonalNamespaces[0]);
            if ((await personal.GetSubfoldersAsync(false)).FirstOrDefault(f => f.Name == "Sent") is { } sent)
            {
                await sent.OpenAsync(FolderAccess.ReadOnly);
                var uids = await sent.SearchAsync(SearchQuery.HeaderContains("Message-ID", messageId));
                if (uids.Count == 1)
                {
                    var summary = (await sent.FetchAsync(uids, MessageSummaryItems.Flags)).Single();
                    var copy = await sent.GetMessageAsync(uids[0]);
                    await imap.DisconnectAsync(true);
                    return (copy, summary.Flags?.HasFlag(MessageFlags.Seen) == true);
                }
            }
            await imap.DisconnectAsync(true);
            if (DateTime.UtcNow > until) throw new TimeoutException($"no copy of {messageId} in {user}'s Sent folder");
            await Task.Delay(200);
        }
    }

    /// <summary>Waits until the user's INBOX holds a message matching the predicate.</summary>
    public static async Task<MimeMessage> WaitForAsync(string user, Func<MimeMessage, bool> match, TimeSpan? timeout = null)
    {
        var until = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            var found = (await ReadAsync(user)).FirstOrDefault(match);
            if (found is not null) return found;
            if (DateTime.UtcNow > until) throw new TimeoutException($"no matching mail reached {user}");
            await Task.Delay(200);
        }
    }

    private static async Task<ImapClient> LoginAsync(string user)
    {
        var imap = new ImapClient();
        await imap.ConnectAsync(Host, ImapPort, SecureSocketOptions.None);
        await imap.AuthenticateAsync(user, Password);
        return imap;
    }

    private static async Task<string> Script(params string[] args)
    {
        var psi = new ProcessStartInfo(Path.Combine(Paths.Repo, "scripts", "mail-servers")) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = await p.StandardOutput.ReadToEndAsync();
        var stderr = await p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        if (p.ExitCode != 0) throw new InvalidOperationException($"scripts/mail-servers {string.Join(' ', args)} failed ({p.ExitCode}): {stdout}{stderr}");
        return stdout;
    }
}
