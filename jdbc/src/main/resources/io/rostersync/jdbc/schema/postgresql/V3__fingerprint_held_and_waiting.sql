-- rostersync state schema, version 3 (PostgreSQL): the policy fingerprint stored with the cursor, the deprovisions
-- the deletion guard holds, and the users waiting for a licence seat
ALTER TABLE rostersync_cursor ADD COLUMN IF NOT EXISTS policy_fingerprint VARCHAR(1000);
CREATE TABLE IF NOT EXISTS rostersync_held (
    sync_id VARCHAR(64) NOT NULL,
    seq INT NOT NULL,
    target_id VARCHAR(255) NOT NULL,
    source_id VARCHAR(255),
    label TEXT NOT NULL,
    action VARCHAR(32) NOT NULL,
    reason TEXT NOT NULL,
    held_since_ms BIGINT NOT NULL,
    PRIMARY KEY (sync_id, target_id)
);
CREATE TABLE IF NOT EXISTS rostersync_waiting (
    sync_id VARCHAR(64) NOT NULL,
    seq INT NOT NULL,
    source_id VARCHAR(255) NOT NULL,
    label TEXT NOT NULL,
    reason TEXT NOT NULL,
    since_ms BIGINT NOT NULL,
    PRIMARY KEY (sync_id, source_id)
);
-- the version record the store reads, whichever tool runs this script (once, however often it runs)
INSERT INTO rostersync_schema_version (version, applied_at_ms)
SELECT 3, CAST(EXTRACT(EPOCH FROM CURRENT_TIMESTAMP) * 1000 AS BIGINT)
WHERE NOT EXISTS (SELECT 1 FROM rostersync_schema_version WHERE version = 3);
