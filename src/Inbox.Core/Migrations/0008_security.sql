-- Security: data erasure markers. Rows are never deleted on erasure (counts stay true for reports);
-- these columns record when their content was redacted.
ALTER TABLE customers ADD COLUMN erased_at INTEGER;
ALTER TABLE identities ADD COLUMN redacted_at INTEGER;
ALTER TABLE attachments ADD COLUMN redacted_at INTEGER;
CREATE INDEX ix_audit_log_at ON audit_log(at);
