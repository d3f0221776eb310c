-- Revisions, for the changes feed (SQLite). Keep in step with
-- ../postgres/00002_revisions.sql: same tables and columns.
-- Every write transaction that changes a record takes one row of revisions,
-- whose id is the global revision; the records it inserts or updates carry
-- that revision and its time, and the records it deletes are listed in
-- deletions. Times are unix milliseconds (UTC). Records written before this
-- migration keep revision 0 and updated_at 0: "before the feed began".
-- (STRICT tables admit INTEGER, a 64-bit integer, and not BIGINT.)

-- +goose Up
CREATE TABLE revisions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at INTEGER NOT NULL
) STRICT;

CREATE TABLE deletions (
    entity   TEXT NOT NULL,
    id       TEXT NOT NULL,
    revision INTEGER NOT NULL REFERENCES revisions (id),
    at       INTEGER NOT NULL,
    PRIMARY KEY (entity, id, revision)
) STRICT;
CREATE INDEX deletions_revision ON deletions (revision);

ALTER TABLE countries ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;
ALTER TABLE countries ADD COLUMN updated_at INTEGER NOT NULL DEFAULT 0;
ALTER TABLE relations ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;
ALTER TABLE relations ADD COLUMN updated_at INTEGER NOT NULL DEFAULT 0;
ALTER TABLE organisations ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;
ALTER TABLE organisations ADD COLUMN updated_at INTEGER NOT NULL DEFAULT 0;
ALTER TABLE missions ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;
ALTER TABLE missions ADD COLUMN updated_at INTEGER NOT NULL DEFAULT 0;
ALTER TABLE accreditations ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;
ALTER TABLE accreditations ADD COLUMN updated_at INTEGER NOT NULL DEFAULT 0;
ALTER TABLE people ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;
ALTER TABLE people ADD COLUMN updated_at INTEGER NOT NULL DEFAULT 0;
ALTER TABLE appointments ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;
ALTER TABLE appointments ADD COLUMN updated_at INTEGER NOT NULL DEFAULT 0;
ALTER TABLE honorary_consuls ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;
ALTER TABLE honorary_consuls ADD COLUMN updated_at INTEGER NOT NULL DEFAULT 0;
ALTER TABLE memberships ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;
ALTER TABLE memberships ADD COLUMN updated_at INTEGER NOT NULL DEFAULT 0;
ALTER TABLE declared_figures ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;
ALTER TABLE declared_figures ADD COLUMN updated_at INTEGER NOT NULL DEFAULT 0;
ALTER TABLE finder_notes ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;
ALTER TABLE finder_notes ADD COLUMN updated_at INTEGER NOT NULL DEFAULT 0;

-- +goose Down
ALTER TABLE finder_notes DROP COLUMN updated_at;
ALTER TABLE finder_notes DROP COLUMN revision;
ALTER TABLE declared_figures DROP COLUMN updated_at;
ALTER TABLE declared_figures DROP COLUMN revision;
ALTER TABLE memberships DROP COLUMN updated_at;
ALTER TABLE memberships DROP COLUMN revision;
ALTER TABLE honorary_consuls DROP COLUMN updated_at;
ALTER TABLE honorary_consuls DROP COLUMN revision;
ALTER TABLE appointments DROP COLUMN updated_at;
ALTER TABLE appointments DROP COLUMN revision;
ALTER TABLE people DROP COLUMN updated_at;
ALTER TABLE people DROP COLUMN revision;
ALTER TABLE accreditations DROP COLUMN updated_at;
ALTER TABLE accreditations DROP COLUMN revision;
ALTER TABLE missions DROP COLUMN updated_at;
ALTER TABLE missions DROP COLUMN revision;
ALTER TABLE organisations DROP COLUMN updated_at;
ALTER TABLE organisations DROP COLUMN revision;
ALTER TABLE relations DROP COLUMN updated_at;
ALTER TABLE relations DROP COLUMN revision;
ALTER TABLE countries DROP COLUMN updated_at;
ALTER TABLE countries DROP COLUMN revision;
DROP TABLE deletions;
DROP TABLE revisions;
