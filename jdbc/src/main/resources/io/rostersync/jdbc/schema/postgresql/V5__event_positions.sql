-- rostersync state schema, version 5 (PostgreSQL): where each event subscriber resumes, one opaque position
-- (a Pub/Sub replay id, say) per sync and stream; written without the lease, the last writer winning
CREATE TABLE IF NOT EXISTS rostersync_event_position (
    sync_id VARCHAR(64) NOT NULL,
    stream VARCHAR(200) NOT NULL,
    position_token VARCHAR(4096) NOT NULL,
    PRIMARY KEY (sync_id, stream)
);
-- the version record the store reads, whichever tool runs this script (once, however often it runs)
INSERT INTO rostersync_schema_version (version, applied_at_ms)
SELECT 5, CAST(EXTRACT(EPOCH FROM CURRENT_TIMESTAMP) * 1000 AS BIGINT)
WHERE NOT EXISTS (SELECT 1 FROM rostersync_schema_version WHERE version = 5);
