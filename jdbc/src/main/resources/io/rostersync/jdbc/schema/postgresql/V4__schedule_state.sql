-- rostersync state schema, version 4 (PostgreSQL): each sync's schedule state (when it last ran in full and
-- incrementally, how many runs finished since the last full one, when it is next due), so every node and
-- every restart decides the same; empty instants are NULL
CREATE TABLE IF NOT EXISTS rostersync_schedule (
    sync_id VARCHAR(64) NOT NULL PRIMARY KEY,
    last_full_ms BIGINT,
    last_incremental_ms BIGINT,
    runs_since_full INT NOT NULL,
    next_due_ms BIGINT,
    CONSTRAINT rostersync_schedule_runs CHECK (runs_since_full >= 0)
);
-- the version record the store reads, whichever tool runs this script (once, however often it runs)
INSERT INTO rostersync_schema_version (version, applied_at_ms)
SELECT 4, CAST(EXTRACT(EPOCH FROM CURRENT_TIMESTAMP) * 1000 AS BIGINT)
WHERE NOT EXISTS (SELECT 1 FROM rostersync_schema_version WHERE version = 4);
