package dataset

import (
	"encoding/csv"
	"errors"
	"io/fs"
	"os"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/chancery-org/chancery/data"
	"github.com/chancery-org/chancery/internal/registry"
)

func TestLoadSeed(t *testing.T) {
	ds, err := Load(data.FS)
	if err != nil {
		t.Fatal(err)
	}
	if ds.Settings.HomeState != "RW" {
		t.Errorf("home state %q", ds.Settings.HomeState)
	}
	if n := len(ds.Countries); n < 249 {
		t.Errorf("%d countries, want every ISO 3166-1 entry", n)
	}
	r := registry.New(ds)
	if rw := r.Country("RW"); rw == nil || rw.Region != "Africa" || rw.SubregionCode != "014" {
		t.Errorf("RW = %+v", rw)
	}
	if fr := r.Country("FR"); fr.Names.RW == "" {
		t.Error("Kinyarwanda names were not merged into countries")
	}
}

// TestFiguresMatchHandCount counts the data files directly, the way a person
// would with a spreadsheet, and checks the computed figures agree.
func TestFiguresMatchHandCount(t *testing.T) {
	ds, err := Load(data.FS)
	if err != nil {
		t.Fatal(err)
	}
	asOf := registry.MustDate("2026-06-30")
	f := registry.New(ds).Figures(asOf)
	get := func(name string) int {
		it, ok := f.Get(name)
		if !ok {
			t.Fatalf("no figure %s", name)
		}
		return it.Value
	}

	missions := readAll(t, "missions.csv")
	open := func(m map[string]string) bool {
		// Every open mission of the seed opened before mid-2026 or has no date.
		return m["status"] == "open" && (m["opened"] == "" || m["opened"] <= "2026-06-30")
	}
	dip, homeMissions, foreignResident := 0, map[string]map[string]string{}, 0
	hosts := map[string]bool{}
	for _, m := range missions {
		if m["sender_type"] == "state" && m["sender"] == "RW" {
			homeMissions[m["id"]] = m
			if open(m) {
				dip++ // the seed has no consular posts
				hosts[m["country"]] = true
			}
		} else if m["country"] == "RW" && open(m) {
			foreignResident++
		}
	}
	covered := map[string]bool{}
	for c := range hosts {
		covered[c] = true
	}
	nonResident := map[string]bool{}
	for _, a := range readAll(t, "accreditations.csv") {
		m := homeMissions[a["mission"]]
		if m != nil && open(m) && a["receiver_type"] == "state" && a["status"] == "active" {
			covered[a["receiver"]] = true
		}
		if a["receiver_type"] == "state" && a["receiver"] == "RW" && a["residence"] == "non_resident" && a["status"] == "active" {
			nonResident[a["mission"]] = true
		}
	}
	consuls, consulCountries := 0, map[string]bool{}
	for _, h := range readAll(t, "honorary_consuls.csv") {
		if h["status"] == "active" {
			consuls++
			consulCountries[h["country"]] = true
		}
	}
	current := 0
	for _, m := range readAll(t, "memberships.csv") {
		if m["status"] != "former" {
			current++
		}
	}
	for _, c := range []struct {
		name string
		want int
	}{
		{registry.FigDiplomaticMissions, dip},
		{registry.FigConsularPosts, 0},
		{registry.FigCountriesCovered, len(covered)},
		{registry.FigHonoraryConsuls, consuls},
		{registry.FigHonoraryConsulCountries, len(consulCountries)},
		{registry.FigMemberships, current},
		{registry.FigForeignMissionsResident, foreignResident},
		{registry.FigForeignMissionsAccredited, len(nonResident)},
	} {
		if got := get(c.name); got != c.want {
			t.Errorf("%s = %d, hand count %d", c.name, got, c.want)
		}
	}
	if dm, _ := f.Get(registry.FigDiplomaticMissions); dm.Declared == nil || dm.Declared.Value != 49 {
		t.Errorf("declared diplomatic missions = %+v, want 49 from the seed page", dm.Declared)
	}
}

func readAll(t *testing.T, name string) []map[string]string {
	t.Helper()
	f, err := data.FS.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var out []map[string]string
	for _, rec := range recs[1:] {
		m := map[string]string{}
		for i, h := range recs[0] {
			m[h] = rec[i]
		}
		out = append(out, m)
	}
	return out
}

// withFile returns a copy of the seed files with one file replaced.
func withFile(t *testing.T, name, content string) fs.FS {
	t.Helper()
	m := fstest.MapFS{}
	entries, err := fs.ReadDir(data.FS, ".")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		b, err := fs.ReadFile(data.FS, e.Name())
		if err != nil {
			t.Fatal(err)
		}
		m[e.Name()] = &fstest.MapFile{Data: b}
	}
	m[name] = &fstest.MapFile{Data: []byte(content)}
	return m
}

// TestBadRows checks that a bad row is reported with its file, line, field
// and reason, and that no dataset is returned.
func TestBadRows(t *testing.T) {
	const missionHeader = "id,sender_type,sender,kind,name,city,country,status,certainty,opened,closed,address,phone,email,website,services,source,last_verified,note\n"
	seedMissions, err := fs.ReadFile(data.FS, "missions.csv")
	if err != nil {
		t.Fatal(err)
	}
	// Keep every real mission (other files refer to them) and add one bad row at the end.
	lines := strings.Count(string(seedMissions), "\n")
	base := string(seedMissions)
	if !strings.HasPrefix(base, missionHeader) {
		t.Fatalf("missions.csv header changed; update the test:\n%s", strings.SplitN(base, "\n", 2)[0])
	}
	badLine := lines + 1
	tests := []struct {
		name, file, content string
		want                string
	}{
		{"invalid ISO code", "missions.csv", base + "xx-zz,state,RW,embassy,Embassy,Atlantis,ZZ,open,,,,,,,,,s,,\n",
			"missions.csv:" + strconv.Itoa(badLine) + ": country: \"ZZ\" is not an ISO 3166-1 country code"},
		{"reversed dates", "missions.csv", base + "rw-xx,state,RW,embassy,Embassy,Kampala,UG,closed,,2020,2019-05,,,,,,s,,\n",
			"missions.csv:" + strconv.Itoa(badLine) + ": closed: 2019-05 is before opened 2020"},
		{"bad date", "missions.csv", base + "rw-xx,state,RW,embassy,Embassy,Kampala,UG,open,,c.2012,,,,,,,s,,\n",
			"missions.csv:" + strconv.Itoa(badLine) + ": opened: \"c.2012\" is not a date"},
		{"bad enum", "missions.csv", base + "rw-xx,state,RW,palace,Embassy,Kampala,UG,open,,,,,,,,,s,,\n",
			"missions.csv:" + strconv.Itoa(badLine) + ": kind: \"palace\" is not one of"},
		{"missing column", "relations.csv", "id,country,event,date\n", "relations.csv:1: certainty: required column is missing"},
		{"short row", "relations.csv", "id,country,event,date,certainty,source,last_verified,note\nrel-x,BE\n", "relations.csv:2: has 2 fields"},
		{"bad number", "declared_figures.csv", "id,name,value,date,source,last_verified,note\nfig-x,memberships,two hundred,2025,s,,\n",
			"declared_figures.csv:2: value: \"two hundred\" is not a whole number"},
		{"unknown setting", "settings.csv", "key,value\ncolour,blue\nhome_state,RW\n", "settings.csv:2: key: \"colour\" is not a setting"},
		{"bad home state", "settings.csv", "key,value\nhome_state,ZZ\n", "settings.csv:2: home_state: \"ZZ\" is not an ISO 3166-1 country code"},
		{"fiscal year starts in month 13", "settings.csv", "key,value\nhome_state,RW\nfiscal_year_start,13\n", "settings.csv:3: fiscal_year_start: 13 is not a month"},
		{"fiscal year starts in month -1", "settings.csv", "key,value\nhome_state,RW\nfiscal_year_start,-1\n", "settings.csv:3: fiscal_year_start: -1 is not a month"},
		{"fiscal year starts in a month name", "settings.csv", "key,value\nhome_state,RW\nfiscal_year_start,July\n", "settings.csv:3: value: \"July\" is not a month number"},
		{"fiscal year start twice", "settings.csv", "key,value\nhome_state,RW\nfiscal_year_start,7\nfiscal_year_start,1\n", "settings.csv:4: key: \"fiscal_year_start\" appears twice"},
		{"rw name for unknown country", "country_names_rw.csv", "iso2,name_rw,source,last_verified,note\nZZ,Atlantide,s,,\n", "country_names_rw.csv:2: iso2: \"ZZ\" is not in countries.csv"},
		{"missing file", "missions.csv", "", "missions.csv:1: is empty"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ds, err := Load(withFile(t, tt.file, tt.content))
			var de *Error
			if !errors.As(err, &de) {
				t.Fatalf("Load = %v, want a *dataset.Error", err)
			}
			if len(ds.Missions) != 0 || len(ds.Countries) != 0 {
				t.Error("a dataset was returned with the error")
			}
			for _, p := range de.Problems {
				if strings.HasPrefix(p.Error(), tt.want) {
					return
				}
			}
			t.Errorf("no problem starting %q in:\n%v", tt.want, err)
		})
	}
}

// TestDataFilesKnown checks that every CSV file in data/ is read by the loader.
func TestDataFilesKnown(t *testing.T) {
	known := map[string]bool{"glossary.csv": true} // read by the portal, not the registry
	for _, n := range Files() {
		known[n] = true
	}
	entries, err := os.ReadDir("../../data")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".csv") && !known[e.Name()] {
			t.Errorf("data/%s is not read by the loader", e.Name())
		}
	}
}
