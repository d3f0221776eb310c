package main

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"github.com/chancery-org/chancery/internal/registry"
	"github.com/chancery-org/chancery/internal/site"
	"github.com/chancery-org/chancery/internal/store"
)

// followInterval is how often follow checks the database's data version
// when no notification came: the safety net behind PostgreSQL's
// notifications, and the only way on SQLite (a command such as import,
// run beside serve, writes from another process).
const followInterval = 2 * time.Second

// follow keeps snap current with db until ctx ends: when another process
// (another instance, or a command) commits a write, it loads the registry
// again and publishes it. It checks when PostgreSQL announces a write and
// every followInterval. loaded is the data version snap's registry was
// loaded at.
func follow(ctx context.Context, db *store.DB, snap *site.Snapshot, loaded int64, logger *slog.Logger) {
	poke := make(chan struct{}, 1)
	go func() {
		err := db.Listen(ctx, func() {
			select {
			case poke <- struct{}{}:
			default: // a check is pending already
			}
		}, time.Second)
		if !errors.Is(err, store.ErrNoNotifications) && ctx.Err() == nil {
			logger.Warn("listening for changes stopped", "err", err)
		}
	}()
	tick := time.NewTicker(followInterval)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		case <-poke:
		}
		v, err := db.DataVersion(ctx)
		if err != nil {
			if ctx.Err() == nil {
				logger.Warn("checking for changes", "err", err)
			}
			continue
		}
		// A write made through this process is published already: its
		// registry's revision is the data version.
		if v <= max(loaded, snap.Load().Revision()) {
			snap.MarkCurrent()
			continue
		}
		start := time.Now()
		ds, err := db.Load(ctx)
		if err != nil {
			if ctx.Err() == nil {
				logger.Warn("reloading the registry", "err", err)
			}
			continue
		}
		if !snap.Publish(registry.New(ds)) {
			snap.MarkCurrent() // a newer write of this process is published
		}
		loaded = v
		logger.Info("registry reloaded", "data_version", v, "duration", time.Since(start))
	}
}
