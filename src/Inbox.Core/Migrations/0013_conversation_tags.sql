-- Tags agents put on conversations ("refund", "vip", "outage"): to find them again, filter the list, share a queue.
-- Lowercase, kept as written otherwise; the set of a conversation is replaced whole by the API.
CREATE TABLE conversation_tags (
    conversation_id  INTEGER NOT NULL REFERENCES conversations(id),
    tag              TEXT NOT NULL,
    agent_id         INTEGER REFERENCES agents(id),
    created_at       INTEGER NOT NULL,
    PRIMARY KEY (conversation_id, tag)
) WITHOUT ROWID;
CREATE INDEX ix_conversation_tags_tag ON conversation_tags(tag, conversation_id);
