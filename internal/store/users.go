package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"net/mail"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/chancery-org/chancery/internal/audit"
	"github.com/chancery-org/chancery/internal/auth"
	"github.com/chancery-org/chancery/internal/registry"
)

// User is a staff account.
type User struct {
	ID    int64
	Email string // stored lowercased; unique
	Name  string
	Role  auth.Role
	// MissionID is the mission a mission officer works for; empty for the
	// other roles.
	MissionID    string
	PasswordHash string // auth.HashPassword's PHC string
	// TOTPSecret is the second factor's secret, empty when it is off;
	// TOTPLastStep is the last time step accepted (see SetTOTPLastStep).
	TOTPSecret   string
	TOTPLastStep int64
	// SessionEpoch grows each time every session of the user is ended (see
	// SessionStore).
	SessionEpoch         int64
	DisabledAt           time.Time // zero when the account is active
	CreatedAt, UpdatedAt time.Time
	// Version counts the account's writes; UpdateUser must name the version
	// it read.
	Version int64
}

// Disabled reports whether the account is disabled.
func (u User) Disabled() bool { return !u.DisabledAt.IsZero() }

// Principal returns who u is, for authorization.
func (u User) Principal() auth.Principal {
	return auth.Principal{UserID: u.ID, Email: u.Email, Role: u.Role, MissionID: u.MissionID}
}

// userView is a user as the audit log records it: without the password hash
// and the second factor's secret, which are only said to have changed.
type userView struct {
	ID              int64     `json:"id"`
	Email           string    `json:"email"`
	Name            string    `json:"name"`
	Role            auth.Role `json:"role"`
	MissionID       string    `json:"mission_id,omitempty"`
	TOTP            bool      `json:"totp"`
	SessionEpoch    int64     `json:"session_epoch"`
	DisabledAt      *int64    `json:"disabled_at"`
	Version         int64     `json:"version"`
	PasswordChanged bool      `json:"password_changed,omitempty"`
	TOTPChanged     bool      `json:"totp_changed,omitempty"`
}

// auditJSON returns u as the audit log records it; with before, it marks
// the secrets that changed since before.
func (u User) auditJSON(before *User) (json.RawMessage, error) {
	v := userView{ID: u.ID, Email: u.Email, Name: u.Name, Role: u.Role, MissionID: u.MissionID,
		TOTP: u.TOTPSecret != "", SessionEpoch: u.SessionEpoch, DisabledAt: optMillis(u.DisabledAt), Version: u.Version}
	if before != nil {
		v.PasswordChanged = u.PasswordHash != before.PasswordHash
		v.TOTPChanged = u.TOTPSecret != before.TOTPSecret
	}
	return audit.CanonicalJSON(v)
}

// optMillis returns t in unix milliseconds, nil when zero.
func optMillis(t time.Time) *int64 {
	if t.IsZero() {
		return nil
	}
	ms := t.UnixMilli()
	return &ms
}

// optTime converts nullable unix milliseconds to a time, zero when NULL.
func optTime(ms sql.NullInt64) time.Time {
	if !ms.Valid {
		return time.Time{}
	}
	return time.UnixMilli(ms.Int64).UTC()
}

// NormalizeEmail returns email as stored: trimmed and lowercased.
func NormalizeEmail(email string) string { return strings.ToLower(strings.TrimSpace(email)) }

// Limits on the text of staff accounts and tokens.
const (
	maxEmailBytes = 254
	maxNameRunes  = 200
)

// fieldErrors collects the invalid fields of one user or token.
type fieldErrors struct {
	entity, id string
	fields     []registry.FieldError
}

func (f *fieldErrors) add(field, reason string) {
	f.fields = append(f.fields, registry.FieldError{Entity: f.entity, ID: f.id, Field: field, Reason: reason})
}

// err returns the *registry.ValidationError, or nil when every field is
// valid.
func (f *fieldErrors) err() error {
	if len(f.fields) == 0 {
		return nil
	}
	return &registry.ValidationError{Fields: f.fields}
}

// checkEmail checks a normalized email: a bare address as net/mail reads it.
func (f *fieldErrors) checkEmail(email string) {
	switch {
	case email == "":
		f.add("email", "is required")
		return
	case len(email) > maxEmailBytes:
		f.add("email", fmt.Sprintf("must be at most %d bytes long", maxEmailBytes))
		return
	}
	a, err := mail.ParseAddress(email)
	if err != nil || a.Name != "" || a.Address != email {
		f.add("email", fmt.Sprintf("%q is not an email address like name@example.org", email))
	}
}

// checkName checks a person's or a token's name.
func (f *fieldErrors) checkName(name string) {
	switch {
	case strings.TrimSpace(name) == "":
		f.add("name", "is required")
	case !utf8.ValidString(name):
		f.add("name", "is not valid UTF-8 text")
	case utf8.RuneCountInString(name) > maxNameRunes:
		f.add("name", fmt.Sprintf("must be at most %d characters long", maxNameRunes))
	case strings.ContainsFunc(name, func(r rune) bool { return r < 0x20 || r == 0x7f }):
		f.add("name", "must not contain control characters")
	}
}

// checkRole checks a role and its mission, which must be stored.
func (f *fieldErrors) checkRole(ctx context.Context, q querier, role auth.Role, mission string) error {
	if _, err := auth.ParseRole(string(role)); err != nil {
		f.add("role", fmt.Sprintf("%q is not a role; want one of %s", role, roleNames()))
		return nil
	}
	switch {
	case role == auth.MissionOfficer && mission == "":
		f.add("mission_id", "is required for a mission officer")
	case role != auth.MissionOfficer && mission != "":
		f.add("mission_id", fmt.Sprintf("must be empty: only a mission officer has a mission, not a %s", role))
	case mission != "":
		var one int
		switch err := q.QueryRowContext(ctx, "SELECT 1 FROM missions WHERE id = $1", mission).Scan(&one); {
		case errors.Is(err, sql.ErrNoRows):
			f.add("mission_id", fmt.Sprintf("no mission has the id %q", mission))
		case err != nil:
			return fmt.Errorf("store: check mission %q: %w", mission, err)
		}
	}
	return nil
}

func roleNames() string {
	var names []string
	for _, r := range auth.Roles() {
		names = append(names, string(r))
	}
	return strings.Join(names, ", ")
}

// ErrUserDisabled is returned when a disabled account is used.
var ErrUserDisabled = errors.New("the account is disabled")

const userColumns = `id, email, name, role, mission_id, password_hash, totp_secret, totp_last_step, session_epoch,
	disabled_at, created_at, updated_at, version`

func scanUser(row interface{ Scan(...any) error }) (User, error) {
	var u User
	var mission, totp sql.NullString
	var disabled sql.NullInt64
	var created, updated int64
	err := row.Scan(&u.ID, &u.Email, &u.Name, &u.Role, &mission, &u.PasswordHash, &totp, &u.TOTPLastStep,
		&u.SessionEpoch, &disabled, &created, &updated, &u.Version)
	if err != nil {
		return u, err
	}
	u.MissionID, u.TOTPSecret = mission.String, totp.String
	u.DisabledAt = optTime(disabled)
	u.CreatedAt, u.UpdatedAt = time.UnixMilli(created).UTC(), time.UnixMilli(updated).UTC()
	return u, nil
}

// getUser returns the user matched by where (a condition on $1).
func getUser(ctx context.Context, q querier, where string, arg any) (User, error) {
	u, err := scanUser(q.QueryRowContext(ctx, "SELECT "+userColumns+" FROM users WHERE "+where, arg))
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return User{}, fmt.Errorf("store: user %v: %w", arg, registry.ErrNotFound)
	case err != nil:
		return User{}, fmt.Errorf("store: user %v: %w", arg, err)
	}
	return u, nil
}

// UserByEmail returns the user with email (compared lowercased), or an error
// wrapping registry.ErrNotFound.
func (db *DB) UserByEmail(ctx context.Context, email string) (User, error) {
	u, err := getUser(ctx, db.sql, "email = $1", NormalizeEmail(email))
	return u, unavailable(err)
}

// UserByID returns the user id, or an error wrapping registry.ErrNotFound.
func (db *DB) UserByID(ctx context.Context, id int64) (User, error) {
	u, err := getUser(ctx, db.sql, "id = $1", id)
	return u, unavailable(err)
}

// ListUsers returns every user, ordered by email.
func (db *DB) ListUsers(ctx context.Context) ([]User, error) {
	rows, err := db.sql.QueryContext(ctx, "SELECT "+userColumns+" FROM users ORDER BY email")
	if err != nil {
		return nil, fmt.Errorf("store: list users: %w", err)
	}
	defer rows.Close()
	var out []User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, fmt.Errorf("store: list users: %w", err)
		}
		out = append(out, u)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: list users: %w", err)
	}
	return out, nil
}

// HasAdmin reports whether an active admin account exists.
func (db *DB) HasAdmin(ctx context.Context) (bool, error) {
	n, err := activeAdmins(ctx, db.sql)
	return n > 0, err
}

func activeAdmins(ctx context.Context, q querier) (int, error) {
	var n int
	err := q.QueryRowContext(ctx, "SELECT COUNT(*) FROM users WHERE role = $1 AND disabled_at IS NULL", string(auth.Admin)).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("store: count admins: %w", err)
	}
	return n, nil
}

// validateUser checks u (normalized) as it would be stored; id names the
// account in the errors ("" for a new one).
func validateUser(ctx context.Context, q querier, u User, id string) error {
	f := fieldErrors{entity: "user", id: id}
	f.checkEmail(u.Email)
	f.checkName(u.Name)
	if err := f.checkRole(ctx, q, u.Role, u.MissionID); err != nil {
		return err
	}
	if u.PasswordHash == "" {
		f.add("password", "is required")
	}
	if u.Email != "" {
		var other int64
		switch err := q.QueryRowContext(ctx, "SELECT id FROM users WHERE email = $1", u.Email).Scan(&other); {
		case err == nil && other != u.ID:
			f.add("email", fmt.Sprintf("%s is already the email of another account", u.Email))
		case err != nil && !errors.Is(err, sql.ErrNoRows):
			return fmt.Errorf("store: check email: %w", err)
		}
	}
	return f.err()
}

// CreateUser stores a new account and returns it with its id, times and
// version 1. u.Email is stored lowercased. The fields are validated (email
// syntax and uniqueness, name, role, a stored mission exactly for mission
// officers, a password hash): the invalid ones are reported as a
// *registry.ValidationError of entity "user". The audit log records the
// account under the action "user_add", without its secrets. ctx must carry
// the actor (audit.WithActor).
func (db *DB) CreateUser(ctx context.Context, u User) (User, error) {
	actor, ok := audit.ActorFrom(ctx)
	if !ok {
		return User{}, ErrNoActor
	}
	u.Email = NormalizeEmail(u.Email)
	u.Name = strings.TrimSpace(u.Name)
	err := db.auditTx(ctx, actor, true, func(tx *sql.Tx, log *auditBuffer) error {
		u.ID = 0
		if err := validateUser(ctx, tx, u, ""); err != nil {
			return err
		}
		now := time.Now().UTC().Truncate(time.Millisecond)
		u.CreatedAt, u.UpdatedAt, u.Version = now, now, 1
		const insert = `INSERT INTO users (email, name, role, mission_id, password_hash, totp_secret, totp_last_step,
			session_epoch, disabled_at, created_at, updated_at, version)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`
		err := tx.QueryRowContext(ctx, insert, u.Email, u.Name, string(u.Role), optional(u.MissionID), u.PasswordHash,
			optional(u.TOTPSecret), u.TOTPLastStep, u.SessionEpoch, optMillis(u.DisabledAt), now.UnixMilli(), now.UnixMilli(), 1).
			Scan(&u.ID)
		if err != nil {
			return fmt.Errorf("store: create user %s: %w", u.Email, mapErr(err))
		}
		after, err := u.auditJSON(nil)
		if err != nil {
			return err
		}
		log.add(audit.Entry{Action: audit.ActionUserAdd, Entity: audit.EntityUser, EntityID: strconv.FormatInt(u.ID, 10), After: after})
		return nil
	})
	if err != nil {
		return User{}, err
	}
	return u, nil
}

// UpdateUser stores u over the account u.ID, provided its stored version is
// u.Version, and returns it with its new version. Every field but the id,
// the creation time and TOTPLastStep (see SetTOTPLastStep) is written: read
// the account, change it, update it. A new password hash, or disabling the
// account, also advances its session epoch, ending its sessions. It returns
// an error wrapping registry.ErrConflict when another version is stored,
// registry.ErrNotFound when there is no such account, and a
// *registry.ValidationError as CreateUser does, also when the change would
// leave no active admin. The audit log records the account before and after
// under the action "user_update", without its secrets (it says whether the
// password or the second factor changed).
func (db *DB) UpdateUser(ctx context.Context, u User) (User, error) {
	actor, ok := audit.ActorFrom(ctx)
	if !ok {
		return User{}, ErrNoActor
	}
	u.Email = NormalizeEmail(u.Email)
	u.Name = strings.TrimSpace(u.Name)
	id := strconv.FormatInt(u.ID, 10)
	var out User
	err := db.auditTx(ctx, actor, true, func(tx *sql.Tx, log *auditBuffer) error {
		old, err := getUser(ctx, tx, "id = $1", u.ID)
		if err != nil {
			return err
		}
		if old.Version != u.Version {
			return fmt.Errorf("store: update user %d: version %d was read but version %d is stored: %w",
				u.ID, u.Version, old.Version, registry.ErrConflict)
		}
		if err := validateUser(ctx, tx, u, id); err != nil {
			return err
		}
		if old.Role == auth.Admin && !old.Disabled() && (u.Role != auth.Admin || u.Disabled()) {
			n, err := activeAdmins(ctx, tx)
			if err != nil {
				return err
			}
			if n <= 1 {
				field := "role"
				if u.Disabled() {
					field = "disabled"
				}
				return &registry.ValidationError{Fields: []registry.FieldError{{Entity: "user", ID: id, Field: field,
					Reason: "this is the last active admin: make another account admin first"}}}
			}
		}
		next := u
		next.CreatedAt, next.TOTPLastStep = old.CreatedAt, old.TOTPLastStep
		next.SessionEpoch = max(u.SessionEpoch, old.SessionEpoch)
		if u.PasswordHash != old.PasswordHash || (u.Disabled() && !old.Disabled()) {
			next.SessionEpoch = old.SessionEpoch + 1
		}
		next.UpdatedAt = time.Now().UTC().Truncate(time.Millisecond)
		next.Version = old.Version + 1
		const update = `UPDATE users SET email = $2, name = $3, role = $4, mission_id = $5, password_hash = $6,
			totp_secret = $7, session_epoch = $8, disabled_at = $9, updated_at = $10, version = $11
			WHERE id = $1 AND version = $12`
		n, err := execCount(ctx, tx, update, u.ID, next.Email, next.Name, string(next.Role), optional(next.MissionID),
			next.PasswordHash, optional(next.TOTPSecret), next.SessionEpoch, optMillis(next.DisabledAt),
			next.UpdatedAt.UnixMilli(), next.Version, old.Version)
		if err != nil {
			return fmt.Errorf("store: update user %d: %w", u.ID, mapErr(err))
		}
		if n != 1 {
			return fmt.Errorf("store: update user %d: %w", u.ID, registry.ErrConflict)
		}
		before, err := old.auditJSON(nil)
		if err != nil {
			return err
		}
		after, err := next.auditJSON(&old)
		if err != nil {
			return err
		}
		log.add(audit.Entry{Action: audit.ActionUserUpdate, Entity: audit.EntityUser, EntityID: id, Before: before, After: after})
		out = next
		return nil
	})
	if err != nil {
		return User{}, err
	}
	return out, nil
}

// EndUserSessions ends every session of the user id ("sign out
// everywhere") by advancing its session epoch, and returns the new epoch.
// The audit log records it under the action "sign_out_everywhere".
func (db *DB) EndUserSessions(ctx context.Context, id int64) (epoch int64, err error) {
	actor, ok := audit.ActorFrom(ctx)
	if !ok {
		return 0, ErrNoActor
	}
	err = db.auditTx(ctx, actor, true, func(tx *sql.Tx, log *auditBuffer) error {
		err := tx.QueryRowContext(ctx, "UPDATE users SET session_epoch = session_epoch + 1 WHERE id = $1 RETURNING session_epoch", id).
			Scan(&epoch)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			return fmt.Errorf("store: end the sessions of user %d: %w", id, registry.ErrNotFound)
		case err != nil:
			return fmt.Errorf("store: end the sessions of user %d: %w", id, err)
		}
		after, err := audit.CanonicalJSON(map[string]int64{"session_epoch": epoch})
		if err != nil {
			return err
		}
		log.add(audit.Entry{Action: audit.ActionSignOutEverywhere, Entity: audit.EntityUser, EntityID: strconv.FormatInt(id, 10), After: after})
		return nil
	})
	return epoch, err
}

// SetTOTPLastStep records step as the last TOTP time step accepted for the
// user id, provided it is later than the one recorded: ok is false when it
// is not, meaning the code was already used (a replay), and the sign-in must
// be refused. It is one atomic statement, so that two sign-ins racing with
// the same code cannot both succeed. It is not audited: the sign-in is.
func (db *DB) SetTOTPLastStep(ctx context.Context, id, step int64) (ok bool, err error) {
	n, err := execCount(ctx, db.sql, "UPDATE users SET totp_last_step = $2 WHERE id = $1 AND totp_last_step < $2", id, step)
	if err != nil {
		return false, fmt.Errorf("store: record the TOTP step of user %d: %w", id, err)
	}
	return n == 1, nil
}
