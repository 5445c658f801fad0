-- A saved reply may also do what usually follows it (a macro): tags to add to the conversation, and the status it
-- takes once the reply is sent (pending: waiting for the customer; closed: done). Applied when a reply that used it is sent.
ALTER TABLE saved_replies ADD COLUMN add_tags TEXT;
ALTER TABLE saved_replies ADD COLUMN then_status TEXT CHECK (then_status IN ('pending', 'closed'));
