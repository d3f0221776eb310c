package api

import (
	"encoding/json"
	"fmt"
	"net/http"
	"testing"

	"github.com/chancery-org/chancery/internal/registry"
	"github.com/chancery-org/chancery/internal/store"
	"github.com/chancery-org/chancery/internal/store/storetest"
)

// TestAgreementLifecycleThroughAPI: a policy officer's token records an
// agreement from negotiation through signature, ratification and entry into
// force, each step a PUT naming the version read; a step out of order is
// refused with 422 naming the field; once in force the agreement counts in
// the figure agreements_in_force, and every step is in the changes feed.
func TestAgreementLifecycleThroughAPI(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		f := newWriteFixture(t, db)
		inForce := func() int {
			t.Helper()
			res := f.do(t, "", http.MethodGet, "/api/v1/figures", nil, nil)
			var figs registry.Figures
			if err := json.Unmarshal(res.body, &figs); err != nil {
				t.Fatal(err)
			}
			fig, _ := figs.Get(registry.FigAgreementsInForce)
			return fig.Value
		}
		before := inForce()
		a := registry.Agreement{ID: "rw-ug-visas", Title: registry.Names{EN: "Visa waiver agreement"},
			Kind: registry.AgreementKind, Scope: registry.Bilateral, ConsentMode: registry.ConsentRatification,
			Parties: []registry.Party{registry.StateParty("UG")}, Certainty: registry.Reported,
			Negotiation: md("2025-01-10"), Meta: registry.Meta{Source: "https://example.org/treaties"}}
		res := f.do(t, "policy_officer", http.MethodPost, "/api/v1/agreements", a, nil)
		if res.status != http.StatusCreated || res.header.Get("ETag") != `"v1"` {
			t.Fatalf("create = %d %s", res.status, res.body)
		}
		version := 1
		step := func(name string, change func(*registry.Agreement)) {
			t.Helper()
			change(&a)
			res := f.do(t, "policy_officer", http.MethodPut, "/api/v1/agreements/"+a.ID, a,
				map[string]string{"If-Match": fmt.Sprintf(`"v%d"`, version)})
			if res.status != http.StatusOK {
				t.Fatalf("%s = %d %s", name, res.status, res.body)
			}
			version++
		}
		step("signature", func(a *registry.Agreement) { a.Signed = md("2025-03-01") })
		step("domestic approval", func(a *registry.Agreement) {
			a.DomesticApproval, a.ApprovalAct = md("2025-06-01"), "Law n° 012/2025"
		})
		step("ratification deposited", func(a *registry.Agreement) { a.InstrumentsDeposited = md("2025-07-01") })
		if got := inForce(); got != before {
			t.Errorf("agreements in force before entry into force: %d, want %d", got, before)
		}

		// Entry into force dated before the signature is refused, naming
		// the field, and changes nothing.
		bad := a
		bad.EntryIntoForce = md("2024-01-01")
		res = f.do(t, "policy_officer", http.MethodPut, "/api/v1/agreements/"+a.ID, bad,
			map[string]string{"If-Match": fmt.Sprintf(`"v%d"`, version)})
		if p := checkProblem(t, "entry into force before signature", res, http.StatusUnprocessableEntity); !hasField(p, "entry_into_force") {
			t.Errorf("the refusal does not name entry_into_force: %+v", p.Errors)
		}

		step("entry into force", func(a *registry.Agreement) { a.EntryIntoForce = md("2025-08-01") })
		if got := inForce(); got != before+1 {
			t.Errorf("agreements in force after entry into force: %d, want %d", got, before+1)
		}
		stored := f.record(t, "agreements", a.ID).(*registry.Agreement)
		if stored.Version != int64(version) || stored.EntryIntoForce != md("2025-08-01") {
			t.Errorf("stored version %d, entry into force %s", stored.Version, stored.EntryIntoForce)
		}
		entries, err := db.AuditEntries(t.Context(), "agreement", a.ID)
		if err != nil || len(entries) != version {
			t.Errorf("%d audit entries for %d writes (%v)", len(entries), version, err)
		}

		// The changes feed lists the agreement.
		res = f.do(t, "", http.MethodGet, "/api/v1/changes?since=0&limit=1000", nil, nil)
		var feed struct {
			Data []struct{ Entity, ID string }
		}
		if err := json.Unmarshal(res.body, &feed); err != nil {
			t.Fatal(err)
		}
		found := false
		for _, c := range feed.Data {
			found = found || (c.Entity == "agreement" && c.ID == a.ID)
		}
		if !found {
			t.Error("the changes feed does not list the agreement")
		}

		// A protocol officer may not write agreements.
		res = f.do(t, "protocol", http.MethodPut, "/api/v1/agreements/"+a.ID, a,
			map[string]string{"If-Match": fmt.Sprintf(`"v%d"`, version)})
		checkProblem(t, "protocol writing an agreement", res, http.StatusForbidden)
	})
}

// hasField reports whether the problem lists field among its errors.
func hasField(p fieldProblem, field string) bool {
	for _, e := range p.Errors {
		if e.Field == field {
			return true
		}
	}
	return false
}
