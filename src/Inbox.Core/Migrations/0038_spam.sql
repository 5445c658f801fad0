-- Spam: a conversation an agent marked as spam is kept (nothing a customer sent is deleted) but out of every list but
-- the Spam one, out of the timers (it is closed) and out of the reports. A blocked customer's new conversations start
-- there. Both undone by "Not spam".
ALTER TABLE conversations ADD COLUMN spam_at INTEGER;
ALTER TABLE customers ADD COLUMN blocked_at INTEGER;
CREATE INDEX ix_conversations_spam ON conversations (last_message_at) WHERE spam_at IS NOT NULL;
