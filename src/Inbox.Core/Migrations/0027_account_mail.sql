-- Account mail: an agent's own address, for an invitation to choose a first password and for a link to set a new
-- one when it is forgotten. An invited agent has no password of their own until they follow the link
-- (password_set 0: no password signs them in).
ALTER TABLE agents ADD COLUMN email TEXT;
ALTER TABLE agents ADD COLUMN password_set INTEGER NOT NULL DEFAULT 1;
CREATE UNIQUE INDEX agents_email ON agents (email) WHERE email IS NOT NULL;

-- One-use links. Only a hash of the token is kept, so a copy of the database opens no account; issuing a new link
-- ends the agent's earlier ones (expires_at moved to the moment it was replaced).
CREATE TABLE agent_tokens (
    id          INTEGER PRIMARY KEY,
    agent_id    INTEGER NOT NULL REFERENCES agents(id),
    purpose     TEXT NOT NULL CHECK (purpose IN ('invite','reset')),
    token_hash  TEXT NOT NULL UNIQUE,
    created_at  INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL,
    used_at     INTEGER
);
CREATE INDEX agent_tokens_agent ON agent_tokens (agent_id, created_at);
