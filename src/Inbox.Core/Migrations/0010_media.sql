-- Media a platform sends by reference (a WhatsApp media id, a Messenger or Instagram CDN URL): the attachment row is
-- stored with the message and its bytes are fetched afterwards (MediaFetcher), never inside the intake transaction.
-- media_ref: "whatsapp:<media id>" or "url:<address>"; cleared by erasure, so erased media is never fetched again.
ALTER TABLE attachments ADD COLUMN media_ref TEXT;
ALTER TABLE attachments ADD COLUMN fetch_attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE attachments ADD COLUMN fetch_error TEXT;
CREATE INDEX ix_attachments_to_fetch ON attachments(id) WHERE content IS NULL AND media_ref IS NOT NULL;
