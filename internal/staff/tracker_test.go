package staff

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chancery-org/chancery/internal/audit"
	"github.com/chancery-org/chancery/internal/registry"
	"github.com/chancery-org/chancery/internal/store"
	"github.com/chancery-org/chancery/internal/store/storetest"
)

// trackerFixtureIDs names a record of fixture() for each tracker entity.
var trackerFixtureIDs = map[*entity]string{
	policyNodeEntity: "fp-2020", initiativeEntity: "one-stop-borders", indicatorEntity: "trade-missions",
	indicatorActualEntity: "trade-missions-2024", engagementEntity: "rw-ug-jpc-10", commitmentEntity: "jpc10-border-hours",
	associationEntity: "rw-community-nairobi", stakeholderEntity: "private-sector-federation", consultationEntity: "fp-review-2026",
}

// section returns the dashboard section id of body, or "" when absent.
func section(body, id string) string {
	i := strings.Index(body, `<section id="`+id+`">`)
	if i < 0 {
		return ""
	}
	return body[i : i+strings.Index(body[i:], "</section>")]
}

// actual returns the stored indicator actual id.
func (e *env) actual(id string) *registry.IndicatorActual {
	e.t.Helper()
	a, _ := e.record(indicatorActualEntity, id).(*registry.IndicatorActual)
	if a == nil {
		e.t.Fatalf("no indicator actual %q", id)
	}
	return a
}

// TestPolicyOfficerKeepsTheTracker: a policy officer records a commission
// session, a decision of it falling due, and an actual; the system stamps
// who recorded the actual whatever the form says; protocol and editors may
// not approve it, the officer does (audited); a changed value loses the
// approval, a changed note keeps it; a stale save gets the conflict page;
// the dashboard lists the obligation due and the actual awaiting approval.
func TestPolicyOfficerKeepsTheTracker(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		c := e.client()
		c.login("policy_officer")
		officer := audit.UserActor(e.users["policy_officer"].ID)

		res := c.post("/staff/engagements", url.Values{"id": {"rw-ug-jpc-11"}, "kind": {"commission_session"},
			"title_en": {"11th session of the Rwanda-Uganda JPC"}, "start": {"2026-03-10"}, "countries": {"UG"},
			"objectives": {"obj-borders;\r\nobj-trade"}, "commission": {"rw-ug-jpc"}, "session": {"11"}, "public": {"on"}})
		if res.status != http.StatusSeeOther {
			t.Fatalf("create engagement: %d\n%s", res.status, excerpt(res.body))
		}
		eng := e.record(engagementEntity, "rw-ug-jpc-11").(*registry.Engagement)
		if !eng.Public || strings.Join(eng.Objectives, ",") != "obj-borders,obj-trade" || eng.Session != 11 || eng.Direction != "" {
			t.Errorf("stored engagement: %+v", eng)
		}

		due := registry.DateOf(time.Now().UTC().AddDate(0, 0, 10))
		res = c.post("/staff/commitments", url.Values{"id": {"jpc11-visas"}, "engagement": {"rw-ug-jpc-11"},
			"text": {"Harmonise visa fees"}, "owner": {"Consular affairs"}, "due": {due.String()}, "status": {"open"}})
		if res.status != http.StatusSeeOther {
			t.Fatalf("create commitment: %d\n%s", res.status, excerpt(res.body))
		}

		// The recorded and approved fields are the system's: sent in the
		// form, they are ignored.
		before := time.Now().Add(-time.Second)
		res = c.post("/staff/indicator-actuals", url.Values{"id": {"trade-missions-2026"}, "indicator": {"trade-missions"},
			"period": {"2026"}, "value": {"4"}, "evidence": {"engagement:rw-ug-jpc-11"},
			"recorded_by": {"mallory"}, "approved_by": {"mallory"}, "approved_at": {"2026-01-01T00:00:00Z"}})
		if res.status != http.StatusSeeOther {
			t.Fatalf("create actual: %d\n%s", res.status, excerpt(res.body))
		}
		const id = "trade-missions-2026"
		a := e.actual(id)
		if a.RecordedBy != officer || a.RecordedAt.Before(before) || a.Approved() || a.Value == nil || *a.Value != 4 {
			t.Fatalf("stored actual: %+v", a)
		}
		page := c.get(rec(indicatorActualEntity, id)).body
		for _, want := range []string{"policy_officer@example.org", "awaiting approval", `id="approve"`} {
			if !strings.Contains(page, want) {
				t.Errorf("actual's page: no %q\n%s", want, excerpt(page))
			}
		}
		if strings.Contains(page, `name="recorded_by"`) || strings.Contains(page, `name="approved_by"`) {
			t.Error("the form offers the recorded or approved fields")
		}

		dash := c.get("/staff/").body
		for sec, want := range map[string][]string{
			"obligations": {`href="/staff/commitments/jpc11-visas"`, "due " + due.String(), `href="/staff/commitments/jpc10-border-hours"`, "overdue since 2025-06-30"},
			"awaiting":    {`href="/staff/indicator-actuals/` + id + `"`},
		} {
			s := section(dash, sec)
			for _, w := range want {
				if !strings.Contains(s, w) {
					t.Errorf("dashboard %s: no %q in\n%s", sec, w, s)
				}
			}
		}
		if s := section(dash, "obligations"); strings.Contains(s, "ke-air-review") || strings.Contains(s, "jpc10-joint-patrols") {
			t.Errorf("dashboard lists a commitment done or not due:\n%s", s)
		}

		approve := func(cl *client, version int64) response {
			return cl.post(rec(indicatorActualEntity, id)+"/approve", url.Values{"version": {strconv.FormatInt(version, 10)}})
		}
		for _, role := range []string{"protocol", "editor", "viewer"} {
			other := e.client()
			other.login(role)
			if res := approve(other, a.Version); res.status != http.StatusForbidden {
				t.Errorf("%s approves: %d, want 403", role, res.status)
			}
			if strings.Contains(other.get(rec(indicatorActualEntity, id)).body, `id="approve"`) {
				t.Errorf("%s is offered the approve button", role)
			}
			if section(other.get("/staff/").body, "awaiting") != "" {
				t.Errorf("%s is shown the actuals awaiting approval", role)
			}
		}
		if e.actual(id).Approved() {
			t.Fatal("a refused approval was saved")
		}

		if res := approve(c, a.Version); res.status != http.StatusSeeOther {
			t.Fatalf("approve: %d\n%s", res.status, excerpt(res.body))
		}
		approved := e.actual(id)
		if approved.ApprovedBy != officer || approved.ApprovedAt.Before(approved.RecordedAt.Time) || approved.Version != a.Version+1 ||
			approved.RecordedBy != officer {
			t.Fatalf("approved actual: %+v", approved)
		}
		entries, err := db.AuditEntries(context.Background(), "indicator_actual", id)
		if err != nil {
			t.Fatal(err)
		}
		if n := len(entries); n != 2 || entries[n-1].Actor != officer || !strings.Contains(string(entries[n-1].After), officer) {
			t.Errorf("audit entries of the actual: %+v", entries)
		}
		if page := c.get(rec(indicatorActualEntity, id)).body; !strings.Contains(page, "approved by policy_officer@example.org") ||
			strings.Contains(page, `id="approve"`) {
			t.Errorf("approved actual's page:\n%s", excerpt(page))
		}
		if res := approve(c, a.Version); res.status != http.StatusConflict {
			t.Errorf("approving an old version: %d, want 409", res.status)
		}

		// A changed note keeps the approval; a changed value loses it.
		form := e.formOf(indicatorActualEntity, id)
		form.Set("note", "Confirmed by the trade directorate.")
		if res := c.post(rec(indicatorActualEntity, id), form); res.status != http.StatusSeeOther {
			t.Fatalf("change the note: %d\n%s", res.status, excerpt(res.body))
		}
		if got := e.actual(id); !got.Approved() || got.ApprovedBy != officer {
			t.Errorf("a changed note lost the approval: %+v", got)
		}
		stale := e.formOf(indicatorActualEntity, id)
		form = e.formOf(indicatorActualEntity, id)
		form.Set("value", "5")
		if res := c.post(rec(indicatorActualEntity, id), form); res.status != http.StatusSeeOther {
			t.Fatalf("change the value: %d\n%s", res.status, excerpt(res.body))
		}
		// A changed value is recorded anew, by who changed it, and waits
		// for approval again.
		if got := e.actual(id); got.Approved() || got.RecordedBy != officer || got.RecordedAt.Before(a.RecordedAt.Time) {
			t.Errorf("a changed value kept the approval or was not recorded anew: %+v", got)
		}

		// A save of an outdated version gets the conflict page and
		// changes nothing.
		stale.Set("value", "7")
		res = c.post(rec(indicatorActualEntity, id), stale)
		if res.status != http.StatusConflict || !strings.Contains(res.body, `id="conflict"`) {
			t.Errorf("stale save: %d\n%s", res.status, excerpt(res.body))
		}
		if got := e.actual(id); *got.Value != 5 {
			t.Errorf("the stale save was written: %v", *got.Value)
		}
	})
}

// TestTrackerRefusals: protocol officers edit no tracker record (403), a
// policy officer's invalid save names the field, and only a policy can be
// superseded.
func TestTrackerRefusals(t *testing.T) {
	e := newEnv(t, storetest.SQLite(t))
	protocol := e.client()
	protocol.login("protocol")
	for ent, id := range trackerFixtureIDs {
		if res := protocol.get("/staff/" + ent.Path + "/new"); res.status != http.StatusForbidden {
			t.Errorf("protocol opens a new %s: %d, want 403", ent.Name, res.status)
		}
		form := e.formOf(ent, id)
		if res := protocol.post(rec(ent, id), form); res.status != http.StatusForbidden {
			t.Errorf("protocol saves %s %s: %d, want 403", ent.Name, id, res.status)
		}
		form.Set(ent.IDField().Name, id+"-copy")
		if res := protocol.post("/staff/"+ent.Path, form); res.status != http.StatusForbidden {
			t.Errorf("protocol creates a %s: %d, want 403", ent.Name, res.status)
		}
		if strings.Contains(protocol.get(rec(ent, id)).body, `id="record-form"`) {
			t.Errorf("protocol is offered the form of %s %s", ent.Name, id)
		}
	}

	c := e.client()
	c.login("policy_officer")
	tests := []struct {
		name   string
		path   string
		form   url.Values
		field  string // the input the error is shown on
		reason string
	}{
		{"target not PERIOD=VALUE", "/staff/indicators", url.Values{"id": {"visits"}, "objective": {"obj-trade"}, "title_en": {"Visits"},
			"measure": {"count"}, "targets": {"2026=4\n2027"}}, "targets", "is not a target"},
		{"target below the baseline", "/staff/indicators", url.Values{"id": {"visits"}, "objective": {"obj-trade"}, "title_en": {"Visits"},
			"measure": {"count"}, "direction": {"increase"}, "baseline_period": {"2023"}, "baseline_value": {"5"},
			"targets": {"2026=6\n2027=3"}}, "targets", "line 2, value: 3 must be above the baseline"},
		{"objective twice", "/staff/initiatives", url.Values{"id": {"x"}, "title_en": {"X"}, "objectives": {"obj-trade; obj-trade"},
			"status": {"planned"}}, "objectives", "is listed twice"},
		{"not an objective", "/staff/initiatives", url.Values{"id": {"x"}, "title_en": {"X"}, "objectives": {"pillar-region"},
			"status": {"planned"}}, "objectives", "not an objective"},
		{"value not a number", "/staff/indicator-actuals", url.Values{"id": {"x"}, "indicator": {"trade-missions"}, "period": {"2026"},
			"value": {"four"}, "evidence": {"https://example.org"}}, "value", "is not a number"},
	}
	for _, tt := range tests {
		res := c.post(tt.path, tt.form)
		errText := between(res.body, `id="err-`+tt.field+`">`, "</span>\n")
		if res.status != http.StatusUnprocessableEntity || !strings.Contains(res.body, tt.reason) {
			t.Errorf("%s: %d, want 422 with %q\n%s", tt.name, res.status, tt.reason, excerpt(res.body))
		} else if !strings.Contains(res.body, `id="err-`+tt.field+`"`) {
			t.Errorf("%s: no error on %s: %q\n%s", tt.name, tt.field, errText, excerpt(res.body))
		}
	}

	if res := c.get(rec(policyNodeEntity, "obj-trade") + "/end"); res.status != http.StatusUnprocessableEntity {
		t.Errorf("supersede an objective: %d, want 422", res.status)
	}
	if strings.Contains(c.get(rec(policyNodeEntity, "obj-trade")).body, `id="end-link"`) {
		t.Error("an objective offers the supersede link")
	}
	version := strconv.FormatInt(e.record(policyNodeEntity, "fp-2020").(*registry.PolicyNode).Version, 10)
	if res := c.post(rec(policyNodeEntity, "fp-2020")+"/end", url.Values{"date": {"2026-01-15"}, "version": {version}}); res.status != http.StatusSeeOther {
		t.Fatalf("supersede the policy: %d\n%s", res.status, excerpt(res.body))
	}
	if n := e.record(policyNodeEntity, "fp-2020").(*registry.PolicyNode); n.Superseded != d("2026-01-15") {
		t.Errorf("superseded policy: %+v", n)
	}
	// Complete sets a commitment done on the date given.
	version = strconv.FormatInt(e.record(commitmentEntity, "jpc10-border-hours").(*registry.Commitment).Version, 10)
	if res := c.post(rec(commitmentEntity, "jpc10-border-hours")+"/end", url.Values{"date": {"2026-01-20"}, "version": {version}}); res.status != http.StatusSeeOther {
		t.Fatalf("complete the commitment: %d\n%s", res.status, excerpt(res.body))
	}
	if x := e.record(commitmentEntity, "jpc10-border-hours").(*registry.Commitment); x.Status != registry.CommitmentDone || x.Closed != d("2026-01-20") {
		t.Errorf("completed commitment: %+v", x)
	}
}

// TestActualLate: the record page of an actual recorded after its period
// ended says so; the period's end follows the fiscal year's start month.
func TestActualLate(t *testing.T) {
	e := newEnv(t, storetest.SQLite(t))
	c := e.client()
	c.login("viewer")
	page := c.get(rec(indicatorActualEntity, "trade-missions-2024")).body
	if !strings.Contains(page, `id="fact-late"`) || !strings.Contains(page, "period ended on 2024-12-31") {
		t.Errorf("late actual's page:\n%s", excerpt(page))
	}
	if !strings.Contains(page, "approved by cli at 2025-01-16 09:00:00 UTC") {
		t.Errorf("approval not shown:\n%s", excerpt(page))
	}

	for _, tt := range []struct {
		period   string
		start    time.Month
		recorded time.Time
		late     bool
		end      string
	}{
		{"2024-2025", time.July, time.Date(2025, 7, 1, 0, 0, 0, 0, time.UTC), true, "2025-06-30"},
		{"2024-2025", time.July, time.Date(2025, 6, 30, 23, 59, 0, 0, time.UTC), false, "2025-06-30"},
		{"2024-2025-Q2", time.July, time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), true, "2024-12-31"},
		{"2025", time.January, time.Date(2025, 12, 31, 12, 0, 0, 0, time.UTC), false, "2025-12-31"},
		{"2025-Q1", time.January, time.Date(2025, 4, 1, 0, 0, 0, 0, time.UTC), true, "2025-03-31"},
	} {
		a := &registry.IndicatorActual{Period: tt.period, RecordedAt: registry.Timestamp{Time: tt.recorded}}
		late, end := a.Late(tt.start)
		if late != tt.late || (tt.end != "" && end.String() != tt.end) {
			t.Errorf("%s (start %v) recorded %v: late %v, end %s; want %v, %s", tt.period, tt.start, tt.recorded, late, end, tt.late, tt.end)
		}
	}
	if late, _ := (&registry.IndicatorActual{Period: "someday", RecordedAt: registry.Timestamp{Time: time.Now()}}).Late(time.July); late {
		t.Error("an unreadable period is late")
	}
}
