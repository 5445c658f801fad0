-- A snoozed conversation is put aside (status 'pending': its response timer stands still) until this time, then opens
-- again by itself; a customer message or an agent's status change ends the snooze sooner.
ALTER TABLE conversations ADD COLUMN snoozed_until INTEGER;
CREATE INDEX ix_conversations_snoozed ON conversations(snoozed_until) WHERE snoozed_until IS NOT NULL;
