-- The foreign-policy tracker's records (SQLite), one table per record type
-- of registry/tracker.go. Keep in step with ../postgres/00005_tracker.sql:
-- same tables, columns and constraints. Dates are TEXT (YYYY, YYYY-MM or
-- YYYY-MM-DD; NULL = unknown or not yet reached). Lists of ids or codes
-- (objectives, countries, organisations, stakeholders) are TEXT joined by
-- ';'; partners are "type:code" joined by ';' as agreements' parties;
-- targets are "period=value" joined by ';'. baseline_value and value are
-- NULL when unknown (qualitative actuals have none). recorded_at and
-- approved_at are unix milliseconds (UTC), NULL when not recorded or not
-- approved. Booleans are 0 or 1. References to one record are foreign keys
-- deferred to commit, as in 00001; references inside lists are checked by
-- the registry's validation only.
-- (STRICT tables admit INTEGER, a 64-bit integer, and not BIGINT.)

-- +goose Up
CREATE TABLE policy_nodes (
    id              TEXT PRIMARY KEY,
    parent          TEXT REFERENCES policy_nodes (id) DEFERRABLE INITIALLY DEFERRED,
    kind            TEXT NOT NULL,
    position        INTEGER NOT NULL DEFAULT 0,
    title_en        TEXT NOT NULL,
    title_fr        TEXT NOT NULL DEFAULT '',
    title_rw        TEXT NOT NULL DEFAULT '',
    title_sw        TEXT NOT NULL DEFAULT '',
    adopted         TEXT,
    superseded      TEXT,
    parent_strategy TEXT NOT NULL DEFAULT '',
    source          TEXT NOT NULL DEFAULT '',
    last_verified   TEXT,
    note            TEXT NOT NULL DEFAULT '',
    version         INTEGER NOT NULL,
    revision        INTEGER NOT NULL DEFAULT 0,
    updated_at      INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX policy_nodes_parent ON policy_nodes (parent);

CREATE TABLE initiatives (
    id            TEXT PRIMARY KEY,
    title_en      TEXT NOT NULL,
    title_fr      TEXT NOT NULL DEFAULT '',
    title_rw      TEXT NOT NULL DEFAULT '',
    title_sw      TEXT NOT NULL DEFAULT '',
    summary       TEXT NOT NULL DEFAULT '',
    objectives    TEXT NOT NULL DEFAULT '',
    lead_unit     TEXT NOT NULL DEFAULT '',
    lead_mission  TEXT REFERENCES missions (id) DEFERRABLE INITIALLY DEFERRED,
    partners      TEXT NOT NULL DEFAULT '',
    start_date    TEXT,
    end_date      TEXT,
    status        TEXT NOT NULL,
    source        TEXT NOT NULL DEFAULT '',
    last_verified TEXT,
    note          TEXT NOT NULL DEFAULT '',
    version       INTEGER NOT NULL,
    revision      INTEGER NOT NULL DEFAULT 0,
    updated_at    INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX initiatives_lead_mission ON initiatives (lead_mission);

CREATE TABLE indicators (
    id              TEXT PRIMARY KEY,
    objective       TEXT NOT NULL REFERENCES policy_nodes (id) DEFERRABLE INITIALLY DEFERRED,
    title_en        TEXT NOT NULL,
    title_fr        TEXT NOT NULL DEFAULT '',
    title_rw        TEXT NOT NULL DEFAULT '',
    title_sw        TEXT NOT NULL DEFAULT '',
    measure         TEXT NOT NULL,
    unit            TEXT NOT NULL DEFAULT '',
    direction       TEXT NOT NULL DEFAULT '',
    computed        TEXT NOT NULL DEFAULT '',
    baseline_period TEXT NOT NULL DEFAULT '',
    baseline_value  REAL,
    targets         TEXT NOT NULL DEFAULT '',
    weight          REAL NOT NULL DEFAULT 0,
    source          TEXT NOT NULL DEFAULT '',
    last_verified   TEXT,
    note            TEXT NOT NULL DEFAULT '',
    version         INTEGER NOT NULL,
    revision        INTEGER NOT NULL DEFAULT 0,
    updated_at      INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX indicators_objective ON indicators (objective);

CREATE TABLE indicator_actuals (
    id            TEXT PRIMARY KEY,
    indicator     TEXT NOT NULL REFERENCES indicators (id) DEFERRABLE INITIALLY DEFERRED,
    period        TEXT NOT NULL,
    value         REAL,
    text          TEXT NOT NULL DEFAULT '',
    evidence      TEXT NOT NULL DEFAULT '',
    recorded_at   INTEGER,
    recorded_by   TEXT NOT NULL DEFAULT '',
    approved_at   INTEGER,
    approved_by   TEXT NOT NULL DEFAULT '',
    source        TEXT NOT NULL DEFAULT '',
    last_verified TEXT,
    note          TEXT NOT NULL DEFAULT '',
    version       INTEGER NOT NULL,
    revision      INTEGER NOT NULL DEFAULT 0,
    updated_at    INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX indicator_actuals_indicator ON indicator_actuals (indicator);

CREATE TABLE associations (
    id            TEXT PRIMARY KEY,
    name          TEXT NOT NULL,
    country       TEXT NOT NULL REFERENCES countries (iso2) DEFERRABLE INITIALLY DEFERRED,
    city          TEXT NOT NULL DEFAULT '',
    address       TEXT NOT NULL DEFAULT '',
    phone         TEXT NOT NULL DEFAULT '',
    email         TEXT NOT NULL DEFAULT '',
    website       TEXT NOT NULL DEFAULT '',
    founded       TEXT,
    public        INTEGER NOT NULL DEFAULT 0 CHECK (public IN (0, 1)),
    source        TEXT NOT NULL DEFAULT '',
    last_verified TEXT,
    note          TEXT NOT NULL DEFAULT '',
    version       INTEGER NOT NULL,
    revision      INTEGER NOT NULL DEFAULT 0,
    updated_at    INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX associations_country ON associations (country);

CREATE TABLE engagements (
    id            TEXT PRIMARY KEY,
    kind          TEXT NOT NULL,
    title_en      TEXT NOT NULL,
    title_fr      TEXT NOT NULL DEFAULT '',
    title_rw      TEXT NOT NULL DEFAULT '',
    title_sw      TEXT NOT NULL DEFAULT '',
    summary       TEXT NOT NULL DEFAULT '',
    direction     TEXT NOT NULL DEFAULT '',
    level         TEXT NOT NULL DEFAULT '',
    start_date    TEXT,
    end_date      TEXT,
    city          TEXT NOT NULL DEFAULT '',
    countries     TEXT NOT NULL DEFAULT '',
    organisations TEXT NOT NULL DEFAULT '',
    objectives    TEXT NOT NULL DEFAULT '',
    mission       TEXT REFERENCES missions (id) DEFERRABLE INITIALLY DEFERRED,
    commission    TEXT NOT NULL DEFAULT '',
    session       INTEGER NOT NULL DEFAULT 0,
    association   TEXT REFERENCES associations (id) DEFERRABLE INITIALLY DEFERRED,
    request_kind  TEXT NOT NULL DEFAULT '',
    status        TEXT NOT NULL DEFAULT '',
    status_date   TEXT,
    personnel     INTEGER NOT NULL DEFAULT 0,
    public        INTEGER NOT NULL DEFAULT 0 CHECK (public IN (0, 1)),
    source        TEXT NOT NULL DEFAULT '',
    last_verified TEXT,
    note          TEXT NOT NULL DEFAULT '',
    version       INTEGER NOT NULL,
    revision      INTEGER NOT NULL DEFAULT 0,
    updated_at    INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX engagements_mission ON engagements (mission);
CREATE INDEX engagements_association ON engagements (association);

CREATE TABLE commitments (
    id            TEXT PRIMARY KEY,
    engagement    TEXT REFERENCES engagements (id) DEFERRABLE INITIALLY DEFERRED,
    agreement     TEXT REFERENCES agreements (id) DEFERRABLE INITIALLY DEFERRED,
    text          TEXT NOT NULL,
    owner         TEXT NOT NULL DEFAULT '',
    due           TEXT,
    status        TEXT NOT NULL,
    closed        TEXT,
    source        TEXT NOT NULL DEFAULT '',
    last_verified TEXT,
    note          TEXT NOT NULL DEFAULT '',
    version       INTEGER NOT NULL,
    revision      INTEGER NOT NULL DEFAULT 0,
    updated_at    INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX commitments_engagement ON commitments (engagement);
CREATE INDEX commitments_agreement ON commitments (agreement);

CREATE TABLE stakeholders (
    id            TEXT PRIMARY KEY,
    name          TEXT NOT NULL,
    category      TEXT NOT NULL,
    country       TEXT REFERENCES countries (iso2) DEFERRABLE INITIALLY DEFERRED,
    website       TEXT NOT NULL DEFAULT '',
    source        TEXT NOT NULL DEFAULT '',
    last_verified TEXT,
    note          TEXT NOT NULL DEFAULT '',
    version       INTEGER NOT NULL,
    revision      INTEGER NOT NULL DEFAULT 0,
    updated_at    INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX stakeholders_country ON stakeholders (country);

CREATE TABLE consultations (
    id            TEXT PRIMARY KEY,
    policy        TEXT NOT NULL REFERENCES policy_nodes (id) DEFERRABLE INITIALLY DEFERRED,
    title_en      TEXT NOT NULL,
    title_fr      TEXT NOT NULL DEFAULT '',
    title_rw      TEXT NOT NULL DEFAULT '',
    title_sw      TEXT NOT NULL DEFAULT '',
    summary       TEXT NOT NULL DEFAULT '',
    opens         TEXT,
    closes        TEXT,
    stakeholders  TEXT NOT NULL DEFAULT '',
    objectives    TEXT NOT NULL DEFAULT '',
    outcome       TEXT NOT NULL DEFAULT '',
    source        TEXT NOT NULL DEFAULT '',
    last_verified TEXT,
    note          TEXT NOT NULL DEFAULT '',
    version       INTEGER NOT NULL,
    revision      INTEGER NOT NULL DEFAULT 0,
    updated_at    INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX consultations_policy ON consultations (policy);

-- +goose Down
DROP TABLE consultations;
DROP TABLE stakeholders;
DROP TABLE commitments;
DROP TABLE engagements;
DROP TABLE associations;
DROP TABLE indicator_actuals;
DROP TABLE indicators;
DROP TABLE initiatives;
DROP TABLE policy_nodes;
