package api

import (
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/chancery-org/chancery/internal/registry"
)

// agreementsAPI serves the seed data set with two agreements: a bilateral
// one in force since 2021 and a multilateral one signed in 2024, not yet
// ratified.
func agreementsAPI(t *testing.T) *oaAPI {
	t.Helper()
	fx := oaFixture(t)
	ds := fx.reg.Dataset().Clone()
	ds.Agreements = []registry.Agreement{
		{ID: "ke-air", Title: registry.Names{EN: "Air services agreement"}, Kind: registry.AgreementKind, Scope: registry.Bilateral,
			ConsentMode: registry.ConsentRatification, Parties: []registry.Party{registry.StateParty("KE")}, Certainty: registry.Reported,
			Signed: registry.MustDate("2020-06-01"), InstrumentsDeposited: registry.MustDate("2021-05-01"),
			EntryIntoForce: registry.MustDate("2021-06-01"), UNRegistered: registry.MustDate("2022-01-15"), UNRegistrationNumber: "I-56789",
			Meta: registry.Meta{Source: "test"}},
		{ID: "multi-2024", Title: registry.Names{EN: "Convention on =cooperation"}, Kind: registry.Convention, Scope: registry.Multilateral,
			ConsentMode: registry.ConsentRatification, Parties: []registry.Party{registry.StateParty("KE"), registry.OrgParty("AU")},
			Depositary: registry.OrgParty("AU"), Certainty: registry.Likely, Signed: registry.MustDate("2024-02-10"),
			Meta: registry.Meta{Source: "test"}},
	}
	reg := registry.New(ds)
	if err := reg.Validate(); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(New(func() *registry.Registry { return reg }, slog.New(slog.DiscardHandler)))
	t.Cleanup(srv.Close)
	return &oaAPI{oaFixtures: fx, srv: srv, client: &http.Client{Transport: &http.Transport{DisableCompression: true}}}
}

func TestAgreementsAPI(t *testing.T) {
	a := agreementsAPI(t)
	csv := map[string]string{"Accept": "text/csv"}
	tests := []struct {
		target string
		header map[string]string
		ids    []string // for JSON
		stages []string
		rows   int // for CSV, without the header
	}{
		{target: "/api/v1/agreements?as_of=2025-01-01", ids: []string{"ke-air", "multi-2024"}, stages: []string{"in_force", "signed"}},
		{target: "/api/v1/agreements?as_of=2021-05-15", ids: []string{"ke-air"}, stages: []string{"consented"}},
		{target: "/api/v1/agreements?as_of=2021-01-01", ids: []string{"ke-air"}, stages: []string{"signed"}},
		{target: "/api/v1/agreements?stage=in_force&as_of=2025-01-01", ids: []string{"ke-air"}, stages: []string{"in_force"}},
		{target: "/api/v1/agreements?party=organisation:AU", ids: []string{"multi-2024"}, stages: []string{"signed"}},
		{target: "/api/v1/agreements?kind=mou,treaty", ids: []string{}, stages: []string{}},
		{target: "/api/v1/agreements?scope=bilateral&limit=1", ids: []string{"ke-air"}, stages: []string{"in_force"}},
		{target: "/api/v1/agreements", header: csv, rows: 2},
		{target: "/api/v1/agreements.csv?scope=multilateral", rows: 1},
	}
	for _, tt := range tests {
		t.Run(tt.target, func(t *testing.T) {
			res := a.do(t, http.MethodGet, tt.target, tt.header)
			if res.status != http.StatusOK {
				t.Fatalf("status %d: %s", res.status, res.body)
			}
			if v := a.validate(t, http.MethodGet, tt.target, tt.header, res); !v.routed || v.requestErr != nil {
				t.Fatalf("routed %v, request refused: %v", v.routed, v.requestErr)
			}
			if tt.ids == nil {
				lines := strings.Split(strings.TrimSpace(string(res.body)), "\n")
				if len(lines)-1 != tt.rows || !strings.HasPrefix(lines[0], "id,title_en,") {
					t.Errorf("CSV has %d rows, want %d:\n%s", len(lines)-1, tt.rows, res.body)
				}
				return
			}
			var got struct {
				Data []struct {
					ID    string `json:"id"`
					Stage string `json:"stage"`
				} `json:"data"`
			}
			if err := json.Unmarshal(res.body, &got); err != nil {
				t.Fatal(err)
			}
			ids, stages := []string{}, []string{}
			for _, d := range got.Data {
				ids, stages = append(ids, d.ID), append(stages, d.Stage)
			}
			if !slices.Equal(ids, tt.ids) || !slices.Equal(stages, tt.stages) {
				t.Errorf("got %v %v, want %v %v", ids, stages, tt.ids, tt.stages)
			}
		})
	}
	// The figure counts the agreement in force.
	res := a.do(t, http.MethodGet, "/api/v1/figures?as_of=2025-01-01", nil)
	var figs registry.Figures
	if err := json.Unmarshal(res.body, &figs); err != nil {
		t.Fatal(err)
	}
	if f, _ := figs.Get(registry.FigAgreementsInForce); f.Value != 1 {
		t.Errorf("agreements_in_force = %+v, want 1", f)
	}
	a.validate(t, http.MethodGet, "/api/v1/figures?as_of=2025-01-01", nil, res)
}
