-- Identity links between customers found through duplicate links (issue 5).
-- A suggestion waits for an agent; a merge folds one customer into another (customers.merged_into) and
-- records exactly which identities and conversations it moved, so that undo puts back only those.
CREATE TABLE customer_merges (
    id               INTEGER PRIMARY KEY,
    from_customer    INTEGER NOT NULL REFERENCES customers(id),
    into_customer    INTEGER NOT NULL REFERENCES customers(id),
    -- suggested: waiting for an agent; merged: applied; undone: applied then reverted; dismissed: refused
    status           TEXT NOT NULL CHECK (status IN ('suggested','merged','undone','dismissed')),
    automatic        INTEGER NOT NULL DEFAULT 0,
    reason           TEXT NOT NULL,
    link_id          INTEGER REFERENCES duplicate_links(id),
    moved_identities TEXT,
    moved_conversations TEXT,
    created_at       INTEGER NOT NULL,
    decided_by       INTEGER REFERENCES agents(id),
    decided_at       INTEGER
);
CREATE INDEX ix_customer_merges_from ON customer_merges(from_customer, status);
CREATE INDEX ix_customer_merges_into ON customer_merges(into_customer, status);
