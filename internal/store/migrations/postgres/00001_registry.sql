-- The registry's tables, one per record type of registry.Dataset (PostgreSQL).
-- Keep in step with ../sqlite/00001_registry.sql: same tables, columns and
-- constraints. Dates are TEXT (YYYY, YYYY-MM or YYYY-MM-DD; NULL = unknown).
-- Foreign keys are deferred to commit so that validation, which runs inside the
-- transaction before the commit, reports a dangling reference by field name.
-- Primary keys use the "C" collation so that ORDER BY sorts by bytes, as SQLite
-- does, whatever the database's default collation.

-- +goose Up
CREATE TABLE settings (
    name  TEXT COLLATE "C" PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE countries (
    iso2           TEXT COLLATE "C" PRIMARY KEY,
    iso3           TEXT NOT NULL,
    numeric_code   TEXT NOT NULL,
    name_en        TEXT NOT NULL,
    name_fr        TEXT NOT NULL DEFAULT '',
    name_rw        TEXT NOT NULL DEFAULT '',
    name_sw        TEXT NOT NULL DEFAULT '',
    region_code    TEXT NOT NULL DEFAULT '',
    region         TEXT NOT NULL DEFAULT '',
    subregion_code TEXT NOT NULL DEFAULT '',
    subregion      TEXT NOT NULL DEFAULT '',
    source         TEXT NOT NULL DEFAULT '',
    last_verified  TEXT,
    note           TEXT NOT NULL DEFAULT '',
    version        BIGINT NOT NULL
);

CREATE TABLE relations (
    id            TEXT COLLATE "C" PRIMARY KEY,
    country       TEXT NOT NULL REFERENCES countries (iso2) DEFERRABLE INITIALLY DEFERRED,
    event         TEXT NOT NULL,
    date          TEXT,
    certainty     TEXT NOT NULL,
    source        TEXT NOT NULL DEFAULT '',
    last_verified TEXT,
    note          TEXT NOT NULL DEFAULT '',
    version       BIGINT NOT NULL
);
CREATE INDEX relations_country ON relations (country);

CREATE TABLE organisations (
    id            TEXT COLLATE "C" PRIMARY KEY,
    acronym       TEXT NOT NULL,
    name_en       TEXT NOT NULL,
    name_fr       TEXT NOT NULL DEFAULT '',
    name_rw       TEXT NOT NULL DEFAULT '',
    name_sw       TEXT NOT NULL DEFAULT '',
    kind          TEXT NOT NULL,
    hq_city       TEXT NOT NULL DEFAULT '',
    hq_country    TEXT REFERENCES countries (iso2) DEFERRABLE INITIALLY DEFERRED,
    source        TEXT NOT NULL DEFAULT '',
    last_verified TEXT,
    note          TEXT NOT NULL DEFAULT '',
    version       BIGINT NOT NULL
);

CREATE TABLE missions (
    id            TEXT COLLATE "C" PRIMARY KEY,
    sender_type   TEXT NOT NULL,
    sender        TEXT NOT NULL,
    kind          TEXT NOT NULL,
    name          TEXT NOT NULL,
    city          TEXT NOT NULL DEFAULT '',
    country       TEXT NOT NULL REFERENCES countries (iso2) DEFERRABLE INITIALLY DEFERRED,
    status        TEXT NOT NULL,
    certainty     TEXT NOT NULL,
    opened        TEXT,
    closed        TEXT,
    address       TEXT NOT NULL DEFAULT '',
    phone         TEXT NOT NULL DEFAULT '',
    email         TEXT NOT NULL DEFAULT '',
    website       TEXT NOT NULL DEFAULT '',
    services      TEXT NOT NULL DEFAULT '',
    source        TEXT NOT NULL DEFAULT '',
    last_verified TEXT,
    note          TEXT NOT NULL DEFAULT '',
    version       BIGINT NOT NULL
);
CREATE INDEX missions_country ON missions (country);

CREATE TABLE accreditations (
    id                    TEXT COLLATE "C" PRIMARY KEY,
    mission               TEXT NOT NULL REFERENCES missions (id) DEFERRABLE INITIALLY DEFERRED,
    receiver_type         TEXT NOT NULL,
    receiver              TEXT NOT NULL,
    residence             TEXT NOT NULL,
    status                TEXT NOT NULL,
    certainty             TEXT NOT NULL,
    from_date             TEXT,
    to_date               TEXT,
    credentials_presented TEXT,
    legal_basis           TEXT NOT NULL DEFAULT '',
    source                TEXT NOT NULL DEFAULT '',
    last_verified         TEXT,
    note                  TEXT NOT NULL DEFAULT '',
    version               BIGINT NOT NULL
);
CREATE INDEX accreditations_mission ON accreditations (mission);

CREATE TABLE people (
    id            TEXT COLLATE "C" PRIMARY KEY,
    name          TEXT NOT NULL,
    source        TEXT NOT NULL DEFAULT '',
    last_verified TEXT,
    note          TEXT NOT NULL DEFAULT '',
    version       BIGINT NOT NULL
);

CREATE TABLE appointments (
    id                    TEXT COLLATE "C" PRIMARY KEY,
    person                TEXT REFERENCES people (id) DEFERRABLE INITIALLY DEFERRED,
    mission               TEXT REFERENCES missions (id) DEFERRABLE INITIALLY DEFERRED,
    sender_type           TEXT NOT NULL,
    sender                TEXT NOT NULL,
    receiver_type         TEXT NOT NULL,
    receiver              TEXT NOT NULL,
    role                  TEXT NOT NULL,
    title                 TEXT NOT NULL,
    certainty             TEXT NOT NULL,
    agrement_requested    TEXT,
    agrement_granted      TEXT,
    appointed             TEXT,
    arrived               TEXT,
    credentials_copy      TEXT,
    credentials_presented TEXT,
    credentials_seq       INTEGER NOT NULL DEFAULT 0,
    ended                 TEXT,
    source                TEXT NOT NULL DEFAULT '',
    last_verified         TEXT,
    note                  TEXT NOT NULL DEFAULT '',
    version               BIGINT NOT NULL
);
CREATE INDEX appointments_person ON appointments (person);
CREATE INDEX appointments_mission ON appointments (mission);

CREATE TABLE honorary_consuls (
    id                  TEXT COLLATE "C" PRIMARY KEY,
    person              TEXT REFERENCES people (id) DEFERRABLE INITIALLY DEFERRED,
    country             TEXT NOT NULL REFERENCES countries (iso2) DEFERRABLE INITIALLY DEFERRED,
    city                TEXT NOT NULL,
    district            TEXT NOT NULL DEFAULT '',
    supervising_mission TEXT REFERENCES missions (id) DEFERRABLE INITIALLY DEFERRED,
    status              TEXT NOT NULL,
    certainty           TEXT NOT NULL,
    appointed           TEXT,
    exequatur           TEXT,
    term_end            TEXT,
    address             TEXT NOT NULL DEFAULT '',
    phone               TEXT NOT NULL DEFAULT '',
    email               TEXT NOT NULL DEFAULT '',
    website             TEXT NOT NULL DEFAULT '',
    source              TEXT NOT NULL DEFAULT '',
    last_verified       TEXT,
    note                TEXT NOT NULL DEFAULT '',
    version             BIGINT NOT NULL
);
CREATE INDEX honorary_consuls_person ON honorary_consuls (person);
CREATE INDEX honorary_consuls_mission ON honorary_consuls (supervising_mission);

CREATE TABLE memberships (
    id                   TEXT COLLATE "C" PRIMARY KEY,
    member               TEXT NOT NULL REFERENCES countries (iso2) DEFERRABLE INITIALLY DEFERRED,
    organisation         TEXT NOT NULL REFERENCES organisations (id) DEFERRABLE INITIALLY DEFERRED,
    status               TEXT NOT NULL,
    certainty            TEXT NOT NULL,
    joined               TEXT,
    left_date            TEXT,
    representing_mission TEXT REFERENCES missions (id) DEFERRABLE INITIALLY DEFERRED,
    source               TEXT NOT NULL DEFAULT '',
    last_verified        TEXT,
    note                 TEXT NOT NULL DEFAULT '',
    version              BIGINT NOT NULL
);
CREATE INDEX memberships_organisation ON memberships (organisation);
CREATE INDEX memberships_mission ON memberships (representing_mission);

CREATE TABLE declared_figures (
    id            TEXT COLLATE "C" PRIMARY KEY,
    name          TEXT NOT NULL,
    value         INTEGER NOT NULL,
    date          TEXT,
    source        TEXT NOT NULL DEFAULT '',
    last_verified TEXT,
    note          TEXT NOT NULL DEFAULT '',
    version       BIGINT NOT NULL
);

CREATE TABLE finder_notes (
    country        TEXT COLLATE "C" PRIMARY KEY REFERENCES countries (iso2) DEFERRABLE INITIALLY DEFERRED,
    served_from_hq BOOLEAN NOT NULL DEFAULT FALSE,
    text_en        TEXT NOT NULL DEFAULT '',
    text_fr        TEXT NOT NULL DEFAULT '',
    text_rw        TEXT NOT NULL DEFAULT '',
    text_sw        TEXT NOT NULL DEFAULT '',
    source         TEXT NOT NULL DEFAULT '',
    last_verified  TEXT,
    note           TEXT NOT NULL DEFAULT '',
    version        BIGINT NOT NULL
);

-- +goose Down
DROP TABLE finder_notes;
DROP TABLE declared_figures;
DROP TABLE memberships;
DROP TABLE honorary_consuls;
DROP TABLE appointments;
DROP TABLE people;
DROP TABLE accreditations;
DROP TABLE missions;
DROP TABLE organisations;
DROP TABLE relations;
DROP TABLE countries;
DROP TABLE settings;
