package policy

import (
	"errors"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chancery-org/chancery/internal/registry"
)

func at(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 9, 0, 0, 0, time.UTC) }

// sampleIndicator is a valid count indicator on July fiscal years: baseline
// 2023-2024, targets for 2024-2025 and 2025-2026, two approved actuals (the
// second recorded late).
func sampleIndicator() Indicator {
	return Indicator{
		ID:        "ind-missions-africa",
		Objective: "obj-african-integration",
		Title:     registry.Names{EN: "Resident missions in Africa", FR: "Missions résidentes en Afrique"},
		Measure:   MeasureCount,
		Direction: DirectionIncrease,
		Baseline:  Baseline{Value: 20, Period: whole(2023, time.July)},
		Targets: []Target{
			{Period: whole(2024, time.July), Value: 22},
			{Period: whole(2025, time.July), Value: 25},
		},
		Actuals: []Actual{
			{
				Period: q(2024, time.July, 2), Value: 21, Evidence: "https://www.minaffet.gov.rw/news/embassy-opened",
				RecordedAt: at(2024, 12, 20), RecordedBy: "alice", ApprovedBy: "bob", ApprovedAt: at(2024, 12, 21),
			},
			{
				Period: q(2024, time.July, 4), Value: 22, Evidence: "agreement:rw-gh-2025", Text: "recorded after the close",
				RecordedAt: at(2025, 7, 15), RecordedBy: "alice", ApprovedBy: "bob", ApprovedAt: at(2025, 7, 16), Late: true,
			},
		},
		Weight: 2,
		Meta:   registry.Meta{Source: "Strategic plan 2024-2029"},
	}
}

func qualitative(ind *Indicator) {
	ind.Measure, ind.Direction, ind.Baseline, ind.Targets = MeasureQualitative, "", Baseline{}, nil
	for i := range ind.Actuals {
		ind.Actuals[i].Value, ind.Actuals[i].Text = 0, "Joint commission held"
	}
}

// fieldsOf returns the sorted, distinct fields a *registry.ValidationError names.
func fieldsOf(t *testing.T, err error) []string {
	t.Helper()
	if err == nil {
		return nil
	}
	var ve *registry.ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("error %v is not a *registry.ValidationError", err)
	}
	var fields []string
	for _, f := range ve.Fields {
		if f.Entity != "indicator" || f.Reason == "" {
			t.Errorf("field error %+v", f)
		}
		fields = append(fields, f.Field)
	}
	slices.Sort(fields)
	return slices.Compact(fields)
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name   string
		change func(*Indicator)
		want   []string // fields named, sorted
	}{
		{"valid", func(*Indicator) {}, nil},
		{"valid qualitative", qualitative, nil},
		{"valid amount", func(i *Indicator) { i.Measure, i.Unit = MeasureAmount, "USD" }, nil},
		{"valid maintain", func(i *Indicator) { i.Direction, i.Targets = DirectionMaintain, nil }, nil},
		{"valid default weight", func(i *Indicator) { i.Weight = 0 }, nil},
		{"valid computed", func(i *Indicator) { i.Computed, i.Actuals = registry.FigDiplomaticMissions, nil }, nil},
		{"valid computed visits", func(i *Indicator) { i.Computed, i.Actuals = FigVisits, nil }, nil},
		{"missing id, objective and title", func(i *Indicator) { i.ID, i.Objective, i.Title = "", "", registry.Names{} }, []string{"id", "objective", "title_en"}},
		{"bad id", func(i *Indicator) { i.ID = "Missions Africa" }, []string{"id"}},
		{"bad objective", func(i *Indicator) { i.Objective = "obj--x" }, []string{"objective"}},
		{"title on two lines", func(i *Indicator) { i.Title.FR = "a\nb" }, []string{"title_fr"}},
		{"unknown measure", func(i *Indicator) { i.Measure = "ratio" }, []string{"measure"}},
		{"amount without unit", func(i *Indicator) { i.Measure = MeasureAmount }, []string{"unit"}},
		{"unknown direction", func(i *Indicator) { i.Direction = "up" }, []string{"direction"}},
		{"percentage above 100", func(i *Indicator) { i.Measure, i.Targets[1].Value = MeasurePercentage, 120 }, []string{"targets[1].value"}},
		{"negative count", func(i *Indicator) { i.Baseline.Value = -1 }, []string{"baseline.value"}},
		{"fractional count", func(i *Indicator) { i.Targets[0].Value = 22.5 }, []string{"targets[0].value"}},
		{"not a number", func(i *Indicator) { i.Actuals[0].Value = math.NaN() }, []string{"actuals[0].value"}},
		{"too large", func(i *Indicator) { i.Measure, i.Unit, i.Targets[1].Value = MeasureAmount, "USD", 1e16 }, []string{"targets[1].value"}},
		{"qualitative with numeric targets", func(i *Indicator) {
			tg := i.Targets
			qualitative(i)
			i.Targets = tg
		}, []string{"targets"}},
		{"qualitative with baseline and direction", func(i *Indicator) {
			qualitative(i)
			i.Direction, i.Baseline.Value = DirectionIncrease, 3
		}, []string{"baseline", "direction"}},
		{"qualitative update without text", func(i *Indicator) {
			qualitative(i)
			i.Actuals[1].Text, i.Actuals[0].Value = " ", 4
		}, []string{"actuals[0].value", "actuals[1].text"}},
		{"duplicate target periods", func(i *Indicator) { i.Targets[1].Period = i.Targets[0].Period }, []string{"targets[1].period"}},
		{"target not after the baseline", func(i *Indicator) { i.Targets[0].Period = q(2023, time.July, 4) }, []string{"targets[0].period"}},
		{"increase target below baseline", func(i *Indicator) { i.Targets[0].Value = 20 }, []string{"targets[0].value"}},
		{"decrease target above baseline", func(i *Indicator) { i.Direction = DirectionDecrease }, []string{"targets[0].value", "targets[1].value"}},
		{"missing baseline period", func(i *Indicator) { i.Baseline.Period = Period{} }, []string{"baseline.period"}},
		{"bad quarter and year", func(i *Indicator) {
			i.Targets[0].Period.Q = 5
			i.Targets[1].Period.FY.Year = 2300
		}, []string{"targets[0].period", "targets[1].period"}},
		{"mixed fiscal-year start months", func(i *Indicator) { i.Targets[0].Period = whole(2024, time.April) }, []string{"targets[0].period"}},
		{"actual for a future period", func(i *Indicator) { i.Actuals[0].Period = q(2025, time.July, 1) }, []string{"actuals[0].period"}},
		{"late flag missing", func(i *Indicator) { i.Actuals[1].Late = false }, []string{"actuals[1].late"}},
		{"late flag wrong", func(i *Indicator) { i.Actuals[0].Late = true }, []string{"actuals[0].late"}},
		{"half an approval", func(i *Indicator) { i.Actuals[0].ApprovedBy = "" }, []string{"actuals[0].approved_by"}},
		{"approved before recorded", func(i *Indicator) { i.Actuals[0].ApprovedAt = at(2024, 12, 1) }, []string{"actuals[0].approved_at"}},
		{"unrecorded", func(i *Indicator) { i.Actuals[0].RecordedAt, i.Actuals[0].RecordedBy = time.Time{}, "" }, []string{"actuals[0].recorded_at", "actuals[0].recorded_by"}},
		{"bad evidence", func(i *Indicator) { i.Actuals[0].Evidence, i.Actuals[1].Evidence = "minutes of the meeting", "" }, []string{"actuals[0].evidence", "actuals[1].evidence"}},
		{"computed with manual actuals", func(i *Indicator) { i.Computed = registry.FigCountriesCovered }, []string{"actuals"}},
		{"unknown computed figure", func(i *Indicator) { i.Computed, i.Actuals = "embassies", nil }, []string{"computed"}},
		{"computed amount", func(i *Indicator) {
			i.Computed, i.Actuals, i.Measure, i.Unit = registry.FigMemberships, nil, MeasureAmount, "USD"
		}, []string{"computed"}},
		{"negative weight", func(i *Indicator) { i.Weight = -1 }, []string{"weight"}},
		{"weight not a number", func(i *Indicator) { i.Weight = math.Inf(1) }, []string{"weight"}},
		{"weight too large", func(i *Indicator) { i.Weight = MaxWeight + 1 }, []string{"weight"}},
		{"control character in the note", func(i *Indicator) { i.Note = "a\x00b" }, []string{"note"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ind := sampleIndicator()
			tt.change(&ind)
			err := ind.Validate()
			if got := fieldsOf(t, err); !slices.Equal(got, tt.want) {
				t.Errorf("fields %q, want %q; error: %v", got, tt.want, err)
			}
			if err != nil && !strings.Contains(err.Error(), `indicator "`+ind.ID+`"`) && ind.ID != "" {
				t.Errorf("error does not name the indicator: %v", err)
			}
		})
	}
}

func TestEvidence(t *testing.T) {
	tests := []struct {
		in  string
		bad string // substring of the reason; "" when good
	}{
		{"https://www.minaffet.gov.rw/news/x?id=1", ""},
		{"HTTP://example.org", ""},
		{"engagement:2025-chogm", ""},
		{"agreement:rw-ae-bit-2017", ""},
		{"document:white_paper.v2", ""},
		{"initiative:Visa-Free-Africa", ""},
		{"", "is required"},
		{"https://", "not a valid URL"},
		{"https://exa mple.org", "spaces"},
		{"ftp://example.org/file", "neither"},
		{"www.example.org", "neither"},
		{"treaty:rw-1", "not one of"},
		{"engagement:", "neither"},
		{"engagement:-x", "neither"},
		{"Engagement:x", "neither"},
		{"https://example.org/" + strings.Repeat("a", maxURL), "longer"},
	}
	for _, tt := range tests {
		got := evidenceProblem(tt.in)
		if (tt.bad == "") != (got == "") || !strings.Contains(got, tt.bad) {
			t.Errorf("evidenceProblem(%q) = %q, want %q", tt.in, got, tt.bad)
		}
	}
}

func TestComputedFigures(t *testing.T) {
	for _, name := range []string{"diplomatic_missions", "countries_covered", "honorary_consuls", "memberships", "agreements_in_force", FigVisits} {
		if !slices.Contains(ComputedFigures, name) {
			t.Errorf("ComputedFigures lacks %q", name)
		}
	}
	if !slices.Equal(ComputedFigures, registry.FigureNames) {
		t.Errorf("ComputedFigures = %v", ComputedFigures)
	}
}
