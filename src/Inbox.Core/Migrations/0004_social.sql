-- Social channels: a private conversation opened from a public one ("move to private") remembers
-- the public message it came from, so the first private reply can reference it (Messenger private
-- reply to a Page comment) and the window counts from it.
ALTER TABLE conversations ADD COLUMN origin_conversation_id INTEGER REFERENCES conversations(id);
ALTER TABLE conversations ADD COLUMN origin_external_id TEXT;
ALTER TABLE conversations ADD COLUMN origin_at INTEGER;
