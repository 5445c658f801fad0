-- An agent named in a note (@username): told at once, and listed for them until they have seen it.
CREATE TABLE note_mentions (
    id       INTEGER PRIMARY KEY,
    note_id  INTEGER NOT NULL REFERENCES notes(id),
    agent_id INTEGER NOT NULL REFERENCES agents(id),
    seen_at  INTEGER,
    UNIQUE (note_id, agent_id)
);
CREATE INDEX ix_note_mentions_agent ON note_mentions(agent_id, seen_at);
