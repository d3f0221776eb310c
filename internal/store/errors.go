package store

import (
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"syscall"

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

// ErrUnavailable is returned, wrapping the driver's error, when a write
// could not be made because the database cannot be reached or cannot write
// (PostgreSQL down or restarting, the connection lost; SQLite's file
// read-only, the disk full, or the database locked past the busy timeout).
// Nothing was written; the same write may succeed later.
var ErrUnavailable = errors.New("the database is unavailable")

// unavailable wraps err in ErrUnavailable when it says the database cannot
// be reached or cannot write.
func unavailable(err error) error {
	if err == nil || errors.Is(err, ErrUnavailable) || !isUnavailable(err) {
		return err
	}
	return fmt.Errorf("%w: %w", ErrUnavailable, err)
}

// UnavailableCause says in a few words why err (wrapping ErrUnavailable)
// could not be written: "the disk is full", "the database file is
// read-only", "the database is busy", or "the database cannot be reached".
// It returns "" when err does not wrap ErrUnavailable.
func UnavailableCause(err error) string {
	if !errors.Is(err, ErrUnavailable) {
		return ""
	}
	if se, ok := errors.AsType[*sqlite.Error](err); ok {
		switch se.Code() & 0xff {
		case sqlite3.SQLITE_FULL:
			return "the disk is full"
		case sqlite3.SQLITE_READONLY:
			return "the database file is read-only"
		case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED:
			return "the database is busy"
		case sqlite3.SQLITE_IOERR, sqlite3.SQLITE_CANTOPEN:
			return "the database file cannot be read or written"
		}
	}
	if pe, ok := errors.AsType[*pgconn.PgError](err); ok {
		switch {
		case pe.Code == "53100":
			return "the disk is full"
		case strings.HasPrefix(pe.Code, "53"):
			return "the database is out of resources"
		case pe.Code == "25006":
			return "the database is read-only"
		}
	}
	return "the database cannot be reached"
}

func isUnavailable(err error) bool {
	if errors.Is(err, driver.ErrBadConn) || errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EPIPE) {
		return true
	}
	if _, ok := errors.AsType[*net.OpError](err); ok {
		return true
	}
	if _, ok := errors.AsType[*pgconn.ConnectError](err); ok {
		return true
	}
	if pe, ok := errors.AsType[*pgconn.PgError](err); ok {
		// Class 08: connection exception; 57P01-03: the server shutting
		// down or starting; 53xxx: out of resources (disk full, memory,
		// connections).
		// 25006: a read-only transaction (a standby server).
		return strings.HasPrefix(pe.Code, "08") || strings.HasPrefix(pe.Code, "57P0") || strings.HasPrefix(pe.Code, "53") ||
			pe.Code == "25006"
	}
	if se, ok := errors.AsType[*sqlite.Error](err); ok {
		switch se.Code() & 0xff { // the primary result code
		case sqlite3.SQLITE_READONLY, sqlite3.SQLITE_FULL, sqlite3.SQLITE_IOERR, sqlite3.SQLITE_BUSY,
			sqlite3.SQLITE_LOCKED, sqlite3.SQLITE_CANTOPEN:
			return true
		}
	}
	return false
}

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
