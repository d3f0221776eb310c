package audit_test

import (
	"context"
	"encoding/json"
	"errors"
	"iter"
	"strings"
	"testing"
	"time"

	"github.com/chancery-org/chancery/internal/audit"
)

// chain returns n sealed entries.
func chain(t *testing.T, n int) []audit.Entry {
	t.Helper()
	var out []audit.Entry
	prev := ""
	for i := range n {
		e := audit.Entry{Seq: int64(i + 1), At: time.UnixMilli(1767225600000 + int64(i)).UTC(), Actor: "user:12",
			Action: audit.ActionUpdate, Entity: "mission", EntityID: "rw-ke-nairobi",
			Before: json.RawMessage(`{"name":"Old <&>"}`), After: json.RawMessage(`{"name":"New"}`),
			RequestID: "req-1", Address: "192.0.2.1"}
		if i == 0 {
			e.Action, e.Before = audit.ActionCreate, nil
		}
		e, err := audit.Seal(prev, e)
		if err != nil {
			t.Fatal(err)
		}
		prev = e.Hash
		out = append(out, e)
	}
	return out
}

func seq(entries []audit.Entry) iter.Seq2[audit.Entry, error] {
	return func(yield func(audit.Entry, error) bool) {
		for _, e := range entries {
			if !yield(e, nil) {
				return
			}
		}
	}
}

func TestContentIsFixed(t *testing.T) {
	e := audit.Entry{Seq: 7, At: time.UnixMilli(1767225600123), Actor: "cli", Action: "create", Entity: "person",
		EntityID: "jane-doe", After: json.RawMessage(`{"id":"jane-doe","name":"Jane <Doe> & \"co\""}`)}
	got, err := audit.Content(e)
	if err != nil {
		t.Fatal(err)
	}
	const want = `{"seq":7,"at":1767225600123,"actor":"cli","action":"create","entity":"person","entity_id":"jane-doe",` +
		`"before":null,"after":"{\"id\":\"jane-doe\",\"name\":\"Jane <Doe> & \\\"co\\\"\"}","request_id":"","address":""}`
	if string(got) != want {
		t.Errorf("content =\n%s\nwant\n%s", got, want)
	}
	// The hash is SHA-256 of the previous hash ("" for the first entry)
	// followed by the content: printf '%s' "$content" | sha256sum.
	h, err := audit.Hash("", e)
	if err != nil {
		t.Fatal(err)
	}
	if want := "1ddb795561ae57cd633c952896c43b42b506e8dad06203b591fd1c4f762dd54d"; h != want {
		t.Errorf("hash = %s, want %s", h, want)
	}
	h2, _ := audit.Hash(h, e)
	if h2 == h {
		t.Error("the hash does not depend on the previous hash")
	}
}

func TestEveryFieldIsCovered(t *testing.T) {
	base := chain(t, 1)[0]
	changes := map[string]func(*audit.Entry){
		"seq":        func(e *audit.Entry) { e.Seq++ },
		"at":         func(e *audit.Entry) { e.At = e.At.Add(time.Millisecond) },
		"actor":      func(e *audit.Entry) { e.Actor = "user:13" },
		"action":     func(e *audit.Entry) { e.Action = "delete" },
		"entity":     func(e *audit.Entry) { e.Entity = "person" },
		"entity id":  func(e *audit.Entry) { e.EntityID += "x" },
		"before":     func(e *audit.Entry) { e.Before = json.RawMessage(`{}`) },
		"after":      func(e *audit.Entry) { e.After = json.RawMessage(`{"name":"New "}`) },
		"after nil":  func(e *audit.Entry) { e.After = nil },
		"after ws":   func(e *audit.Entry) { e.After = json.RawMessage(`{"name": "New"}`) },
		"request id": func(e *audit.Entry) { e.RequestID = "req-2" },
		"address":    func(e *audit.Entry) { e.Address = "192.0.2.2" },
	}
	for name, change := range changes {
		t.Run(name, func(t *testing.T) {
			e := base
			change(&e)
			h, err := audit.Hash(e.PrevHash, e)
			if err != nil {
				t.Fatal(err)
			}
			if h == base.Hash {
				t.Errorf("changing %s leaves the hash unchanged", name)
			}
		})
	}
}

func TestVerify(t *testing.T) {
	tests := []struct {
		name    string
		change  func([]audit.Entry) []audit.Entry
		seq     int64  // 0: the chain verifies
		reason  string // part of the reason
		checked int
	}{
		{"intact", func(es []audit.Entry) []audit.Entry { return es }, 0, "", 5},
		{"empty", func([]audit.Entry) []audit.Entry { return nil }, 0, "", 0},
		{"content changed", func(es []audit.Entry) []audit.Entry { es[2].Actor = "user:99"; return es }, 3, "hash does not match", 2},
		{"hash changed", func(es []audit.Entry) []audit.Entry { es[3].Hash = strings.Repeat("0", 64); return es }, 4, "hash does not match", 3},
		{"entry resealed", func(es []audit.Entry) []audit.Entry {
			es[1].After = json.RawMessage(`{"name":"Forged"}`)
			es[1], _ = audit.Seal(es[1].PrevHash, es[1])
			return es
		}, 3, "previous hash is not the hash of entry 2", 2},
		{"entry removed", func(es []audit.Entry) []audit.Entry { return append(es[:2], es[3:]...) }, 4, "follows entry 2", 2},
		{"entry removed and renumbered", func(es []audit.Entry) []audit.Entry {
			es = append(es[:2], es[3:]...)
			es[2].Seq = 3
			return es
		}, 3, "previous hash", 2},
		{"first removed", func(es []audit.Entry) []audit.Entry { return es[1:] }, 2, "starts at seq 2", 0},
		{"invalid UTF-8", func(es []audit.Entry) []audit.Entry { es[4].Address = "\xff"; return es }, 5, "not valid UTF-8", 4},
		{"last removed", func(es []audit.Entry) []audit.Entry { return es[:4] }, 0, "", 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checked, err := audit.Verify(seq(tt.change(chain(t, 5))))
			if checked != tt.checked {
				t.Errorf("checked = %d, want %d", checked, tt.checked)
			}
			if tt.seq == 0 {
				if err != nil {
					t.Errorf("Verify: %v", err)
				}
				return
			}
			be, ok := errors.AsType[*audit.BrokenError](err)
			if !ok {
				t.Fatalf("err = %v, want a *BrokenError", err)
			}
			if be.Seq != tt.seq || !strings.Contains(be.Reason, tt.reason) {
				t.Errorf("broken at %d (%s), want %d (%s)", be.Seq, be.Reason, tt.seq, tt.reason)
			}
		})
	}
	boom := errors.New("boom")
	_, err := audit.Verify(func(yield func(audit.Entry, error) bool) { yield(audit.Entry{}, boom) })
	if !errors.Is(err, boom) {
		t.Errorf("a reading error: err = %v, want boom", err)
	}
}

func TestCanonicalJSON(t *testing.T) {
	type rec struct {
		Name  string  `json:"name"`
		ID    string  `json:"id"`
		Value float64 `json:"value"`
	}
	tests := []struct {
		in   any
		want string
	}{
		{rec{Name: "A <b> & c", ID: "x", Value: 1.5}, `{"id":"x","name":"A <b> & c","value":1.5}`},
		{json.RawMessage(` { "b" : [1, 2.50, {"z":null,"a":true}], "a":"é" } `), `{"a":"é","b":[1,2.50,{"a":true,"z":null}]}`},
		{[]byte(`12345678901234567890`), `12345678901234567890`},
		{map[string]int{"b": 1, "a": 2}, `{"a":2,"b":1}`},
	}
	for _, tt := range tests {
		got, err := audit.CanonicalJSON(tt.in)
		if err != nil {
			t.Errorf("CanonicalJSON(%v): %v", tt.in, err)
			continue
		}
		if string(got) != tt.want {
			t.Errorf("CanonicalJSON(%v) = %s, want %s", tt.in, got, tt.want)
		}
		again, err := audit.CanonicalJSON(got)
		if err != nil || string(again) != string(got) {
			t.Errorf("CanonicalJSON is not idempotent on %s: %s, %v", got, again, err)
		}
	}
	for _, bad := range []json.RawMessage{json.RawMessage(`{`), json.RawMessage(`1 2`)} {
		if _, err := audit.CanonicalJSON(bad); err == nil {
			t.Errorf("CanonicalJSON(%s) succeeded", bad)
		}
	}
}

func TestActor(t *testing.T) {
	ctx := context.Background()
	if _, ok := audit.ActorFrom(ctx); ok {
		t.Error("a bare context has an actor")
	}
	if _, ok := audit.ActorFrom(audit.WithActor(ctx, audit.Actor{})); ok {
		t.Error("an actor without an id counts")
	}
	a := audit.Actor{ID: audit.UserActor(12), RequestID: "r", Address: "192.0.2.1"}
	if got, ok := audit.ActorFrom(audit.WithActor(ctx, a)); !ok || got != a || got.ID != "user:12" {
		t.Errorf("ActorFrom = %+v, %v", got, ok)
	}
	if audit.TokenActor(3) != "token:3" {
		t.Errorf("TokenActor(3) = %q", audit.TokenActor(3))
	}
}
