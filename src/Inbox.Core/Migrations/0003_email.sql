-- Email channel: IMAP intake state.

-- Per mailbox: how far intake has read. UIDs are only meaningful with their UIDVALIDITY; when the
-- server changes it the checkpoint restarts at 0 and Message-ID dedupe keeps re-read mail single.
CREATE TABLE email_checkpoints (
    mailbox       TEXT PRIMARY KEY,
    folder        TEXT NOT NULL,
    uid_validity  INTEGER NOT NULL,
    last_uid      INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL
);

-- Only one node polls a mailbox: the holder renews its lease; another node takes over once it expires.
CREATE TABLE email_leases (
    mailbox     TEXT PRIMARY KEY,
    holder      TEXT NOT NULL,
    expires_at  INTEGER NOT NULL
);
