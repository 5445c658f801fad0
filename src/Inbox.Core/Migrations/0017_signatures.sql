-- An agent's email signature, and the one a reply went out with (kept on the message, so a resend after a crash and
-- the thread show the signature as sent, whatever the agent's signature has become since).
ALTER TABLE agents ADD COLUMN signature TEXT;
ALTER TABLE messages ADD COLUMN signature TEXT;
