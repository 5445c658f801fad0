-- Consistency flags: two answers to one request that contradict each other (divergence), or a request
-- answered on one channel and still unanswered on a linked sibling (missing_answer).
CREATE TABLE consistency_flags (
    id              INTEGER PRIMARY KEY,
    kind            TEXT NOT NULL CHECK (kind IN ('divergence','missing_answer')),
    -- divergence: a = the earlier answer's conversation; missing_answer: a = answered, b = unanswered
    conversation_a  INTEGER NOT NULL REFERENCES conversations(id),
    conversation_b  INTEGER NOT NULL REFERENCES conversations(id),
    message_a       INTEGER REFERENCES messages(id),
    -- the later answer (divergence); NULL for missing_answer
    message_b       INTEGER REFERENCES messages(id),
    explanation_en  TEXT NOT NULL,
    explanation_fr  TEXT NOT NULL,
    -- the conflicts as JSON (kind, topic, phrase and span on each side) for highlighting
    details         TEXT,
    status          TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','acknowledged','resolved')),
    acknowledged_by INTEGER REFERENCES agents(id),
    acknowledged_at INTEGER,
    -- resolved_by is NULL when Inbox resolved it itself (the missing answer was sent)
    resolved_by     INTEGER REFERENCES agents(id),
    resolved_at     INTEGER,
    -- missing_answer: when the sibling's answer was due (the hook for response timers); else created_at
    due_at          INTEGER,
    created_at      INTEGER NOT NULL
);
CREATE UNIQUE INDEX ux_consistency_flags_divergence ON consistency_flags(message_a, message_b) WHERE kind = 'divergence';
CREATE UNIQUE INDEX ux_consistency_flags_missing ON consistency_flags(conversation_b) WHERE kind = 'missing_answer' AND status <> 'resolved';
CREATE INDEX ix_consistency_flags_status ON consistency_flags(status, created_at);
CREATE INDEX ix_consistency_flags_conv_a ON consistency_flags(conversation_a);
CREATE INDEX ix_consistency_flags_conv_b ON consistency_flags(conversation_b);
