-- Saved replies: answers the team writes once and agents insert into the compose box, with placeholders
-- ({first_name}, {customer_name}, {agent_name}) filled for the open conversation. Not customer data: a lead may delete one.
CREATE TABLE saved_replies (
    id          INTEGER PRIMARY KEY,
    title       TEXT NOT NULL,
    body        TEXT NOT NULL,
    -- 'en', 'fr', or NULL for any language
    language    TEXT CHECK (language IN ('en','fr')),
    created_by  INTEGER REFERENCES agents(id),
    updated_by  INTEGER REFERENCES agents(id),
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
);
