-- Whether customers are asked how it went, and how long after closing, as an admin set it on the lead board (NULL: as
-- configured, Inbox:Satisfaction).
CREATE TABLE satisfaction_settings (
    id             INTEGER PRIMARY KEY CHECK (id = 1),
    enabled        INTEGER,
    delay_minutes  REAL,
    updated_at     INTEGER
);
INSERT INTO satisfaction_settings (id) VALUES (1);
