-- What the team knows about a customer beyond one conversation ("prefers to be called in the afternoon", "VIP since
-- 2019"): one note, shown in the side panel of each of their conversations. Customer data: an erasure empties it.
ALTER TABLE customers ADD COLUMN note TEXT;
