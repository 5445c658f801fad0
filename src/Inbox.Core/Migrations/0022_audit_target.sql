-- A conversation's history (who assigned, closed, snoozed, tagged it) is read from the audit log by its target.
CREATE INDEX ix_audit_log_target ON audit_log(target, id);
