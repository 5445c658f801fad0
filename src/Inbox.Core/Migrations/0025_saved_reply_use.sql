-- How often agents insert each saved reply, and when last: leads see which answers the team relies on and which
-- nobody uses any more.
ALTER TABLE saved_replies ADD COLUMN use_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE saved_replies ADD COLUMN last_used_at INTEGER;
