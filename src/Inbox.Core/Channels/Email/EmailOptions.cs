namespace Inbox.Core.Channels.Email;

/// <summary>The "Inbox:Email" configuration section: mailboxes read over IMAP, SMTP for replies, parsing limits.</summary>
public sealed class EmailOptions
{
    /// <summary>Mailboxes watched over IMAP IDLE; empty means email arrives only through POST /inbound/email.</summary>
    public List<MailboxOptions> Mailboxes { get; set; } = [];
    public SmtpOptions Smtp { get; set; } = new();
    /// <summary>Attachments larger than this are not stored (name, type and size are, with a note on the message).</summary>
    public long MaxAttachmentBytes { get; set; } = 10 * 1024 * 1024;
    /// <summary>Domain of the Message-IDs we generate for replies (&lt;token.guid@domain&gt;).</summary>
    public string MessageIdDomain { get; set; } = "inbox.local";
    /// <summary>Local part of the plus address put in Reply-To: reply+&lt;token&gt;@domain of the From address.</summary>
    public string ReplyAddressPrefix { get; set; } = "reply";
    /// <summary>Reconnect backoff after an IMAP error: first delay and cap, in milliseconds.</summary>
    public int ReconnectFirstDelayMs { get; set; } = 1000;
    public int ReconnectMaxDelayMs { get; set; } = 60_000;
    /// <summary>IDLE is re-entered at least this often (Gmail drops idle connections after about 10 minutes).</summary>
    public int IdleMinutes { get; set; } = 9;
    /// <summary>Poll interval with NOOP where the server has no IDLE.</summary>
    public int PollSeconds { get; set; } = 60;
    /// <summary>How long a node's lease on a mailbox lasts without renewal (only one node polls a mailbox).</summary>
    public int LeaseSeconds { get; set; } = 120;
}

public sealed class MailboxOptions
{
    /// <summary>A stable name: the checkpoint and the lease are kept under it.</summary>
    public string Name { get; set; } = "support";
    /// <summary>The support address mail is sent to (becomes the conversation's account).</summary>
    public string Address { get; set; } = "";
    public string Host { get; set; } = "127.0.0.1";
    public int Port { get; set; } = 993;
    /// <summary>None, SslOnConnect, StartTls, StartTlsWhenAvailable or Auto (MailKit SecureSocketOptions).</summary>
    public string Security { get; set; } = "Auto";
    public string User { get; set; } = "";
    public string Password { get; set; } = "";
    public string Folder { get; set; } = "INBOX";
}

public sealed class SmtpOptions
{
    /// <summary>Empty disables the SMTP sender (replies stay queued).</summary>
    public string Host { get; set; } = "";
    public int Port { get; set; } = 587;
    public string Security { get; set; } = "Auto";
    public string? User { get; set; }
    public string? Password { get; set; }
    /// <summary>The support address replies are sent from, e.g. "Support &lt;support@example.com&gt;".</summary>
    public string From { get; set; } = "";
    public int TimeoutSeconds { get; set; } = 30;
    /// <summary>
    /// "auto": a sent reply is also appended, read, to the Sent folder of the watched mailbox whose address is
    /// the From address (its \Sent special-use folder, else "Sent", created if missing), so the brand's own mail
    /// client shows what support answered. "off": not copied (any other value counts as "auto").
    /// </summary>
    public string CopyToSent { get; set; } = "auto";
}

/// <summary>Connections made from these settings (the IMAP watcher, the Sent copy and the SMTP sender read them alike).</summary>
public static class MailConnections
{
    /// <summary>"None", "SslOnConnect", "StartTls", "StartTlsWhenAvailable" or "Auto" (anything else: Auto).</summary>
    public static MailKit.Security.SecureSocketOptions Security(string value) =>
        Enum.TryParse<MailKit.Security.SecureSocketOptions>(value, ignoreCase: true, out var s) ? s : MailKit.Security.SecureSocketOptions.Auto;

    /// <summary>A logged-in IMAP session on the mailbox.</summary>
    public static async Task<MailKit.Net.Imap.ImapClient> OpenImapAsync(MailboxOptions mailbox, int timeoutMs, CancellationToken ct)
    {
        var client = new MailKit.Net.Imap.ImapClient { Timeout = timeoutMs };
        try
        {
            await client.ConnectAsync(mailbox.Host, mailbox.Port, Security(mailbox.Security), ct);
            await client.AuthenticateAsync(mailbox.User, mailbox.Password, ct);
            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>Sends one mail through the configured SMTP server (a connection each: replies and account mail are few).</summary>
    public static async Task SendSmtpAsync(SmtpOptions smtp, MimeKit.MimeMessage message, CancellationToken ct)
    {
        using var client = new MailKit.Net.Smtp.SmtpClient { Timeout = smtp.TimeoutSeconds * 1000 };
        await client.ConnectAsync(smtp.Host, smtp.Port, Security(smtp.Security), ct);
        if (!string.IsNullOrEmpty(smtp.User)) await client.AuthenticateAsync(smtp.User, smtp.Password ?? "", ct);
        await client.SendAsync(message, ct);
        await client.DisconnectAsync(true, ct);
    }
}
