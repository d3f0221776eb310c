-- Lineage of the policy framework across versions (SQLite). Keep in step
-- with ../postgres/00007_policy_lineage.sql: same column.
-- replaces is, on a pillar or an objective, the id of the node of an earlier
-- version it continues; '' for a new node and on policies. No foreign key:
-- the registry's validation checks it names a node of the same kind.

-- +goose Up
ALTER TABLE policy_nodes ADD COLUMN replaces TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE policy_nodes DROP COLUMN replaces;
