package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/chancery-org/chancery/internal/audit"
	"github.com/chancery-org/chancery/internal/auth"
	"github.com/chancery-org/chancery/internal/registry"
)

// Token is an API token. Only the hash of its secret is stored
// (auth.HashToken); the secret is shown once, when it is made.
type Token struct {
	ID   int64
	Name string // what it is for
	Hash string // auth.HashToken of the secret: 64 lowercase hex digits
	Role auth.Role
	// MissionID scopes a mission officer's token; empty for other roles.
	MissionID string
	// CreatedBy is the user who made the token, and to whom it belongs: it
	// stops working when that account is disabled.
	CreatedBy  int64
	CreatedAt  time.Time
	ExpiresAt  time.Time
	LastUsedAt time.Time // zero when never used
	RevokedAt  time.Time // zero unless revoked
}

// Principal returns who a request bearing t acts as, for authorization.
func (t Token) Principal() auth.Principal {
	return auth.Principal{UserID: t.CreatedBy, Role: t.Role, MissionID: t.MissionID, TokenID: t.ID}
}

// Errors of TokenByHash, beside registry.ErrNotFound and ErrUserDisabled.
var (
	ErrTokenRevoked = errors.New("the API token was revoked")
	ErrTokenExpired = errors.New("the API token has expired")
)

// tokenView is a token as the audit log records it: without its hash.
type tokenView struct {
	ID        int64     `json:"id"`
	Name      string    `json:"name"`
	Role      auth.Role `json:"role"`
	MissionID string    `json:"mission_id,omitempty"`
	CreatedBy int64     `json:"created_by"`
	ExpiresAt int64     `json:"expires_at"`
	RevokedAt *int64    `json:"revoked_at"`
}

func (t Token) auditJSON() (json.RawMessage, error) {
	return audit.CanonicalJSON(tokenView{ID: t.ID, Name: t.Name, Role: t.Role, MissionID: t.MissionID,
		CreatedBy: t.CreatedBy, ExpiresAt: t.ExpiresAt.UnixMilli(), RevokedAt: optMillis(t.RevokedAt)})
}

const tokenColumns = "id, name, token_hash, role, mission_id, created_by, created_at, expires_at, last_used_at, revoked_at"

func scanToken(row interface{ Scan(...any) error }) (Token, error) {
	var t Token
	var mission sql.NullString
	var created, expires int64
	var used, revoked sql.NullInt64
	if err := row.Scan(&t.ID, &t.Name, &t.Hash, &t.Role, &mission, &t.CreatedBy, &created, &expires, &used, &revoked); err != nil {
		return t, err
	}
	t.MissionID = mission.String
	t.CreatedAt, t.ExpiresAt = time.UnixMilli(created).UTC(), time.UnixMilli(expires).UTC()
	t.LastUsedAt, t.RevokedAt = optTime(used), optTime(revoked)
	return t, nil
}

// validHash reports whether h has the form of auth.HashToken's result.
func validHash(h string) bool {
	if len(h) != 64 {
		return false
	}
	return !strings.ContainsFunc(h, func(r rune) bool { return (r < '0' || r > '9') && (r < 'a' || r > 'f') })
}

// CreateToken stores a new API token and returns it with its id and creation
// time. The fields are validated (name; a hash as auth.HashToken makes it;
// role and mission as for users; an active user as CreatedBy; an expiry in
// the future): the invalid ones are reported as a *registry.ValidationError
// of entity "api_token". The audit log records it under the action
// "token_create", without its hash. ctx must carry the actor.
func (db *DB) CreateToken(ctx context.Context, t Token) (Token, error) {
	actor, ok := audit.ActorFrom(ctx)
	if !ok {
		return Token{}, ErrNoActor
	}
	t.Name = strings.TrimSpace(t.Name)
	err := db.auditTx(ctx, actor, true, func(tx *sql.Tx, log *auditBuffer) error {
		now := time.Now().UTC().Truncate(time.Millisecond)
		f := fieldErrors{entity: "api_token"}
		f.checkName(t.Name)
		if !validHash(t.Hash) {
			f.add("token_hash", "must be the token's hash as auth.HashToken makes it (64 lowercase hex digits)")
		}
		if err := f.checkRole(ctx, tx, t.Role, t.MissionID); err != nil {
			return err
		}
		if !t.ExpiresAt.After(now) {
			f.add("expires_at", "must be in the future")
		}
		switch u, err := getUser(ctx, tx, "id = $1", t.CreatedBy); {
		case errors.Is(err, registry.ErrNotFound):
			f.add("created_by", fmt.Sprintf("no user has the id %d", t.CreatedBy))
		case err != nil:
			return err
		case u.Disabled():
			f.add("created_by", fmt.Sprintf("the account of %s is disabled", u.Email))
		}
		if err := f.err(); err != nil {
			return err
		}
		t.CreatedAt, t.ExpiresAt = now, t.ExpiresAt.UTC().Truncate(time.Millisecond)
		t.LastUsedAt, t.RevokedAt = time.Time{}, time.Time{}
		const insert = `INSERT INTO api_tokens (name, token_hash, role, mission_id, created_by, created_at, expires_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`
		err := tx.QueryRowContext(ctx, insert, t.Name, t.Hash, string(t.Role), optional(t.MissionID), t.CreatedBy,
			now.UnixMilli(), t.ExpiresAt.UnixMilli()).Scan(&t.ID)
		if err != nil {
			return fmt.Errorf("store: create API token %q: %w", t.Name, mapErr(err))
		}
		after, err := t.auditJSON()
		if err != nil {
			return err
		}
		log.add(audit.Entry{Action: audit.ActionTokenCreate, Entity: audit.EntityToken, EntityID: strconv.FormatInt(t.ID, 10), After: after})
		return nil
	})
	if err != nil {
		return Token{}, err
	}
	return t, nil
}

// TokenByHash returns the token whose hash is hash (auth.HashToken of the
// secret presented), provided it can be used: it returns an error wrapping
// registry.ErrNotFound when there is none, ErrTokenRevoked, ErrTokenExpired,
// or ErrUserDisabled when its owner's account is disabled.
func (db *DB) TokenByHash(ctx context.Context, hash string) (Token, error) {
	var disabled sql.NullInt64
	row := db.sql.QueryRowContext(ctx, `SELECT `+prefixed("t.", tokenColumns)+`, u.disabled_at
		FROM api_tokens t JOIN users u ON u.id = t.created_by WHERE t.token_hash = $1`, hash)
	t, err := scanToken(withExtra{row, []any{&disabled}})
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return Token{}, fmt.Errorf("store: API token: %w", registry.ErrNotFound)
	case err != nil:
		return Token{}, fmt.Errorf("store: API token: %w", unavailable(err))
	}
	switch {
	case !t.RevokedAt.IsZero():
		return t, fmt.Errorf("store: API token %d: %w", t.ID, ErrTokenRevoked)
	case !time.Now().Before(t.ExpiresAt):
		return t, fmt.Errorf("store: API token %d: %w", t.ID, ErrTokenExpired)
	case disabled.Valid:
		return t, fmt.Errorf("store: API token %d: %w", t.ID, ErrUserDisabled)
	}
	return t, nil
}

// prefixed qualifies each of the comma-separated columns with prefix.
func prefixed(prefix, columns string) string {
	parts := strings.Split(columns, ",")
	for i, c := range parts {
		parts[i] = prefix + strings.TrimSpace(c)
	}
	return strings.Join(parts, ", ")
}

// withExtra scans a row whose columns are followed by extra ones.
type withExtra struct {
	row   *sql.Row
	extra []any
}

func (w withExtra) Scan(dest ...any) error { return w.row.Scan(append(dest, w.extra...)...) }

// ListTokens returns every API token, revoked and expired ones included,
// newest first.
func (db *DB) ListTokens(ctx context.Context) ([]Token, error) {
	rows, err := db.sql.QueryContext(ctx, "SELECT "+tokenColumns+" FROM api_tokens ORDER BY id DESC")
	if err != nil {
		return nil, fmt.Errorf("store: list API tokens: %w", err)
	}
	defer rows.Close()
	var out []Token
	for rows.Next() {
		t, err := scanToken(rows)
		if err != nil {
			return nil, fmt.Errorf("store: list API tokens: %w", err)
		}
		out = append(out, t)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: list API tokens: %w", err)
	}
	return out, nil
}

// RevokeToken revokes the API token id, for good. Revoking a revoked token
// changes nothing; an unknown id is an error wrapping registry.ErrNotFound.
// The audit log records it under the action "token_revoke".
func (db *DB) RevokeToken(ctx context.Context, id int64) error {
	actor, ok := audit.ActorFrom(ctx)
	if !ok {
		return ErrNoActor
	}
	return db.auditTx(ctx, actor, true, func(tx *sql.Tx, log *auditBuffer) error {
		t, err := scanToken(tx.QueryRowContext(ctx, "SELECT "+tokenColumns+" FROM api_tokens WHERE id = $1", id))
		switch {
		case errors.Is(err, sql.ErrNoRows):
			return fmt.Errorf("store: revoke API token %d: %w", id, registry.ErrNotFound)
		case err != nil:
			return fmt.Errorf("store: revoke API token %d: %w", id, err)
		case !t.RevokedAt.IsZero():
			return nil
		}
		before, err := t.auditJSON()
		if err != nil {
			return err
		}
		t.RevokedAt = time.Now().UTC().Truncate(time.Millisecond)
		if _, err := tx.ExecContext(ctx, "UPDATE api_tokens SET revoked_at = $2 WHERE id = $1", id, t.RevokedAt.UnixMilli()); err != nil {
			return fmt.Errorf("store: revoke API token %d: %w", id, err)
		}
		after, err := t.auditJSON()
		if err != nil {
			return err
		}
		log.add(audit.Entry{Action: audit.ActionTokenRevoke, Entity: audit.EntityToken, EntityID: strconv.FormatInt(id, 10),
			Before: before, After: after})
		return nil
	})
}

// touchGranularity is how stale LastUsedAt may get: TouchToken writes at most
// once per token in this time, so that busy clients do not cost a write per
// request.
const touchGranularity = time.Minute

// TouchToken records that the token id was used at at (to the minute). It
// is not audited: the changes made with the token are.
func (db *DB) TouchToken(ctx context.Context, id int64, at time.Time) error {
	ms := at.UnixMilli()
	const touch = "UPDATE api_tokens SET last_used_at = $2 WHERE id = $1 AND (last_used_at IS NULL OR last_used_at <= $3)"
	if _, err := db.sql.ExecContext(ctx, touch, id, ms, ms-touchGranularity.Milliseconds()); err != nil {
		return fmt.Errorf("store: touch API token %d: %w", id, err)
	}
	return nil
}
