-- Full-text search over what was said (the text shown in the thread), so that "4471" or "remboursement" finds the
-- conversation where a customer wrote it days ago, not only names and subjects. An FTS5 index over messages.display_text
-- (external content: the text is not stored twice), accents and case ignored, positions not kept (words, not phrases).
-- New messages are indexed by the intake writer at most twice a second (SearchIndex.CatchUp), not one by one in each
-- intake transaction: a trigger did that and cost the intake a fifth more CPU per message. search_progress says how far.
-- A change of a text already indexed (a retraction, an erasure) takes its words out at once, by trigger.
-- SQLite's own: a PostgreSQL provider would use a tsvector column and a GIN index instead.
CREATE VIRTUAL TABLE message_search USING fts5(
    display_text, content = 'messages', content_rowid = 'id', detail = 'none', tokenize = 'unicode61 remove_diacritics 2'
);
INSERT INTO message_search (message_search) VALUES ('rebuild');

CREATE TABLE search_progress (last_message_id INTEGER NOT NULL);
INSERT INTO search_progress (last_message_id) SELECT COALESCE(MAX(id), 0) FROM messages;

CREATE TRIGGER messages_search_update AFTER UPDATE OF display_text ON messages
WHEN old.id <= (SELECT last_message_id FROM search_progress) BEGIN
    INSERT INTO message_search (message_search, rowid, display_text) VALUES ('delete', old.id, old.display_text);
    INSERT INTO message_search (rowid, display_text) VALUES (new.id, new.display_text);
END;
