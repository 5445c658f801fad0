-- Duplicate links between conversations that carry the same request (filled by the duplicates feature).
CREATE TABLE duplicate_links (
    id              INTEGER PRIMARY KEY,
    -- conversation_a < conversation_b: one row per pair
    conversation_a  INTEGER NOT NULL REFERENCES conversations(id),
    conversation_b  INTEGER NOT NULL REFERENCES conversations(id),
    score           REAL NOT NULL,
    -- the evidence in words, e.g. "same order number 4471; text 87% similar; 40 min apart"
    evidence        TEXT NOT NULL,
    -- linked: made automatically; confirmed / rejected: decided by an agent (a rejected pair is never re-linked)
    status          TEXT NOT NULL DEFAULT 'linked' CHECK (status IN ('linked','confirmed','rejected')),
    created_at      INTEGER NOT NULL,
    decided_by      INTEGER REFERENCES agents(id),
    decided_at      INTEGER,
    UNIQUE (conversation_a, conversation_b)
);
CREATE INDEX ix_duplicate_links_b ON duplicate_links(conversation_b);

-- The cluster a conversation belongs to: the smallest conversation id of its connected component
-- over non-rejected links; NULL while it is linked to nothing.
ALTER TABLE conversations ADD COLUMN cluster_id INTEGER;
CREATE INDEX ix_conversations_cluster ON conversations(cluster_id);
