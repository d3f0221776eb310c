package staff

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
)

// historyView is a record's history page.
type historyView struct {
	Entity  *entity // nil for users and settings
	Name    string  // what the history is of: "mission rw-ke-nairobi"
	BackURL string
	Entries []historyEntry
}

type historyEntry struct {
	Seq       int64
	At        string
	Actor     string
	Action    string
	RequestID string
	Address   string
	Changes   []change
}

// change is one field of a record before and after an entry.
type change struct {
	Field, Before, After string
}

// handleHistory shows the audit entries of one record, oldest first, each
// with the fields it changed.
func (s *Server) handleHistory(e *entity) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		id := r.PathValue("id")
		s.history(w, r, e.Name, id, historyView{Entity: e, Name: e.Singular + " " + id, BackURL: recordURL(e, id)}, e.Path)
	}
}

// history renders the history page of entity's record id.
func (s *Server) history(w http.ResponseWriter, r *http.Request, entity, id string, v historyView, nav string) {
	entries, err := s.db.AuditEntries(r.Context(), entity, id)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	names := map[string]string{}
	for _, en := range entries {
		h := historyEntry{Seq: en.Seq, At: en.At.UTC().Format("2006-01-02 15:04:05 UTC"), Actor: s.actorName(r, en.Actor, names),
			Action: strings.ReplaceAll(en.Action, "_", " "), RequestID: en.RequestID, Address: en.Address}
		h.Changes = diff(en.Before, en.After)
		v.Entries = append(v.Entries, h)
	}
	slices.Reverse(v.Entries)
	s.render(w, r, http.StatusOK, "history", "History of "+v.Name, nav, v)
}

// actorName returns the actor as a person reads it: "user:3" becomes the
// user's email, looked up once per page.
func (s *Server) actorName(r *http.Request, actor string, cache map[string]string) string {
	if n, ok := cache[actor]; ok {
		return n
	}
	name := actor
	if rest, ok := strings.CutPrefix(actor, "user:"); ok {
		if id, err := strconv.ParseInt(rest, 10, 64); err == nil {
			if u, err := s.db.UserByID(r.Context(), id); err == nil {
				name = u.Email + " (" + actor + ")"
			}
		}
	}
	cache[actor] = name
	return name
}

// diff returns the fields that differ between two JSON objects, by dotted
// path in order; a field missing on one side shows as empty.
func diff(before, after json.RawMessage) []change {
	a, b := flatten(before), flatten(after)
	keys := map[string]bool{}
	for k := range a {
		keys[k] = true
	}
	for k := range b {
		keys[k] = true
	}
	var out []change
	for k := range keys {
		if k == "revision" || k == "updated_at" {
			continue // set by the store on every write
		}
		if a[k] != b[k] {
			out = append(out, change{Field: k, Before: a[k], After: b[k]})
		}
	}
	slices.SortFunc(out, func(x, y change) int { return strings.Compare(x.Field, y.Field) })
	return out
}

// flatten returns the leaves of a JSON object by dotted path, as text.
func flatten(raw json.RawMessage) map[string]string {
	out := map[string]string{}
	if len(raw) == 0 {
		return out
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		out["(unreadable)"] = string(raw)
		return out
	}
	var walk func(prefix string, v any)
	walk = func(prefix string, v any) {
		switch x := v.(type) {
		case map[string]any:
			for k, e := range x {
				p := k
				if prefix != "" {
					p = prefix + "." + k
				}
				walk(p, e)
			}
		case []any:
			var parts []string
			for _, e := range x {
				parts = append(parts, fmt.Sprint(e))
			}
			out[prefix] = strings.Join(parts, ", ")
		case nil:
			out[prefix] = ""
		default:
			out[prefix] = fmt.Sprint(x)
		}
	}
	walk("", v)
	if _, ok := v.(map[string]any); !ok {
		out["value"] = fmt.Sprint(v)
	}
	return out
}
