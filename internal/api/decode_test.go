package api

import (
	"bytes"
	"encoding/json"
	"net/http"
	"reflect"
	"testing"
)

// FuzzDecodeRecord feeds the body decoder of every entity arbitrary bytes:
// it never panics, refuses with a 400 problem, and what it accepts encodes
// and decodes again to the same record.
func FuzzDecodeRecord(f *testing.F) {
	for _, s := range []string{
		`{"id":"jane-doe","name":"Jane Doe","source":"","last_verified":null}`,
		`{"id":"m","sender":{"type":"state","code":"RW"},"services":["visas"],"opened":"2020-01","contacts":{"email":"a@b.c"}}`,
		`{"iso2":"KE","names":{"en":"Kenya"},"version":3,"updated_at":"2026-01-01T00:00:00Z"}`,
		`{"country":"TZ","served_from_hq":true,"text":{"en":"x"}}`,
		`{"home_state":"RW","nuncio_is_dean":true}`,
		`{"value":1e400}`, `{"date":"2025-02-30"}`, `{"id":"x","id":"y"}`, `{"credentials_seq":-1.5}`,
		`null`, `[]`, `{`, "{\"name\":\"\xff\"}", `{} {}`, `{"admin":true}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		for _, e := range writeEntities {
			rec := e.newRec()
			if berr := decodeRecord(body, rec, e.name); berr != nil {
				if berr.status != http.StatusBadRequest || berr.detail == "" || berr.typ != typeBadBody {
					t.Fatalf("%s: refused with %+v", e.name, berr)
				}
				continue
			}
			again, err := json.Marshal(rec)
			if err != nil {
				t.Fatalf("%s: accepted %q but cannot encode it: %v", e.name, body, err)
			}
			back := e.newRec()
			if berr := decodeRecord(again, back, e.name); berr != nil {
				t.Fatalf("%s: accepted %q but not its own encoding %s: %v", e.name, body, again, berr)
			}
			if !reflect.DeepEqual(rec, back) {
				third, _ := json.Marshal(back)
				if !bytes.Equal(again, third) {
					t.Fatalf("%s: %q decodes to %s, then to %s", e.name, body, again, third)
				}
			}
		}
	})
}
