-- Internal notes: what agents tell each other about a conversation. Never sent to the customer; no edit or delete
-- path (like messages); redacted, not deleted, when the customer is erased (a note often quotes the customer).
CREATE TABLE notes (
    id               INTEGER PRIMARY KEY,
    conversation_id  INTEGER NOT NULL REFERENCES conversations(id),
    agent_id         INTEGER REFERENCES agents(id),
    text             TEXT NOT NULL,
    created_at       INTEGER NOT NULL,
    redacted_at      INTEGER
);
CREATE INDEX ix_notes_conversation ON notes(conversation_id, id);
