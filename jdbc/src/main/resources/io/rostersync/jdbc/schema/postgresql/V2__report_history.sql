-- rostersync state schema, version 2 (PostgreSQL): the run history, the last N reports per sync
CREATE TABLE IF NOT EXISTS rostersync_report_history (
    sync_id VARCHAR(64) NOT NULL,
    seq BIGINT NOT NULL,
    finished_at_ms BIGINT NOT NULL,
    report_json TEXT NOT NULL,
    PRIMARY KEY (sync_id, seq)
);
-- the last report of each sync becomes the first entry of its history (once, however often this runs)
INSERT INTO rostersync_report_history (sync_id, seq, finished_at_ms, report_json)
SELECT r.sync_id, 1, r.finished_at_ms, r.report_json FROM rostersync_report r
WHERE NOT EXISTS (SELECT 1 FROM rostersync_report_history h WHERE h.sync_id = r.sync_id);
-- the version record the store reads, whichever tool runs this script (once, however often it runs)
INSERT INTO rostersync_schema_version (version, applied_at_ms)
SELECT 2, CAST(EXTRACT(EPOCH FROM CURRENT_TIMESTAMP) * 1000 AS BIGINT)
WHERE NOT EXISTS (SELECT 1 FROM rostersync_schema_version WHERE version = 2);
