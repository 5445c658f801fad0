-- Web chat visitors: the chat page's sessions. A visitor's id is their identity's external id on the webchat channel;
-- the page proves it with a token of which only the SHA-256 is kept. Name and email as the visitor gave them.
CREATE TABLE chat_visitors (
    id          TEXT PRIMARY KEY,
    token_hash  TEXT NOT NULL,
    name        TEXT,
    email       TEXT,
    created_at  INTEGER NOT NULL
);
