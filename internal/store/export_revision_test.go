package store

import (
	"context"
	"fmt"
)

// MigrateTo applies the migrations up to version, for the tests of what a
// migration does to stored data.
func (db *DB) MigrateTo(ctx context.Context, version int64) error {
	p, err := db.migrator()
	if err != nil {
		return err
	}
	if _, err := p.UpTo(ctx, version); err != nil {
		return fmt.Errorf("store: migrate %s to %d: %w", db.engine, version, err)
	}
	return nil
}
