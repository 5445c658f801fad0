-- A conversation's priority: 0 low, 1 normal (every conversation until someone or a rule says otherwise), 2 high, 3 urgent.
ALTER TABLE conversations ADD COLUMN priority INTEGER NOT NULL DEFAULT 1;

-- Rules: what to do with a customer's new conversation as it arrives, in order. Every condition set must hold (none set:
-- every new conversation); every matching rule acts (tags add up; the first rule to set a priority or an assignee wins).
CREATE TABLE rules (
    id              INTEGER PRIMARY KEY,
    name            TEXT NOT NULL,
    position        INTEGER NOT NULL,
    enabled         INTEGER NOT NULL DEFAULT 1,
    -- conditions
    channel         TEXT,
    language        TEXT,
    words           TEXT,      -- comma-separated: any of them at the start of a word of the subject or first message
    sender          TEXT,      -- part of the sender's address, domain, handle, phone or name
    -- actions
    add_tags        TEXT,      -- comma-separated
    set_priority    INTEGER,
    assign_to       INTEGER REFERENCES agents(id),
    mark_spam       INTEGER NOT NULL DEFAULT 0,
    created_by      INTEGER REFERENCES agents(id),
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL,
    matched         INTEGER NOT NULL DEFAULT 0,
    last_matched_at INTEGER
);
