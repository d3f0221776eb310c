-- Staff accounts, sessions, API tokens and the audit log (PostgreSQL). Keep
-- in step with ../sqlite/00003_staff.sql: same tables, columns and
-- constraints. Times are unix milliseconds (UTC); NULL where a time is
-- optional.
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
-- the trigger below refuses UPDATE, DELETE and TRUNCATE. Each row is
-- hash-chained to the one before it (see internal/audit): seq runs 1, 2, 3...
-- and is assigned by the store inside the serialised write transaction.

-- +goose Up
CREATE TABLE users (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email          TEXT COLLATE "C" NOT NULL UNIQUE,
    name           TEXT NOT NULL,
    role           TEXT NOT NULL,
    mission_id     TEXT REFERENCES missions (id),
    password_hash  TEXT NOT NULL,
    totp_secret    TEXT,
    totp_last_step BIGINT NOT NULL DEFAULT 0,
    session_epoch  BIGINT NOT NULL DEFAULT 0,
    disabled_at    BIGINT,
    created_at     BIGINT NOT NULL,
    updated_at     BIGINT NOT NULL,
    version        BIGINT NOT NULL
);
CREATE INDEX users_mission ON users (mission_id);

CREATE TABLE sessions (
    token  TEXT COLLATE "C" PRIMARY KEY,
    data   BYTEA NOT NULL,
    expiry BIGINT NOT NULL
);
CREATE INDEX sessions_expiry ON sessions (expiry);

CREATE TABLE api_tokens (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name         TEXT NOT NULL,
    token_hash   TEXT COLLATE "C" NOT NULL UNIQUE,
    role         TEXT NOT NULL,
    mission_id   TEXT REFERENCES missions (id),
    created_by   BIGINT NOT NULL REFERENCES users (id),
    created_at   BIGINT NOT NULL,
    expires_at   BIGINT NOT NULL,
    last_used_at BIGINT,
    revoked_at   BIGINT
);
CREATE INDEX api_tokens_mission ON api_tokens (mission_id);

CREATE TABLE audit_log (
    seq        BIGINT PRIMARY KEY,
    at         BIGINT NOT NULL,
    actor      TEXT NOT NULL,
    action     TEXT NOT NULL,
    entity     TEXT COLLATE "C" NOT NULL,
    entity_id  TEXT COLLATE "C" NOT NULL,
    before     TEXT,
    after      TEXT,
    request_id TEXT NOT NULL,
    address    TEXT NOT NULL,
    prev_hash  TEXT NOT NULL,
    hash       TEXT NOT NULL
);
CREATE INDEX audit_log_entity ON audit_log (entity, entity_id, seq);
CREATE INDEX audit_log_sign_ins ON audit_log (address, action, seq) WHERE action IN ('sign_in', 'sign_in_failed');

-- +goose StatementBegin
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only';
END
$$;
-- +goose StatementEnd
CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();

-- +goose Down
DROP TABLE audit_log;
DROP FUNCTION audit_log_append_only();
DROP TABLE api_tokens;
DROP TABLE sessions;
DROP TABLE users;
