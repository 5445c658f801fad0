-- Each sign-in cookie carries the agent's session version; disabling an agent, changing their role or their password
-- moves it on, so every session signed in before ends at its next request (and its live connection is closed).
ALTER TABLE agents ADD COLUMN session_version INTEGER NOT NULL DEFAULT 0;
