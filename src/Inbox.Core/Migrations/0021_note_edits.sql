-- A note's author corrects it or withdraws it (notes are the team's words, not the customer's). The row stays: marked
-- edited, or withdrawn with its text emptied.
ALTER TABLE notes ADD COLUMN edited_at INTEGER;
ALTER TABLE notes ADD COLUMN withdrawn_at INTEGER;
