-- Submissions to public consultations, and the deployment's secrets
-- (SQLite). Keep in step with ../postgres/00006_submissions.sql: same
-- tables, columns and constraints. Times are unix milliseconds (UTC); NULL
-- where a time is optional.
--
-- A submission is not a registry record: the public writes it through the
-- portal's form, policy officers moderate it (pending -> published or
-- rejected). consultation_id names a consultation without a foreign key, so
-- that a consultation's deletion keeps what was said in it. category is a
-- registry.StakeholderCategory or empty; objectives are objective ids joined
-- by ';'. name and email are never shown on the portal, and the client's
-- address is never stored: address_hash is its keyed hash (HMAC-SHA256 with
-- the secret named 'submissions'), for the rate limit and for moderators to
-- see what came from one place.
--
-- secrets holds random keys the application makes on first use (hex), so
-- that every instance of a deployment shares them without configuration.

-- +goose Up
CREATE TABLE submissions (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    consultation_id TEXT NOT NULL,
    received_at     INTEGER NOT NULL,
    name            TEXT NOT NULL DEFAULT '',
    email           TEXT NOT NULL DEFAULT '',
    organisation    TEXT NOT NULL DEFAULT '',
    category        TEXT NOT NULL DEFAULT '',
    objectives      TEXT NOT NULL DEFAULT '',
    text            TEXT NOT NULL,
    status          TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'published', 'rejected')),
    moderated_by    TEXT NOT NULL DEFAULT '',
    moderated_at    INTEGER,
    address_hash    TEXT NOT NULL
) STRICT;
CREATE INDEX submissions_consultation ON submissions (consultation_id, status, id);
CREATE INDEX submissions_status ON submissions (status, id);
CREATE INDEX submissions_address ON submissions (address_hash, received_at);

CREATE TABLE secrets (
    name       TEXT PRIMARY KEY,
    value      TEXT NOT NULL,
    created_at INTEGER NOT NULL
) STRICT;

-- +goose Down
DROP TABLE secrets;
DROP TABLE submissions;
