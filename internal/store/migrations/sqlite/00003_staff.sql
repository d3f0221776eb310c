-- Staff accounts, sessions, API tokens and the audit log (SQLite). Keep in
-- step with ../postgres/00003_staff.sql: same tables, columns and constraints.
-- Times are unix milliseconds (UTC); NULL where a time is optional.
--
-- users.email is stored lowercased, so that UNIQUE makes it unique whatever
-- the case typed. session_epoch grows when every session of a user is ended
-- ("sign out everywhere", a password reset): the web layer keeps the epoch it
-- saw at sign-in in the session and refuses a session whose epoch is behind.
-- users.role and api_tokens.role hold auth.Role names; mission_id is set for
-- mission officers only. An API token belongs to the user who created it
-- (created_by), and stops working when that user is disabled.
--
-- sessions holds scs's sessions: the token, the encoded session data and the
-- expiry.
--
-- audit_log is append-only: the application only ever inserts into it, and
-- the triggers below refuse UPDATE and DELETE. Each row is hash-chained to the
-- one before it (see internal/audit): seq runs 1, 2, 3... and is assigned by
-- the store inside the serialised write transaction.

-- +goose Up
CREATE TABLE users (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    email          TEXT NOT NULL UNIQUE,
    name           TEXT NOT NULL,
    role           TEXT NOT NULL,
    mission_id     TEXT REFERENCES missions (id),
    password_hash  TEXT NOT NULL,
    totp_secret    TEXT,
    totp_last_step INTEGER NOT NULL DEFAULT 0,
    session_epoch  INTEGER NOT NULL DEFAULT 0,
    disabled_at    INTEGER,
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL,
    version        INTEGER NOT NULL
) STRICT;
CREATE INDEX users_mission ON users (mission_id);

CREATE TABLE sessions (
    token  TEXT PRIMARY KEY,
    data   BLOB NOT NULL,
    expiry INTEGER NOT NULL
) STRICT;
CREATE INDEX sessions_expiry ON sessions (expiry);

CREATE TABLE api_tokens (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    name         TEXT NOT NULL,
    token_hash   TEXT NOT NULL UNIQUE,
    role         TEXT NOT NULL,
    mission_id   TEXT REFERENCES missions (id),
    created_by   INTEGER NOT NULL REFERENCES users (id),
    created_at   INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL,
    last_used_at INTEGER,
    revoked_at   INTEGER
) STRICT;
CREATE INDEX api_tokens_mission ON api_tokens (mission_id);

CREATE TABLE audit_log (
    seq        INTEGER PRIMARY KEY,
    at         INTEGER NOT NULL,
    actor      TEXT NOT NULL,
    action     TEXT NOT NULL,
    entity     TEXT NOT NULL,
    entity_id  TEXT NOT NULL,
    before     TEXT,
    after      TEXT,
    request_id TEXT NOT NULL,
    address    TEXT NOT NULL,
    prev_hash  TEXT NOT NULL,
    hash       TEXT NOT NULL
) STRICT;
CREATE INDEX audit_log_entity ON audit_log (entity, entity_id, seq);
CREATE INDEX audit_log_sign_ins ON audit_log (address, action, seq) WHERE action IN ('sign_in', 'sign_in_failed');

-- +goose StatementBegin
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
-- +goose StatementEnd

-- +goose Down
DROP TABLE audit_log;
DROP TABLE api_tokens;
DROP TABLE sessions;
DROP TABLE users;
