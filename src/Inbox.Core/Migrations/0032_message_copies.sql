-- Who else an email went to. On a customer's mail: the other people in its To and Cc (our own addresses and the sender
-- left out), offered as the reply's Cc (reply to all). On an agent's reply: the Cc and Bcc it went out with. Each is
-- one RFC 5322 address list ("Léa Roux" <lea@example.com>, bob@example.org); NULL when there is none.
ALTER TABLE messages ADD COLUMN cc TEXT;
ALTER TABLE messages ADD COLUMN bcc TEXT;
