package api

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chancery-org/chancery/internal/audit"
	"github.com/chancery-org/chancery/internal/registry"
	"github.com/chancery-org/chancery/internal/store"
	"github.com/chancery-org/chancery/internal/store/storetest"
)

const changesPath = "/api/v1/changes"

// changesPage is a page of the feed as a client reads it.
type changesPage struct {
	Since          string        `json:"since"`
	LatestRevision int64         `json:"latest_revision"`
	NextCursor     string        `json:"next_cursor"`
	Data           []changeEntry `json:"data"`
}

type changeEntry struct {
	Entity    string          `json:"entity"`
	ID        string          `json:"id"`
	Revision  int64           `json:"revision"`
	UpdatedAt *time.Time      `json:"updated_at"`
	Deleted   bool            `json:"deleted"`
	Record    json.RawMessage `json:"record"`
}

func (c changeEntry) key() string {
	return c.Entity + "/" + c.ID + "@" + strconv.FormatInt(c.Revision, 10)
}

func changesKeys(cs []changeEntry) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.key()
	}
	return out
}

// changesServer serves the API over the registry *reg holds at each request.
func changesServer(t *testing.T, reg *atomic.Pointer[registry.Registry]) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(New(reg.Load, slog.New(slog.DiscardHandler)))
	t.Cleanup(srv.Close)
	return srv
}

// getChanges GETs the feed with the given query and decodes the page.
func getChanges(t *testing.T, srv *httptest.Server, query string) changesPage {
	t.Helper()
	status, body := changesGet(t, srv, changesPath+"?"+query, nil)
	if status != http.StatusOK {
		t.Fatalf("GET ?%s: %d\n%s", query, status, body)
	}
	var p changesPage
	if err := json.Unmarshal(body, &p); err != nil {
		t.Fatalf("GET ?%s: %v\n%s", query, err, body)
	}
	var fields map[string]json.RawMessage
	json.Unmarshal(body, &fields)
	for name := range fields {
		switch name {
		case "since", "latest_revision", "next_cursor", "data":
		default:
			t.Errorf("GET ?%s: unexpected field %q", query, name)
		}
	}
	return p
}

func changesGet(t *testing.T, srv *httptest.Server, path string, header http.Header) (int, []byte) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, srv.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range header {
		req.Header[k] = v
	}
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, body
}

// changesAll pages through the feed after since with the given limit.
func changesAll(t *testing.T, srv *httptest.Server, since string, limit int) (pages []changesPage, all []changeEntry) {
	t.Helper()
	cursor := ""
	for range 100 {
		q := url.Values{"since": {since}, "limit": {strconv.Itoa(limit)}}
		if cursor != "" {
			q.Set("cursor", cursor)
		}
		p := getChanges(t, srv, q.Encode())
		if len(p.Data) > limit {
			t.Fatalf("a page of %d changes, limit %d", len(p.Data), limit)
		}
		pages = append(pages, p)
		all = append(all, p.Data...)
		if p.NextCursor == "" {
			return pages, all
		}
		cursor = p.NextCursor
	}
	t.Fatal("the feed does not end")
	return nil, nil
}

// changesDataset is a small valid data set.
func changesDataset() registry.Dataset {
	d := registry.MustDate
	rw, ke := registry.StateParty("RW"), registry.StateParty("KE")
	return registry.Dataset{
		Settings: registry.Settings{HomeState: "RW"},
		Countries: []registry.Country{
			{ISO2: "RW", ISO3: "RWA", Numeric: "646", Names: registry.Names{EN: "Rwanda"}},
			{ISO2: "KE", ISO3: "KEN", Numeric: "404", Names: registry.Names{EN: "Kenya"}},
		},
		Missions: []registry.Mission{
			{ID: "rw-nairobi", Sender: rw, Kind: registry.HighCommission, Name: "High Commission of Rwanda in Nairobi",
				City: "Nairobi", Country: "KE", Status: registry.MissionOpen, Certainty: registry.Reported, Opened: d("2005-03")},
		},
		Accreditations: []registry.Accreditation{
			{ID: "rw-nairobi--KE", Mission: "rw-nairobi", Receiver: ke, Residence: registry.Resident,
				Status: registry.AccActive, Certainty: registry.Reported, From: d("2005-03")},
		},
		People: []registry.Person{{ID: "jane-doe", Name: "Jane Doe"}, {ID: "john-roe", Name: "John Roe"}},
	}
}

// TestChanges follows a SQLite store through a seed and two writes.
func TestChanges(t *testing.T) {
	ctx := context.Background()
	db := storetest.SQLite(t)
	var reg atomic.Pointer[registry.Registry]
	publish := func() {
		ds, err := db.Load(ctx)
		if err != nil {
			t.Fatal(err)
		}
		reg.Store(registry.New(ds))
	}
	// Each write a few milliseconds after the previous, so that times tell
	// them apart.
	write := func(fn func(tx *store.Tx) error) {
		time.Sleep(5 * time.Millisecond)
		if err := db.Write(audit.WithActor(ctx, audit.Actor{ID: "test"}), fn); err != nil {
			t.Fatal(err)
		}
		publish()
	}
	if _, err := db.Seed(ctx, changesDataset()); err != nil {
		t.Fatal(err)
	}
	publish()
	ds := reg.Load().Dataset().Clone()
	r1 := ds.Missions[0].Revision
	m := ds.Missions[0]
	m.Name = "High Commission of the Republic of Rwanda in Nairobi"
	write(func(tx *store.Tx) error {
		if err := tx.Update(&m); err != nil {
			return err
		}
		return tx.Insert(&registry.Person{ID: "new-person", Name: "New Person"})
	})
	r2 := m.Revision
	jane := ds.People[0]
	write(func(tx *store.Tx) error { return tx.Delete(&jane) })
	r3 := reg.Load().Dataset().Deletions[0].Revision
	if !(0 < r1 && r1 < r2 && r2 < r3) {
		t.Fatalf("revisions %d, %d, %d", r1, r2, r3)
	}
	srv := changesServer(t, &reg)
	at := func(rev int64) time.Time {
		for _, c := range getChanges(t, srv, "").Data {
			if c.Revision == rev {
				return *c.UpdatedAt
			}
		}
		t.Fatalf("no change at revision %d", rev)
		return time.Time{}
	}

	// since=0, the default, lists everything.
	all := []string{
		"accreditation/rw-nairobi--KE@" + strconv.FormatInt(r1, 10),
		"country/KE@" + strconv.FormatInt(r1, 10),
		"country/RW@" + strconv.FormatInt(r1, 10),
		"person/john-roe@" + strconv.FormatInt(r1, 10),
		"mission/rw-nairobi@" + strconv.FormatInt(r2, 10),
		"person/new-person@" + strconv.FormatInt(r2, 10),
		"person/jane-doe@" + strconv.FormatInt(r3, 10),
	}
	for _, query := range []string{"", "since=0"} {
		p := getChanges(t, srv, query)
		if p.Since != "0" || p.LatestRevision != r3 || p.NextCursor != "" {
			t.Errorf("?%s: since %q, latest_revision %d, next_cursor %q; want 0, %d, none", query, p.Since, p.LatestRevision, p.NextCursor, r3)
		}
		if got := changesKeys(p.Data); !reflect.DeepEqual(got, all) {
			t.Errorf("?%s: changes\n got %v\nwant %v", query, got, all)
		}
	}

	// Each entry: the record as its collection shows it, or null when deleted.
	p := getChanges(t, srv, "since="+strconv.FormatInt(r1, 10))
	if got, want := changesKeys(p.Data), all[4:]; !reflect.DeepEqual(got, want) {
		t.Errorf("since=r1: changes\n got %v\nwant %v", got, want)
	}
	if p.Since != strconv.FormatInt(r1, 10) {
		t.Errorf("since = %q, want %d", p.Since, r1)
	}
	var rec registry.Mission
	if c := p.Data[0]; c.Deleted || c.UpdatedAt == nil || json.Unmarshal(c.Record, &rec) != nil || rec.Name != m.Name || rec.Revision != r2 {
		t.Errorf("mission change %+v: record %s", c, c.Record)
	}
	if !rec.UpdatedAt.Equal(*p.Data[0].UpdatedAt) {
		t.Errorf("record's updated_at %v, change's %v", rec.UpdatedAt, p.Data[0].UpdatedAt)
	}
	if c := p.Data[2]; !c.Deleted || string(c.Record) != "null" || c.UpdatedAt == nil || !c.UpdatedAt.Equal(reg.Load().Dataset().Deletions[0].At) {
		t.Errorf("deletion change %+v: record %s", c, c.Record)
	}

	// Only changes after the point.
	if p := getChanges(t, srv, "since="+strconv.FormatInt(r2, 10)); !reflect.DeepEqual(changesKeys(p.Data), all[6:]) {
		t.Errorf("since=r2: %v", changesKeys(p.Data))
	}
	for _, since := range []int64{r3, r3 + 100} {
		p := getChanges(t, srv, "since="+strconv.FormatInt(since, 10))
		if len(p.Data) != 0 || p.LatestRevision != r3 || p.NextCursor != "" {
			t.Errorf("since=%d: %+v, want no changes and latest revision %d", since, p, r3)
		}
	}

	// A time: the changes made after it.
	t2 := at(r2)
	for _, tt := range []struct {
		since string
		want  []string
	}{
		{t2.Add(-time.Millisecond).Format(time.RFC3339Nano), all[4:]},
		{t2.Format(time.RFC3339Nano), all[6:]},
		{t2.In(time.FixedZone("", 2*3600)).Format(time.RFC3339Nano), all[6:]},
		{"2000-01-01t00:00:00z", all},
		{"2999-01-01T00:00:00+01:00", nil},
	} {
		p := getChanges(t, srv, url.Values{"since": {tt.since}}.Encode())
		if got := changesKeys(p.Data); !reflect.DeepEqual(got, tt.want) && !(len(got) == 0 && len(tt.want) == 0) {
			t.Errorf("since=%s: changes\n got %v\nwant %v", tt.since, got, tt.want)
		}
		if p.Since != tt.since {
			t.Errorf("since = %q, want %q", p.Since, tt.since)
		}
	}

	// Pages, whatever their size, add up to the whole feed.
	for _, limit := range []int{1, 2, 3, 6, 7, 1000} {
		pages, got := changesAll(t, srv, "0", limit)
		if !reflect.DeepEqual(changesKeys(got), all) {
			t.Errorf("limit %d: changes\n got %v\nwant %v", limit, changesKeys(got), all)
		}
		if n := (len(all) + limit - 1) / limit; len(pages) != n {
			t.Errorf("limit %d: %d pages, want %d", limit, len(pages), n)
		}
	}
	if _, got := changesAll(t, srv, strconv.FormatInt(r1, 10), 1); !reflect.DeepEqual(changesKeys(got), all[4:]) {
		t.Errorf("since=r1, limit 1: %v", changesKeys(got))
	}

	// A record changed while a mirror pages through the feed moves to the
	// end, where the mirror finds it; the last page's latest_revision
	// covers everything the mirror has.
	first := getChanges(t, srv, "limit=2")
	john := reg.Load().Dataset().People[0]
	john.Name = "John Roe Jr"
	write(func(tx *store.Tx) error { return tx.Update(&john) })
	seen := first.Data
	cursor := first.NextCursor
	var last changesPage
	for cursor != "" {
		last = getChanges(t, srv, url.Values{"limit": {"2"}, "cursor": {cursor}}.Encode())
		seen = append(seen, last.Data...)
		cursor = last.NextCursor
	}
	want := append(append([]string{}, all[:3]...), all[4:]...)
	want = append(want, "person/john-roe@"+strconv.FormatInt(john.Revision, 10))
	if !reflect.DeepEqual(changesKeys(seen), want) {
		t.Errorf("paging across a write:\n got %v\nwant %v", changesKeys(seen), want)
	}
	if last.LatestRevision != john.Revision {
		t.Errorf("last page's latest_revision %d, want %d", last.LatestRevision, john.Revision)
	}
}

// TestChangesDeletions checks records without a revision and deletions
// superseded by a later write.
func TestChangesDeletions(t *testing.T) {
	ds := changesDataset()
	at := func(ms int64) time.Time { return time.UnixMilli(1_780_000_000_000 + ms).UTC() }
	stamp := func(m *registry.Meta, rev int64) {
		m.Revision, m.UpdatedAt = rev, registry.Timestamp{Time: at(rev)}
	}
	stamp(&ds.Missions[0].Meta, 5)
	stamp(&ds.People[0].Meta, 2)
	ds.Deletions = []registry.Deletion{
		{Entity: "mission", ID: "rw-nairobi", Revision: 3, At: at(3)}, // inserted again at 5
		{Entity: "person", ID: "gone", Revision: 4, At: at(4)},
		{Entity: "person", ID: "gone", Revision: 1, At: at(1)},
		{Entity: "honorary_consul", ID: "odd id:/é", Revision: 4, At: at(4)},
	}
	var reg atomic.Pointer[registry.Registry]
	reg.Store(registry.New(ds))
	srv := changesServer(t, &reg)

	p := getChanges(t, srv, "")
	want := []string{"accreditation/rw-nairobi--KE@0", "country/KE@0", "country/RW@0", "person/john-roe@0",
		"person/jane-doe@2", "honorary_consul/odd id:/é@4", "person/gone@4", "mission/rw-nairobi@5"}
	if got := changesKeys(p.Data); !reflect.DeepEqual(got, want) || p.LatestRevision != 5 {
		t.Errorf("changes (latest %d)\n got %v\nwant %v", p.LatestRevision, got, want)
	}
	if c := p.Data[0]; c.UpdatedAt != nil {
		t.Errorf("a record without a revision has updated_at %v, want null", c.UpdatedAt)
	}
	if c := p.Data[6]; !c.Deleted || c.UpdatedAt == nil || !c.UpdatedAt.Equal(at(4)) {
		t.Errorf("deletion %+v", c)
	}
	// Records without a revision come only with since=0, and never by time.
	if p := getChanges(t, srv, "since=1"); !reflect.DeepEqual(changesKeys(p.Data), want[4:]) {
		t.Errorf("since=1: %v", changesKeys(p.Data))
	}
	if p := getChanges(t, srv, "since=1970-01-01T00:00:00Z"); !reflect.DeepEqual(changesKeys(p.Data), want[4:]) {
		t.Errorf("since=1970: %v", changesKeys(p.Data))
	}
	// Cursors hold odd ids too.
	if _, got := changesAll(t, srv, "0", 1); !reflect.DeepEqual(changesKeys(got), want) {
		t.Errorf("paged one by one:\n got %v\nwant %v", changesKeys(got), want)
	}
}

func TestChangesCursor(t *testing.T) {
	for _, p := range []position{{0, "country", "RW"}, {12, "honorary_consul", "hc-a--b"}, {1 << 62, "finder_note", "odd id:/é"},
		{3, "declared_figure", "-x"}} {
		after, ok := decodeCursor(changeCursor(p))
		if !ok {
			t.Errorf("%v: the cursor does not pass the cursor parameter's check", p)
			continue
		}
		if got, ok := parseChangeCursor(after); !ok || got != p {
			t.Errorf("%v: cursor reads back as %v, %v", p, got, ok)
		}
	}
	for _, after := range []string{"rw-nairobi", "1--mission--r", "1--mission--q--x", "x--mission--r--x", "1--missions--r--x", "1--mission--x--zz"} {
		if p, ok := parseChangeCursor(after); ok {
			t.Errorf("parseChangeCursor(%q) = %v, want an error", after, p)
		}
	}
}

func TestChangesBadRequests(t *testing.T) {
	var reg atomic.Pointer[registry.Registry]
	reg.Store(registry.New(changesDataset()))
	srv := changesServer(t, &reg)
	for _, tt := range []struct{ query, param string }{
		{"since=-1", "since"},
		{"since=abc", "since"},
		{"since=1.5", "since"},
		{"since=1234567890123456789", "since"},
		{"since=2026-01-31", "since"},
		{"since=2026-01-31T12:00:00", "since"},
		{"since=2026-13-01T00:00:00Z", "since"},
		{"since=2026-01-31+12:00:00Z", "since"},
		{"since=", "since"},
		{"since=1&since=2", "since"},
		{"cursor=" + encodeCursor("rw-nairobi"), "cursor"},
		{"cursor=" + encodeCursor("1--nothing--r--x"), "cursor"},
		{"cursor=%21%21", "cursor"},
		{"limit=0", "limit"},
		{"as_of=2026-01-01", "as_of"},
	} {
		status, body := changesGet(t, srv, changesPath+"?"+tt.query, nil)
		var p Problem
		if err := json.Unmarshal(body, &p); err != nil || status != http.StatusBadRequest || p.Type != typeBadParameter ||
			len(p.InvalidParams) != 1 || p.InvalidParams[0].Name != tt.param {
			t.Errorf("?%s: %d %s, want 400 naming %s", tt.query, status, body, tt.param)
		}
	}
	if status, _ := changesGet(t, srv, changesPath, http.Header{"Accept": {"text/csv"}}); status != http.StatusNotAcceptable {
		t.Errorf("Accept: text/csv: %d, want 406", status)
	}
	if status, _ := changesGet(t, srv, changesPath+".csv", nil); status != http.StatusNotFound {
		t.Errorf(".csv: %d, want 404", status)
	}
}
