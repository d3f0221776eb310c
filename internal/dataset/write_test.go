package dataset

import (
	"bytes"
	"cmp"
	"encoding/csv"
	"errors"
	"io"
	"reflect"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/chancery-org/chancery/data"
	"github.com/chancery-org/chancery/internal/registry"
)

// writeFS writes ds with Write and returns the files as an fs.FS.
func writeFS(t *testing.T, ds registry.Dataset) fstest.MapFS {
	t.Helper()
	bufs := map[string]*bytes.Buffer{}
	err := Write(ds, func(name string) (io.Writer, error) {
		if _, dup := bufs[name]; dup {
			t.Errorf("%s created twice", name)
		}
		b := &bytes.Buffer{}
		bufs[name] = b
		return b, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	m := fstest.MapFS{}
	for name, b := range bufs {
		m[name] = &fstest.MapFile{Data: b.Bytes()}
	}
	return m
}

// normalise puts every record list of ds in the order Write writes it (by
// id; countries by iso2, finder notes by country) and zeroes Meta.Version,
// which the files do not carry. It modifies ds in place.
func normalise(ds *registry.Dataset) {
	v := reflect.ValueOf(ds).Elem()
	for i := range v.NumField() {
		s := v.Field(i)
		if s.Kind() != reflect.Slice {
			continue
		}
		key := "ID"
		switch s.Type().Elem() {
		case reflect.TypeFor[registry.Country]():
			key = "ISO2"
		case reflect.TypeFor[registry.FinderNote]():
			key = "Country"
		}
		for j := range s.Len() {
			s.Index(j).FieldByName("Meta").FieldByName("Version").SetInt(0)
		}
		keys := make([]string, s.Len())
		idx := make([]int, s.Len())
		for j := range idx {
			idx[j], keys[j] = j, s.Index(j).FieldByName(key).String()
		}
		slices.SortStableFunc(idx, func(a, b int) int { return cmp.Compare(keys[a], keys[b]) })
		sorted := reflect.MakeSlice(s.Type(), s.Len(), s.Len())
		for j, k := range idx {
			sorted.Index(j).Set(s.Index(k))
		}
		if s.Len() > 0 {
			s.Set(sorted)
		}
	}
}

// TestWriteRoundTrip checks that Load(Write(Load(seed))) is the seed data set,
// and that writing it again gives the same bytes.
func TestWriteRoundTrip(t *testing.T) {
	ds1, err := Load(data.FS)
	if err != nil {
		t.Fatal(err)
	}
	// Versions are not in the files; give ds1 some so that the test shows
	// they are the only thing ignored.
	ds1.Missions[0].Version = 7
	want := ds1.Clone()
	out := writeFS(t, ds1)
	if ds1.Missions[0].Version != 7 || !reflect.DeepEqual(ds1, want) {
		t.Fatal("Write modified its argument")
	}
	ds2, err := Load(out)
	if err != nil {
		t.Fatalf("Load of the written files: %v", err)
	}
	normalise(&want)
	normalise(&ds2)
	if !reflect.DeepEqual(want, ds2) {
		reportDiff(t, want, ds2)
	}
	again := writeFS(t, ds2)
	for name, f := range out {
		if !bytes.Equal(f.Data, again[name].Data) {
			t.Errorf("%s: writing the loaded data set again gives other bytes", name)
		}
	}
	// The seed has rows in every file but finder_notes.csv, agreements.csv
	// and the tracker's files of records policy officers keep; check nothing
	// written is empty by mistake.
	headerOnly := map[string]bool{"finder_notes.csv": true, "agreements.csv": true, "initiatives.csv": true,
		"indicator_actuals.csv": true, "engagements.csv": true, "commitments.csv": true, "associations.csv": true,
		"stakeholders.csv": true, "consultations.csv": true}
	for _, name := range Files() {
		f, ok := out[name]
		if !ok {
			t.Errorf("%s was not written", name)
			continue
		}
		if lines := bytes.Count(f.Data, []byte("\n")); lines < 2 && !headerOnly[name] {
			t.Errorf("%s has %d lines", name, lines)
		}
	}
}

// TestWriteSettingsRoundTrip: every setting is written as its row and read
// back unchanged; an unset fiscal_year_start is an empty cell.
func TestWriteSettingsRoundTrip(t *testing.T) {
	seed, err := Load(data.FS)
	if err != nil {
		t.Fatal(err)
	}
	if seed.Settings.FiscalYearStart != time.July {
		t.Errorf("the seed's fiscal year starts in %v, want July", seed.Settings.FiscalYearStart)
	}
	for _, tt := range []struct {
		settings registry.Settings
		rows     string // settings.csv after the header
	}{
		{registry.Settings{HomeState: "RW"}, "home_state,RW,,\nnuncio_is_dean,false,,\nconsular_contact,,,\nfiscal_year_start,,,\n"},
		{registry.Settings{HomeState: "RW", NuncioIsDean: true, ConsularContact: "consular@example.org", FiscalYearStart: time.January},
			"home_state,RW,,\nnuncio_is_dean,true,,\nconsular_contact,consular@example.org,,\nfiscal_year_start,1,,\n"},
		{registry.Settings{HomeState: "RW", FiscalYearStart: time.July}, "home_state,RW,,\nnuncio_is_dean,false,,\nconsular_contact,,,\nfiscal_year_start,7,,\n"},
		{registry.Settings{HomeState: "RW", FiscalYearStart: time.December}, "home_state,RW,,\nnuncio_is_dean,false,,\nconsular_contact,,,\nfiscal_year_start,12,,\n"},
	} {
		ds := seed.Clone()
		ds.Settings = tt.settings
		ds.Indicators = nil // their periods are written for the seed's July start
		out := writeFS(t, ds)
		if got, want := string(out["settings.csv"].Data), "key,value,source,note\n"+tt.rows; got != want {
			t.Errorf("settings.csv of %+v:\n%s\nwant\n%s", tt.settings, got, want)
		}
		back, err := Load(out)
		if err != nil {
			t.Fatalf("%+v: %v", tt.settings, err)
		}
		if back.Settings != tt.settings {
			t.Errorf("settings read back %+v, want %+v", back.Settings, tt.settings)
		}
	}
}

// reportDiff names the first record that differs in each list.
func reportDiff(t *testing.T, want, got registry.Dataset) {
	t.Helper()
	w, g := reflect.ValueOf(want), reflect.ValueOf(got)
	for i := range w.NumField() {
		name := w.Type().Field(i).Name
		wf, gf := w.Field(i), g.Field(i)
		if reflect.DeepEqual(wf.Interface(), gf.Interface()) {
			continue
		}
		if wf.Kind() != reflect.Slice {
			t.Errorf("%s:\n got %+v\nwant %+v", name, gf.Interface(), wf.Interface())
			continue
		}
		if wf.Len() != gf.Len() {
			t.Errorf("%s: %d records, want %d", name, gf.Len(), wf.Len())
			continue
		}
		for j := range wf.Len() {
			if !reflect.DeepEqual(wf.Index(j).Interface(), gf.Index(j).Interface()) {
				t.Errorf("%s[%d]:\n got %+v\nwant %+v", name, j, gf.Index(j).Interface(), wf.Index(j).Interface())
				break
			}
		}
	}
}

// TestWriteGuardsFormulas checks that a note starting with "=" is written
// guarded by an apostrophe and loads back unchanged.
func TestWriteGuardsFormulas(t *testing.T) {
	ds, err := Load(data.FS)
	if err != nil {
		t.Fatal(err)
	}
	ds = ds.Clone()
	const note = "=1+1"
	const phone = "+250 788 000 000"
	const link = `=HYPERLINK("http://evil.example","x")`
	ds.Missions[0].Note = note
	ds.Missions[0].Contacts.Phone = phone
	ds.People[0].Name = link
	id, pid := ds.Missions[0].ID, ds.People[0].ID

	out := writeFS(t, ds)
	missions := string(out["missions.csv"].Data)
	if !strings.Contains(missions, ",'=1+1\n") || !strings.Contains(missions, ",'+250 788 000 000,") {
		t.Errorf("missions.csv does not guard the note and phone of %s", id)
	}
	if strings.Contains(missions, ","+note) || strings.Contains(missions, ","+phone) {
		t.Error("missions.csv holds an unguarded cell")
	}
	if !strings.Contains(string(out["people.csv"].Data), `,"'=HYPERLINK(""http://evil.example"",""x"")",`) {
		t.Errorf("people.csv does not guard the name of %s", pid)
	}

	back, err := Load(out)
	if err != nil {
		t.Fatal(err)
	}
	r := registry.New(back)
	if m := r.Mission(id); m == nil || m.Note != note || m.Contacts.Phone != phone {
		t.Errorf("mission %s after the round trip: %+v", id, m)
	}
	for _, p := range back.People {
		if p.ID == pid && p.Name != link {
			t.Errorf("person %s: name %q, want %q", pid, p.Name, link)
		}
	}
}

func TestSchema(t *testing.T) {
	schema := Schema()
	names := Files()
	if len(schema) != len(names) {
		t.Fatalf("Schema has %d files, Files %d", len(schema), len(names))
	}
	ds, err := Load(data.FS)
	if err != nil {
		t.Fatal(err)
	}
	out := writeFS(t, ds)
	for i, s := range schema {
		if s.Name != names[i] || s.Entity == "" {
			t.Errorf("Schema()[%d] = %s (%q), Files()[%d] = %s", i, s.Name, s.Entity, i, names[i])
		}
		first, _, _ := strings.Cut(string(out[s.Name].Data), "\n")
		if first != strings.Join(s.Columns, ",") {
			t.Errorf("%s: written header %q, schema %q", s.Name, first, s.Columns)
		}
	}
	// The seed's headers are what Load expects; the written ones may only add
	// optional columns, and keep the seed's columns in the same order.
	for _, s := range schema {
		seed, err := data.FS.ReadFile(s.Name)
		if err != nil {
			continue // optional file absent from the seed
		}
		first, _, _ := strings.Cut(string(seed), "\n")
		at := 0
		for _, col := range strings.Split(strings.TrimSpace(first), ",") {
			i := slices.Index(s.Columns[at:], col)
			if i < 0 {
				t.Errorf("%s: seed column %q missing or out of order in %q", s.Name, col, s.Columns)
				break
			}
			at += i + 1
		}
	}
	schema[0].Columns[0] = "changed"
	if Schema()[0].Columns[0] == "changed" {
		t.Error("Schema shares its slices")
	}
}

type closeBuffer struct {
	bytes.Buffer
	closed *int
}

func (c *closeBuffer) Close() error { *c.closed++; return nil }

func TestWriteCreateAndClose(t *testing.T) {
	ds, err := Load(data.FS)
	if err != nil {
		t.Fatal(err)
	}
	closed := 0
	err = Write(ds, func(name string) (io.Writer, error) { return &closeBuffer{closed: &closed}, nil })
	if err != nil {
		t.Fatal(err)
	}
	if closed != len(Files()) {
		t.Errorf("closed %d files, want %d", closed, len(Files()))
	}

	boom := errors.New("boom")
	err = Write(ds, func(name string) (io.Writer, error) {
		if name == "missions.csv" {
			return nil, boom
		}
		return io.Discard, nil
	})
	if !errors.Is(err, boom) || !strings.Contains(err.Error(), "missions.csv") {
		t.Errorf("Write = %v, want the create error for missions.csv", err)
	}
}

// TestWriteRoundTripEveryColumn fills the columns the seed leaves empty
// everywhere (last_verified, legal_basis, credentials_seq, services, finder
// notes, …), checks that every column Write can fill is non-empty in some
// row, and that the data set loads back unchanged.
func TestWriteRoundTripEveryColumn(t *testing.T) {
	ds, err := Load(data.FS)
	if err != nil {
		t.Fatal(err)
	}
	ds = ds.Clone()
	verified := registry.MustDate("2026-01-15")
	ds.Settings.NuncioIsDean = true
	ds.Settings.ConsularContact = "+250 788 000 000; consular@example.org"
	ds.Countries[0].Note = "=note, with \"quotes\"\nand a second line"
	ds.Accreditations[0].LegalBasis = "Art. 5 VCDR"
	ds.Appointments[0].CredentialsSeq = 2
	ds.Missions[0].Contacts.Phone, ds.Missions[0].Contacts.Email = "+213 21 00 00 00", "embassy@example.org"
	ds.Appointments[0].AgrementRequested = registry.MustDate("2019-05")
	hc := &ds.HonoraryConsuls[0]
	hc.TermEnd = registry.MustDate("2030")
	hc.Contacts = registry.Contacts{Address: "1 Park Street, Kolkata", Phone: "+91 33 0000 0000", Email: "consul@example.org", Website: "https://consul.example.org/"}
	ds.Organisations[0].Names.RW, ds.Organisations[0].Names.SW = "Umuryango", "Umoja"
	ds.Missions[0].Services = []registry.Service{registry.Passports, registry.Visas}
	ds.FinderNotes = []registry.FinderNote{
		{Country: "TV", ServedFromHQ: true, Text: registry.Names{EN: "Served from Kigali", FR: "Servi depuis Kigali", RW: "Bikorerwa i Kigali", SW: "Huhudumiwa kutoka Kigali"}, Meta: registry.Meta{Source: "s", Note: "n"}},
		{Country: "AD", Text: registry.Names{EN: "-"}},
	}
	ds.Agreements = []registry.Agreement{{
		ID: "au-protocol", Title: registry.Names{EN: "Protocol", FR: "Protocole", RW: "Porotokole", SW: "Itifaki"},
		Kind: registry.ProtocolKind, Scope: registry.Multilateral, ConsentMode: registry.ConsentRatification,
		Parties: []registry.Party{registry.StateParty("KE"), registry.OrgParty("AU")}, Depositary: registry.OrgParty("AU"),
		Place: "Kigali", Certainty: registry.Likely, Negotiation: registry.MustDate("2016"), Initialled: registry.MustDate("2017-11"),
		Signed: registry.MustDate("2018-03-21"), DomesticApproval: registry.MustDate("2018-04-10"), ApprovalAct: "Law n° 1/2018",
		Gazette: registry.MustDate("2018-04-20"), InstrumentsDeposited: registry.MustDate("2018-05-25"),
		EntryIntoForce: registry.MustDate("2019-05-30"), UNRegistered: registry.MustDate("2020-01-02"), UNRegistrationNumber: "I-56000",
		Amended: registry.MustDate("2021"), Ended: registry.MustDate("2025-12-31"), EndReason: registry.Expired,
		Meta: registry.Meta{Source: "s", Note: "n"},
	}}
	addTracker(&ds)
	// Give the first record of every list a last_verified date.
	v := reflect.ValueOf(&ds).Elem()
	for i := range v.NumField() {
		if s := v.Field(i); s.Kind() == reflect.Slice && s.Len() > 0 {
			s.Index(0).FieldByName("Meta").FieldByName("LastVerified").Set(reflect.ValueOf(verified))
		}
	}

	out := writeFS(t, ds)
	// Columns that stay empty: the provenance of Kinyarwanda names and of
	// settings, which the registry does not keep.
	alwaysEmpty := map[string]bool{
		"country_names_rw.csv source": true, "country_names_rw.csv last_verified": true, "country_names_rw.csv note": true,
		"settings.csv source": true, "settings.csv note": true,
	}
	for _, s := range Schema() {
		recs, err := csv.NewReader(bytes.NewReader(out[s.Name].Data)).ReadAll()
		if err != nil {
			t.Fatalf("%s: %v", s.Name, err)
		}
		for i, col := range s.Columns {
			filled := false
			for _, rec := range recs[1:] {
				filled = filled || rec[i] != ""
			}
			if filled == alwaysEmpty[s.Name+" "+col] {
				t.Errorf("%s: column %s filled = %v", s.Name, col, filled)
			}
		}
	}

	back, err := Load(out)
	if err != nil {
		t.Fatal(err)
	}
	normalise(&ds)
	normalise(&back)
	if !reflect.DeepEqual(ds, back) {
		reportDiff(t, ds, back)
	}
}
