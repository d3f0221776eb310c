package store

import (
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// ErrExists is returned when a record is inserted with an id that is already
// stored.
var ErrExists = errors.New("a record with this id already exists")

// ErrMissingReference is returned when a write leaves a record referring to
// one that does not exist (a foreign key violation). Validation normally
// reports such a record first, by field.
var ErrMissingReference = errors.New("a record refers to a record that does not exist")

// mapErr wraps the sentinel that matches a driver's constraint error, keeping
// the driver's error in the chain.
func mapErr(err error) error {
	switch constraint(err) {
	case uniqueViolation:
		return fmt.Errorf("%w: %w", ErrExists, err)
	case foreignKeyViolation:
		return fmt.Errorf("%w: %w", ErrMissingReference, err)
	}
	return err
}

type violation int

const (
	noViolation violation = iota
	uniqueViolation
	foreignKeyViolation
)

// constraint classifies err as returned by either driver.
func constraint(err error) violation {
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() {
		case sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY, sqlite3.SQLITE_CONSTRAINT_UNIQUE:
			return uniqueViolation
		case sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY:
			return foreignKeyViolation
		}
		return noViolation
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch pe.Code {
		case "23505": // unique_violation
			return uniqueViolation
		case "23503": // foreign_key_violation
			return foreignKeyViolation
		}
	}
	return noViolation
}
