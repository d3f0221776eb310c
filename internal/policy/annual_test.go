package policy

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/chancery-org/chancery/data"
	"github.com/chancery-org/chancery/internal/dataset"
	"github.com/chancery-org/chancery/internal/registry"
)

func mustDate(t *testing.T, s string) registry.Date {
	t.Helper()
	d, err := registry.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestBuildAnnualReport(t *testing.T) {
	ds, err := dataset.Load(data.FS)
	if err != nil {
		t.Fatal(err)
	}
	ds.Agreements = append(ds.Agreements,
		registry.Agreement{ID: "in-year", Title: registry.Names{EN: "In the year"}, Signed: mustDate(t, "2025-09-01"),
			EntryIntoForce: mustDate(t, "2026-02"), Certainty: registry.Reported},
		registry.Agreement{ID: "before", Title: registry.Names{EN: "Before"}, Signed: mustDate(t, "2025-06-30"),
			EntryIntoForce: mustDate(t, "2025-07-01"), Certainty: registry.Reported},
		registry.Agreement{ID: "after", Title: registry.Names{EN: "After"}, Signed: mustDate(t, "2026-07-01"), Certainty: registry.Reported},
	)
	// The framework's versions, and one computed indicator per registry
	// figure the report compares, spread over the objectives in force.
	ds.PolicyNodes = versionedDataset().PolicyNodes
	ds.Indicators, ds.IndicatorActuals = nil, nil
	objectives := []string{"o25-a1", "o25-a2", "o25-b1"}
	for i, name := range ReportFigures {
		ds.Indicators = append(ds.Indicators, registry.Indicator{ID: "ind-" + strings.ReplaceAll(name, "_", "-"),
			Objective: objectives[i%len(objectives)], Title: registry.Names{EN: name}, Measure: "count",
			Direction: "increase", Computed: name, BaselinePeriod: "2024-2025"})
	}
	reg := registry.New(ds)
	fw := FrameworkFromDataset(reg.Dataset(), mustDate(t, "2026-06-30"))
	inds, err := IndicatorsFromDataset(reg.Dataset())
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)

	t.Run("closed year", func(t *testing.T) {
		fy, err := ParseFiscalYear("2025-2026", time.July)
		if err != nil {
			t.Fatal(err)
		}
		rep := BuildAnnualReport(fw, inds, reg, fy, now)
		if of := AnnualReportOf(reg, fy, now); !reflect.DeepEqual(of, rep) {
			t.Errorf("AnnualReportOf differs from BuildAnnualReport with the framework in force at the year's end")
		}
		if rep.Year != "2025-2026" || rep.Open || rep.AsOf.String() != "2026-06-30" || rep.Start.String() != "2025-07-01" {
			t.Fatalf("year %s open %v as of %s start %s", rep.Year, rep.Open, rep.AsOf, rep.Start)
		}
		before, after := reg.Figures(mustDate(t, "2025-06-30")), reg.Figures(mustDate(t, "2026-06-30"))
		if len(rep.Figures) != len(ReportFigures) {
			t.Fatalf("%d figures, want %d", len(rep.Figures), len(ReportFigures))
		}
		for _, f := range rep.Figures {
			b, _ := before.Get(f.Name)
			a, _ := after.Get(f.Name)
			if f.Before != b.Value || f.After != a.Value || f.Change != a.Value-b.Value {
				t.Errorf("%s: %+v, want %d -> %d", f.Name, f, b.Value, a.Value)
			}
		}
		if got := len(rep.Progress.Pillars); got != len(fw.Pillars) {
			t.Errorf("%d pillars in the progress, want %d", got, len(fw.Pillars))
		}
		// Every computed indicator has its value and baseline from the
		// registry: at the year's end and at the baseline year's end.
		n := 0
		for _, p := range rep.Progress.Pillars {
			for _, o := range p.Objectives {
				for _, ip := range o.Items {
					n++
					f, _ := after.Get(computedOf(inds, ip.Indicator))
					if ip.Value == nil || *ip.Value != float64(f.Value) {
						t.Errorf("%s: value %v, want %d", ip.Indicator, ip.Value, f.Value)
					}
					b, _ := before.Get(computedOf(inds, ip.Indicator))
					if ip.Baseline == nil || *ip.Baseline != float64(b.Value) {
						t.Errorf("%s: baseline %v, want %d", ip.Indicator, ip.Baseline, b.Value)
					}
				}
			}
		}
		if n != len(inds) {
			t.Errorf("%d indicators in the roll-up, want %d", n, len(inds))
		}
		if len(rep.Agreements.Signed) != 1 || rep.Agreements.Signed[0].ID != "in-year" {
			t.Errorf("signed in the year: %v", ids(rep.Agreements.Signed))
		}
		if len(rep.Agreements.EnteredIntoForce) != 2 || rep.Agreements.EnteredIntoForce[0].ID != "in-year" {
			t.Errorf("entered into force in the year, newest first: %v", ids(rep.Agreements.EnteredIntoForce))
		}
	})

	t.Run("open year", func(t *testing.T) {
		fy := FiscalYearOf(now, time.July)
		rep := BuildAnnualReport(fw, inds, reg, fy, now)
		if rep.Year != "2026-2027" || !rep.Open || rep.AsOf.String() != "2026-11-27" {
			t.Errorf("year %s open %v as of %s", rep.Year, rep.Open, rep.AsOf)
		}
		if len(rep.Agreements.Signed) != 1 || rep.Agreements.Signed[0].ID != "after" {
			t.Errorf("signed in the year: %v", ids(rep.Agreements.Signed))
		}
	})

	t.Run("earlier version", func(t *testing.T) {
		// 2018-2019 closed under fp-2015; its indicators, tagged to the
		// objectives of fp-2025, are unassigned.
		fy, err := ParseFiscalYear("2018-2019", time.July)
		if err != nil {
			t.Fatal(err)
		}
		rep := AnnualReportOf(reg, fy, now)
		if rep.Progress.Policy != "fp-2015" || len(rep.Progress.Pillars) != 1 || len(rep.Progress.Unassigned) != len(inds) {
			t.Errorf("policy %s, %d pillars, %d unassigned", rep.Progress.Policy, len(rep.Progress.Pillars), len(rep.Progress.Unassigned))
		}
	})

	t.Run("year not begun", func(t *testing.T) {
		rep := BuildAnnualReport(fw, inds, reg, FiscalYearOf(now, time.July).Next(), now)
		if !rep.Open || rep.AsOf != rep.Start {
			t.Errorf("open %v as of %s, want its first day %s", rep.Open, rep.AsOf, rep.Start)
		}
	})
}

func TestWithComputedBaselinesUnknown(t *testing.T) {
	p, err := ParsePeriod("2024-2025", time.July)
	if err != nil {
		t.Fatal(err)
	}
	inds := []Indicator{{ID: "visits", Computed: registry.FigVisitsThisFiscalYear, Baseline: Baseline{Period: p}}}
	unknown := func(string, time.Time) (float64, bool) { return 0, false }
	for name, values := range map[string]Values{"unknown figure": unknown, "no values": nil} {
		got := WithComputedBaselines(inds, values)
		if ip := got[0].Progress(Period{FY: p.FY.Next()}, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), values); ip.Baseline != nil {
			t.Errorf("%s: baseline %v, want unknown", name, *ip.Baseline)
		}
	}
	if inds[0].Baseline.Value != 0 {
		t.Error("WithComputedBaselines changed its argument")
	}
}

func computedOf(inds []Indicator, id string) string {
	for _, ind := range inds {
		if ind.ID == id {
			return ind.Computed
		}
	}
	return ""
}

func ids(as []*registry.Agreement) []string {
	var out []string
	for _, a := range as {
		out = append(out, a.ID)
	}
	return out
}
