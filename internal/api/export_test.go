package api

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/chancery-org/chancery/data"
	"github.com/chancery-org/chancery/internal/dataset"
	"github.com/chancery-org/chancery/internal/registry"
	"github.com/chancery-org/chancery/internal/store"
	"github.com/chancery-org/chancery/internal/store/storetest"
)

const exportPath = "/api/v1/export.zip"

// exportSeed loads the seed data set.
func exportSeed(t *testing.T) registry.Dataset {
	t.Helper()
	ds, err := dataset.Load(data.FS)
	if err != nil {
		t.Fatal(err)
	}
	return ds
}

// exportServer serves the API over reg.
func exportServer(t *testing.T, reg *registry.Registry) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(New(func() *registry.Registry { return reg }, slog.New(slog.DiscardHandler)))
	t.Cleanup(srv.Close)
	return srv
}

// exportGet sends a request to srv and returns the response with its body read.
func exportGet(t *testing.T, srv *httptest.Server, method, path string, header map[string]string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, srv.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, body
}

// exportDownload GETs the export and checks the response's headers.
func exportDownload(t *testing.T, srv *httptest.Server) []byte {
	t.Helper()
	resp, body := exportGet(t, srv, http.MethodGet, exportPath, nil)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %s\n%s", exportPath, resp.Status, body)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "application/zip" {
		t.Errorf("Content-Type %q, want application/zip", ct)
	}
	if resp.Header.Get("ETag") == "" {
		t.Error("no ETag")
	}
	return body
}

// exportUnzip returns the archive's files in order and as a file system.
func exportUnzip(t *testing.T, body []byte) ([]string, fstest.MapFS) {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(body), int64(len(body)))
	if err != nil {
		t.Fatalf("not a zip archive: %v", err)
	}
	fsys := fstest.MapFS{}
	var order []string
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		if _, dup := fsys[f.Name]; dup {
			t.Errorf("%s is twice in the archive", f.Name)
		}
		fsys[f.Name] = &fstest.MapFile{Data: b, Mode: 0o644}
		order = append(order, f.Name)
	}
	return order, fsys
}

// exportNormalise zeroes, in every registry.Meta of ds, the fields the CSV
// format cannot carry: all but Source, LastVerified and Note (Meta.Version,
// and any revision or update time the store may keep). It returns the names
// of the fields it zeroed.
func exportNormalise(ds *registry.Dataset) []string {
	carried := map[string]bool{"Source": true, "LastVerified": true, "Note": true}
	metaType := reflect.TypeFor[registry.Meta]()
	var zeroed []string
	for i := range metaType.NumField() {
		if name := metaType.Field(i).Name; !carried[name] {
			zeroed = append(zeroed, name)
		}
	}
	v := reflect.ValueOf(ds).Elem()
	for i := range v.NumField() {
		s := v.Field(i)
		if s.Kind() != reflect.Slice {
			continue
		}
		for j := range s.Len() {
			meta := s.Index(j).FieldByName("Meta")
			if !meta.IsValid() || meta.Type() != metaType {
				continue
			}
			for _, name := range zeroed {
				f := meta.FieldByName(name)
				f.Set(reflect.Zero(f.Type()))
			}
		}
	}
	return zeroed
}

// TestExportRoundTrip: the data package from /api/v1/export.zip uses the
// same file format as the seed data set, and loads into an empty database (on
// both engines) with identical figures and records.
func TestExportRoundTrip(t *testing.T) {
	seed := exportSeed(t)
	var seedFiles bytes.Buffer // the seed data set as dataset.Write writes it
	seedCSV := map[string][]byte{}
	if err := dataset.Write(seed.Clone(), func(name string) (io.Writer, error) {
		seedFiles.Reset()
		return exportCloser{&seedFiles, func() { seedCSV[name] = bytes.Clone(seedFiles.Bytes()) }}, nil
	}); err != nil {
		t.Fatal(err)
	}

	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if _, err := db.Seed(ctx, seed.Clone()); err != nil {
			t.Fatal(err)
		}
		stored, err := db.Load(ctx)
		if err != nil {
			t.Fatal(err)
		}
		reg := registry.New(stored)
		body := exportDownload(t, exportServer(t, reg))
		order, fsys := exportUnzip(t, body)

		want := append([]string{"datapackage.json"}, dataset.Files()...)
		if !slices.Equal(order, want) {
			t.Errorf("archive holds %v, want %v", order, want)
		}
		// Same format as the seed data set: each file is byte for byte what
		// dataset.Write makes of the seed data set.
		for _, name := range dataset.Files() {
			if f := fsys[name]; f == nil || !bytes.Equal(f.Data, seedCSV[name]) {
				t.Errorf("%s differs from the seed data set written by dataset.Write", name)
			}
		}

		loaded, err := dataset.Load(fsys)
		if err != nil {
			t.Fatalf("dataset.Load(export): %v", err)
		}
		var fresh *store.DB
		switch db.Engine() {
		case store.SQLite:
			fresh = storetest.SQLite(t)
		case store.Postgres:
			fresh = storetest.Postgres(t)
		default:
			t.Fatalf("engine %q", db.Engine())
		}
		if empty, err := fresh.IsEmpty(ctx); err != nil || !empty {
			t.Fatalf("fresh store: empty %v, %v", empty, err)
		}
		if _, err := fresh.Seed(ctx, loaded); err != nil {
			t.Fatalf("seed the export into an empty %s store: %v", db.Engine(), err)
		}
		reloaded, err := fresh.Load(ctx)
		if err != nil {
			t.Fatal(err)
		}

		// The export holds the public data (publicDataset): that is what
		// must come back.
		a, b := publicDataset(reg), reloaded.Clone()
		zeroed := exportNormalise(&a)
		exportNormalise(&b)
		t.Logf("normalised Meta fields the files cannot carry: %v", zeroed)
		regA, regB := registry.New(a), registry.New(b)
		exportCompare(t, regA.Dataset(), regB.Dataset())

		for _, d := range []string{"2000-01-01", "2015-06-30", "2026-06-30"} {
			fa, fb := regA.Figures(registry.MustDate(d)), regB.Figures(registry.MustDate(d))
			if !reflect.DeepEqual(fa, fb) {
				ja, _ := json.Marshal(fa)
				jb, _ := json.Marshal(fb)
				t.Errorf("figures as of %s differ:\nexported from %s\n  %s\nreloaded\n  %s", d, db.Engine(), ja, jb)
			}
		}
		if f := regB.Figures(registry.MustDate("2026-06-30")); len(f.Items) == 0 || f.Items[0].Value == 0 {
			t.Errorf("reloaded registry has no missions on 2026-06-30: %+v", f.Items)
		}
	})
}

// exportCloser calls done when dataset.Write closes the file.
type exportCloser struct {
	io.Writer
	done func()
}

func (c exportCloser) Close() error { c.done(); return nil }

// exportCompare reports every record that differs, collection by collection.
func exportCompare(t *testing.T, want, got *registry.Dataset) {
	t.Helper()
	if reflect.DeepEqual(want, got) {
		return
	}
	vw, vg := reflect.ValueOf(want).Elem(), reflect.ValueOf(got).Elem()
	for i := range vw.NumField() {
		name := vw.Type().Field(i).Name
		fw, fg := vw.Field(i), vg.Field(i)
		if reflect.DeepEqual(fw.Interface(), fg.Interface()) {
			continue
		}
		if fw.Kind() != reflect.Slice {
			t.Errorf("%s: stored %+v, reloaded %+v", name, fw.Interface(), fg.Interface())
			continue
		}
		if fw.Len() != fg.Len() {
			t.Errorf("%s: %d records stored, %d reloaded", name, fw.Len(), fg.Len())
			continue
		}
		shown := 0
		for j := range fw.Len() {
			if !reflect.DeepEqual(fw.Index(j).Interface(), fg.Index(j).Interface()) && shown < 5 {
				t.Errorf("%s[%d]:\nstored   %+v\nreloaded %+v", name, j, fw.Index(j).Interface(), fg.Index(j).Interface())
				shown++
			}
		}
	}
}

// The descriptor as the test reads it.
type exportTestPackage struct {
	Profile     string `json:"profile"`
	Name        string `json:"name"`
	Title       string `json:"title"`
	Description string `json:"description"`
	Created     string `json:"created"`
	Resources   []struct {
		Name      string `json:"name"`
		Path      string `json:"path"`
		Profile   string `json:"profile"`
		Format    string `json:"format"`
		Mediatype string `json:"mediatype"`
		Encoding  string `json:"encoding"`
		Dialect   struct {
			Delimiter      string `json:"delimiter"`
			LineTerminator string `json:"lineTerminator"`
			Header         bool   `json:"header"`
		} `json:"dialect"`
		Schema struct {
			Fields []struct {
				Name        string   `json:"name"`
				Type        string   `json:"type"`
				Description string   `json:"description"`
				TrueValues  []string `json:"trueValues"`
				FalseValues []string `json:"falseValues"`
				Constraints struct {
					Required bool     `json:"required"`
					Unique   bool     `json:"unique"`
					Minimum  *int     `json:"minimum"`
					Pattern  string   `json:"pattern"`
					Enum     []string `json:"enum"`
				} `json:"constraints"`
			} `json:"fields"`
			MissingValues []string `json:"missingValues"`
			PrimaryKey    string   `json:"primaryKey"`
			ForeignKeys   []struct {
				Fields    string `json:"fields"`
				Reference struct {
					Resource string `json:"resource"`
					Fields   string `json:"fields"`
				} `json:"reference"`
			} `json:"foreignKeys"`
		} `json:"schema"`
	} `json:"resources"`
}

// TestExportDataPackage checks datapackage.json against the files beside it:
// it is valid JSON, describes every CSV file of the archive with its header in
// order, and every row of the seed data set meets every constraint (types,
// enums, patterns, required, primary and foreign keys), read as a Frictionless
// validator reads the raw cells, formula-guard apostrophes included.
func TestExportDataPackage(t *testing.T) {
	reg := registry.New(exportSeed(t))
	_, fsys := exportUnzip(t, exportDownload(t, exportServer(t, reg)))

	raw := fsys["datapackage.json"]
	if raw == nil {
		t.Fatal("no datapackage.json in the archive")
	}
	if !json.Valid(raw.Data) {
		t.Fatalf("datapackage.json is not valid JSON:\n%s", raw.Data)
	}
	var pkg exportTestPackage
	var loose map[string]any
	if err := json.Unmarshal(raw.Data, &loose); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(raw.Data, &pkg); err != nil {
		t.Fatal(err)
	}
	if pkg.Profile != "tabular-data-package" || pkg.Name != "chancery-registry" || pkg.Title == "" {
		t.Errorf("profile %q name %q title %q", pkg.Profile, pkg.Name, pkg.Title)
	}
	if !strings.Contains(pkg.Title, "Rwanda") {
		t.Errorf("title %q does not name the home state", pkg.Title)
	}
	if _, ok := loose["created"]; ok {
		t.Errorf("created %q: the package must not depend on the clock", pkg.Created)
	}
	if !strings.Contains(pkg.Description, "apostrophe") {
		t.Error("the description does not explain the formula guard")
	}
	reName := regexp.MustCompile(`^[a-z0-9._/-]+$`)

	// Every CSV of the archive is a resource, and every resource a file.
	var csvs []string
	for name := range fsys {
		if name != "datapackage.json" {
			csvs = append(csvs, name)
		}
	}
	var paths []string
	for _, r := range pkg.Resources {
		paths = append(paths, r.Path)
	}
	slices.Sort(csvs)
	sortedPaths := slices.Sorted(slices.Values(paths))
	if !slices.Equal(csvs, sortedPaths) {
		t.Errorf("resources %v, CSV files in the archive %v", sortedPaths, csvs)
	}
	if !slices.Equal(paths, dataset.Files()) {
		t.Errorf("resources in order %v, want dataset.Files() %v", paths, dataset.Files())
	}

	// Read every file raw, as a validator would.
	header := map[string][]string{}
	rows := map[string][][]string{}
	for _, name := range csvs {
		r := csv.NewReader(bytes.NewReader(fsys[name].Data))
		recs, err := r.ReadAll()
		if err != nil || len(recs) == 0 {
			t.Fatalf("%s: %v (%d records)", name, err, len(recs))
		}
		header[name], rows[name] = recs[0], recs[1:]
	}
	column := func(file, col string) []string { // the non-empty cells of a column
		i := slices.Index(header[file], col)
		if i < 0 {
			return nil
		}
		var out []string
		for _, row := range rows[file] {
			if row[i] != "" {
				out = append(out, row[i])
			}
		}
		return out
	}
	types := []string{"string", "integer", "number", "boolean"}
	byName := map[string]string{} // resource name -> path
	for _, r := range pkg.Resources {
		byName[r.Name] = r.Path
	}

	checked := 0
	for _, res := range pkg.Resources {
		if res.Name != strings.TrimSuffix(res.Path, ".csv") || !reName.MatchString(res.Name) {
			t.Errorf("%s: resource name %q", res.Path, res.Name)
		}
		if res.Profile != "tabular-data-resource" || res.Format != "csv" || res.Mediatype != "text/csv" || res.Encoding != "utf-8" {
			t.Errorf("%s: profile %q format %q mediatype %q encoding %q", res.Path, res.Profile, res.Format, res.Mediatype, res.Encoding)
		}
		if res.Dialect.Delimiter != "," || res.Dialect.LineTerminator != "\n" || !res.Dialect.Header {
			t.Errorf("%s: dialect %+v", res.Path, res.Dialect)
		}
		if !slices.Equal(res.Schema.MissingValues, []string{""}) {
			t.Errorf("%s: missingValues %q", res.Path, res.Schema.MissingValues)
		}
		var names []string
		for _, f := range res.Schema.Fields {
			names = append(names, f.Name)
		}
		if !slices.Equal(names, header[res.Path]) {
			t.Errorf("%s: fields %v, header %v", res.Path, names, header[res.Path])
			continue
		}
		for i, f := range res.Schema.Fields {
			if !slices.Contains(types, f.Type) {
				t.Errorf("%s.%s: type %q", res.Path, f.Name, f.Type)
			}
			if f.Description == "" {
				t.Errorf("%s.%s: no description", res.Path, f.Name)
			}
			c := f.Constraints
			var re *regexp.Regexp
			if c.Pattern != "" {
				// XML Schema patterns match the whole value.
				re = regexp.MustCompile(`^(?:` + c.Pattern + `)$`)
			}
			for n, row := range rows[res.Path] {
				v := row[i]
				where := res.Path + " line " + strconv.Itoa(n+2) + " " + f.Name
				checked++
				if v == "" {
					if c.Required || f.Name == res.Schema.PrimaryKey {
						t.Errorf("%s: required but empty", where)
					}
					continue
				}
				if c.Enum != nil && !slices.Contains(c.Enum, v) {
					t.Errorf("%s: %q is not in the enum %v", where, v, c.Enum)
				}
				if re != nil && !re.MatchString(v) {
					t.Errorf("%s: %q does not match the pattern %s", where, v, c.Pattern)
				}
				switch f.Type {
				case "integer":
					n, err := strconv.Atoi(v)
					if err != nil {
						t.Errorf("%s: %q is not an integer", where, v)
					} else if c.Minimum != nil && n < *c.Minimum {
						t.Errorf("%s: %d is below the minimum %d", where, n, *c.Minimum)
					}
				case "number":
					if _, err := strconv.ParseFloat(v, 64); err != nil {
						t.Errorf("%s: %q is not a number", where, v)
					}
				case "boolean":
					if !slices.Contains(f.TrueValues, v) && !slices.Contains(f.FalseValues, v) {
						t.Errorf("%s: %q is not a boolean of trueValues %v or falseValues %v", where, v, f.TrueValues, f.FalseValues)
					}
				}
			}
		}
		// Primary key: present and unique.
		pk := res.Schema.PrimaryKey
		if pk == "" || !slices.Contains(names, pk) {
			t.Errorf("%s: primaryKey %q is not a field", res.Path, pk)
		} else {
			keys := column(res.Path, pk)
			if len(keys) != len(rows[res.Path]) || len(slices.Compact(slices.Sorted(slices.Values(keys)))) != len(keys) {
				t.Errorf("%s: primary key %s is not unique and present in every row", res.Path, pk)
			}
		}
		// Foreign keys: every non-empty value exists in the referenced resource.
		for _, fk := range res.Schema.ForeignKeys {
			target, ok := byName[fk.Reference.Resource]
			if !ok || !slices.Contains(names, fk.Fields) || !slices.Contains(header[target], fk.Reference.Fields) {
				t.Errorf("%s: foreign key %+v does not name existing fields", res.Path, fk)
				continue
			}
			refs := column(target, fk.Reference.Fields)
			for _, v := range column(res.Path, fk.Fields) {
				if !slices.Contains(refs, v) {
					t.Errorf("%s.%s: %q is not in %s.%s", res.Path, fk.Fields, v, target, fk.Reference.Fields)
				}
			}
		}
	}
	if checked < 10000 {
		t.Errorf("only %d cells checked", checked)
	}

	// Enum constraints are the registry's value sets.
	enum := func(file, col string) []string {
		for _, res := range pkg.Resources {
			if res.Path != file {
				continue
			}
			for _, f := range res.Schema.Fields {
				if f.Name == col {
					return f.Constraints.Enum
				}
			}
		}
		return nil
	}
	for _, e := range []struct {
		file, col string
		want      []string
	}{
		{"missions.csv", "kind", dpNames(registry.MissionKinds)},
		{"missions.csv", "status", dpNames(registry.MissionStatuses)},
		{"missions.csv", "certainty", dpNames(registry.Certainties)},
		{"missions.csv", "sender_type", dpNames(registry.PartyTypes)},
		{"accreditations.csv", "residence", dpNames(registry.Residences)},
		{"accreditations.csv", "status", dpNames(registry.AccStatuses)},
		{"accreditations.csv", "receiver_type", dpNames(registry.PartyTypes)},
		{"appointments.csv", "role", dpNames(registry.Roles)},
		{"appointments.csv", "title", dpNames(registry.Titles)},
		{"appointments.csv", "sender_type", dpNames(registry.PartyTypes)},
		{"appointments.csv", "receiver_type", dpNames(registry.PartyTypes)},
		{"appointments.csv", "certainty", dpNames(registry.Certainties)},
		{"honorary_consuls.csv", "status", dpNames(registry.HCStatuses)},
		{"memberships.csv", "status", dpNames(registry.MembershipStatuses)},
		{"relations.csv", "event", dpNames(registry.RelationKinds)},
		{"relations.csv", "certainty", dpNames(registry.Certainties)},
		{"organisations.csv", "kind", dpNames(registry.OrgKinds)},
		{"declared_figures.csv", "name", registry.FigureNames},
	} {
		if got := enum(e.file, e.col); !slices.Equal(got, e.want) {
			t.Errorf("%s.%s: enum %v, want %v", e.file, e.col, got, e.want)
		}
	}

	// Every date column is a string with the date pattern: its cells are
	// exactly those registry.ParseDate accepts.
	dateRe := regexp.MustCompile(`^(?:` + patternDate + `)$`)
	for _, s := range []string{"2025", "2025-01", "2025-01-31", "1962-12"} {
		if !dateRe.MatchString(s) {
			t.Errorf("date pattern rejects %q", s)
		}
	}
	for _, s := range []string{"25", "2025-1", "2025-13", "2025-01-32", "2025-00", "2025/01/01", "2025-01-01T00:00"} {
		if dateRe.MatchString(s) {
			t.Errorf("date pattern accepts %q", s)
		}
	}
	for _, res := range pkg.Resources {
		for _, f := range res.Schema.Fields {
			if f.Constraints.Pattern == patternDate && (f.Type != "string" || !strings.Contains(f.Description, "YYYY-MM")) {
				t.Errorf("%s.%s: a date column must be a string with the date pattern, described", res.Path, f.Name)
			}
		}
	}
	for _, col := range []string{"opened", "closed", "last_verified"} {
		for _, res := range pkg.Resources {
			if res.Path != "missions.csv" {
				continue
			}
			for _, f := range res.Schema.Fields {
				if f.Name == col && f.Constraints.Pattern != patternDate {
					t.Errorf("missions.csv.%s: pattern %q, want the date pattern", col, f.Constraints.Pattern)
				}
			}
		}
	}
}

// TestExportDeterministic: the same snapshot gives the same bytes, whether
// cached or computed again, and the ETag answers conditional requests.
func TestExportDeterministic(t *testing.T) {
	reg := registry.New(exportSeed(t))
	srv := exportServer(t, reg)
	first := exportDownload(t, srv)
	second := exportDownload(t, srv)
	if !bytes.Equal(first, second) {
		t.Fatal("two GETs gave different bytes")
	}
	// A new server has an empty cache: the archive is computed again.
	other := exportDownload(t, exportServer(t, registry.New(exportSeed(t))))
	if !bytes.Equal(first, other) {
		t.Fatal("the same data gave a different archive when computed again")
	}

	zr, err := zip.NewReader(bytes.NewReader(first), int64(len(first)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range zr.File {
		if !f.Modified.Equal(exportModified) {
			t.Errorf("%s: modified %v, want the fixed %v", f.Name, f.Modified, exportModified)
		}
	}

	resp, _ := exportGet(t, srv, http.MethodGet, exportPath, nil)
	etag := resp.Header.Get("ETag")
	resp, body := exportGet(t, srv, http.MethodGet, exportPath, map[string]string{"If-None-Match": etag})
	if resp.StatusCode != http.StatusNotModified || len(body) != 0 {
		t.Errorf("If-None-Match %s: %s with %d bytes, want 304 Not Modified and no body", etag, resp.Status, len(body))
	}
	if resp.Header.Get("ETag") != etag {
		t.Errorf("304 ETag %q, want %q", resp.Header.Get("ETag"), etag)
	}
	resp, body = exportGet(t, srv, http.MethodGet, exportPath, map[string]string{"If-None-Match": `"other"`})
	if resp.StatusCode != http.StatusOK || !bytes.Equal(body, first) {
		t.Errorf("If-None-Match of another tag: %s", resp.Status)
	}
	resp, body = exportGet(t, srv, http.MethodHead, exportPath, nil)
	if resp.StatusCode != http.StatusOK || len(body) != 0 || resp.Header.Get("Content-Length") != strconv.Itoa(len(first)) {
		t.Errorf("HEAD: %s, %d bytes, Content-Length %q", resp.Status, len(body), resp.Header.Get("Content-Length"))
	}
	resp, _ = exportGet(t, srv, http.MethodGet, exportPath, map[string]string{"Accept": "application/json"})
	if resp.StatusCode != http.StatusNotAcceptable {
		t.Errorf("Accept: application/json: %s, want 406", resp.Status)
	}

	// Another snapshot gives another archive and ETag.
	ds := exportSeed(t)
	ds.People[0].Name += " Jr"
	changed := exportDownload(t, exportServer(t, registry.New(ds)))
	if bytes.Equal(first, changed) {
		t.Error("a changed registry gave the same archive")
	}
}
