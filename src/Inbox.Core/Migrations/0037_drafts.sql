-- What an agent has typed in a conversation's reply box and not sent yet: one draft per agent and conversation, kept on
-- the server so that it survives opening another conversation, a reload or another device, and so that colleagues
-- can see that someone is already answering. A reply the agent sends ends their draft.
CREATE TABLE drafts (
    conversation_id INTEGER NOT NULL REFERENCES conversations(id),
    agent_id        INTEGER NOT NULL REFERENCES agents(id),
    text            TEXT NOT NULL,
    updated_at      INTEGER NOT NULL,
    PRIMARY KEY (conversation_id, agent_id)
);
CREATE INDEX drafts_agent ON drafts (agent_id, updated_at);
