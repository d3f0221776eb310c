package registry

import (
	"reflect"
	"testing"
)

func TestFigures(t *testing.T) {
	r := New(fixture())
	type want struct {
		value, unconfirmed int
		parts              []Part
	}
	tests := []struct {
		asOf string
		want map[string]want
	}{
		{"2026-01-01", map[string]want{
			// Nairobi embassy and the AU mission (likely); Brussels closed; New York not yet open.
			FigDiplomaticMissions: {2, 1, []Part{{"embassy", 1}, {"permanent_mission", 1}}},
			FigConsularPosts:      {0, 0, nil},
			FigOtherPosts:         {0, 0, nil},
			// KE and ET (likely) resident; SS non-resident; SO's accreditation ended in 2015.
			FigCountriesCovered:        {3, 1, []Part{{"resident", 2}, {"non_resident", 1}}},
			FigHonoraryConsuls:         {1, 0, nil},
			FigHonoraryConsulCountries: {1, 0, nil},
			FigMemberships:             {2, 1, []Part{{"member", 1}, {"associate", 0}, {"observer", 1}}},
			FigFormerMemberships:       {1, 0, nil},
			// Kenya's high commission, the nunciature, France; the EU delegation; Belgium's closed.
			FigForeignMissionsResident:   {4, 0, []Part{{"states", 3}, {"organisations", 1}}},
			FigForeignMissionsAccredited: {1, 0, nil},
		}},
		{"2014-06-30", map[string]want{
			FigDiplomaticMissions:        {3, 1, []Part{{"embassy", 2}, {"permanent_mission", 1}}},
			FigCountriesCovered:          {5, 1, []Part{{"resident", 3}, {"non_resident", 2}}},
			FigHonoraryConsuls:           {0, 0, nil},
			FigHonoraryConsulCountries:   {0, 0, nil},
			FigMemberships:               {3, 1, []Part{{"member", 2}, {"associate", 0}, {"observer", 1}}},
			FigFormerMemberships:         {0, 0, nil},
			FigForeignMissionsResident:   {5, 0, []Part{{"states", 4}, {"organisations", 1}}},
			FigForeignMissionsAccredited: {1, 0, nil},
		}},
		{"1960-01-01", map[string]want{
			FigDiplomaticMissions: {0, 0, nil},
			FigCountriesCovered:   {0, 0, []Part{{"resident", 0}, {"non_resident", 0}}},
			FigMemberships:        {0, 0, []Part{{"member", 0}, {"associate", 0}, {"observer", 0}}},
			// Missions with no opening date count as open since before any date asked.
			FigForeignMissionsResident: {3, 0, []Part{{"states", 2}, {"organisations", 1}}},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.asOf, func(t *testing.T) {
			f := r.Figures(MustDate(tt.asOf))
			if len(f.Items) != len(FigureNames) {
				t.Fatalf("%d figures, want %d", len(f.Items), len(FigureNames))
			}
			for name, w := range tt.want {
				got, ok := f.Get(name)
				if !ok {
					t.Fatalf("no figure %s", name)
				}
				if got.Value != w.value || got.Unconfirmed != w.unconfirmed || !reflect.DeepEqual(got.Parts, w.parts) {
					t.Errorf("%s = %d (unconfirmed %d) %v; want %d (%d) %v", name, got.Value, got.Unconfirmed, got.Parts, w.value, w.unconfirmed, w.parts)
				}
			}
		})
	}
	f := r.Figures(MustDate("2026-01-01"))
	dm, _ := f.Get(FigDiplomaticMissions)
	if dm.Declared == nil || dm.Declared.Value != 3 || dm.Difference != -1 {
		t.Errorf("declared comparison = %+v, difference %d; want declared 3, difference -1", dm.Declared, dm.Difference)
	}
	if cp, _ := f.Get(FigConsularPosts); cp.Declared != nil || cp.Difference != 0 {
		t.Errorf("undeclared figure has declared %+v difference %d", cp.Declared, cp.Difference)
	}
	// The consulate general opening in 2030 counts from then.
	if cp, _ := r.Figures(MustDate("2030-06-01")).Get(FigConsularPosts); cp.Value != 1 {
		t.Errorf("consular posts in 2030 = %d, want 1", cp.Value)
	}
}

func TestFind(t *testing.T) {
	ds := fixture()
	ds.FinderNotes = []FinderNote{{Country: "FR", ServedFromHQ: true, Text: Names{EN: "Served from Kigali."}, Meta: Meta{Source: "t"}}}
	r := New(ds)
	ids := func(ms []*Mission) []string {
		var out []string
		for _, m := range ms {
			out = append(out, m.ID)
		}
		return out
	}
	tests := []struct {
		iso2, asOf       string
		coverage         Coverage
		resident         []string
		nonResident      []string
		consuls          int
		relations        RelationKind
		theirResident    []string
		theirNonResident []string
		contact          bool
	}{
		{"KE", "2026-01-01", CoverResident, []string{"rw-ke-nairobi"}, nil, 0, "", []string{"ke-rw-kigali"}, nil, false},
		{"SS", "2026-01-01", CoverNonResident, nil, []string{"rw-ke-nairobi"}, 0, "", nil, nil, false},
		{"SO", "2014-01-01", CoverNonResident, nil, []string{"rw-ke-nairobi"}, 0, "", nil, nil, false},
		{"SO", "2016-01-01", CoverNone, nil, nil, 0, "", nil, nil, true},
		{"IN", "2026-01-01", CoverHonoraryOnly, nil, nil, 1, "", nil, nil, false},
		{"IN", "2022-12-31", CoverNone, nil, nil, 0, "", nil, nil, true},
		{"NO", "2026-01-01", CoverNone, nil, nil, 0, "", nil, nil, true}, // consul without exequatur does not act
		{"FR", "2026-01-01", CoverHQ, nil, nil, 0, "", []string{"fr-rw-kigali"}, nil, true},
		{"BE", "2026-01-01", CoverNone, nil, nil, 0, Severed, nil, nil, true},
		{"BE", "2020-01-01", CoverResident, []string{"rw-be-brussels"}, nil, 0, Established, []string{"be-rw-kigali"}, nil, false},
		{"US", "2026-01-01", CoverNone, nil, nil, 0, "", nil, []string{"us-ke-nairobi"}, true},
		{"US", "2031-01-01", CoverResident, []string{"rw-us-newyork-cg"}, nil, 0, "", nil, []string{"us-ke-nairobi"}, false},
		{"RW", "2026-01-01", CoverHome, nil, nil, 0, "", nil, nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.iso2+"@"+tt.asOf, func(t *testing.T) {
			a := r.Find(tt.iso2, MustDate(tt.asOf))
			if a == nil {
				t.Fatal("nil answer")
			}
			var nonRes []*Mission
			for _, c := range a.NonResident {
				nonRes = append(nonRes, c.Mission)
			}
			if a.Coverage != tt.coverage {
				t.Errorf("coverage = %s, want %s", a.Coverage, tt.coverage)
			}
			if !reflect.DeepEqual(ids(a.Resident), tt.resident) || !reflect.DeepEqual(ids(nonRes), tt.nonResident) {
				t.Errorf("resident %v non-resident %v; want %v %v", ids(a.Resident), ids(nonRes), tt.resident, tt.nonResident)
			}
			if len(a.HonoraryConsuls) != tt.consuls {
				t.Errorf("%d honorary consuls, want %d", len(a.HonoraryConsuls), tt.consuls)
			}
			if a.Relations.Status != tt.relations {
				t.Errorf("relations = %q, want %q", a.Relations.Status, tt.relations)
			}
			if !reflect.DeepEqual(ids(a.TheirResident), tt.theirResident) || !reflect.DeepEqual(ids(a.TheirNonResident), tt.theirNonResident) {
				t.Errorf("reverse side %v / %v; want %v / %v", ids(a.TheirResident), ids(a.TheirNonResident), tt.theirResident, tt.theirNonResident)
			}
			if (a.ConsularContact != "") != tt.contact {
				t.Errorf("consular contact %q, want shown=%v", a.ConsularContact, tt.contact)
			}
		})
	}
	if r.Find("QQ", Today()) != nil {
		t.Error("unknown country: want nil")
	}
}

func TestPrecedence(t *testing.T) {
	order := func(l *DiplomaticList) (heads, ai, pending []string) {
		for _, e := range l.Heads {
			heads = append(heads, e.Appointment.ID)
		}
		for _, e := range l.ChargesAI {
			ai = append(ai, e.Appointment.ID)
		}
		for _, e := range l.Pending {
			pending = append(pending, e.Appointment.ID)
		}
		return
	}
	tests := []struct {
		name               string
		asOf               string
		nuncioDean         bool
		heads, ai, pending []string
	}{
		// Same ceremony: the US envoy presented first (seq 1). The nuncio's
		// month-only date ranks after known days. Belgium: relations severed.
		{"current", "2026-01-01", false, []string{"hom-us", "hom-ke", "hom-va"}, []string{"cda-fr"}, []string{"hom-eu"}},
		{"nuncio as dean", "2026-01-01", true, []string{"hom-va", "hom-us", "hom-ke"}, []string{"cda-fr"}, []string{"hom-eu"}},
		// In 2020 the earlier US envoy and Belgium's were in post.
		{"2020", "2020-06-01", false, []string{"hom-us-old", "hom-be"}, nil, nil},
		{"before the ceremony day", "2021-05-09", false, []string{"hom-us-old", "hom-be"}, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ds := fixture()
			ds.Settings.NuncioIsDean = tt.nuncioDean
			l := New(ds).Precedence(MustDate(tt.asOf))
			heads, ai, pending := order(l)
			if !reflect.DeepEqual(heads, tt.heads) || !reflect.DeepEqual(ai, tt.ai) || !reflect.DeepEqual(pending, tt.pending) {
				t.Errorf("heads %v, a.i. %v, pending %v;\nwant %v, %v, %v", heads, ai, pending, tt.heads, tt.ai, tt.pending)
			}
			if len(l.Heads) > 0 && (l.Dean() != &l.Heads[0] || l.Heads[0].Rank != 1) {
				t.Error("the dean is not the first head, ranked 1")
			}
		})
	}
	// A later, differently-classed head: an envoy ranks after every ambassador.
	ds := fixture()
	ds.Appointments[0].Title = Envoy
	heads, _, _ := order(New(ds).Precedence(MustDate("2026-01-01")))
	if want := []string{"hom-us", "hom-va", "hom-ke"}; !reflect.DeepEqual(heads, want) {
		t.Errorf("with a class-2 envoy: %v, want %v", heads, want)
	}
}
