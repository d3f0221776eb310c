package web

import (
	"net/http"
	"strings"
	"testing"

	"github.com/chancery-org/chancery/internal/i18n"
	"github.com/chancery-org/chancery/internal/registry"
)

// agreementsServer serves the seed data set with a bilateral agreement in
// force from 2021-06-01 and a multilateral one signed in 2024.
func agreementsServer(t *testing.T) *Server {
	t.Helper()
	reg, _ := seed(t)
	ds := reg.Dataset().Clone()
	ds.Agreements = []registry.Agreement{
		{ID: "ke-air", Title: registry.Names{EN: "Air services agreement", FR: "Accord sur les services aériens"},
			Kind: registry.AgreementKind, Scope: registry.Bilateral, ConsentMode: registry.ConsentRatification,
			Parties: []registry.Party{registry.StateParty("KE")}, Certainty: registry.Reported,
			Signed: registry.MustDate("2020-06-01"), InstrumentsDeposited: registry.MustDate("2021-05-01"),
			EntryIntoForce: registry.MustDate("2021-06-01"), Meta: registry.Meta{Source: "test"}},
		{ID: "au-protocol", Title: registry.Names{EN: "Protocol on free movement"}, Kind: registry.ProtocolKind,
			Scope: registry.Multilateral, ConsentMode: registry.ConsentRatification, Depositary: registry.OrgParty("AU"),
			Certainty: registry.Likely, Signed: registry.MustDate("2024-02-10"), Meta: registry.Meta{Source: "test"}},
	}
	r := registry.New(ds)
	if err := r.Validate(); err != nil {
		t.Fatal(err)
	}
	s := New(func() *registry.Registry { return r }, nil)
	s.today = func() registry.Date { return testDay }
	return s
}

func TestAgreementsPage(t *testing.T) {
	s := agreementsServer(t)
	for _, lang := range i18n.Languages {
		for _, p := range []string{"/agreements", "/agreements?as_of=2021-01-01", "/"} {
			t.Run(lang+p, func(t *testing.T) {
				r := get(t, s, "/"+lang+p)
				if r.status != http.StatusOK {
					t.Fatalf("status %d", r.status)
				}
				checkPage(t, s, r, lang, p)
			})
		}
	}
	tests := []struct {
		path      string
		rows      []string // ids shown
		inForceID string   // the row whose stage is in force, if any
		figure    string   // agreements in force on the home page
	}{
		{"/en/agreements", []string{"agreement-ke-air", "agreement-au-protocol"}, "agreement-ke-air", "1"},
		{"/en/agreements?as_of=2021-01-01", []string{"agreement-ke-air"}, "", "0"},
		{"/en/agreements?as_of=2019-01-01", nil, "", "0"},
	}
	for _, tt := range tests {
		body := get(t, s, tt.path).body
		if got := strings.Count(body, `<tr id="agreement-`); got != len(tt.rows) {
			t.Errorf("%s: %d rows, want %d", tt.path, got, len(tt.rows))
		}
		for _, id := range tt.rows {
			if !strings.Contains(body, `id="`+id+`"`) {
				t.Errorf("%s: no row %s", tt.path, id)
			}
		}
		if tt.inForceID != "" {
			row := body[strings.Index(body, `id="`+tt.inForceID+`"`):]
			row = row[:strings.Index(row, "</tr>")]
			if !strings.Contains(row, `<td class="stage">In force</td>`) || !strings.Contains(row, "Kenya") {
				t.Errorf("%s: row %s: %s", tt.path, tt.inForceID, row)
			}
		}
		if len(tt.rows) == 0 && !strings.Contains(body, "No agreement is recorded on this date.") {
			t.Errorf("%s: no empty-register message", tt.path)
		}
		home := get(t, s, "/en/"+tt.path[len("/en/agreements"):]).body
		if tt.figure == "0" {
			if strings.Contains(home, `id="fig-agreements_in_force"`) {
				t.Errorf("%s: the home page shows a zero agreements figure", tt.path)
			}
		} else if got := figure(t, home, registry.FigAgreementsInForce); got != tt.figure {
			t.Errorf("%s: home page shows %s agreements in force, want %s", tt.path, got, tt.figure)
		}
	}
	if body := get(t, s, "/fr/agreements").body; !strings.Contains(body, "Accord sur les services aériens") || !strings.Contains(body, "Ratifié") && !strings.Contains(body, "En vigueur") {
		t.Error("French page lacks the French title or stage")
	}
}
