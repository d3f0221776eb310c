package api

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"reflect"
	"slices"
	"sync"
	"testing"

	"github.com/chancery-org/chancery/internal/audit"
	"github.com/chancery-org/chancery/internal/registry"
	"github.com/chancery-org/chancery/internal/store"
	"github.com/chancery-org/chancery/internal/store/storetest"
)

// accepted is one replacement the API accepted: the version it stored and
// the record it answered with.
type accepted struct {
	version int64
	body    []byte
}

// TestWriteManyWriters has many goroutines each read, change and replace
// the same records through the API with If-Match, again and again, on each
// engine (TestWriteConcurrent has two writers race on one version): every
// PUT is accepted (200) or refused as a conflict (412, a problem), no
// update is lost (the accepted ones are exactly the versions added), the
// stored record is the last accepted one, and the audit log holds one
// entry per accepted PUT, in order, each the record that PUT stored.
func TestWriteManyWriters(t *testing.T) {
	const writers, cycles = 8, 10
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		f := newWriteFixture(t, db)
		targets := []struct {
			path, id string
			readAPI  bool // read through the API, else from the store
			change   func(body []byte, who, cycle int) ([]byte, int64)
		}{
			{"missions", missionA, true, func(body []byte, who, cycle int) ([]byte, int64) {
				var m registry.Mission
				mustUnmarshal(t, body, &m)
				m.Contacts.Phone = fmt.Sprintf("+250 %d %d", who, cycle)
				return mustMarshal(t, &m), m.Version
			}},
			{"persons", "jane-doe", false, func(body []byte, who, cycle int) ([]byte, int64) {
				var p registry.Person
				mustUnmarshal(t, body, &p)
				p.Name = fmt.Sprintf("Jane Doe %d.%d", who, cycle)
				return mustMarshal(t, &p), p.Version
			}},
		}
		for _, tg := range targets {
			t.Run(tg.path, func(t *testing.T) {
				path := "/api/v1/" + tg.path + "/" + tg.id
				entity := entityAt(tg.path)
				initial := metaOf(t, f.record(t, tg.path, tg.id)).Version
				auditBefore := len(auditOf(t, db, entity.name, tg.id))

				var (
					mu       sync.Mutex
					accepts  []accepted
					refused  int
					failures []string
				)
				var wg sync.WaitGroup
				for who := range writers {
					wg.Go(func() {
						for cycle := range cycles {
							// Read the record (persons have no read route:
							// from the store), change it and send it back
							// with the version read.
							var cur []byte
							if tg.readAPI {
								res := f.do(t, "", http.MethodGet, path, nil, nil)
								if res.status != http.StatusOK {
									mu.Lock()
									failures = append(failures, fmt.Sprintf("GET %s: %d", path, res.status))
									mu.Unlock()
									return
								}
								cur = res.body
							} else {
								cur = mustMarshal(t, f.record(t, tg.path, tg.id))
							}
							body, version := tg.change(cur, who, cycle)
							res := f.do(t, "editor", http.MethodPut, path, body, map[string]string{"If-Match": versionTag(version)})
							mu.Lock()
							switch {
							case res.status == http.StatusOK:
								var stored registry.Meta
								mustUnmarshal(t, res.body, &stored)
								accepts = append(accepts, accepted{version: stored.Version, body: res.body})
							case res.status == http.StatusPreconditionFailed && res.header.Get("Content-Type") == "application/problem+json":
								refused++
							default:
								failures = append(failures, fmt.Sprintf("writer %d cycle %d: %d %s", who, cycle, res.status, res.body))
							}
							mu.Unlock()
						}
					})
				}
				wg.Wait()
				for _, s := range failures {
					t.Error(s)
				}
				if len(accepts)+refused != writers*cycles {
					t.Fatalf("%d accepted and %d refused of %d writes", len(accepts), refused, writers*cycles)
				}
				if len(accepts) == 0 {
					t.Fatal("no write was accepted")
				}
				slices.SortFunc(accepts, func(a, b accepted) int { return int(a.version - b.version) })

				// No lost update: the accepted writes made exactly the
				// versions added, one each.
				final := f.record(t, tg.path, tg.id)
				if got := metaOf(t, final).Version; got-initial != int64(len(accepts)) {
					t.Errorf("version %d → %d, but %d writes were accepted", initial, got, len(accepts))
				}
				for i, a := range accepts {
					if a.version != initial+int64(i)+1 {
						t.Fatalf("accepted versions %v, want %d..%d", versionsOf(accepts), initial+1, initial+int64(len(accepts)))
					}
				}

				// The stored record is the last accepted one.
				last := reflect.New(reflect.TypeOf(final).Elem()).Interface()
				mustUnmarshal(t, accepts[len(accepts)-1].body, last)
				if !reflect.DeepEqual(last, final) {
					t.Errorf("stored %+v\nwant the last accepted %+v", final, last)
				}

				// One audit entry per accepted write, in order, each holding
				// the record that write stored.
				entries := auditOf(t, db, entity.name, tg.id)[auditBefore:]
				if len(entries) != len(accepts) {
					t.Fatalf("%d audit entries for %d accepted writes", len(entries), len(accepts))
				}
				for i, e := range entries {
					if e.Action != audit.ActionUpdate {
						t.Errorf("audit entry %d: action %q", i, e.Action)
					}
					after := reflect.New(reflect.TypeOf(final).Elem()).Interface()
					mustUnmarshal(t, e.After, after)
					want := reflect.New(reflect.TypeOf(final).Elem()).Interface()
					mustUnmarshal(t, accepts[i].body, want)
					if !reflect.DeepEqual(after, want) {
						t.Errorf("audit entry %d holds %+v\nwant the write of version %d: %+v", i, after, accepts[i].version, want)
					}
				}
				t.Logf("%d writes accepted, %d refused as conflicts", len(accepts), refused)
			})
		}
	})
}

func mustMarshal(t testing.TB, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func mustUnmarshal(t testing.TB, b []byte, v any) {
	t.Helper()
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("%v: %s", err, b)
	}
}

// metaOf returns the registry.Meta of a record.
func metaOf(t testing.TB, rec any) registry.Meta {
	t.Helper()
	var m registry.Meta
	mustUnmarshal(t, mustMarshal(t, rec), &m)
	return m
}

func auditOf(t testing.TB, db *store.DB, entity, id string) []audit.Entry {
	t.Helper()
	es, err := db.AuditEntries(context.Background(), entity, id)
	if err != nil {
		t.Fatal(err)
	}
	return es
}

func versionsOf(as []accepted) []int64 {
	vs := make([]int64, len(as))
	for i, a := range as {
		vs[i] = a.version
	}
	return vs
}
