-- What each agent has seen of each conversation: the time of the customer's last message when the agent last read it.
-- A conversation is unread for an agent when the customer has written since (conversations.last_inbound_at is later).
CREATE TABLE conversation_reads (
    agent_id        INTEGER NOT NULL REFERENCES agents(id),
    conversation_id INTEGER NOT NULL REFERENCES conversations(id),
    seen_inbound_at INTEGER NOT NULL,
    PRIMARY KEY (agent_id, conversation_id)
);
