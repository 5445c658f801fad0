using Dapper;
using Inbox.Core.Storage;

namespace Inbox.Core.Channels.Email;

public sealed record ImapCheckpoint(long UidValidity, long LastUid);

/// <summary>The (UIDVALIDITY, last UID) read per mailbox, and the lease that lets one node alone poll it.</summary>
public sealed class ImapCheckpoints(Db db, TimeProvider clock)
{
    public ImapCheckpoint? Get(string mailbox)
    {
        using var c = db.Open();
        return c.QuerySingleOrDefault<ImapCheckpoint>(
            "SELECT uid_validity AS UidValidity, last_uid AS LastUid FROM email_checkpoints WHERE mailbox = @mailbox", new { mailbox });
    }

    /// <summary>Moves the checkpoint; called only once the message at that UID is stored.</summary>
    public void Save(string mailbox, string folder, long uidValidity, long lastUid)
    {
        using var c = db.Open();
        c.Execute("""
            INSERT INTO email_checkpoints (mailbox, folder, uid_validity, last_uid, updated_at)
            VALUES (@mailbox, @folder, @uidValidity, @lastUid, @now)
            ON CONFLICT (mailbox) DO UPDATE SET folder = excluded.folder, uid_validity = excluded.uid_validity,
              last_uid = excluded.last_uid, updated_at = excluded.updated_at
            """, new { mailbox, folder, uidValidity, lastUid, now = Db.Now(clock) });
    }

    /// <summary>Takes or renews the lease on a mailbox; false while another node holds an unexpired one.</summary>
    public bool TryLease(string mailbox, string holder, TimeSpan duration)
    {
        var now = Db.Now(clock);
        using var c = db.Open();
        return c.Execute("""
            INSERT INTO email_leases (mailbox, holder, expires_at) VALUES (@mailbox, @holder, @expires)
            ON CONFLICT (mailbox) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
            WHERE email_leases.holder = excluded.holder OR email_leases.expires_at < @now
            """, new { mailbox, holder, expires = now + (long)duration.TotalMilliseconds, now }) > 0;
    }

    public void Release(string mailbox, string holder)
    {
        using var c = db.Open();
        c.Execute("DELETE FROM email_leases WHERE mailbox = @mailbox AND holder = @holder", new { mailbox, holder });
    }
}
