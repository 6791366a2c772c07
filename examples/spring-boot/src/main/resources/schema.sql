-- The application's own users table (and its side tables), where the sync writes. rostersync's own tables (links,
-- cursors, run history) are created in the same database by the starter at start-up.
CREATE TABLE IF NOT EXISTS app_users (
    id VARCHAR(64) NOT NULL PRIMARY KEY,
    email VARCHAR(254),
    username VARCHAR(255),
    username_key VARCHAR(255),
    first_name VARCHAR(255) NOT NULL,
    last_name VARCHAR(255) NOT NULL,
    status VARCHAR(16) NOT NULL,
    updated_at_ms BIGINT NOT NULL,
    CONSTRAINT app_users_email_unique UNIQUE (email),
    CONSTRAINT app_users_username_unique UNIQUE (username_key)
);
CREATE TABLE IF NOT EXISTS app_user_roles (
    user_id VARCHAR(64) NOT NULL REFERENCES app_users(id) ON DELETE CASCADE,
    role VARCHAR(255) NOT NULL,
    PRIMARY KEY (user_id, role)
);
CREATE TABLE IF NOT EXISTS app_user_groups (
    user_id VARCHAR(64) NOT NULL REFERENCES app_users(id) ON DELETE CASCADE,
    group_name VARCHAR(255) NOT NULL,
    PRIMARY KEY (user_id, group_name)
);
CREATE TABLE IF NOT EXISTS app_user_attributes (
    user_id VARCHAR(64) NOT NULL REFERENCES app_users(id) ON DELETE CASCADE,
    name VARCHAR(255) NOT NULL,
    attr_value VARCHAR(4000) NOT NULL,
    PRIMARY KEY (user_id, name)
);
