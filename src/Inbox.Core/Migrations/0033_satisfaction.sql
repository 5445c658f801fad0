-- Satisfaction surveys: when an agent closes an email conversation they answered, the customer is asked "how did we
-- do?" (good or bad, and a word if they like) a few minutes later, unless it was opened again meanwhile. The row is the
-- queue (nothing is lost to a restart), the survey and the answer. Only the link's SHA-256 is kept.
CREATE TABLE satisfaction_surveys (
    id              INTEGER PRIMARY KEY,
    conversation_id INTEGER NOT NULL REFERENCES conversations(id),
    agent_id        INTEGER REFERENCES agents(id),      -- whose answer is rated: the assignee at closing, else who closed it
    status          TEXT NOT NULL DEFAULT 'queued',     -- queued, sent, failed, cancelled
    created_at      INTEGER NOT NULL,
    send_after      INTEGER NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    last_error      TEXT,
    token_hash      TEXT UNIQUE,
    sent_at         INTEGER,
    expires_at      INTEGER,
    rating          TEXT,                               -- good, bad
    comment         TEXT,
    answered_at     INTEGER
);
CREATE INDEX ix_satisfaction_due ON satisfaction_surveys(send_after) WHERE status = 'queued';
CREATE INDEX ix_satisfaction_conversation ON satisfaction_surveys(conversation_id);
CREATE INDEX ix_satisfaction_answered ON satisfaction_surveys(answered_at) WHERE answered_at IS NOT NULL;
