-- Response timers (SLA). Times are UTC unix milliseconds; allowances are minutes.

-- One policy per channel; a row with is_public = 1 applies to that channel's public posts and wins over the
-- private row (public complaints are usually answered faster). business_hours = 1: the allowance only runs
-- inside sla_business_hours, outside sla_holidays, in sla_settings.time_zone.
CREATE TABLE sla_policies (
    id                     INTEGER PRIMARY KEY,
    channel                TEXT NOT NULL,
    is_public              INTEGER NOT NULL DEFAULT 0,
    first_response_minutes INTEGER NOT NULL CHECK (first_response_minutes > 0),
    next_response_minutes  INTEGER NOT NULL CHECK (next_response_minutes > 0),
    business_hours         INTEGER NOT NULL DEFAULT 0,
    updated_at             INTEGER NOT NULL DEFAULT 0,
    UNIQUE (channel, is_public)
);
INSERT INTO sla_policies (channel, first_response_minutes, next_response_minutes) VALUES
    ('email', 1440, 1440), ('messenger', 60, 60), ('instagram', 60, 60), ('whatsapp', 60, 60), ('x', 60, 60), ('webchat', 60, 60);

-- A single row: the time zone of business hours and holidays, and when a timer counts as at risk.
CREATE TABLE sla_settings (
    id               INTEGER PRIMARY KEY CHECK (id = 1),
    time_zone        TEXT NOT NULL DEFAULT 'Europe/Paris',
    at_risk_percent  INTEGER NOT NULL DEFAULT 75 CHECK (at_risk_percent BETWEEN 1 AND 99)
);
INSERT INTO sla_settings (id) VALUES (1);

-- Opening hours per weekday (0 = Sunday … 6 = Saturday), local "HH:mm"; a missing weekday is closed.
CREATE TABLE sla_business_hours (
    weekday  INTEGER PRIMARY KEY CHECK (weekday BETWEEN 0 AND 6),
    opens    TEXT NOT NULL,
    closes   TEXT NOT NULL
);
INSERT INTO sla_business_hours (weekday, opens, closes) VALUES
    (1, '09:00', '18:00'), (2, '09:00', '18:00'), (3, '09:00', '18:00'), (4, '09:00', '18:00'), (5, '09:00', '18:00');

CREATE TABLE sla_holidays (
    day   TEXT PRIMARY KEY,  -- local date yyyy-MM-dd
    name  TEXT NOT NULL DEFAULT ''
);

-- The running timer of a conversation (at most one): derived from its messages, kept so the scheduler can
-- rebuild its queue at start and so a notification is never raised twice (notified).
CREATE TABLE conversation_timers (
    conversation_id  INTEGER PRIMARY KEY REFERENCES conversations(id),
    kind             TEXT NOT NULL CHECK (kind IN ('first','next')),
    channel          TEXT NOT NULL,
    -- copied from conversations (kept in step by the trigger below) so the board counts per agent from one index
    assigned_agent_id INTEGER,
    started_at       INTEGER NOT NULL,
    at_risk_at       INTEGER NOT NULL,
    due_at           INTEGER NOT NULL,
    -- set while the conversation waits on the customer (status pending): the clock stands still
    paused_at        INTEGER,
    notified         TEXT NOT NULL DEFAULT 'none' CHECK (notified IN ('none','at_risk','breached'))
);
CREATE INDEX ix_conversation_timers_due ON conversation_timers(due_at);
CREATE INDEX ix_conversation_timers_risk ON conversation_timers(at_risk_at, due_at, paused_at, channel, assigned_agent_id);
CREATE TRIGGER conversation_timers_agent AFTER UPDATE OF assigned_agent_id ON conversations
BEGIN UPDATE conversation_timers SET assigned_agent_id = NEW.assigned_agent_id WHERE conversation_id = NEW.id; END;

-- Every answered timer: the facts the metrics API reads.
CREATE TABLE sla_responses (
    id               INTEGER PRIMARY KEY,
    conversation_id  INTEGER NOT NULL REFERENCES conversations(id),
    kind             TEXT NOT NULL CHECK (kind IN ('first','next')),
    channel          TEXT NOT NULL,
    agent_id         INTEGER REFERENCES agents(id),
    started_at       INTEGER NOT NULL,
    responded_at     INTEGER NOT NULL,
    due_at           INTEGER NOT NULL,
    UNIQUE (conversation_id, started_at)
);
CREATE INDEX ix_sla_responses_started ON sla_responses(started_at);

-- Every at-risk / breach alert raised, once per timer and level.
CREATE TABLE sla_alerts (
    id               INTEGER PRIMARY KEY,
    conversation_id  INTEGER NOT NULL REFERENCES conversations(id),
    level            TEXT NOT NULL CHECK (level IN ('at_risk','breached')),
    kind             TEXT NOT NULL,
    started_at       INTEGER NOT NULL,
    due_at           INTEGER NOT NULL,
    raised_at        INTEGER NOT NULL,
    UNIQUE (conversation_id, started_at, level)
);
CREATE INDEX ix_sla_alerts_raised ON sla_alerts(raised_at);

-- The board counts open conversations per channel and per agent without touching the table rows.
CREATE INDEX ix_conversations_board ON conversations(status, is_automated, channel, assigned_agent_id, unanswered);
