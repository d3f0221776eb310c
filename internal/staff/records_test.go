package staff

import (
	"html"
	"maps"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/chancery-org/chancery/internal/registry"
	"github.com/chancery-org/chancery/internal/store"
	"github.com/chancery-org/chancery/internal/store/storetest"
)

// TestConcurrentEdits: two people save the same version of a record at the
// same time; exactly one wins, the other gets the conflict page with both
// versions side by side, and can re-apply their change on top.
func TestConcurrentEdits(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		a, b := e.client(), e.client()
		a.login("editor")
		b.login("mission_officer")
		page := a.get("/staff/missions/rw-nairobi").body
		version := hidden(t, page, "version")
		forms := []url.Values{e.formOf(missionEntity, "rw-nairobi"), e.formOf(missionEntity, "rw-nairobi")}
		forms[0].Set("phone", "0711 111 111")
		forms[1].Set("phone", "0722 222 222")
		for _, f := range forms {
			f.Set("version", version)
		}
		var wg sync.WaitGroup
		res := make([]response, 2)
		for i, c := range []*client{a, b} {
			wg.Go(func() { res[i] = c.post("/staff/missions/rw-nairobi", forms[i]) })
		}
		wg.Wait()
		win, lose := 0, 1
		if res[0].status != http.StatusSeeOther {
			win, lose = 1, 0
		}
		if res[win].status != http.StatusSeeOther || res[lose].status != http.StatusConflict {
			t.Fatalf("statuses %d and %d, want one 303 and one 409", res[0].status, res[1].status)
		}
		stored := e.record(missionEntity, "rw-nairobi").(*registry.Mission)
		if stored.Contacts.Phone != forms[win].Get("phone") {
			t.Fatalf("stored phone %q, want the winner's %q", stored.Contacts.Phone, forms[win].Get("phone"))
		}
		body := res[lose].body
		for _, want := range []string{`id="compare"`, forms[lose].Get("phone"), forms[win].Get("phone"), `class="differs"`, "not</strong> saved"} {
			if !strings.Contains(body, html.EscapeString(want)) && !strings.Contains(body, want) {
				t.Errorf("conflict page lacks %q", want)
			}
		}
		// Re-apply: the form on the conflict page carries the loser's
		// values and the stored version.
		if v := hidden(t, body, "version"); v == version {
			t.Fatalf("the conflict form carries the stale version %s", v)
		}
		again := forms[lose]
		again.Set("version", hidden(t, body, "version"))
		loser := []*client{a, b}[lose]
		if r := loser.post("/staff/missions/rw-nairobi", again); r.status != http.StatusSeeOther {
			t.Fatalf("re-apply: %d\n%s", r.status, excerpt(r.body))
		}
		if got := e.record(missionEntity, "rw-nairobi").(*registry.Mission).Contacts.Phone; got != forms[lose].Get("phone") {
			t.Errorf("after re-applying: phone %q", got)
		}
		// A stale end is refused too.
		if r := a.post("/staff/accreditations/rw-nairobi--KE/end", url.Values{"date": {"2026-01-01"}, "version": {"99"}}); r.status != http.StatusConflict {
			t.Errorf("stale end: %d", r.status)
		}
	})
}

// TestValidationInline: invalid values are reported next to their fields,
// the form keeps what was typed, and nothing is saved.
func TestValidationInline(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		c := e.client()
		c.login("editor")
		form := e.formOf(missionEntity, "rw-nairobi")
		form.Set("opened", "2005-13-40")
		form.Set("name", "Typed <name> kept")
		form.Set("email", "not an email")
		form.Set("status", "closed") // without a closing date
		res := c.post("/staff/missions/rw-nairobi", form)
		if res.status != http.StatusUnprocessableEntity {
			t.Fatalf("status %d", res.status)
		}
		if !strings.Contains(res.body, `id="field-opened"`) || !strings.Contains(between(res.body, `id="field-opened"`, "</div>"), "has no month 13") {
			t.Errorf("the date error is not next to its field:\n%s", between(res.body, `id="field-opened"`, "</div>"))
		}
		if !strings.Contains(res.body, `value="Typed &lt;name&gt; kept"`) {
			t.Error("the typed name is not kept")
		}
		if !strings.Contains(res.body, `id="f-id" value="rw-nairobi" readonly`) {
			t.Error("the record's id is not shown")
		}
		// The date parses now: the registry's errors come back by field.
		form.Set("opened", "2005-03")
		res = c.post("/staff/missions/rw-nairobi", form)
		if res.status != http.StatusUnprocessableEntity {
			t.Fatalf("status %d", res.status)
		}
		for field, want := range map[string]string{"email": "is not an e-mail address", "closed": "is required when the status is closed"} {
			if got := between(res.body, `id="field-`+field+`"`, "</div>"); !strings.Contains(got, want) {
				t.Errorf("field %s: want %q in\n%s", field, want, got)
			}
		}
		if !strings.Contains(res.body, `id="error-summary"`) {
			t.Error("no error summary")
		}
		if got := e.record(missionEntity, "rw-nairobi").(*registry.Mission).Name; got != fixture().Missions[0].Name {
			t.Errorf("saved anyway: %q", got)
		}
		// A new record whose id exists.
		res = c.post("/staff/persons", url.Values{"id": {"jane-doe"}, "name": {"Another Jane"}})
		if res.status != http.StatusUnprocessableEntity || !strings.Contains(res.body, "already") {
			t.Errorf("duplicate id: %d\n%s", res.status, excerpt(res.body))
		}
	})
}

// TestPagesRender: every page of every entity renders for a viewer, with no
// edit control, and for an editor, with them.
func TestPagesRender(t *testing.T) {
	e := newEnv(t, storetest.SQLite(t))
	ids := map[*entity]string{countryEntity: "KE", relationEntity: "ke-established", organisationEntity: "AU",
		missionEntity: "rw-nairobi", accreditationEntity: "rw-nairobi--KE", personEntity: "jane-doe",
		appointmentEntity: "jane-doe-kenya", honoraryConsulEntity: "hc-dar", membershipEntity: "RW--AU",
		declaredFigureEntity: "missions-2025", finderNoteEntity: "TZ", agreementEntity: "ke-air"}
	maps.Copy(ids, trackerFixtureIDs)
	for _, role := range []string{"viewer", "editor", "admin"} {
		c := e.client()
		c.login(role)
		for _, ent := range entities {
			pages := []string{"/staff/" + ent.Path, rec(ent, ids[ent]), rec(ent, ids[ent]) + "/history"}
			if role != "viewer" {
				pages = append(pages, "/staff/"+ent.Path+"/new")
			}
			for _, p := range pages {
				res := c.get(p)
				if res.status != http.StatusOK {
					t.Errorf("%s %s: %d\n%s", role, p, res.status, excerpt(res.body))
				}
				forms := strings.Count(res.body, "<form method=\"post\"") - 1 // sign out
				if role == "viewer" && forms > 0 {
					t.Errorf("viewer %s: %d forms", p, forms)
				}
			}
			if role == "viewer" {
				if res := c.get("/staff/" + ent.Path + "/new"); res.status != http.StatusForbidden {
					t.Errorf("viewer new %s: %d", ent.Name, res.status)
				}
			}
		}
		for _, p := range []string{"/staff/", "/staff/settings", "/staff/settings/history", "/staff/account"} {
			if res := c.get(p); res.status != http.StatusOK {
				t.Errorf("%s %s: %d", role, p, res.status)
			}
		}
		want := http.StatusForbidden
		if role == "admin" {
			want = http.StatusOK
		}
		for _, p := range []string{"/staff/users", "/staff/users/new", "/staff/tokens"} {
			if res := c.get(p); res.status != want {
				t.Errorf("%s %s: %d, want %d", role, p, res.status, want)
			}
		}
		if res := c.get("/staff/missions/no-such-mission"); res.status != http.StatusNotFound {
			t.Errorf("missing record: %d", res.status)
		}
	}
	if res := e.client().get("/staff/missions"); res.status != http.StatusSeeOther || !strings.HasPrefix(res.header.Get("Location"), "/staff/login?next=") {
		t.Errorf("signed out: %d %s", res.status, res.header.Get("Location"))
	}
}

// TestHistory: each save adds an entry naming the user, with the fields
// it changed before and after.
func TestHistory(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		c := e.client()
		c.login("editor")
		form := e.formOf(personEntity, "jane-doe")
		form.Set("name", "Jane Q. Doe")
		if res := c.post("/staff/persons/jane-doe", form); res.status != http.StatusSeeOther {
			t.Fatalf("save: %d", res.status)
		}
		body := c.get("/staff/persons/jane-doe/history").body
		for _, want := range []string{"editor@example.org (user:", "update", `<th scope="row">name</th><td>Jane Doe</td><td>Jane Q. Doe</td>`, "create", "system:seed"} {
			if !strings.Contains(body, want) {
				t.Errorf("history lacks %q", want)
			}
		}
		if strings.Index(body, "update") > strings.Index(body, "create") {
			t.Error("the newest entry is not first")
		}
	})
}

// TestDashboard lists each kind of item that needs attention.
func TestDashboard(t *testing.T) {
	db := storetest.SQLite(t)
	ds := fixture()
	ds.HonoraryConsuls[1].TermEnd = registry.Today()
	ds.Relations = append(ds.Relations, registry.RelationEvent{ID: "de-severed", Country: "DE", Event: registry.Severed,
		Date: registry.MustDate("2020"), Certainty: registry.Reported})
	ds.Missions[0].LastVerified = registry.MustDate("2019-01-01")
	if _, err := db.Seed(cliCtx(), ds); err != nil {
		t.Fatal(err)
	}
	e := newEnv(t, db)
	c := e.client()
	c.login("viewer")
	body := c.get("/staff/").body
	section := func(id string) string { return between(body, `<section id="`+id+`">`, "</section>") }
	for id, want := range map[string][]string{
		"figures":   {"diplomatic missions", "48"},
		"pending":   {"rw-nairobi--KE", "ke-kigali--RW"},
		"terms":     {"hc-dar"},
		"uncovered": {"Namibia (NA)", "/staff/finder-notes/new?country=NA"},
		"stale":     {"mission rw-nairobi", "last verified 2019-01-01"},
	} {
		for _, w := range want {
			if !strings.Contains(section(id), w) {
				t.Errorf("section %s lacks %q:\n%s", id, w, section(id))
			}
		}
	}
	for id, not := range map[string]string{"pending": "rw-brussels--BE", "uncovered": "Germany", "terms": "hc-chicago"} {
		if strings.Contains(section(id), not) {
			t.Errorf("section %s lists %q", id, not)
		}
	}
}
