-- Invitation and password mails waiting to go out, kept until they have: an SMTP server down for a while (or a restart)
-- delays them, it does not lose them. The link itself is made when the mail is sent (only its SHA-256 is stored, in
-- agent_tokens), so this queue holds no secret.
CREATE TABLE account_mail (
    id          INTEGER PRIMARY KEY,
    agent_id    INTEGER NOT NULL REFERENCES agents(id),
    purpose     TEXT NOT NULL CHECK (purpose IN ('invite', 'reset')),
    lang        TEXT,                              -- the asking page's language for a reset; else the agent's
    created_at  INTEGER NOT NULL,
    send_after  INTEGER NOT NULL,
    attempts    INTEGER NOT NULL DEFAULT 0,
    status      TEXT NOT NULL DEFAULT 'queued',    -- queued, sent, failed, cancelled
    sent_at     INTEGER,
    last_error  TEXT
);
CREATE INDEX ix_account_mail_due ON account_mail(send_after) WHERE status = 'queued';
CREATE INDEX ix_account_mail_agent ON account_mail(agent_id, created_at);
