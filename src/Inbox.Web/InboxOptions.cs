using System.ComponentModel.DataAnnotations;

namespace Inbox.Web;

/// <summary>The "Inbox" configuration section. Every value can come from appsettings or INBOX__* environment variables.</summary>
public sealed class InboxOptions
{
    /// <summary>SQLite database file.</summary>
    [Required] public string Database { get; set; } = "data/inbox.db";
    /// <summary>The web UI folder; empty means the repository's top-level wwwroot/.</summary>
    public string? WebRoot { get; set; }
    /// <summary>Shared secret required in the X-Inbox-Secret header of POST /inbound/email; unset disables the endpoint.</summary>
    public string? InboundEmailSecret { get; set; }
    /// <summary>
    /// The address agents reach Inbox at ("https://support.example.com"): the links of invitation and password mails
    /// start with it. Unset, no such mail is sent (an admin sets passwords by hand). Never taken from a request's Host
    /// header, which whoever asks for a reset could choose.
    /// </summary>
    public string? PublicUrl { get; set; }
    /// <summary>First admin, created on start when no agent exists yet.</summary>
    public string? AdminUsername { get; set; }
    public string? AdminPassword { get; set; }
    /// <summary>Lets the reply API take the message time from the client (scenario replay, demo). Off in production.</summary>
    public bool AllowClientTimestamps { get; set; }
    /// <summary>Cookies only over HTTPS. On by default outside Development; off for loopback tests and the demo.</summary>
    public bool SecureCookies { get; set; } = true;
    /// <summary>Largest accepted body for webhooks and inbound email, in bytes.</summary>
    public long MaxInboundBytes { get; set; } = 25 * 1024 * 1024;
    /// <summary>Largest accepted body for the JSON API (replies, settings), in bytes.</summary>
    public long MaxApiBytes { get; set; } = 1024 * 1024;
    /// <summary>Rate limit of webhooks and inbound endpoints per client address: sustained requests per second, and burst.</summary>
    public int InboundPerSecond { get; set; } = 10_000;
    public int InboundBurst { get; set; } = 20_000;
    /// <summary>
    /// Kestrel's socket I/O queues. Its default is one per core; one core fewer leaves the intake writer a core of
    /// its own (on 2 cores: one queue, which batches more socket operations per wake-up).
    /// </summary>
    [Range(1, 16)] public int SocketQueues { get; set; } = Math.Clamp(Environment.ProcessorCount - 1, 1, 16);
}
