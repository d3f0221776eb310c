-- The register of agreements (SQLite). Keep in step with
-- ../postgres/00004_agreements.sql: same table, columns and constraints.
-- Dates are TEXT (YYYY, YYYY-MM or YYYY-MM-DD; NULL = unknown or not yet
-- reached). parties holds the other parties as "type:code" joined by ';'
-- (state:KE;organisation:AU); the registry's validation checks that each
-- exists, as it does for the depositary (empty type and code: none).

-- +goose Up
CREATE TABLE agreements (
    id                     TEXT PRIMARY KEY,
    title_en               TEXT NOT NULL,
    title_fr               TEXT NOT NULL DEFAULT '',
    title_rw               TEXT NOT NULL DEFAULT '',
    title_sw               TEXT NOT NULL DEFAULT '',
    kind                   TEXT NOT NULL,
    scope                  TEXT NOT NULL,
    consent_mode           TEXT NOT NULL DEFAULT '',
    parties                TEXT NOT NULL DEFAULT '',
    depositary_type        TEXT NOT NULL DEFAULT '',
    depositary             TEXT NOT NULL DEFAULT '',
    place                  TEXT NOT NULL DEFAULT '',
    certainty              TEXT NOT NULL,
    negotiation            TEXT,
    initialled             TEXT,
    signed                 TEXT,
    domestic_approval      TEXT,
    approval_act           TEXT NOT NULL DEFAULT '',
    gazette                TEXT,
    instruments_deposited  TEXT,
    entry_into_force       TEXT,
    un_registered          TEXT,
    un_registration_number TEXT NOT NULL DEFAULT '',
    amended                TEXT,
    ended                  TEXT,
    end_reason             TEXT NOT NULL DEFAULT '',
    source                 TEXT NOT NULL DEFAULT '',
    last_verified          TEXT,
    note                   TEXT NOT NULL DEFAULT '',
    version                INTEGER NOT NULL,
    revision               INTEGER NOT NULL DEFAULT 0,
    updated_at             INTEGER NOT NULL DEFAULT 0
) STRICT;

-- +goose Down
DROP TABLE agreements;
