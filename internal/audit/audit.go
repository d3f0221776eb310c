// Package audit defines the append-only, hash-chained audit log: its entries,
// their canonical encoding, the hash that chains each entry to the one before
// it, and the verification of a chain. It uses the standard library only; the
// store appends and reads the entries.
//
// # Canonical content and hash
//
// The content of an entry is the compact JSON object
//
//	{"seq":1,"at":1767225600000,"actor":"cli","action":"create","entity":"mission",
//	 "entity_id":"rw-ke-nairobi","before":null,"after":"{\"id\":\"rw-ke-nairobi\",...}",
//	 "request_id":"","address":""}
//
// with the members in exactly this order, at in unix milliseconds, and before
// and after as JSON strings holding the stored JSON text byte for byte (or
// null), so that a change of any byte of any field changes the content.
// Strings are encoded as by encoding/json without HTML escaping; every field
// must be valid UTF-8. Before and after are themselves canonical JSON (see
// CanonicalJSON) when the store writes them.
//
// The hash of an entry is the lowercase hex SHA-256 of its previous entry's
// hash (as hex text; the empty string for the first entry) followed by its
// content. Seq numbers start at 1 and grow by one, so a removed, inserted or
// reordered entry breaks the chain at the entry after it, and a changed entry
// fails at itself.
package audit

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"time"
	"unicode/utf8"
)

// Actions recorded by the store and the web layer. Record writes use Create,
// Update, End and Delete with the record's entity and id; SetSettings uses
// Settings.
const (
	ActionCreate   = "create"
	ActionUpdate   = "update"
	ActionEnd      = "end"
	ActionDelete   = "delete"
	ActionSettings = "settings"

	// Sign-in events use EntityAccount with the email typed, lowercased.
	ActionSignIn       = "sign_in"
	ActionSignInFailed = "sign_in_failed"
	ActionSignOut      = "sign_out"
	// ActionSignOutEverywhere ends every session of a user (EntityUser).
	ActionSignOutEverywhere = "sign_out_everywhere"

	// User administration, on EntityUser with the user's numeric id.
	ActionUserAdd    = "user_add"
	ActionUserUpdate = "user_update"

	// API tokens, on EntityToken with the token's numeric id.
	ActionTokenCreate = "token_create"
	ActionTokenRevoke = "token_revoke"
)

// Entities of the entries that are not registry records (those use the
// registry's entity names: "mission", "country", ...).
const (
	EntitySettings = "settings"
	EntityUser     = "user"
	EntityToken    = "api_token"
	// EntityAccount keys sign-in events by the email typed at sign-in, which
	// need not belong to any user.
	EntityAccount = "account"
)

// Well-known actor ids. Signed-in people are "user:<id>", API tokens
// "token:<id>".
const (
	ActorCLI    = "cli"
	ActorSeed   = "system:seed"
	ActorSystem = "system"
	// ActorAnonymous makes the events of someone not signed in: sign-in
	// attempts.
	ActorAnonymous = "anonymous"
)

// UserActor returns the actor id of the user id.
func UserActor(id int64) string { return fmt.Sprintf("user:%d", id) }

// TokenActor returns the actor id of the API token id.
func TokenActor(id int64) string { return fmt.Sprintf("token:%d", id) }

// Actor says who makes a change, and from where.
type Actor struct {
	ID        string // "user:12", "token:3", "cli", "system:seed"
	RequestID string // the HTTP request's id; empty outside requests
	Address   string // the client's address; empty outside requests
}

type actorKey struct{}

// WithActor returns ctx carrying a. The store refuses to write without an
// actor in the context.
func WithActor(ctx context.Context, a Actor) context.Context {
	return context.WithValue(ctx, actorKey{}, a)
}

// ActorFrom returns the actor ctx carries; ok is false when it carries none
// or one with an empty ID.
func ActorFrom(ctx context.Context) (a Actor, ok bool) {
	a, ok = ctx.Value(actorKey{}).(Actor)
	return a, ok && a.ID != ""
}

// Entry is one entry of the log.
type Entry struct {
	Seq      int64     // position in the log, from 1
	At       time.Time // UTC, to the millisecond
	Actor    string
	Action   string
	Entity   string
	EntityID string
	// Before and After are the JSON of the record (or settings, user, token)
	// before and after the change; nil when there is none (a creation has no
	// Before, a deletion no After, a sign-in neither).
	Before, After json.RawMessage
	RequestID     string
	Address       string
	PrevHash      string // Hash of the previous entry; "" for the first
	Hash          string
}

// content is the canonical content's fixed member order.
type content struct {
	Seq       int64   `json:"seq"`
	At        int64   `json:"at"`
	Actor     string  `json:"actor"`
	Action    string  `json:"action"`
	Entity    string  `json:"entity"`
	EntityID  string  `json:"entity_id"`
	Before    *string `json:"before"`
	After     *string `json:"after"`
	RequestID string  `json:"request_id"`
	Address   string  `json:"address"`
}

// Content returns the canonical content of e (see the package
// documentation). It fails when a field is not valid UTF-8, which JSON could
// not represent exactly.
func Content(e Entry) ([]byte, error) {
	c := content{Seq: e.Seq, At: e.At.UnixMilli(), Actor: e.Actor, Action: e.Action, Entity: e.Entity,
		EntityID: e.EntityID, RequestID: e.RequestID, Address: e.Address}
	for _, f := range []struct {
		name string
		v    string
	}{{"actor", e.Actor}, {"action", e.Action}, {"entity", e.Entity}, {"entity_id", e.EntityID},
		{"before", string(e.Before)}, {"after", string(e.After)}, {"request_id", e.RequestID}, {"address", e.Address}} {
		if !utf8.ValidString(f.v) {
			return nil, fmt.Errorf("audit: entry %d: %s is not valid UTF-8", e.Seq, f.name)
		}
	}
	if e.Before != nil {
		s := string(e.Before)
		c.Before = &s
	}
	if e.After != nil {
		s := string(e.After)
		c.After = &s
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(c); err != nil {
		return nil, fmt.Errorf("audit: entry %d: %w", e.Seq, err)
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}

// Hash returns the hash of e chained to prev, the hash of the entry before it
// ("" for the first): the hex SHA-256 of prev followed by e's content.
// e.PrevHash and e.Hash are not read.
func Hash(prev string, e Entry) (string, error) {
	c, err := Content(e)
	if err != nil {
		return "", err
	}
	h := sha256.New()
	h.Write([]byte(prev))
	h.Write(c)
	return hex.EncodeToString(h.Sum(nil)), nil
}

// Seal sets e's PrevHash to prev and its Hash, and returns e.
func Seal(prev string, e Entry) (Entry, error) {
	e.PrevHash = prev
	h, err := Hash(prev, e)
	if err != nil {
		return e, err
	}
	e.Hash = h
	return e, nil
}

// CanonicalJSON returns the JSON of v in canonical form: compact, object
// members sorted by name, numbers as written, strings without HTML escaping.
// A json.RawMessage or []byte holding JSON is re-encoded the same way.
func CanonicalJSON(v any) (json.RawMessage, error) {
	var raw []byte
	switch x := v.(type) {
	case json.RawMessage:
		raw = x
	case []byte:
		raw = x
	default:
		var err error
		if raw, err = json.Marshal(v); err != nil {
			return nil, fmt.Errorf("audit: encode %T: %w", v, err)
		}
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var tree any
	if err := dec.Decode(&tree); err != nil {
		return nil, fmt.Errorf("audit: canonical JSON: %w", err)
	}
	if dec.More() {
		return nil, errors.New("audit: canonical JSON: more than one value")
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	// encoding/json writes map keys sorted and json.Number verbatim.
	if err := enc.Encode(tree); err != nil {
		return nil, fmt.Errorf("audit: canonical JSON: %w", err)
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}

// BrokenError names the first entry at which a chain fails to verify.
type BrokenError struct {
	Seq    int64  // the entry's seq
	Reason string // what does not hold
}

func (e *BrokenError) Error() string {
	return fmt.Sprintf("audit: the chain breaks at entry %d: %s", e.Seq, e.Reason)
}

// Verify checks the entries, given in seq order: seq numbers run 1, 2, 3...,
// each entry's PrevHash is the Hash of the entry before it ("" for the first),
// and each Hash is the hash of its entry's content. It returns the number of
// entries checked and, at the first entry that fails, a *BrokenError naming
// it; an error yielded by entries is returned as it is.
func Verify(entries iter.Seq2[Entry, error]) (checked int, err error) {
	var prev Entry
	for e, err := range entries {
		if err != nil {
			return checked, err
		}
		switch {
		case e.Seq != prev.Seq+1:
			if checked == 0 {
				return checked, &BrokenError{e.Seq, fmt.Sprintf("the log starts at seq %d, not 1: entries are missing before it", e.Seq)}
			}
			return checked, &BrokenError{e.Seq, fmt.Sprintf("it follows entry %d: entries are missing or out of order", prev.Seq)}
		case e.PrevHash != prev.Hash:
			if checked == 0 {
				return checked, &BrokenError{e.Seq, "the first entry names a previous hash"}
			}
			return checked, &BrokenError{e.Seq, fmt.Sprintf("its previous hash is not the hash of entry %d: an entry was removed, inserted or rewritten", prev.Seq)}
		}
		h, err := Hash(e.PrevHash, e)
		if err != nil {
			return checked, &BrokenError{e.Seq, err.Error()}
		}
		if h != e.Hash {
			return checked, &BrokenError{e.Seq, "its hash does not match its content: the entry was changed"}
		}
		prev = e
		checked++
	}
	return checked, nil
}
