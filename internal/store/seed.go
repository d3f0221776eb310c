package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/chancery-org/chancery/internal/audit"
	"github.com/chancery-org/chancery/internal/registry"
)

// SeedCount says how many records of one table Seed inserted and how many
// were already stored (and left unchanged).
type SeedCount struct {
	Table    string
	Inserted int
	Existing int
}

// SeedReport lists one SeedCount per table, settings first.
type SeedReport struct {
	Tables []SeedCount
}

// Inserted returns the number of records inserted, settings included.
func (r SeedReport) Inserted() int {
	n := 0
	for _, c := range r.Tables {
		n += c.Inserted
	}
	return n
}

func (r SeedReport) String() string {
	var b strings.Builder
	for i, c := range r.Tables {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%s %d new %d kept", c.Table, c.Inserted, c.Existing)
	}
	return b.String()
}

// Seed inserts, in one transaction, every record of ds whose id is not stored
// yet, and every setting not stored yet; it never changes what is stored. A
// record is stored with its Version, or 1 when it has none, and with the
// seed's revision: a seed takes one revision for all the records it inserts,
// and none when it inserts no record. Each record inserted gets an audit
// entry (action "create") under the actor "system:seed", whatever ctx
// carries. The resulting data is validated as a whole: if it is invalid Seed
// returns the *registry.ValidationError and writes nothing. A record id used
// twice in ds is a validation error too.
func (db *DB) Seed(ctx context.Context, ds registry.Dataset) (SeedReport, error) {
	var dups []registry.FieldError
	for _, tb := range db.tables {
		dups = append(dups, tb.duplicates(&ds)...)
	}
	if len(dups) > 0 {
		return SeedReport{}, &registry.ValidationError{Fields: dups}
	}
	var rep SeedReport
	_, err := db.writeTx(ctx, audit.Actor{ID: audit.ActorSeed}, func(ctx context.Context, tx *sql.Tx, log *auditBuffer) error {
		rep = SeedReport{}
		c := SeedCount{Table: "settings"}
		var before registry.Settings
		if err := loadSettings(ctx, tx, &before); err != nil {
			return err
		}
		const insert = "INSERT INTO settings (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING"
		for _, kv := range settingsRows(ds.Settings) {
			n, err := execCount(ctx, tx, insert, kv[0], kv[1])
			if err != nil {
				return fmt.Errorf("store: seed setting %s: %w", kv[0], err)
			}
			if n == 1 {
				c.Inserted++
			} else {
				c.Existing++
			}
		}
		rep.Tables = append(rep.Tables, c)
		if c.Inserted > 0 {
			if err := seedSettingsEntry(ctx, tx, log, before, c.Existing > 0); err != nil {
				return err
			}
		}
		var rev revision
		for _, tb := range db.tables {
			c, err := tb.seed(ctx, tx, &ds, &rev, log)
			if err != nil {
				return err
			}
			rep.Tables = append(rep.Tables, c)
		}
		log.at = rev.ms
		return rev.release(ctx, tx)
	})
	if err != nil {
		return SeedReport{}, err
	}
	return rep, nil
}

// seedSettingsEntry stages the audit entry of settings the seed inserted:
// before is the settings before the seed when some were stored (hadAny).
func seedSettingsEntry(ctx context.Context, tx *sql.Tx, log *auditBuffer, before registry.Settings, hadAny bool) error {
	var after registry.Settings
	if err := loadSettings(ctx, tx, &after); err != nil {
		return err
	}
	e := audit.Entry{Action: audit.ActionSettings, Entity: audit.EntitySettings}
	var err error
	if hadAny {
		if e.Before, err = audit.CanonicalJSON(before); err != nil {
			return err
		}
	}
	if e.After, err = audit.CanonicalJSON(after); err != nil {
		return err
	}
	log.add(e)
	return nil
}

// execCount runs a statement and returns the number of rows it affected.
func execCount(ctx context.Context, q querier, query string, args ...any) (int64, error) {
	res, err := q.ExecContext(ctx, query, args...)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// IsEmpty reports whether no country and no mission is stored.
func (db *DB) IsEmpty(ctx context.Context) (bool, error) {
	for _, q := range []string{"SELECT 1 FROM countries LIMIT 1", "SELECT 1 FROM missions LIMIT 1"} {
		var one int
		switch err := db.sql.QueryRowContext(ctx, q).Scan(&one); {
		case errors.Is(err, sql.ErrNoRows):
		case err != nil:
			return false, fmt.Errorf("store: is empty: %w", err)
		default:
			return false, nil
		}
	}
	return true, nil
}

// Load returns every record, each table ordered by primary key, and the
// deletions, oldest first, read from one snapshot.
func (db *DB) Load(ctx context.Context) (registry.Dataset, error) {
	tx, err := db.sql.BeginTx(ctx, db.readTxOptions())
	if err != nil {
		return registry.Dataset{}, fmt.Errorf("store: load: %w", err)
	}
	defer tx.Rollback() //nolint:errcheck // read-only
	return db.load(ctx, tx)
}

func (db *DB) load(ctx context.Context, q querier) (registry.Dataset, error) {
	var ds registry.Dataset
	if err := loadSettings(ctx, q, &ds.Settings); err != nil {
		return ds, err
	}
	for _, tb := range db.tables {
		if err := tb.load(ctx, q, &ds); err != nil {
			return ds, err
		}
	}
	if err := loadDeletions(ctx, q, &ds); err != nil {
		return ds, err
	}
	return ds, nil
}

// loadSettings reads the settings; unknown names are ignored, missing ones
// keep their zero value.
func loadSettings(ctx context.Context, q querier, s *registry.Settings) error {
	rows, err := q.QueryContext(ctx, "SELECT name, value FROM settings ORDER BY name")
	if err != nil {
		return fmt.Errorf("store: load settings: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var name, value string
		if err := rows.Scan(&name, &value); err != nil {
			return fmt.Errorf("store: load settings: %w", err)
		}
		switch name {
		case "home_state":
			s.HomeState = value
		case "consular_contact":
			s.ConsularContact = value
		case "nuncio_is_dean":
			b, err := strconv.ParseBool(value)
			if err != nil {
				return fmt.Errorf("store: load settings: nuncio_is_dean: %w", err)
			}
			s.NuncioIsDean = b
		case "fiscal_year_start":
			n, err := strconv.Atoi(value)
			if err != nil {
				return fmt.Errorf("store: load settings: fiscal_year_start: %w", err)
			}
			s.FiscalYearStart = time.Month(n)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("store: load settings: %w", err)
	}
	return nil
}
