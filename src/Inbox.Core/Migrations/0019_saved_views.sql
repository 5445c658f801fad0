-- Saved views: a named set of the list's filters (its query string, as ListQuery reads it). An agent's own, or shared
-- with the team by a lead. "assigned=me" in a shared view is whoever opens it.
CREATE TABLE saved_views (
    id          INTEGER PRIMARY KEY,
    agent_id    INTEGER NOT NULL REFERENCES agents(id),
    name        TEXT NOT NULL,
    query       TEXT NOT NULL,
    shared      INTEGER NOT NULL DEFAULT 0,
    created_at  INTEGER NOT NULL,
    UNIQUE (agent_id, name)
);
CREATE INDEX ix_saved_views_shared ON saved_views(shared);
