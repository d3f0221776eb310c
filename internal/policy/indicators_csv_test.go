package policy

import (
	"errors"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/chancery-org/chancery/data"
)

func TestLoadIndicatorsSeed(t *testing.T) {
	fw, err := Load(data.FS)
	if err != nil {
		t.Fatal(err)
	}
	inds, err := LoadIndicators(data.FS, fw, time.July)
	if err != nil {
		t.Fatal(err)
	}
	if len(inds) == 0 {
		t.Fatal("the seed data set has no indicators")
	}
	for _, ind := range inds {
		if ind.Computed == "" {
			t.Errorf("%s: the seed indicators are all computed from the registry (no other source exists)", ind.ID)
		}
		if fw.Objective(ind.Objective) == nil {
			t.Errorf("%s: objective %q is not in the framework", ind.ID, ind.Objective)
		}
	}
}

func TestLoadIndicatorsProblems(t *testing.T) {
	fw, err := Load(data.FS)
	if err != nil {
		t.Fatal(err)
	}
	const header = "id,objective,measure,unit,direction,computed,baseline_period,baseline_value,targets,weight,title_en,title_fr,title_rw,title_sw,source,last_verified,note\n"
	good := "ind-a,obj-economic-diplomacy,count,,increase,,2024-2025,3,2026-2027=5;2027-2028 Q2=6,2,Trade missions,,,,https://example.org,,\n"
	inds, err := LoadIndicators(fstest.MapFS{IndicatorsFile: {Data: []byte(header + good)}}, fw, time.July)
	if err != nil {
		t.Fatal(err)
	}
	if len(inds) != 1 || len(inds[0].Targets) != 2 || inds[0].Targets[1].Period.String() != "2027-2028 Q2" ||
		inds[0].Baseline.Value != 3 || inds[0].Weight != 2 {
		t.Fatalf("parsed %+v", inds)
	}
	for _, c := range []struct {
		name, row, field string
	}{
		{"unknown objective", "ind-b,obj-none,count,,increase,,2024-2025,1,,,X,,,,s,,\n", "objective"},
		{"bad measure", "ind-b,obj-economic-diplomacy,lots,,increase,,2024-2025,1,,,X,,,,s,,\n", "measure"},
		{"bad period", "ind-b,obj-economic-diplomacy,count,,increase,,2024-2026,1,,,X,,,,s,,\n", "baseline_period"},
		{"computed with a baseline value", "ind-b,obj-economic-diplomacy,count,,increase,memberships,2024-2025,4,,,X,,,,s,,\n", "baseline_value"},
		{"unknown figure", "ind-b,obj-economic-diplomacy,count,,increase,embassies,2024-2025,,,,X,,,,s,,\n", "computed"},
		{"target not PERIOD=VALUE", "ind-b,obj-economic-diplomacy,count,,increase,,2024-2025,1,2026-2027,,X,,,,s,,\n", "targets"},
		{"target not a number", "ind-b,obj-economic-diplomacy,count,,increase,,2024-2025,1,2026-2027=many,,X,,,,s,,\n", "targets"},
		{"bad weight", "ind-b,obj-economic-diplomacy,count,,increase,,2024-2025,1,,heavy,X,,,,s,,\n", "weight"},
		{"no title", "ind-b,obj-economic-diplomacy,count,,increase,,2024-2025,1,,,,,,,s,,\n", "title_en"},
		{"no source", "ind-b,obj-economic-diplomacy,count,,increase,,2024-2025,1,,,X,,,,,,\n", "source"},
		{"bad id", "Ind B,obj-economic-diplomacy,count,,increase,,2024-2025,1,,,X,,,,s,,\n", "id"},
		{"duplicate id", "ind-a,obj-economic-diplomacy,count,,increase,,2024-2025,1,,,X,,,,s,,\n", "id"},
		{"bad date", "ind-b,obj-economic-diplomacy,count,,increase,,2024-2025,1,,,X,,,,s,2025-13-01,\n", "last_verified"},
	} {
		_, err := LoadIndicators(fstest.MapFS{IndicatorsFile: {Data: []byte(header + good + c.row)}}, fw, time.July)
		var pe *Error
		if !errors.As(err, &pe) {
			t.Errorf("%s: %v, want an *Error", c.name, err)
			continue
		}
		if len(pe.Problems) != 1 || pe.Problems[0].Field != c.field || pe.Problems[0].Line != 3 ||
			!strings.HasPrefix(err.Error(), IndicatorsFile) {
			t.Errorf("%s: %v, want one problem on line 3, field %s", c.name, err, c.field)
		}
	}
	if _, err := LoadIndicators(fstest.MapFS{}, fw, time.July); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("no file: %v, want fs.ErrNotExist", err)
	}
	if _, err := LoadIndicators(fstest.MapFS{IndicatorsFile: {Data: []byte("id,objective\nx,y\n")}}, fw, time.July); err == nil {
		t.Error("a file missing columns was accepted")
	}
}

// FuzzLoadIndicators: whatever indicators.csv holds, LoadIndicators returns
// either indicators that each validate, or an *Error whose every problem
// names the file; it never panics.
func FuzzLoadIndicators(f *testing.F) {
	seed, err := fs.ReadFile(data.FS, IndicatorsFile)
	if err != nil {
		f.Fatal(err)
	}
	fw, err := Load(data.FS)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(seed)
	f.Add([]byte("id,objective,measure,unit,direction,computed,baseline_period,baseline_value,targets,weight,title_en,title_fr,title_rw,title_sw,source,last_verified,note\n" +
		"ind-a,obj-economic-diplomacy,count,,increase,,2024-2025,3,2026-2027=5;2027-2028 Q2=6,2,Trade missions,,,,s,,\n"))
	f.Add([]byte("id,objective\n"))
	f.Fuzz(func(t *testing.T, content []byte) {
		inds, err := LoadIndicators(fstest.MapFS{IndicatorsFile: {Data: content}}, fw, time.July)
		if err != nil {
			var pe *Error
			if inds != nil || !errors.As(err, &pe) || len(pe.Problems) == 0 {
				t.Fatalf("LoadIndicators = %d indicators, %v", len(inds), err)
			}
			for _, p := range pe.Problems {
				if p.File != IndicatorsFile {
					t.Fatalf("problem names file %q", p.File)
				}
			}
			return
		}
		for _, ind := range inds {
			if err := ind.Validate(); err != nil {
				t.Fatalf("%s loaded but does not validate: %v", ind.ID, err)
			}
		}
	})
}
