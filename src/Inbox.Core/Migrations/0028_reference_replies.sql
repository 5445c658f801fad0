-- Reference answers: a saved reply a lead marks as the team's official word (a refund delay, a fee, a procedure).
-- The live draft guard then also compares every draft with it, in any conversation, not only with the answers sent
-- in the same request's other conversations.
ALTER TABLE saved_replies ADD COLUMN reference INTEGER NOT NULL DEFAULT 0;
