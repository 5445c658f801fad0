-- The channels an agent takes new conversations from by automatic assignment ("email,x"); NULL: every channel.
-- A team where some answer email and others the social channels routes each new conversation to the right people.
ALTER TABLE agents ADD COLUMN channels TEXT;
