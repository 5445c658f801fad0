using System.Net.Sockets;
using Inbox.Core.Channels.Email;
using Inbox.Core.Intake;
using Inbox.Web.Inbound;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Search;
using MailKit.Security;

namespace Inbox.Web.Channels.Email;

/// <summary>
/// Reads one mailbox over IMAP: connect, open the folder read-only, catch up from the checkpoint, then IDLE
/// (NOOP polling without IDLE) and catch up whenever the server reports new mail. Any protocol or socket
/// error closes the session; the next one starts after a backoff and catches up again, so nothing sent
/// meanwhile is missed. Each message is stored as a raw event (Message-ID as dedupe key) before the
/// checkpoint moves past its UID, so a crash re-reads at most the message in hand, and that is deduplicated.
/// </summary>
public sealed class ImapMailboxWatcher(
    MailboxOptions mailbox, EmailOptions options, ImapCheckpoints checkpoints, IntakePipeline pipeline, IntakeQueue queue, ILogger log)
{
    private readonly string _holder = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";
    private volatile bool _changed;
    private CancellationTokenSource? _idleDone;

    /// <summary>Number of sessions opened so far (a reconnect opens a new one).</summary>
    public int Sessions { get; private set; }

    public async Task RunAsync(CancellationToken ct)
    {
        var delay = options.ReconnectFirstDelayMs;
        var lease = TimeSpan.FromSeconds(options.LeaseSeconds);
        try
        {
            while (!ct.IsCancellationRequested)
            {
                if (!checkpoints.TryLease(mailbox.Name, _holder, lease))
                {
                    await Task.Delay(lease / 4, ct); // another node reads this mailbox
                    continue;
                }
                try
                {
                    await SessionAsync(() => delay = options.ReconnectFirstDelayMs, ct);
                }
                catch (Exception e) when (!ct.IsCancellationRequested && e is ImapProtocolException or ImapCommandException or IOException or SocketException
                                              or ServiceNotConnectedException or AuthenticationException or FolderNotFoundException or TimeoutException or LeaseLostException)
                {
                    log.LogWarning("IMAP mailbox {Mailbox}: {Error}; reconnecting in {Delay} ms", mailbox.Name, e.Message, delay);
                }
                catch (Exception e) when (!ct.IsCancellationRequested)
                {
                    // Anything else is a bug or an unexpected server answer: keep the mailbox alive, loudly.
                    log.LogError(e, "IMAP mailbox {Mailbox} failed; reconnecting in {Delay} ms", mailbox.Name, delay);
                }
                await Task.Delay(delay, ct);
                delay = Math.Min(delay * 2, options.ReconnectMaxDelayMs);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested) { }
        finally
        {
            checkpoints.Release(mailbox.Name, _holder);
        }
    }

    private async Task SessionAsync(Action connected, CancellationToken ct)
    {
        using var client = await MailConnections.OpenImapAsync(mailbox, 30_000, ct);
        var folder = string.Equals(mailbox.Folder, "INBOX", StringComparison.OrdinalIgnoreCase) ? client.Inbox : await client.GetFolderAsync(mailbox.Folder, ct);
        // Only set state here: IMAP commands from inside an event handler make the client "busy" (MailKit #749).
        folder.CountChanged += (_, _) => { _changed = true; CancelIdle(); };
        await folder.OpenAsync(FolderAccess.ReadOnly, ct);
        Sessions++;
        connected();
        log.LogInformation("IMAP mailbox {Mailbox} open ({Count} messages, UIDVALIDITY {UidValidity})", mailbox.Name, folder.Count, folder.UidValidity);

        var idleFor = TimeSpan.FromMinutes(Math.Min(options.IdleMinutes, 9));
        var renewEvery = TimeSpan.FromSeconds(options.LeaseSeconds) / 3;
        if (renewEvery < idleFor) idleFor = renewEvery;
        while (true)
        {
            _changed = false;
            await CatchUpAsync(folder, ct);
            if (!checkpoints.TryLease(mailbox.Name, _holder, TimeSpan.FromSeconds(options.LeaseSeconds))) throw new LeaseLostException();
            if (_changed) continue;
            if (client.Capabilities.HasFlag(ImapCapabilities.Idle))
            {
                using var done = new CancellationTokenSource(idleFor);
                _idleDone = done;
                try
                {
                    if (!_changed) await client.IdleAsync(done.Token, ct);
                }
                finally
                {
                    _idleDone = null;
                }
            }
            else
            {
                await Task.Delay(TimeSpan.FromSeconds(Math.Min(options.PollSeconds, renewEvery.TotalSeconds)), ct);
                await client.NoOpAsync(ct);
            }
        }
    }

    private void CancelIdle()
    {
        try { _idleDone?.Cancel(); }
        catch (ObjectDisposedException) { } // IDLE already over
    }

    /// <summary>Fetches every message above the checkpoint, oldest first. A new UIDVALIDITY means UIDs were reset: read all again.</summary>
    private async Task CatchUpAsync(IMailFolder folder, CancellationToken ct)
    {
        var uidValidity = (long)folder.UidValidity;
        var checkpoint = checkpoints.Get(mailbox.Name);
        var last = checkpoint is not null && checkpoint.UidValidity == uidValidity ? checkpoint.LastUid : 0;
        if (checkpoint is not null && checkpoint.UidValidity != uidValidity)
            log.LogWarning("IMAP mailbox {Mailbox}: UIDVALIDITY changed {Old} → {New}; resynchronising (Message-IDs keep it single)",
                mailbox.Name, checkpoint.UidValidity, uidValidity);
        if (checkpoint is null || checkpoint.UidValidity != uidValidity) checkpoints.Save(mailbox.Name, mailbox.Folder, uidValidity, last);
        if (folder.Count == 0) return;

        var range = new UniqueIdRange(new UniqueId(folder.UidValidity, (uint)last + 1), UniqueId.MaxValue);
        var uids = await folder.SearchAsync(range, SearchQuery.All, ct);
        foreach (var uid in uids.Where(u => u.Id > last).OrderBy(u => u.Id))
        {
            byte[] body;
            using (var stream = await folder.GetStreamAsync(uid, ct))
            using (var ms = new MemoryStream())
            {
                await stream.CopyToAsync(ms, ct);
                body = ms.ToArray();
            }
            var headers = new Dictionary<string, string>
            {
                [MimeNormalizer.MailboxHeader] = mailbox.Address.ToLowerInvariant(),
                ["X-Imap-Uid"] = $"{mailbox.Name}/{mailbox.Folder}/{uidValidity}/{uid.Id}",
            };
            var result = pipeline.Accept("email", "message/rfc822", headers, body, EmailDedupe.KeyOf(body));
            if (result is AcceptResult.Accepted a) queue.Enqueue(a.RawId, a.Parsed);
            checkpoints.Save(mailbox.Name, mailbox.Folder, uidValidity, uid.Id);
        }
    }

    private sealed class LeaseLostException() : Exception("another node took over the mailbox lease");
}
