package staff

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chancery-org/chancery/internal/audit"
	"github.com/chancery-org/chancery/internal/registry"
	"github.com/chancery-org/chancery/internal/store"
	"github.com/chancery-org/chancery/internal/store/storetest"
)

// upFile is a file to upload.
type upFile struct{ name, content string }

// peopleCSV creates imported-person, renames john-roe and leaves jane-doe
// as the fixture stores her.
var peopleCSV = upFile{"people.csv", "id,name,source,last_verified,note\n" +
	"imported-person,Imported Person,https://example.org/import,,\n" +
	"john-roe,John Roe Renamed,,,\n" +
	"jane-doe,Jane Doe,https://example.org/source,2026-01-10,\n"}

// uploadBody returns a multipart body holding files in the field "files".
func uploadBody(t *testing.T, files ...upFile) (*bytes.Buffer, string) {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for _, f := range files {
		fw, err := mw.CreateFormFile("files", f.name)
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(fw, f.content)
	}
	if err := mw.Close(); err != nil {
		t.Fatal(err)
	}
	return &body, mw.FormDataContentType()
}

// upload sends files to /staff/import as a same-origin browser does.
func (c *client) upload(files ...upFile) response {
	c.t.Helper()
	body, ctype := uploadBody(c.t, files...)
	req, err := http.NewRequest(http.MethodPost, c.e.srv.URL+"/staff/import", body)
	if err != nil {
		c.t.Fatal(err)
	}
	req.Header.Set("Content-Type", ctype)
	req.Header.Set("Origin", c.e.srv.URL)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	return c.do(req)
}

// confirm confirms the preview of token.
func (c *client) confirm(token string) response {
	c.t.Helper()
	return c.post("/staff/import/confirm", url.Values{"token": {token}})
}

// zipOf returns a zip archive of files.
func zipOf(t *testing.T, files ...upFile) string {
	t.Helper()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for _, f := range files {
		w, err := zw.Create(f.name)
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(w, f.content)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// snapshotOf returns what the store holds and the last audit entry, to
// check that nothing was written.
func snapshotOf(t *testing.T, db *store.DB) (registry.Dataset, int64) {
	t.Helper()
	ds, err := db.Load(cliCtx())
	if err != nil {
		t.Fatal(err)
	}
	last, _, err := db.LastAuditEntry(cliCtx())
	if err != nil {
		t.Fatal(err)
	}
	return ds, last.Seq
}

// assertUnchanged fails when the store or the audit log changed since
// snapshotOf gave ds and seq.
func assertUnchanged(t *testing.T, db *store.DB, what string, ds registry.Dataset, seq int64) {
	t.Helper()
	now, nowSeq := snapshotOf(t, db)
	if nowSeq != seq {
		t.Errorf("%s: the audit log grew by %d entries", what, nowSeq-seq)
	}
	if !reflect.DeepEqual(now, ds) {
		t.Errorf("%s: the stored records changed", what)
	}
}

func person(e *env, id string) *registry.Person {
	p, _ := e.record(personEntity, id).(*registry.Person)
	return p
}

// TestImportPreviewAndConfirm: the preview writes nothing and shows what
// the import would do; the confirmation writes it all, attributed to the
// user, and publishes it; the preview cannot be confirmed twice.
func TestImportPreviewAndConfirm(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		c := e.client()
		c.login("editor")
		if res := c.get("/staff/import"); res.status != http.StatusOK || !strings.Contains(res.body, `enctype="multipart/form-data"`) {
			t.Fatalf("GET /staff/import: %d\n%s", res.status, excerpt(res.body))
		}
		if !strings.Contains(c.get("/staff/").body, `href="/staff/import"`) {
			t.Error("the menu has no link to the import")
		}
		ds, seq := snapshotOf(t, e.db)

		res := c.upload(peopleCSV)
		if res.status != http.StatusOK {
			t.Fatalf("preview: %d\n%s", res.status, excerpt(res.body))
		}
		for _, want := range []string{`id="import-preview"`, `id="import-summary"`, "<li>imported-person</li>", "<li>john-roe</li>",
			`<td>1<ul><li>imported-person</li></ul></td>`, `<td>1<ul><li>john-roe</li></ul></td>`, "<td>1</td>", `id="confirm"`} {
			if !strings.Contains(res.body, want) {
				t.Errorf("the preview lacks %s", want)
			}
		}
		assertUnchanged(t, e.db, "preview", ds, seq)
		if e.snap.Load().Person("imported-person") != nil {
			t.Error("the preview published the import")
		}

		token := hidden(t, res.body, "token")
		res = c.confirm(token)
		if res.status != http.StatusOK || !strings.Contains(res.body, `id="import-done"`) || !strings.Contains(res.body, "Imported: 2 changes") {
			t.Fatalf("confirm: %d\n%s", res.status, excerpt(res.body))
		}
		if strings.Contains(res.body, `id="confirm"`) {
			t.Error("the result offers to confirm again")
		}
		if p := person(e, "john-roe"); p == nil || p.Name != "John Roe Renamed" {
			t.Errorf("john-roe: %+v", p)
		}
		if e.snap.Load().Person("imported-person") == nil {
			t.Error("the import was not published")
		}
		wantActor := audit.UserActor(e.users["editor"].ID)
		for _, id := range []string{"imported-person", "john-roe"} {
			entries, err := e.db.AuditEntries(cliCtx(), "person", id)
			if err != nil {
				t.Fatal(err)
			}
			last := entries[len(entries)-1]
			if last.Actor != wantActor || last.Address == "" || last.RequestID == "" {
				t.Errorf("audit of %s: actor %q, address %q, request %q; want %q with an address and a request id", id, last.Actor, last.Address, last.RequestID, wantActor)
			}
		}
		if entries, _ := e.db.AuditEntries(cliCtx(), "person", "jane-doe"); len(entries) != 1 {
			t.Errorf("jane-doe, unchanged, has %d audit entries", len(entries))
		}

		ds, seq = snapshotOf(t, e.db)
		if res := c.confirm(token); res.status != http.StatusGone {
			t.Errorf("a second confirmation: %d, want 410", res.status)
		}
		assertUnchanged(t, e.db, "second confirmation", ds, seq)
	})
}

// TestImportRefused: a bad file shows its problems and no confirmation; a
// bad upload is refused before any file is read; a zip is read as a data
// package. Nothing is written.
func TestImportRefused(t *testing.T) {
	many := make([]upFile, maxImportFiles+1)
	for i := range many {
		many[i] = upFile{fmt.Sprintf("file-%d.csv", i), "id,name\n"}
	}
	tests := []struct {
		name    string
		files   func(t *testing.T) []upFile
		status  int
		want    []string
		confirm bool
	}{
		{"bad rows", sendFiles(upFile{"people.csv", "id,name,source,last_verified,note\nNot A Slug,X,,,\nok-id,,,,\n"}), http.StatusUnprocessableEntity,
			[]string{`id="import-problems"`, `<td>people.csv</td><td>2</td><td>id</td><td>&#34;Not A Slug&#34; must be lower-case`,
				`<td>people.csv</td><td>3</td><td>name</td><td>is required</td>`}, false},
		{"missing reference", sendFiles(upFile{"accreditations.csv", "id,mission,receiver_type,receiver,residence,status,certainty,from,to,credentials_presented,legal_basis,source,last_verified,note\n" +
			"x--KE,no-such-mission,state,KE,resident,active,reported,,,,,,,\n"}),
			http.StatusUnprocessableEntity, []string{`<td>accreditations.csv</td><td>2</td><td>mission</td>`}, false},
		{"damaged zip", sendFiles(upFile{"package.zip", "PK\x03\x04 not really"}), http.StatusUnprocessableEntity,
			[]string{"<td>package.zip</td><td></td><td></td><td>is not a readable zip archive"}, false},
		{"not a data file", sendFiles(upFile{"glossary.csv", "a,b\n"}), http.StatusUnprocessableEntity, []string{"&#34;glossary.csv&#34; is not the name of a data file"}, false},
		{"a path as the name", sendFiles(upFile{"../../etc/passwd", "x"}), http.StatusUnprocessableEntity, []string{"&#34;passwd&#34; is not the name of a data file"}, false},
		{"a format character in the name", sendFiles(upFile{"\u202egnp.csv", "x"}), http.StatusUnprocessableEntity, []string{"is not printable UTF-8"}, false},
		{"the same name twice", sendFiles(peopleCSV, peopleCSV), http.StatusUnprocessableEntity, []string{"&#34;people.csv&#34; was sent twice"}, false},
		{"a zip and a CSV", func(t *testing.T) []upFile { return []upFile{{"package.zip", zipOf(t, peopleCSV)}, peopleCSV} },
			http.StatusUnprocessableEntity, []string{"not both"}, false},
		{"too many files", sendFiles(many...), http.StatusUnprocessableEntity, []string{"More than 20 files"}, false},
		{"no file", sendFiles(upFile{"", ""}), http.StatusUnprocessableEntity, []string{"No file was sent"}, false},
		{"a zip", func(t *testing.T) []upFile {
			return []upFile{{"package.zip", zipOf(t, peopleCSV, upFile{"README.md", "hello"})}}
		},
			http.StatusOK, []string{"package.zip:people.csv", "package.zip:README.md", "<li>imported-person</li>"}, true},
		{"nothing to change", sendFiles(upFile{"people.csv", "id,name,source,last_verified,note\njane-doe,Jane Doe,https://example.org/source,2026-01-10,\n"}),
			http.StatusOK, []string{`id="import-nothing"`}, false},
	}
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		c := e.client()
		c.login("admin")
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				ds, seq := snapshotOf(t, e.db)
				res := c.upload(tt.files(t)...)
				if res.status != tt.status {
					t.Errorf("status %d, want %d\n%s", res.status, tt.status, excerpt(res.body))
				}
				for _, w := range tt.want {
					if !strings.Contains(res.body, w) {
						t.Errorf("the page lacks %s\n%s", w, excerpt(res.body))
					}
				}
				if got := strings.Contains(res.body, `id="confirm"`); got != tt.confirm {
					t.Errorf("confirm button shown = %v, want %v", got, tt.confirm)
				}
				if tt.status != http.StatusOK && !strings.Contains(res.body, `id="error-summary"`) {
					t.Error("no error summary")
				}
				assertUnchanged(t, e.db, tt.name, ds, seq)
			})
		}
	})
}

func sendFiles(fs ...upFile) func(*testing.T) []upFile {
	return func(*testing.T) []upFile { return fs }
}

// TestImportConcurrentChange: a record changed between the preview and the
// confirmation makes the confirmation refuse, write nothing and show the
// new preview, which can then be confirmed.
func TestImportConcurrentChange(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		c := e.client()
		c.login("editor")
		res := c.upload(peopleCSV)
		if res.status != http.StatusOK {
			t.Fatalf("preview: %d\n%s", res.status, excerpt(res.body))
		}
		token := hidden(t, res.body, "token")
		if err := e.db.Write(cliCtx(), func(tx *store.Tx) error {
			p := *person(e, "john-roe")
			p.Note = "changed meanwhile"
			return tx.Update(&p)
		}); err != nil {
			t.Fatal(err)
		}
		ds, seq := snapshotOf(t, e.db)
		res = c.confirm(token)
		if res.status != http.StatusConflict || !strings.Contains(res.body, `id="import-changed"`) {
			t.Fatalf("confirm after a change: %d, want 409 with the notice\n%s", res.status, excerpt(res.body))
		}
		assertUnchanged(t, e.db, "refused confirmation", ds, seq)
		again := hidden(t, res.body, "token")
		if again == token {
			t.Error("the new preview has the old token")
		}
		if res := c.confirm(token); res.status != http.StatusGone {
			t.Errorf("the old token: %d, want 410", res.status)
		}
		if res := c.confirm(again); res.status != http.StatusOK {
			t.Fatalf("confirm the new preview: %d\n%s", res.status, excerpt(res.body))
		}
		if p := person(e, "john-roe"); p.Name != "John Roe Renamed" || p.Note != "" {
			t.Errorf("john-roe after the import: %+v", p)
		}
	})
}

// TestImportToken: a preview is confirmed only from the session that made
// it, by the user who made it, within importTTL.
func TestImportToken(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		var offset atomic.Int64
		e := newEnv(t, db, func(c *Config) {
			c.Now = func() time.Time { return time.Now().Add(time.Duration(offset.Load())) }
		})
		owner := e.client()
		owner.login("editor")
		token := hidden(t, owner.upload(peopleCSV).body, "token")
		sameUser := e.client()
		sameUser.login("editor")
		admin := e.client()
		admin.login("admin")
		ds, seq := snapshotOf(t, e.db)
		for _, tt := range []struct {
			name  string
			c     *client
			token string
		}{
			{"another session of the same user", sameUser, token},
			{"another user", admin, token},
			{"no token", owner, ""},
			{"a made-up token", owner, "AAAA" + token[4:]},
		} {
			if res := tt.c.confirm(tt.token); res.status != http.StatusGone {
				t.Errorf("%s: %d, want 410", tt.name, res.status)
			}
		}
		assertUnchanged(t, e.db, "foreign confirmations", ds, seq)

		// A newer upload replaces the preview.
		newer := hidden(t, owner.upload(peopleCSV).body, "token")
		if res := owner.confirm(token); res.status != http.StatusGone {
			t.Errorf("the replaced preview: %d, want 410", res.status)
		}
		// The preview expires.
		offset.Store(int64(importTTL + time.Minute))
		if res := owner.confirm(newer); res.status != http.StatusGone {
			t.Errorf("an expired preview: %d, want 410", res.status)
		}
		assertUnchanged(t, e.db, "replaced and expired previews", ds, seq)
		offset.Store(0)
		if res := owner.confirm(hidden(t, owner.upload(peopleCSV).body, "token")); res.status != http.StatusOK {
			t.Errorf("a fresh preview: %d\n%s", res.status, excerpt(res.body))
		}
	})
}

// TestImportLimits: an upload over MaxImportBytes is refused with 413,
// announced or not; an upload or confirmation from another site with 403.
func TestImportLimits(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		c := e.client()
		c.login("editor")
		token := hidden(t, c.upload(peopleCSV).body, "token")
		ds, seq := snapshotOf(t, e.db)
		big := upFile{"people.csv", "id,name\n" + strings.Repeat("x", MaxImportBytes)}
		for _, chunked := range []bool{false, true} {
			body, ctype := uploadBody(t, big)
			var r io.Reader = body
			if chunked {
				r = io.MultiReader(body) // no length: sent chunked
			}
			req, _ := http.NewRequest(http.MethodPost, e.srv.URL+"/staff/import", r)
			req.Header.Set("Content-Type", ctype)
			req.Header.Set("Origin", e.srv.URL)
			res := c.do(req)
			if res.status != http.StatusRequestEntityTooLarge || !strings.Contains(res.body, "larger than 32 MiB") {
				t.Errorf("oversize upload (chunked %v): %d\n%s", chunked, res.status, excerpt(res.body))
			}
		}
		for _, tt := range []struct {
			path  string
			body  func() (io.Reader, string)
			label string
		}{
			{"/staff/import", func() (io.Reader, string) { return uploadBody(t, peopleCSV) }, "upload"},
			{"/staff/import/confirm", func() (io.Reader, string) {
				return strings.NewReader(url.Values{"token": {token}}.Encode()), "application/x-www-form-urlencoded"
			}, "confirmation"},
		} {
			b, ctype := tt.body()
			req, _ := http.NewRequest(http.MethodPost, e.srv.URL+tt.path, b)
			req.Header.Set("Content-Type", ctype)
			req.Header.Set("Sec-Fetch-Site", "cross-site")
			if res := c.do(req); res.status != http.StatusForbidden {
				t.Errorf("cross-site %s: %d, want 403", tt.label, res.status)
			}
		}
		assertUnchanged(t, e.db, "refused uploads", ds, seq)
		if res := c.confirm(token); res.status != http.StatusOK {
			t.Errorf("the preview after the refused requests: %d\n%s", res.status, excerpt(res.body))
		}
	})
}
