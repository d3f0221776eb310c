package policy

import (
	"encoding/json"
	"errors"
	"io/fs"
	"reflect"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/chancery-org/chancery/data"
	"github.com/chancery-org/chancery/internal/csvfile"
)

func TestLoadSeed(t *testing.T) {
	fw, err := Load(data.FS)
	if err != nil {
		t.Fatal(err)
	}
	p := fw.Policy
	if p.ID != "foreign-policy" || p.Title.EN == "" || p.ParentStrategy != "Vision 2050" || !p.Adopted.IsZero() {
		t.Errorf("policy = %+v", p)
	}
	if p.Source != "https://www.minaffet.gov.rw/foreign-policy-1" {
		t.Errorf("policy source %q", p.Source)
	}
	want := []struct {
		pillar     string
		objectives []string
	}{
		{"pillar-people", []string{"obj-parliamentary-diplomacy", "obj-rwandans-abroad", "obj-south-north-triangular-cooperation"}},
		{"pillar-prosperity", []string{"obj-economic-diplomacy", "obj-public-health", "obj-environment-climate"}},
		{"pillar-genocide-memory", []string{"obj-genocide-remembrance", "obj-justice", "obj-responsibility-to-protect"}},
		{"pillar-multilateralism", []string{"obj-african-integration", "obj-international-community"}},
		{"pillar-security", []string{"obj-sovereignty", "obj-global-peace-security", "obj-cyber-outer-space"}},
	}
	if len(fw.Pillars) != len(want) {
		t.Fatalf("%d pillars, want %d", len(fw.Pillars), len(want))
	}
	total := 0
	for i, w := range want {
		pl := fw.Pillars[i]
		if pl.ID != w.pillar || pl.Position != i+1 {
			t.Errorf("pillar %d = %s (position %d), want %s", i, pl.ID, pl.Position, w.pillar)
		}
		if fw.Pillar(w.pillar) != &fw.Pillars[i] {
			t.Errorf("Pillar(%q) does not return the pillar", w.pillar)
		}
		var got []string
		for j, o := range pl.Objectives {
			got = append(got, o.ID)
			if o.Pillar != pl.ID || o.Position != j+1 {
				t.Errorf("objective %s: pillar %q position %d", o.ID, o.Pillar, o.Position)
			}
			if fw.Objective(o.ID) != &pl.Objectives[j] {
				t.Errorf("Objective(%q) does not return the objective", o.ID)
			}
		}
		if !slices.Equal(got, w.objectives) {
			t.Errorf("%s objectives = %v, want %v", pl.ID, got, w.objectives)
		}
		total += len(got)
	}
	if total != 14 {
		t.Errorf("%d objectives, want 14", total)
	}
	if fw.Pillar("nope") != nil || fw.Objective("nope") != nil {
		t.Error("lookup of an unknown id did not return nil")
	}
	// Every node has English and French; the source is the ministry page.
	check := func(id, en, fr, src string) {
		if en == "" || fr == "" {
			t.Errorf("%s: title en %q fr %q", id, en, fr)
		}
		if src == "" {
			t.Errorf("%s: no source", id)
		}
	}
	check(p.ID, p.Title.EN, p.Title.FR, p.Source)
	for _, pl := range fw.Pillars {
		check(pl.ID, pl.Title.EN, pl.Title.FR, pl.Source)
		for _, o := range pl.Objectives {
			check(o.ID, o.Title.EN, o.Title.FR, o.Source)
		}
	}
	if o := fw.Objective("obj-genocide-remembrance"); o == nil || !strings.Contains(o.Title.FR, "génocide perpétré contre les Tutsi") {
		t.Errorf("genocide objective = %+v", o)
	}
	// A title without Kinyarwanda falls back to English.
	if o := fw.Objective("obj-public-health"); o.Title.In("rw") != o.Title.EN {
		t.Errorf("public health rw = %q", o.Title.In("rw"))
	}
}

func TestJSON(t *testing.T) {
	fw, err := Load(data.FS)
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(fw)
	if err != nil {
		t.Fatal(err)
	}
	// Field names are snake_case; an unknown date is present (its encoding is
	// registry.Date's business).
	var m struct {
		Policy  map[string]any   `json:"policy"`
		Pillars []map[string]any `json:"pillars"`
	}
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"id", "title", "adopted", "parent_strategy", "source", "last_verified", "note", "version"} {
		if _, ok := m.Policy[k]; !ok {
			t.Errorf("policy JSON lacks %q: %v", k, m.Policy)
		}
	}
	if len(m.Pillars) != 5 {
		t.Fatalf("%d pillars in JSON", len(m.Pillars))
	}
	for _, k := range []string{"id", "position", "title", "objectives", "source", "last_verified"} {
		if _, ok := m.Pillars[0][k]; !ok {
			t.Errorf("pillar JSON lacks %q: %v", k, m.Pillars[0])
		}
	}
	obj := m.Pillars[0]["objectives"].([]any)[0].(map[string]any)
	if obj["id"] != "obj-parliamentary-diplomacy" || obj["pillar"] != "pillar-people" {
		t.Errorf("first objective JSON = %v", obj)
	}
	// The JSON reads back into the same framework.
	var back Framework
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(&back, fw) {
		t.Errorf("JSON round trip differs:\n%+v\n%+v", back, *fw)
	}
}

const header = "id,parent,kind,position,title_en,title_fr,title_rw,title_sw,adopted,parent_strategy,source,last_verified,note\n"

// good is a small valid file; the tests below change one thing in it.
const good = header +
	"fp,,policy,1,Foreign policy,Politique étrangère,,,2024-03,Vision 2050,s,2026-01-10,\n" +
	"pa,fp,pillar,2,Pillar A,,,,,,s,,\n" +
	"pb,fp,pillar,1,Pillar B,,,,,,s,,\n" +
	"oa1,pa,objective,2,Objective A1,,,,,,s,,\n" +
	"oa2,pa,objective,1,Objective A2,,,,,,s,,\n" +
	"ob1,pb,objective,1,Objective B1,,,,,,s,,\n"

func load(content string) (*Framework, error) {
	return Load(fstest.MapFS{FileName: {Data: []byte(content)}})
}

func TestLoadSmall(t *testing.T) {
	fw, err := load(good)
	if err != nil {
		t.Fatal(err)
	}
	if fw.Policy.Adopted.String() != "2024-03" || fw.Policy.LastVerified.String() != "2026-01-10" {
		t.Errorf("policy dates %v %v", fw.Policy.Adopted, fw.Policy.LastVerified)
	}
	var order []string
	for _, p := range fw.Pillars {
		order = append(order, p.ID)
		for _, o := range p.Objectives {
			order = append(order, o.ID)
		}
	}
	if want := []string{"pb", "ob1", "pa", "oa2", "oa1"}; !slices.Equal(order, want) {
		t.Errorf("order %v, want %v (children sorted by position)", order, want)
	}
	// parent_strategy is optional in the header.
	noStrategy := strings.NewReplacer("parent_strategy,", "", "Vision 2050,", "", ",,,,,,s", ",,,,,s").Replace(good)
	if fw, err := load(noStrategy); err != nil || fw.Policy.ParentStrategy != "" {
		t.Errorf("without parent_strategy: %v %+v", err, fw)
	}
	// A policy without pillars is valid.
	if fw, err := load(header + "fp,,policy,1,Foreign policy,,,,,,s,,\n"); err != nil || len(fw.Pillars) != 0 {
		t.Errorf("policy alone: %v", err)
	}
}

// replace returns good with line n (1 = header) replaced.
func replace(n int, with string) string {
	lines := strings.SplitAfter(good, "\n")
	lines[n-1] = with + "\n"
	return strings.Join(lines, "")
}

func TestBadRows(t *testing.T) {
	tests := []struct {
		name    string
		content string
		want    string // prefix of one of the problems
	}{
		{"empty file", "", "policy.csv:1: is empty"},
		{"missing column", strings.Replace(good, "title_sw,", "", 1), "policy.csv:1: title_sw: required column is missing"},
		{"unknown column", strings.Replace(good, "note\n", "note,colour\n", 1), "policy.csv:1: colour: unknown column"},
		{"short row", replace(3, "pa,fp,pillar,2"), "policy.csv:3: has 4 fields"},
		{"no policy", header + "pa,fp,pillar,1,Pillar A,,,,,,s,,\n", "policy.csv: kind: there is no policy row"},
		{"two policies", good + "fp2,,policy,1,Other,,,,,,s,,\n", "policy.csv:8: kind: a second policy row"},
		{"missing id", replace(3, ",fp,pillar,2,Pillar A,,,,,,s,,"), "policy.csv:3: id: is required"},
		{"bad slug", replace(3, "Pillar_A,fp,pillar,2,Pillar A,,,,,,s,,"), `policy.csv:3: id: "Pillar_A" must be lower-case`},
		{"duplicate id", replace(3, "pb,fp,pillar,2,Pillar A,,,,,,s,,"), `policy.csv:4: id: "pb" is already used at line 3`},
		{"bad kind", replace(3, "pa,fp,programme,2,Pillar A,,,,,,s,,"), `policy.csv:3: kind: "programme" is not one of policy, pillar, objective`},
		{"empty kind", replace(3, "pa,fp,,2,Pillar A,,,,,,s,,"), `policy.csv:3: kind: "" is not one of`},
		{"missing position", replace(3, "pa,fp,pillar,,Pillar A,,,,,,s,,"), "policy.csv:3: position: is required"},
		{"zero position", replace(3, "pa,fp,pillar,0,Pillar A,,,,,,s,,"), `policy.csv:3: position: "0" is not a whole number from 1`},
		{"negative position", replace(3, "pa,fp,pillar,-1,Pillar A,,,,,,s,,"), `policy.csv:3: position: "-1" is not a whole number`},
		{"text position", replace(3, "pa,fp,pillar,first,Pillar A,,,,,,s,,"), `policy.csv:3: position: "first" is not a whole number`},
		{"duplicate pillar position", replace(3, "pa,fp,pillar,1,Pillar A,,,,,,s,,"), `policy.csv:4: position: 1 is already used under "fp" by "pa" (line 3)`},
		{"duplicate objective position", replace(6, "oa2,pa,objective,2,Objective A2,,,,,,s,,"), `policy.csv:6: position: 2 is already used under "pa" by "oa1" (line 5)`},
		{"missing title", replace(3, "pa,fp,pillar,2,,Pilier A,,,,,s,,"), "policy.csv:3: title_en: is required"},
		{"multi-line title", replace(3, "pa,fp,pillar,2,\"Pillar\nA\",,,,,,s,,"), "policy.csv:3: title_en: must be one line"},
		{"long title", replace(3, "pa,fp,pillar,2,Pillar A,"+strings.Repeat("x", 301)+",,,,,s,,"), "policy.csv:3: title_fr: is longer than 300"},
		{"policy with parent", replace(2, "fp,pa,policy,1,Foreign policy,,,,,,s,,"), "policy.csv:2: parent: must be empty"},
		{"pillar without parent", replace(3, "pa,,pillar,2,Pillar A,,,,,,s,,"), "policy.csv:3: parent: is required: the policy's id"},
		{"pillar under a pillar", replace(3, "pa,pb,pillar,2,Pillar A,,,,,,s,,"), `policy.csv:3: parent: "pb" is a pillar (line 4), not the policy`},
		{"pillar under unknown", replace(3, "pa,nope,pillar,2,Pillar A,,,,,,s,,"), `policy.csv:3: parent: "nope" is not the id of any row`},
		{"pillar under second policy", good + "fp2,,policy,1,Other,,,,,,s,,\npc,fp2,pillar,3,Pillar C,,,,,,s,,\n", `policy.csv:9: parent: "fp2" is not the policy of the file (line 2)`},
		{"objective without parent", replace(5, "oa1,,objective,2,Objective A1,,,,,,s,,"), "policy.csv:5: parent: is required: a pillar's id"},
		{"objective under policy", replace(5, "oa1,fp,objective,2,Objective A1,,,,,,s,,"), `policy.csv:5: parent: "fp" is the policy (line 2), not a pillar`},
		{"objective under objective", replace(5, "oa1,oa2,objective,2,Objective A1,,,,,,s,,"), `policy.csv:5: parent: "oa2" is an objective (line 6), not a pillar`},
		{"bad adopted", replace(2, "fp,,policy,1,Foreign policy,,,,2024-13,,s,,"), `policy.csv:2: adopted: "2024-13" has no month 13`},
		{"adopted on a pillar", replace(3, "pa,fp,pillar,2,Pillar A,,,,2024,,s,,"), "policy.csv:3: adopted: is only for the policy row"},
		{"strategy on an objective", replace(5, "oa1,pa,objective,2,Objective A1,,,,,Vision 2050,s,,"), "policy.csv:5: parent_strategy: is only for the policy row"},
		{"bad last_verified", replace(3, "pa,fp,pillar,2,Pillar A,,,,,,s,2026-02-30,"), `policy.csv:3: last_verified: "2026-02-30" is not a real day`},
		{"missing source", replace(3, "pa,fp,pillar,2,Pillar A,,,,,,,,"), "policy.csv:3: source: is required"},
		{"long note", replace(3, "pa,fp,pillar,2,Pillar A,,,,,,s,,"+strings.Repeat("n", 4001)), "policy.csv:3: note: is longer than 4000"},
		{"invalid UTF-8", replace(3, "pa,fp,pillar,2,Pillar \xff,,,,,,s,,"), "policy.csv:3: title_en: is not valid UTF-8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fw, err := load(tt.content)
			if fw != nil {
				t.Error("a framework was returned with the error")
			}
			var pe *Error
			if !errors.As(err, &pe) {
				t.Fatalf("Load = %v, want a *policy.Error", err)
			}
			var ce *csvfile.Error
			if !errors.As(err, &ce) {
				t.Error("errors.As does not find a *csvfile.Error")
			}
			for _, p := range pe.Problems {
				if strings.HasPrefix(p.Error(), tt.want) {
					return
				}
			}
			t.Errorf("no problem starting %q in:\n%v", tt.want, err)
		})
	}
}

// TestAllProblems checks that Load reports every problem, not only the first.
func TestAllProblems(t *testing.T) {
	content := header +
		"fp,,policy,1,Foreign policy,,,,,,s,,\n" +
		"Bad,fp,pillar,1,Pillar,,,,,,s,,\n" +
		"pb,fp,pillar,x,,,,,,,s,,\n" +
		"ob,nope,objective,1,Objective,,,,,,,,\n"
	_, err := load(content)
	var pe *Error
	if !errors.As(err, &pe) {
		t.Fatalf("Load = %v", err)
	}
	var got []string
	for _, p := range pe.Problems {
		got = append(got, p.Error())
	}
	for _, want := range []string{"policy.csv:3: id:", "policy.csv:4: position:", "policy.csv:4: title_en:", "policy.csv:5: source:", "policy.csv:5: parent:"} {
		if !slices.ContainsFunc(got, func(s string) bool { return strings.HasPrefix(s, want) }) {
			t.Errorf("no problem %q in %q", want, got)
		}
	}
}

func TestMissingFile(t *testing.T) {
	_, err := Load(fstest.MapFS{})
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Load of an empty FS = %v, want fs.ErrNotExist", err)
	}
}

func FuzzLoad(f *testing.F) {
	seed, err := fs.ReadFile(data.FS, FileName)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(seed)
	f.Add([]byte(good))
	f.Add([]byte(header))
	f.Add([]byte(replace(3, "pa,pb,pillar,1,Pillar A,,,,2024,,s,,")))
	f.Add([]byte(good + "fp2,,policy,1,Other,,,,,,s,,\n"))
	f.Fuzz(func(t *testing.T, content []byte) {
		fw, err := Load(fstest.MapFS{FileName: {Data: content}})
		if err != nil {
			if fw != nil {
				t.Fatal("a framework was returned with an error")
			}
			var pe *Error
			if !errors.As(err, &pe) || len(pe.Problems) == 0 {
				t.Fatalf("error %v is not a *policy.Error with problems", err)
			}
			for _, p := range pe.Problems {
				if p.File != FileName {
					t.Fatalf("problem names file %q", p.File)
				}
			}
			return
		}
		// A loaded framework is consistent.
		seen := map[string]bool{fw.Policy.ID: true}
		for i, p := range fw.Pillars {
			if i > 0 && fw.Pillars[i-1].Position >= p.Position {
				t.Fatal("pillars not sorted by distinct positions")
			}
			if seen[p.ID] || fw.Pillar(p.ID) != &fw.Pillars[i] || p.Title.EN == "" {
				t.Fatalf("pillar %q", p.ID)
			}
			seen[p.ID] = true
			for j, o := range p.Objectives {
				if j > 0 && p.Objectives[j-1].Position >= o.Position {
					t.Fatal("objectives not sorted by distinct positions")
				}
				if seen[o.ID] || o.Pillar != p.ID || o.Title.EN == "" {
					t.Fatalf("objective %q", o.ID)
				}
				seen[o.ID] = true
			}
		}
		if _, err := json.Marshal(fw); err != nil {
			t.Fatal(err)
		}
	})
}
