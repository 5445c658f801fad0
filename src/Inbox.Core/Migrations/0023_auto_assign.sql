-- Automatic assignment of new conversations to the agents online, fewest open conversations first, each up to a cap.
-- Off until an admin turns it on.
CREATE TABLE assignment_settings (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    enabled     INTEGER NOT NULL DEFAULT 0,
    max_open    INTEGER NOT NULL DEFAULT 10,
    updated_at  INTEGER
);
INSERT INTO assignment_settings (id) VALUES (1);
-- Each agent's open load, counted when a conversation is given out. Partial: a conversation nobody has taken (every
-- new one, at intake) has no entry to write.
CREATE INDEX ix_conversations_assignee ON conversations(assigned_agent_id, status) WHERE assigned_agent_id IS NOT NULL;
