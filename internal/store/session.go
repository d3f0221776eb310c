package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/alexedwards/scs/v2"
)

// SessionStore keeps scs's sessions in the sessions table, on either engine.
// It implements scs.Store, scs.CtxStore and scs.IterableCtxStore; expiry is
// kept to the millisecond.
//
// Ending every session of one user ("sign out everywhere") does not go
// through this store, which sees only encoded session data: each user has a
// session epoch (User.SessionEpoch), which EndUserSessions advances. The web
// layer puts the epoch it read at sign-in into the session and, on every
// request, refuses a session whose epoch is not the user's current one.
type SessionStore struct {
	db *DB
}

var (
	_ scs.CtxStore         = (*SessionStore)(nil)
	_ scs.IterableCtxStore = (*SessionStore)(nil)
)

// Sessions returns the session store of db.
func (db *DB) Sessions() *SessionStore { return &SessionStore{db: db} }

// FindCtx returns the data of the session token; found is false when there
// is none or it has expired.
func (s *SessionStore) FindCtx(ctx context.Context, token string) (b []byte, found bool, err error) {
	err = s.db.sql.QueryRowContext(ctx, "SELECT data FROM sessions WHERE token = $1 AND expiry > $2",
		token, time.Now().UnixMilli()).Scan(&b)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return nil, false, nil
	case err != nil:
		return nil, false, fmt.Errorf("store: find session: %w", err)
	}
	return b, true, nil
}

// CommitCtx stores the session token with data b until expiry, replacing
// what was stored under token.
func (s *SessionStore) CommitCtx(ctx context.Context, token string, b []byte, expiry time.Time) error {
	const upsert = `INSERT INTO sessions (token, data, expiry) VALUES ($1, $2, $3)
		ON CONFLICT (token) DO UPDATE SET data = excluded.data, expiry = excluded.expiry`
	if b == nil {
		b = []byte{}
	}
	if _, err := s.db.sql.ExecContext(ctx, upsert, token, b, expiry.UnixMilli()); err != nil {
		return fmt.Errorf("store: commit session: %w", err)
	}
	return nil
}

// DeleteCtx removes the session token; removing a missing one is not an
// error.
func (s *SessionStore) DeleteCtx(ctx context.Context, token string) error {
	if _, err := s.db.sql.ExecContext(ctx, "DELETE FROM sessions WHERE token = $1", token); err != nil {
		return fmt.Errorf("store: delete session: %w", err)
	}
	return nil
}

// AllCtx returns the data of every session that has not expired, by token.
func (s *SessionStore) AllCtx(ctx context.Context) (map[string][]byte, error) {
	rows, err := s.db.sql.QueryContext(ctx, "SELECT token, data FROM sessions WHERE expiry > $1", time.Now().UnixMilli())
	if err != nil {
		return nil, fmt.Errorf("store: list sessions: %w", err)
	}
	defer rows.Close()
	all := map[string][]byte{}
	for rows.Next() {
		var token string
		var b []byte
		if err := rows.Scan(&token, &b); err != nil {
			return nil, fmt.Errorf("store: list sessions: %w", err)
		}
		all[token] = b
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: list sessions: %w", err)
	}
	return all, nil
}

// Find is FindCtx without a context, for scs.Store.
func (s *SessionStore) Find(token string) ([]byte, bool, error) {
	return s.FindCtx(context.Background(), token)
}

// Commit is CommitCtx without a context, for scs.Store.
func (s *SessionStore) Commit(token string, b []byte, expiry time.Time) error {
	return s.CommitCtx(context.Background(), token, b, expiry)
}

// Delete is DeleteCtx without a context, for scs.Store.
func (s *SessionStore) Delete(token string) error {
	return s.DeleteCtx(context.Background(), token)
}

// DeleteExpired removes the sessions that have expired and returns how many.
func (s *SessionStore) DeleteExpired(ctx context.Context) (int64, error) {
	n, err := execCount(ctx, s.db.sql, "DELETE FROM sessions WHERE expiry <= $1", time.Now().UnixMilli())
	if err != nil {
		return 0, fmt.Errorf("store: delete expired sessions: %w", err)
	}
	return n, nil
}

// Cleanup calls DeleteExpired every interval until ctx is done, logging its
// errors; run it in a goroutine of its own.
func (s *SessionStore) Cleanup(ctx context.Context, interval time.Duration, logger *slog.Logger) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if _, err := s.DeleteExpired(ctx); err != nil && ctx.Err() == nil {
				logger.Error("session cleanup", "err", err)
			}
		}
	}
}
