-- Brand self-audit: probe campaigns. A lead registers the identities of the brand's own mystery testers;
-- conversations from those identities are probes in the audit report (matched at report time, so an
-- identity registered after the fact still counts). Agents are not told: probes are answered like any other.
CREATE TABLE probe_campaigns (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,
    -- the window in which the testers' requests count as probes; NULL = open-ended
    starts_at   INTEGER,
    ends_at     INTEGER,
    created_by  INTEGER REFERENCES agents(id),
    created_at  INTEGER NOT NULL,
    archived_at INTEGER
);

CREATE TABLE probe_identities (
    id           INTEGER PRIMARY KEY,
    campaign_id  INTEGER NOT NULL REFERENCES probe_campaigns(id),
    -- email: address; phone: digits (WhatsApp wa_id); handle: X/Instagram screen name without '@';
    -- external: the channel's own user key (PSID, IGSID, X user id)
    kind         TEXT NOT NULL CHECK (kind IN ('email','phone','handle','external')),
    value        TEXT NOT NULL,
    created_at   INTEGER NOT NULL,
    UNIQUE (campaign_id, kind, value)
);
CREATE INDEX ix_probe_identities_value ON probe_identities(kind, value);
