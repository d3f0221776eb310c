-- Revisions, for the changes feed (PostgreSQL). Keep in step with
-- ../sqlite/00002_revisions.sql: same tables and columns.
-- Every write transaction that changes a record takes one row of revisions,
-- whose id is the global revision; the records it inserts or updates carry
-- that revision and its time, and the records it deletes are listed in
-- deletions. Times are unix milliseconds (UTC). Records written before this
-- migration keep revision 0 and updated_at 0: "before the feed began".

-- +goose Up
CREATE TABLE revisions (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at BIGINT NOT NULL
);

CREATE TABLE deletions (
    entity   TEXT COLLATE "C" NOT NULL,
    id       TEXT COLLATE "C" NOT NULL,
    revision BIGINT NOT NULL REFERENCES revisions (id),
    at       BIGINT NOT NULL,
    PRIMARY KEY (entity, id, revision)
);
CREATE INDEX deletions_revision ON deletions (revision);

ALTER TABLE countries ADD COLUMN revision BIGINT NOT NULL DEFAULT 0, ADD COLUMN updated_at BIGINT NOT NULL DEFAULT 0;
ALTER TABLE relations ADD COLUMN revision BIGINT NOT NULL DEFAULT 0, ADD COLUMN updated_at BIGINT NOT NULL DEFAULT 0;
ALTER TABLE organisations ADD COLUMN revision BIGINT NOT NULL DEFAULT 0, ADD COLUMN updated_at BIGINT NOT NULL DEFAULT 0;
ALTER TABLE missions ADD COLUMN revision BIGINT NOT NULL DEFAULT 0, ADD COLUMN updated_at BIGINT NOT NULL DEFAULT 0;
ALTER TABLE accreditations ADD COLUMN revision BIGINT NOT NULL DEFAULT 0, ADD COLUMN updated_at BIGINT NOT NULL DEFAULT 0;
ALTER TABLE people ADD COLUMN revision BIGINT NOT NULL DEFAULT 0, ADD COLUMN updated_at BIGINT NOT NULL DEFAULT 0;
ALTER TABLE appointments ADD COLUMN revision BIGINT NOT NULL DEFAULT 0, ADD COLUMN updated_at BIGINT NOT NULL DEFAULT 0;
ALTER TABLE honorary_consuls ADD COLUMN revision BIGINT NOT NULL DEFAULT 0, ADD COLUMN updated_at BIGINT NOT NULL DEFAULT 0;
ALTER TABLE memberships ADD COLUMN revision BIGINT NOT NULL DEFAULT 0, ADD COLUMN updated_at BIGINT NOT NULL DEFAULT 0;
ALTER TABLE declared_figures ADD COLUMN revision BIGINT NOT NULL DEFAULT 0, ADD COLUMN updated_at BIGINT NOT NULL DEFAULT 0;
ALTER TABLE finder_notes ADD COLUMN revision BIGINT NOT NULL DEFAULT 0, ADD COLUMN updated_at BIGINT NOT NULL DEFAULT 0;

-- +goose Down
ALTER TABLE finder_notes DROP COLUMN updated_at, DROP COLUMN revision;
ALTER TABLE declared_figures DROP COLUMN updated_at, DROP COLUMN revision;
ALTER TABLE memberships DROP COLUMN updated_at, DROP COLUMN revision;
ALTER TABLE honorary_consuls DROP COLUMN updated_at, DROP COLUMN revision;
ALTER TABLE appointments DROP COLUMN updated_at, DROP COLUMN revision;
ALTER TABLE people DROP COLUMN updated_at, DROP COLUMN revision;
ALTER TABLE accreditations DROP COLUMN updated_at, DROP COLUMN revision;
ALTER TABLE missions DROP COLUMN updated_at, DROP COLUMN revision;
ALTER TABLE organisations DROP COLUMN updated_at, DROP COLUMN revision;
ALTER TABLE relations DROP COLUMN updated_at, DROP COLUMN revision;
ALTER TABLE countries DROP COLUMN updated_at, DROP COLUMN revision;
DROP TABLE deletions;
DROP TABLE revisions;
