-- rostersync state schema, version 1 (H2)
CREATE TABLE IF NOT EXISTS rostersync_schema_version (
    version INT NOT NULL PRIMARY KEY,
    applied_at_ms BIGINT NOT NULL
);
CREATE TABLE IF NOT EXISTS rostersync_lease (
    sync_id VARCHAR(64) NOT NULL PRIMARY KEY,
    owner VARCHAR(255) NOT NULL,
    fencing_token BIGINT NOT NULL,
    expires_at_ms BIGINT NOT NULL,
    held BOOLEAN NOT NULL
);
CREATE TABLE IF NOT EXISTS rostersync_link (
    sync_id VARCHAR(64) NOT NULL,
    source_id VARCHAR(255) NOT NULL,
    target_id VARCHAR(255) NOT NULL,
    deactivated_by_sync BOOLEAN NOT NULL,
    PRIMARY KEY (sync_id, source_id),
    CONSTRAINT rostersync_link_target_unique UNIQUE (sync_id, target_id)
);
CREATE TABLE IF NOT EXISTS rostersync_cursor (
    sync_id VARCHAR(64) NOT NULL PRIMARY KEY,
    cursor_value VARCHAR(8000) NOT NULL
);
CREATE TABLE IF NOT EXISTS rostersync_report (
    sync_id VARCHAR(64) NOT NULL PRIMARY KEY,
    finished_at_ms BIGINT NOT NULL,
    report_json CLOB NOT NULL
);
-- the version record the store reads, whichever tool runs this script (once, however often it runs)
INSERT INTO rostersync_schema_version (version, applied_at_ms)
SELECT 1, CAST(EXTRACT(EPOCH FROM CURRENT_TIMESTAMP) * 1000 AS BIGINT)
WHERE NOT EXISTS (SELECT 1 FROM rostersync_schema_version WHERE version = 1);
