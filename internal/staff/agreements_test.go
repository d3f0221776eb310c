package staff

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/chancery-org/chancery/internal/registry"
	"github.com/chancery-org/chancery/internal/store"
	"github.com/chancery-org/chancery/internal/store/storetest"
)

// homeFigure returns the number the public home page shows for a figure, or
// "" when it shows none.
func homeFigure(body, name string) string {
	i := strings.Index(body, `id="fig-`+name+`"`)
	if i < 0 {
		return ""
	}
	const open = `<span class="num">`
	j := strings.Index(body[i:], open) + i + len(open)
	return body[j : j+strings.Index(body[j:], "<")]
}

// TestPolicyOfficerRecordsAnAgreement: a policy officer records an agreement
// through the forms, step by step, to its entry into force, and the home
// page counts it among the agreements in force; a step out of order is
// refused with a clear error and changes nothing.
func TestPolicyOfficerRecordsAnAgreement(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		c := e.client()
		c.login("policy_officer")
		before := homeFigure(c.get("/en/").body, registry.FigAgreementsInForce)

		res := c.post("/staff/agreements", url.Values{"id": {"ug-trade"}, "title_en": {"Trade agreement with Uganda"},
			"kind": {"agreement"}, "scope": {"bilateral"}, "consent_mode": {"ratification"}, "parties": {"UG"},
			"certainty": {"reported"}, "negotiation": {"2023"}, "source": {"https://example.org/minutes"}})
		if res.status != http.StatusSeeOther {
			t.Fatalf("create: %d\n%s", res.status, excerpt(res.body))
		}
		// Entry into force before ratification is refused.
		form := e.formOf(agreementEntity, "ug-trade")
		form.Set("signed", "2024-03-01")
		form.Set("entry_into_force", "2024-06-01")
		res = c.post(rec(agreementEntity, "ug-trade"), form)
		if res.status != http.StatusUnprocessableEntity || !strings.Contains(res.body, "record the deposit or exchange of instruments first") {
			t.Fatalf("entry into force before ratification: %d\n%s", res.status, excerpt(res.body))
		}
		if got := e.record(agreementEntity, "ug-trade").(*registry.Agreement); !got.Signed.IsZero() {
			t.Fatalf("the refused form was saved: %+v", got)
		}
		for _, step := range []map[string]string{
			{"signed": "2024-03-01", "place": "Kampala"},
			{"domestic_approval": "2024-09-10", "approval_act": "Law n° 031/2024", "gazette": "2024-09-20"},
			{"instruments_deposited": "2024-11-05"},
			{"entry_into_force": "2024-12-05"},
		} {
			form := e.formOf(agreementEntity, "ug-trade")
			for k, v := range step {
				form.Set(k, v)
			}
			if res := c.post(rec(agreementEntity, "ug-trade"), form); res.status != http.StatusSeeOther {
				t.Fatalf("step %v: %d\n%s", step, res.status, excerpt(res.body))
			}
		}
		a := e.record(agreementEntity, "ug-trade").(*registry.Agreement)
		if a.Version != 5 || a.StageAt(registry.Today()) != registry.StageInForce || len(a.Parties) != 1 || a.Parties[0] != registry.StateParty("UG") {
			t.Errorf("stored agreement: %+v", a)
		}
		after := homeFigure(c.get("/en/").body, registry.FigAgreementsInForce)
		if before != "1" || after != "2" {
			t.Errorf("agreements in force on the home page: %q before, %q after; want 1 then 2", before, after)
		}
		if body := c.get("/en/agreements").body; !strings.Contains(body, `id="agreement-ug-trade"`) {
			t.Error("the public register does not list the new agreement")
		}
		// The policy officer edits nothing else.
		if res := c.post(rec(finderNoteEntity, "TZ"), e.formOf(finderNoteEntity, "TZ")); res.status != http.StatusForbidden {
			t.Errorf("policy officer saving a finder note: %d", res.status)
		}
	})
}

// TestAgreementAlerts: the dashboard lists the agreement signed and not
// ratified for over 12 months and the one whose entry into force is
// pending, each linking to its record.
func TestAgreementAlerts(t *testing.T) {
	e := newEnv(t, storetest.SQLite(t))
	c := e.client()
	c.login("viewer")
	body := c.get("/staff/").body
	section := func(id string) string {
		i := strings.Index(body, `<section id="`+id+`">`)
		if i < 0 {
			t.Fatalf("no section %s", id)
		}
		return body[i : i+strings.Index(body[i:], "</section>")]
	}
	tests := []struct {
		section string
		want    []string
		not     []string
	}{
		{"unratified", []string{`href="/staff/agreements/ke-visas"`, "signed 2022-03-01"}, []string{"ke-air", "au-protocol"}},
		{"pending-in-force", []string{`href="/staff/agreements/au-protocol"`, "consent given 2018-05-25"}, []string{"ke-air", "ke-visas"}},
	}
	for _, tt := range tests {
		s := section(tt.section)
		for _, w := range tt.want {
			if !strings.Contains(s, w) {
				t.Errorf("%s: no %q in\n%s", tt.section, w, s)
			}
		}
		for _, n := range tt.not {
			if strings.Contains(s, n) {
				t.Errorf("%s lists %s", tt.section, n)
			}
		}
	}
}
