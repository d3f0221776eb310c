package auth

import (
	"errors"
	"fmt"
	"slices"
	"strings"
)

// Role is a staff member's (or an API token's) role. The permissions of each
// role are those of Authorize.
type Role string

// The roles, from the most to the least powerful.
const (
	Admin          Role = "admin"           // everything: users, settings, tokens, hard delete
	Editor         Role = "editor"          // every registry record
	Protocol       Role = "protocol"        // foreign missions, their heads and credentials, persons, the Diplomatic List setting
	MissionOfficer Role = "mission_officer" // the records of one mission
	PolicyOfficer  Role = "policy_officer"  // the policy tracker
	Viewer         Role = "viewer"          // reads every staff page, edits nothing
)

var roles = []Role{Admin, Editor, Protocol, MissionOfficer, PolicyOfficer, Viewer}

// Roles returns every role, from the most to the least powerful.
func Roles() []Role { return slices.Clone(roles) }

// Valid reports whether r is one of Roles.
func (r Role) Valid() bool { return slices.Contains(roles, r) }

// ParseRole returns the role named s (exactly, as stored: "mission_officer").
func ParseRole(s string) (Role, error) {
	if r := Role(s); r.Valid() {
		return r, nil
	}
	names := make([]string, len(roles))
	for i, r := range roles {
		names[i] = string(r)
	}
	return "", fmt.Errorf("auth: unknown role %q, want one of %s", truncate(s), strings.Join(names, ", "))
}

// Principal is who makes a request: a signed-in user, or an API token acting
// with its own role. The zero Principal is nobody: it may do nothing.
type Principal struct {
	// UserID is the user's id in the store (an int64 primary key on both
	// engines; 0 = none). For a token, it is the user the token belongs to,
	// so that the audit log names a person.
	UserID int64
	Email  string // for the audit log and the pages; not used by the rules
	Role   Role
	// MissionID is the mission whose records a mission officer may edit;
	// it must be empty for every other role.
	MissionID string
	// TokenID is the API token's id when the request came with one (0
	// otherwise). The token's role and mission, not its user's, are Role
	// and MissionID.
	TokenID int64
}

// ErrNotSignedIn is wrapped, beside ErrForbidden, by the errors refusing the
// zero Principal, so that a page can send the visitor to sign in rather than
// answer 403.
var ErrNotSignedIn = errors.New("not signed in")

// SignedIn reports whether p is someone: a user or a token.
func (p Principal) SignedIn() bool { return p.UserID != 0 || p.TokenID != 0 }

// Validate checks that p can be authorized at all: signed in (UserID or
// TokenID set, neither negative), with a valid role, and a mission exactly
// when the role is mission officer. The store can use it before saving a
// user or a token. Authorize refuses a Principal that fails it.
func (p Principal) Validate() error {
	switch {
	case !p.SignedIn():
		return fmt.Errorf("auth: %w", ErrNotSignedIn)
	case p.UserID < 0 || p.TokenID < 0:
		return errors.New("auth: user and token ids must not be negative")
	case !p.Role.Valid():
		return fmt.Errorf("auth: unknown role %q", truncate(string(p.Role)))
	case p.Role == MissionOfficer && p.MissionID == "":
		return errors.New("auth: a mission officer needs a mission")
	case p.Role != MissionOfficer && p.MissionID != "":
		return fmt.Errorf("auth: only a mission officer has a mission, not a %s", p.Role)
	}
	return nil
}
