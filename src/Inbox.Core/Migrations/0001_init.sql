-- Inbox schema, version 1. Times are UTC unix milliseconds (INTEGER) everywhere.
-- Never edit this file once landed: add 0002_*.sql instead.

CREATE TABLE agents (
    id             INTEGER PRIMARY KEY,
    username       TEXT NOT NULL UNIQUE,
    display_name   TEXT NOT NULL,
    password_hash  TEXT NOT NULL,
    role           TEXT NOT NULL CHECK (role IN ('agent','lead','admin')),
    lang           TEXT NOT NULL DEFAULT 'en',
    failed_logins  INTEGER NOT NULL DEFAULT 0,
    locked_until   INTEGER,
    disabled       INTEGER NOT NULL DEFAULT 0,
    created_at     INTEGER NOT NULL
);

CREATE TABLE customers (
    id            INTEGER PRIMARY KEY,
    display_name  TEXT NOT NULL,
    -- set when an identity merge folded this customer into another; rows are never deleted
    merged_into   INTEGER REFERENCES customers(id),
    created_at    INTEGER NOT NULL
);

CREATE TABLE identities (
    id            INTEGER PRIMARY KEY,
    customer_id   INTEGER NOT NULL REFERENCES customers(id),
    channel       TEXT NOT NULL,
    external_id   TEXT NOT NULL,
    handle        TEXT,
    display_name  TEXT,
    email         TEXT,
    phone         TEXT,
    created_at    INTEGER NOT NULL,
    UNIQUE (channel, external_id)
);
CREATE INDEX ix_identities_customer ON identities(customer_id);
CREATE INDEX ix_identities_email ON identities(email) WHERE email IS NOT NULL;
CREATE INDEX ix_identities_phone ON identities(phone) WHERE phone IS NOT NULL;

CREATE TABLE conversations (
    id               INTEGER PRIMARY KEY,
    customer_id      INTEGER NOT NULL REFERENCES customers(id),
    identity_id      INTEGER NOT NULL REFERENCES identities(id),
    channel          TEXT NOT NULL,
    account          TEXT NOT NULL DEFAULT '',
    is_public        INTEGER NOT NULL DEFAULT 0,
    subject          TEXT,
    status           TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','pending','closed')),
    assigned_agent_id INTEGER REFERENCES agents(id),
    -- opaque token used in email plus-addresses and subject tags
    token            TEXT NOT NULL UNIQUE,
    created_at       INTEGER NOT NULL,
    last_message_at  INTEGER NOT NULL,
    last_inbound_at  INTEGER,
    last_outbound_at INTEGER,
    preview          TEXT,
    message_count    INTEGER NOT NULL DEFAULT 0,
    unanswered       INTEGER NOT NULL DEFAULT 0,
    is_automated     INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX ix_conversations_customer ON conversations(customer_id);
CREATE INDEX ix_conversations_identity ON conversations(identity_id, last_message_at);
CREATE INDEX ix_conversations_last ON conversations(last_message_at);

-- Every payload as it arrived, before any parsing: the dead-letter queue and the replay source.
CREATE TABLE raw_events (
    id            INTEGER PRIMARY KEY,
    source        TEXT NOT NULL,
    dedupe_key    TEXT UNIQUE,
    content_type  TEXT,
    headers       TEXT,
    body          BLOB NOT NULL,
    received_at   INTEGER NOT NULL,
    status        TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','processed','failed','ignored')),
    error         TEXT,
    attempts      INTEGER NOT NULL DEFAULT 0,
    processed_at  INTEGER,
    redacted_at   INTEGER
);
CREATE INDEX ix_raw_events_status ON raw_events(status);

CREATE TABLE messages (
    id              INTEGER PRIMARY KEY,
    conversation_id INTEGER NOT NULL REFERENCES conversations(id),
    channel         TEXT NOT NULL,
    external_id     TEXT NOT NULL,
    direction       TEXT NOT NULL CHECK (direction IN ('in','out')),
    identity_id     INTEGER REFERENCES identities(id),
    agent_id        INTEGER REFERENCES agents(id),
    client_ref      TEXT,
    subject         TEXT,
    -- text is what was received or sent, unaltered; display_text is what agents read
    -- (quotes and signatures stripped); both are redacted on erasure or retraction
    text            TEXT NOT NULL,
    display_text    TEXT NOT NULL,
    sent_at         INTEGER NOT NULL,
    received_at     INTEGER NOT NULL,
    status          TEXT NOT NULL DEFAULT 'received',
    status_detail   TEXT,
    reply_to_external_id TEXT,
    thread_refs     TEXT,
    tags            TEXT NOT NULL DEFAULT '',
    raw_event_id    INTEGER REFERENCES raw_events(id),
    redacted_at     INTEGER,
    redaction_reason TEXT,
    UNIQUE (channel, external_id)
);
CREATE INDEX ix_messages_conversation ON messages(conversation_id, sent_at);
CREATE INDEX ix_messages_client_ref ON messages(client_ref);

CREATE TABLE attachments (
    id            INTEGER PRIMARY KEY,
    message_id    INTEGER NOT NULL REFERENCES messages(id),
    file_name     TEXT,
    content_type  TEXT NOT NULL,
    size          INTEGER NOT NULL,
    content       BLOB,
    note          TEXT
);
CREATE INDEX ix_attachments_message ON attachments(message_id);

CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY,
    message_id      INTEGER NOT NULL UNIQUE REFERENCES messages(id),
    channel         TEXT NOT NULL,
    status          TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','sending','sent','failed')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    last_error      TEXT,
    created_at      INTEGER NOT NULL,
    sent_at         INTEGER
);
CREATE INDEX ix_outbox_due ON outbox(status, next_attempt_at);

-- Append-only: the triggers below refuse updates and deletes.
CREATE TABLE audit_log (
    id        INTEGER PRIMARY KEY,
    at        INTEGER NOT NULL,
    agent_id  INTEGER REFERENCES agents(id),
    action    TEXT NOT NULL,
    target    TEXT,
    details   TEXT
);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
