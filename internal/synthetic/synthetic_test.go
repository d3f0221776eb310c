package synthetic_test

import (
	"reflect"
	"testing"

	"github.com/chancery-org/chancery/data"
	"github.com/chancery-org/chancery/internal/dataset"
	"github.com/chancery-org/chancery/internal/registry"
	"github.com/chancery-org/chancery/internal/synthetic"
)

// seedCountries returns the countries of the seed data set.
func seedCountries(t testing.TB) []registry.Country {
	t.Helper()
	ds, err := dataset.Load(data.FS)
	if err != nil {
		t.Fatal(err)
	}
	return ds.Countries
}

func validate(t *testing.T, ds registry.Dataset) {
	t.Helper()
	if err := registry.New(ds.Clone()).Validate(); err != nil {
		t.Fatalf("synthetic world does not validate: %v", err)
	}
}

func TestWorldSeedCountries(t *testing.T) {
	countries := seedCountries(t)
	ds := synthetic.World(countries, synthetic.Options{Home: "RW"})
	validate(t, ds)
	checkSizes(t, ds, len(countries), 60, 3)

	r := registry.New(ds)
	asOf := registry.MustDate("2026-07-01")
	list := r.Precedence(asOf)
	n := len(list.Heads) + len(list.ChargesAI) + len(list.Pending)
	t.Logf("countries %d, missions %d, accreditations %d, appointments %d, people %d, honorary consuls %d, precedence %d (heads %d, chargés a.i. %d, pending %d)",
		len(ds.Countries), len(ds.Missions), len(ds.Accreditations), len(ds.Appointments), len(ds.People),
		len(ds.HonoraryConsuls), n, len(list.Heads), len(list.ChargesAI), len(list.Pending))
	if n < 100 || n > 200 {
		t.Errorf("precedence has %d entries, want 100 to 200", n)
	}
	if len(list.Heads) == 0 || len(list.ChargesAI) == 0 || len(list.Pending) == 0 {
		t.Errorf("precedence lacks a part: %d heads, %d chargés a.i., %d pending", len(list.Heads), len(list.ChargesAI), len(list.Pending))
	}

	f := r.Figures(asOf)
	for _, name := range []string{registry.FigDiplomaticMissions, registry.FigCountriesCovered, registry.FigHonoraryConsuls,
		registry.FigHonoraryConsulCountries, registry.FigMemberships, registry.FigForeignMissionsResident, registry.FigForeignMissionsAccredited} {
		if it, _ := f.Get(name); it.Value == 0 {
			t.Errorf("figure %s is 0", name)
		}
	}
	if it, _ := f.Get(registry.FigHonoraryConsuls); it.Value < 25 || it.Value > 40 {
		t.Errorf("%d honorary consuls acting, want about 35", it.Value)
	}
	if n := len(ds.HonoraryConsuls); n != 40 {
		t.Errorf("%d honorary consuls, want 40", n)
	}
	hcCountries := map[string]bool{}
	for _, h := range ds.HonoraryConsuls {
		hcCountries[h.Country] = true
	}
	if len(hcCountries) != 20 {
		t.Errorf("honorary consuls in %d countries, want 20", len(hcCountries))
	}
	if it, _ := f.Get(registry.FigCountriesCovered); it.Value < 120 {
		t.Errorf("the home state covers %d countries, want about 170", it.Value)
	}
	coverage := map[registry.Coverage]int{}
	for _, c := range ds.Countries {
		coverage[r.Find(c.ISO2, asOf).Coverage]++
	}
	t.Logf("finder coverage: %v", coverage)
	for _, c := range []registry.Coverage{registry.CoverResident, registry.CoverNonResident, registry.CoverHonoraryOnly, registry.CoverHQ, registry.CoverNone, registry.CoverHome} {
		if coverage[c] == 0 {
			t.Errorf("no country has coverage %s", c)
		}
	}
}

func TestWorldFakeCountries(t *testing.T) {
	countries := synthetic.Countries(200)
	ds := synthetic.World(countries, synthetic.Options{Seed: 7})
	if ds.Settings.HomeState != "AA" { // RW is not among AA..HR
		t.Errorf("home state %q, want the first country AA", ds.Settings.HomeState)
	}
	validate(t, ds)
	checkSizes(t, ds, 200, 60, 3)
}

func TestWorldSmall(t *testing.T) {
	for _, n := range []int{0, 1, 2, 5, 30} {
		countries := synthetic.Countries(n)
		ds := synthetic.World(countries, synthetic.Options{MissionsPerState: 60, AccreditationsPerMission: 4})
		if n > 0 {
			validate(t, ds)
		}
		for _, m := range ds.Missions {
			if m.Sender.Code == m.Country {
				t.Fatalf("n=%d: mission %s is in its own state", n, m.ID)
			}
		}
	}
}

func TestWorldOptions(t *testing.T) {
	countries := synthetic.Countries(120)
	ds := synthetic.World(countries, synthetic.Options{Home: "BA", MissionsPerState: 20, AccreditationsPerMission: 5, Organisations: 2, HonoraryConsuls: 9, HonoraryConsulCountries: 3})
	validate(t, ds)
	checkSizes(t, ds, 120, 20, 5)
	if ds.Settings.HomeState != "BA" || len(ds.Organisations) != 2 || len(ds.HonoraryConsuls) != 9 {
		t.Errorf("home %s, %d organisations, %d honorary consuls", ds.Settings.HomeState, len(ds.Organisations), len(ds.HonoraryConsuls))
	}
}

func TestWorldDeterministic(t *testing.T) {
	countries := synthetic.Countries(150)
	a := synthetic.World(countries, synthetic.Options{Seed: 42})
	b := synthetic.World(countries, synthetic.Options{Seed: 42})
	if !reflect.DeepEqual(a, b) {
		t.Fatal("two worlds from the same options differ")
	}
	c := synthetic.World(countries, synthetic.Options{Seed: 43})
	if reflect.DeepEqual(a, c) {
		t.Fatal("two seeds gave the same world")
	}
}

// checkSizes checks that every state has about perState missions in distinct
// countries and the missions about perMission accreditations, with no
// receiver twice for one sender.
func checkSizes(t *testing.T, ds registry.Dataset, countries, perState, perMission int) {
	t.Helper()
	perState = min(perState, countries-1)
	want := countries * perState
	if n := len(ds.Missions); n < want*9/10 || n > want*11/10 {
		t.Errorf("%d missions, want about %d", n, want)
	}
	if n := len(ds.Accreditations); n < want*perMission*8/10 || n > want*perMission*11/10 {
		t.Errorf("%d accreditations, want about %d", n, want*perMission)
	}
	sender := map[string]registry.Party{}
	located := map[registry.Party]map[string]bool{}
	for _, m := range ds.Missions {
		sender[m.ID] = m.Sender
		if located[m.Sender] == nil {
			located[m.Sender] = map[string]bool{}
		}
		if located[m.Sender][m.Country] {
			t.Errorf("%s has two missions in %s", m.Sender.Code, m.Country)
		}
		located[m.Sender][m.Country] = true
	}
	if len(located) != countries {
		t.Errorf("%d sending states, want %d", len(located), countries)
	}
	for s, at := range located {
		if len(at) < perState*3/4 || len(at) > perState*5/4+1 {
			t.Errorf("%s has %d missions, want about %d", s.Code, len(at), perState)
		}
	}
	type pair struct{ sender, receiver registry.Party }
	seen := map[pair]bool{}
	for _, a := range ds.Accreditations {
		p := pair{sender[a.Mission], a.Receiver}
		if seen[p] {
			t.Errorf("%s is accredited to %s twice", p.sender.Code, p.receiver.Code)
		}
		seen[p] = true
	}
}
