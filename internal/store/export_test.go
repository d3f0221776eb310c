package store

import "database/sql"

// SQLDB exposes the database handle to the external tests.
func (db *DB) SQLDB() *sql.DB { return db.sql }

// MapErr exposes mapErr to the external tests.
var MapErr = mapErr
