-- The language a conversation is written in ('fr', 'en', or NULL when its first message says too little), guessed from
-- its first message; and the languages an agent takes new conversations in by automatic assignment (NULL: any).
ALTER TABLE conversations ADD COLUMN language TEXT;
ALTER TABLE agents ADD COLUMN languages TEXT;
