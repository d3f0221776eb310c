package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/chancery-org/chancery/internal/store"
)

// sqliteMagic starts every SQLite database file.
var sqliteMagic = []byte("SQLite format 3\x00")

// backupCommand runs "chancery backup --out FILE": on SQLite a VACUUM INTO
// copy, on PostgreSQL the store's dump of every table. Both read one
// consistent snapshot while the server goes on serving and writing.
func backupCommand(ctx context.Context, cfg config, args []string, stdout io.Writer) error {
	fs := newFlags("backup")
	out := fs.String("out", "", "")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *out == "" {
		return usageError{"backup: --out FILE is required"}
	}
	if _, err := os.Stat(*out); err == nil {
		return fmt.Errorf("backup: %s exists already: name a new file", *out)
	}
	db, err := openMigrated(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	if db.Engine() == store.SQLite {
		// VACUUM INTO writes the file itself; write it beside the target
		// and rename it, so that a failed backup leaves nothing behind.
		tmp := filepath.Join(filepath.Dir(*out), "."+filepath.Base(*out)+".partial")
		os.Remove(tmp)
		if err := db.BackupSQLite(ctx, tmp); err != nil {
			os.Remove(tmp)
			return err
		}
		if err := os.Rename(tmp, *out); err != nil {
			os.Remove(tmp)
			return err
		}
	} else if err := writeFileAtomic(*out, func(w io.Writer) error { return db.Dump(ctx, w) }); err != nil {
		return err
	}
	fi, err := os.Stat(*out)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "backed up the %s database to %s (%d bytes)\n", db.Engine(), *out, fi.Size())
	return nil
}

// restoreCommand runs "chancery restore FILE" into an empty database of the
// backup's engine, then verifies the restored audit log.
func restoreCommand(ctx context.Context, cfg config, args []string, stdout io.Writer) error {
	fs := newFlags("restore")
	if err := fs.Parse(args); err != nil {
		return usageError{"restore: " + err.Error()}
	}
	if fs.NArg() != 1 {
		return usageError{"restore: name one backup FILE"}
	}
	file := fs.Arg(0)
	f, err := os.Open(file)
	if err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	defer f.Close()
	head := make([]byte, len(sqliteMagic))
	n, _ := io.ReadFull(f, head)
	isSQLite := bytes.Equal(head[:n], sqliteMagic)
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return err
	}

	db, err := openMigrated(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	if t, err := db.Blank(ctx); err != nil {
		return err
	} else if t != "" {
		return fmt.Errorf("restore: the database is not empty (table %s has rows): restore into a new database", t)
	}
	switch {
	case isSQLite && db.Engine() == store.SQLite:
		err = restoreSQLite(ctx, db, f)
	case !isSQLite && db.Engine() == store.Postgres:
		err = db.RestoreDump(ctx, bufio.NewReader(f))
	case isSQLite:
		err = errors.New("this is a SQLite backup; restore it into a SQLite database (--db FILE)")
	default:
		err = errors.New("this is not a SQLite backup; a PostgreSQL dump restores into a PostgreSQL database (--db postgres://...)")
	}
	if err != nil {
		return fmt.Errorf("restore: nothing was restored: %w", err)
	}
	checked, err := db.VerifyAudit(ctx)
	if err != nil {
		return fmt.Errorf("restore: restored, but the audit log does not verify: %w", err)
	}
	fmt.Fprintf(stdout, "restored %s into the %s database; audit log verified: %d entries\n", file, db.Engine(), checked)
	return nil
}

// restoreSQLite copies the backup to a temporary file, brings it to this
// version's schema (an older backup is migrated there, never in place), and
// copies its tables into db.
func restoreSQLite(ctx context.Context, db *store.DB, backup io.Reader) error {
	dir, err := os.MkdirTemp("", "chancery-restore-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	tmp := filepath.Join(dir, "backup.db")
	out, err := os.Create(tmp)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, backup); err != nil {
		out.Close()
		return err
	}
	if err := out.Close(); err != nil {
		return err
	}
	src, err := store.Open(ctx, tmp)
	if err != nil {
		return err
	}
	ours, err := db.SchemaVersion(ctx)
	if err == nil {
		var theirs int64
		if theirs, err = src.SchemaVersion(ctx); err == nil && theirs > ours {
			err = fmt.Errorf("the backup is at schema version %d, newer than this chancery's %d", theirs, ours)
		}
	}
	if err == nil {
		err = src.Migrate(ctx)
	}
	if cerr := src.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	return db.RestoreSQLite(ctx, tmp)
}
