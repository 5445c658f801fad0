-- An agent who is online but not taking new conversations (in a meeting, finishing their queue): automatic
-- assignment passes them by.
ALTER TABLE agents ADD COLUMN away INTEGER NOT NULL DEFAULT 0;
