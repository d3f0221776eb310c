package store

import (
	"bufio"
	"context"
	"database/sql"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
)

// Backups.
//
// A SQLite database is backed up with VACUUM INTO, which writes a complete,
// consistent database file from one read snapshot while other connections go
// on reading and writing; the copy is restored by RestoreSQLite.
//
// A PostgreSQL database is backed up by Dump, the store's own dump of every
// table of its schema (registry, revisions, deletions, users, sessions, API
// tokens and the audit log: everything but the migrations' bookkeeping, which
// the restoring store recreates), read from one repeatable-read snapshot, with
// the identity sequences' positions; RestoreDump loads it back.
//
// Both restore only into a database that holds no row (see Blank), in one
// transaction, so that a failed restore leaves the database empty.

// backupTables lists the tables in an order where references point
// backwards; tables found in the database but not listed here (added by a
// later migration) are copied after them, by name.
var backupTables = []string{
	"settings", "countries", "relations", "organisations", "missions", "accreditations", "people",
	"appointments", "honorary_consuls", "memberships", "declared_figures", "finder_notes",
	"revisions", "deletions", "users", "sessions", "api_tokens", "audit_log",
}

// tables returns the tables of the database (in schema, for PostgreSQL), in
// the order of backupTables.
func (db *DB) tableNames(ctx context.Context, q querier, schema string) ([]string, error) {
	query := "SELECT name FROM " + schema + "sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'goose_db_version'"
	if db.engine == Postgres {
		query = "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND table_name <> 'goose_db_version'"
	}
	names, err := queryStrings(ctx, q, query)
	if err != nil {
		return nil, fmt.Errorf("store: list tables: %w", err)
	}
	rank := func(n string) int {
		if i := slices.Index(backupTables, n); i >= 0 {
			return i
		}
		return len(backupTables)
	}
	slices.SortFunc(names, func(a, b string) int {
		if d := rank(a) - rank(b); d != 0 {
			return d
		}
		return strings.Compare(a, b)
	})
	return names, nil
}

func queryStrings(ctx context.Context, q querier, query string, args ...any) ([]string, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// Blank returns "" when no table of the database holds a row, and otherwise
// the name of the first table that does.
func (db *DB) Blank(ctx context.Context) (string, error) {
	names, err := db.tableNames(ctx, db.sql, "")
	if err != nil {
		return "", err
	}
	for _, t := range names {
		var one int
		switch err := db.sql.QueryRowContext(ctx, "SELECT 1 FROM "+quoteIdent(t)+" LIMIT 1").Scan(&one); {
		case errors.Is(err, sql.ErrNoRows):
		case err != nil:
			return "", fmt.Errorf("store: read %s: %w", t, err)
		default:
			return t, nil
		}
	}
	return "", nil
}

func quoteIdent(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

// SchemaVersion returns the version of the last migration applied.
func (db *DB) SchemaVersion(ctx context.Context) (int64, error) {
	var v sql.NullInt64
	if err := db.sql.QueryRowContext(ctx, "SELECT MAX(version_id) FROM goose_db_version").Scan(&v); err != nil {
		return 0, fmt.Errorf("store: schema version: %w", err)
	}
	return v.Int64, nil
}

// ErrNotBlank is returned by a restore into a database that holds data.
var ErrNotBlank = errors.New("store: restore needs an empty database")

// BackupSQLite writes a consistent copy of the SQLite database to path, which
// must not exist, with VACUUM INTO.
func (db *DB) BackupSQLite(ctx context.Context, path string) error {
	if db.engine != SQLite {
		return errors.New("store: BackupSQLite needs a SQLite database; use Dump")
	}
	if _, err := db.sql.ExecContext(ctx, "VACUUM INTO $1", path); err != nil {
		return fmt.Errorf("store: backup to %s: %w", path, err)
	}
	return nil
}

// RestoreSQLite copies every table of the SQLite database file at path (a
// backup made by BackupSQLite, at this store's schema version) into this
// SQLite database, which must be blank, in one transaction; the AUTOINCREMENT
// counters are copied too.
func (db *DB) RestoreSQLite(ctx context.Context, path string) (err error) {
	if db.engine != SQLite {
		return errors.New("store: RestoreSQLite needs a SQLite database")
	}
	if t, err := db.Blank(ctx); err != nil {
		return err
	} else if t != "" {
		return fmt.Errorf("%w: table %s has rows", ErrNotBlank, t)
	}
	conn, err := db.sql.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "ATTACH DATABASE $1 AS backup", path); err != nil {
		return fmt.Errorf("store: open the backup %s: %w", path, err)
	}
	defer func() {
		if _, derr := conn.ExecContext(context.WithoutCancel(ctx), "DETACH DATABASE backup"); derr != nil && err == nil {
			err = fmt.Errorf("store: close the backup: %w", derr)
		}
	}()
	var theirs, ours sql.NullInt64
	if err := conn.QueryRowContext(ctx, "SELECT MAX(version_id) FROM backup.goose_db_version").Scan(&theirs); err != nil {
		return fmt.Errorf("store: %s is not a chancery SQLite backup: %w", path, err)
	}
	if err := conn.QueryRowContext(ctx, "SELECT MAX(version_id) FROM main.goose_db_version").Scan(&ours); err != nil {
		return err
	}
	if theirs != ours {
		return fmt.Errorf("store: the backup is at schema version %d, the database at %d: migrate the backup first", theirs.Int64, ours.Int64)
	}
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback() //nolint:errcheck // a no-op after Commit
	names, err := db.tableNames(ctx, tx, "backup.")
	if err != nil {
		return err
	}
	for _, t := range names {
		cols, err := queryStrings(ctx, tx, "SELECT name FROM pragma_table_info($1, 'main')", t)
		if err != nil {
			return fmt.Errorf("store: restore %s: %w", t, err)
		}
		if len(cols) == 0 {
			return fmt.Errorf("store: restore: the backup has a table %s this database does not have", t)
		}
		list := strings.Join(mapSlice(cols, quoteIdent), ", ")
		q := fmt.Sprintf("INSERT INTO main.%s (%s) SELECT %s FROM backup.%s", quoteIdent(t), list, list, quoteIdent(t))
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("store: restore %s: %w", t, err)
		}
	}
	for _, q := range []string{"DELETE FROM main.sqlite_sequence", "INSERT INTO main.sqlite_sequence (name, seq) SELECT name, seq FROM backup.sqlite_sequence"} {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("store: restore the counters: %w", err)
		}
	}
	return tx.Commit()
}

func mapSlice[T, U any](s []T, f func(T) U) []U {
	out := make([]U, len(s))
	for i, v := range s {
		out[i] = f(v)
	}
	return out
}

// The dump is JSON lines: a header, then per table a line naming it and its
// columns followed by one JSON array per row, then the identity sequences,
// then an end line with the number of rows, so that a cut dump is refused.
// Byte strings (bytea) are written as {"base64": "..."}.
type dumpLine struct {
	Dump          int           `json:"chancery_dump,omitempty"` // header: the format's version
	Engine        string        `json:"engine,omitempty"`
	SchemaVersion int64         `json:"schema_version,omitempty"`
	Table         string        `json:"table,omitempty"`
	Columns       []string      `json:"columns,omitempty"`
	Identity      *dumpIdentity `json:"identity,omitempty"`
	End           bool          `json:"end,omitempty"`
	Rows          int64         `json:"rows,omitempty"`
}

type dumpIdentity struct {
	Table     string `json:"table"`
	Column    string `json:"column"`
	LastValue int64  `json:"last_value"`
	IsCalled  bool   `json:"is_called"`
}

const dumpVersion = 1

// Dump writes every table of the PostgreSQL database to w, from one snapshot.
func (db *DB) Dump(ctx context.Context, w io.Writer) error {
	if db.engine != Postgres {
		return errors.New("store: Dump needs a PostgreSQL database; use BackupSQLite")
	}
	version, err := db.SchemaVersion(ctx)
	if err != nil {
		return err
	}
	tx, err := db.sql.BeginTx(ctx, db.readTxOptions())
	if err != nil {
		return fmt.Errorf("store: dump: %w", err)
	}
	defer tx.Rollback() //nolint:errcheck // read-only
	bw := bufio.NewWriterSize(w, 256<<10)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(dumpLine{Dump: dumpVersion, Engine: Postgres, SchemaVersion: version}); err != nil {
		return err
	}
	names, err := db.tableNames(ctx, tx, "")
	if err != nil {
		return err
	}
	var total int64
	for _, t := range names {
		n, err := dumpTable(ctx, tx, enc, t)
		if err != nil {
			return fmt.Errorf("store: dump %s: %w", t, err)
		}
		total += n
	}
	ids, err := identities(ctx, tx)
	if err != nil {
		return err
	}
	for _, id := range ids {
		seq := "pg_get_serial_sequence(" + quoteLiteral(quoteIdent(id.Table)) + ", " + quoteLiteral(id.Column) + ")"
		var name string
		if err := tx.QueryRowContext(ctx, "SELECT "+seq).Scan(&name); err != nil {
			return fmt.Errorf("store: dump the sequence of %s.%s: %w", id.Table, id.Column, err)
		}
		if err := tx.QueryRowContext(ctx, "SELECT last_value, is_called FROM "+name).Scan(&id.LastValue, &id.IsCalled); err != nil {
			return fmt.Errorf("store: dump the sequence %s: %w", name, err)
		}
		if err := enc.Encode(dumpLine{Identity: &id}); err != nil {
			return err
		}
	}
	if err := enc.Encode(dumpLine{End: true, Rows: total}); err != nil {
		return err
	}
	return bw.Flush()
}

func quoteLiteral(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// identities returns the identity columns of the schema's tables.
func identities(ctx context.Context, q querier) ([]dumpIdentity, error) {
	rows, err := q.QueryContext(ctx, `SELECT table_name, column_name FROM information_schema.columns
		WHERE table_schema = current_schema() AND is_identity = 'YES' ORDER BY table_name, column_name`)
	if err != nil {
		return nil, fmt.Errorf("store: list identity columns: %w", err)
	}
	defer rows.Close()
	var out []dumpIdentity
	for rows.Next() {
		var id dumpIdentity
		if err := rows.Scan(&id.Table, &id.Column); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

func dumpTable(ctx context.Context, q querier, enc *json.Encoder, table string) (int64, error) {
	rows, err := q.QueryContext(ctx, "SELECT * FROM "+quoteIdent(table)+" ORDER BY 1")
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return 0, err
	}
	if err := enc.Encode(dumpLine{Table: table, Columns: cols}); err != nil {
		return 0, err
	}
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	var n int64
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return n, err
		}
		for i, v := range vals {
			if b, ok := v.([]byte); ok {
				vals[i] = map[string]string{"base64": base64.StdEncoding.EncodeToString(b)}
			}
		}
		if err := enc.Encode(vals); err != nil {
			return n, err
		}
		n++
	}
	return n, rows.Err()
}

// RestoreDump loads a dump written by Dump into this PostgreSQL database,
// which must be blank and at the dump's schema version, in one transaction,
// and sets the identity sequences where they were.
func (db *DB) RestoreDump(ctx context.Context, r io.Reader) error {
	if db.engine != Postgres {
		return errors.New("store: RestoreDump needs a PostgreSQL database")
	}
	if t, err := db.Blank(ctx); err != nil {
		return err
	} else if t != "" {
		return fmt.Errorf("%w: table %s has rows", ErrNotBlank, t)
	}
	ours, err := db.SchemaVersion(ctx)
	if err != nil {
		return err
	}
	dec := json.NewDecoder(bufio.NewReaderSize(r, 256<<10))
	dec.UseNumber()
	var head dumpLine
	if err := dec.Decode(&head); err != nil || head.Dump == 0 {
		return errors.New("store: not a chancery dump: the first line is not its header")
	}
	if head.Dump != dumpVersion || head.Engine != Postgres {
		return fmt.Errorf("store: a dump of format %d from %q cannot be read (want format %d from postgres)", head.Dump, head.Engine, dumpVersion)
	}
	if head.SchemaVersion != ours {
		return fmt.Errorf("store: the dump is at schema version %d, the database at %d", head.SchemaVersion, ours)
	}
	tx, err := db.sql.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback() //nolint:errcheck // a no-op after Commit
	idents, err := identities(ctx, tx)
	if err != nil {
		return err
	}
	var stmt *sql.Stmt
	var table string
	var ncols int
	var total int64
	for {
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			if errors.Is(err, io.EOF) {
				return errors.New("store: the dump is cut short: it has no end line")
			}
			return fmt.Errorf("store: read the dump: %w", err)
		}
		if len(raw) > 0 && raw[0] == '[' {
			if stmt == nil {
				return errors.New("store: the dump has a row before any table")
			}
			vals, err := dumpValues(raw, ncols)
			if err != nil {
				return fmt.Errorf("store: restore %s: row %d: %w", table, total+1, err)
			}
			if _, err := stmt.ExecContext(ctx, vals...); err != nil {
				return fmt.Errorf("store: restore %s: %w", table, err)
			}
			total++
			continue
		}
		var line dumpLine
		if err := json.Unmarshal(raw, &line); err != nil {
			return fmt.Errorf("store: read the dump: %w", err)
		}
		switch {
		case line.Table != "":
			if stmt != nil {
				stmt.Close()
			}
			table, ncols = line.Table, len(line.Columns)
			overriding := ""
			if slices.ContainsFunc(idents, func(id dumpIdentity) bool { return id.Table == table }) {
				overriding = " OVERRIDING SYSTEM VALUE"
			}
			ph := make([]string, ncols)
			for i := range ph {
				ph[i] = "$" + strconv.Itoa(i+1)
			}
			q := fmt.Sprintf("INSERT INTO %s (%s)%s VALUES (%s)", quoteIdent(table),
				strings.Join(mapSlice(line.Columns, quoteIdent), ", "), overriding, strings.Join(ph, ", "))
			if stmt, err = tx.PrepareContext(ctx, q); err != nil {
				return fmt.Errorf("store: restore %s: %w", table, err)
			}
		case line.Identity != nil:
			id := line.Identity
			seq := "pg_get_serial_sequence(" + quoteLiteral(quoteIdent(id.Table)) + ", " + quoteLiteral(id.Column) + ")"
			if _, err := tx.ExecContext(ctx, "SELECT setval("+seq+", $1, $2)", id.LastValue, id.IsCalled); err != nil {
				return fmt.Errorf("store: restore the sequence of %s.%s: %w", id.Table, id.Column, err)
			}
		case line.End:
			if stmt != nil {
				stmt.Close()
			}
			if line.Rows != total {
				return fmt.Errorf("store: the dump says %d rows but holds %d", line.Rows, total)
			}
			return tx.Commit()
		default:
			return fmt.Errorf("store: read the dump: unexpected line %.100s", raw)
		}
	}
}

// dumpValues decodes one row of a dump.
func dumpValues(raw json.RawMessage, ncols int) ([]any, error) {
	var cells []json.RawMessage
	if err := json.Unmarshal(raw, &cells); err != nil {
		return nil, err
	}
	if len(cells) != ncols {
		return nil, fmt.Errorf("%d values for %d columns", len(cells), ncols)
	}
	out := make([]any, ncols)
	for i, c := range cells {
		dec := json.NewDecoder(strings.NewReader(string(c)))
		dec.UseNumber()
		var v any
		if err := dec.Decode(&v); err != nil {
			return nil, err
		}
		switch x := v.(type) {
		case json.Number:
			n, err := x.Int64()
			if err != nil {
				return nil, fmt.Errorf("value %s is not a whole number", x)
			}
			out[i] = n
		case map[string]any:
			s, _ := x["base64"].(string)
			b, err := base64.StdEncoding.DecodeString(s)
			if err != nil {
				return nil, err
			}
			out[i] = b
		default:
			out[i] = x
		}
	}
	return out, nil
}
