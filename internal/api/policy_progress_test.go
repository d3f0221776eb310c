package api

import (
	"bytes"
	"cmp"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"log/slog"
	"math"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chancery-org/chancery/internal/policy"
	"github.com/chancery-org/chancery/internal/registry"
)

// ppClock is a settable clock for the routes judged at today.
type ppClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *ppClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *ppClock) set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}

// ppServer is the API on the seed data with the given indicators and clock,
// behind a real HTTP server, so that its answers are validated against the
// document as in openapi_test.go.
func ppServer(t *testing.T, inds []policy.Indicator, clock *ppClock) *oaAPI {
	t.Helper()
	return ppServerOf(t, oaFixture(t).reg, inds, clock)
}

// ppServerOf is ppServer on another registry, whose indicators and actuals
// are replaced by inds.
func ppServerOf(t *testing.T, reg *registry.Registry, inds []policy.Indicator, clock *ppClock) *oaAPI {
	t.Helper()
	fx := oaFixture(t)
	ds := reg.Dataset().Clone()
	ds.Indicators, ds.IndicatorActuals = ppRecords(inds)
	reg = registry.New(ds)
	s := New(func() *registry.Registry { return reg }, slog.New(slog.DiscardHandler))
	s.now = clock.now
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	client := &http.Client{Transport: &http.Transport{DisableCompression: true}}
	return &oaAPI{oaFixtures: fx, srv: srv, client: client}
}

// ppRecords turns indicators back into the registry's records, from which
// policy.IndicatorsFromDataset builds them again: unknown baselines (NaN)
// and computed ones (taken from the registry) are nil, periods are written
// as the records write them ("2025-2026-Q1").
func ppRecords(inds []policy.Indicator) ([]registry.Indicator, []registry.IndicatorActual) {
	var out []registry.Indicator
	var actuals []registry.IndicatorActual
	period := func(p policy.Period) string {
		if p.IsZero() {
			return ""
		}
		return strings.Replace(p.String(), " Q", "-Q", 1) // as records write it
	}
	for _, ind := range inds {
		r := registry.Indicator{ID: ind.ID, Objective: ind.Objective, Title: ind.Title, Measure: string(ind.Measure),
			Unit: ind.Unit, Direction: string(ind.Direction), Computed: ind.Computed,
			BaselinePeriod: period(ind.Baseline.Period), Weight: ind.Weight, Meta: ind.Meta}
		if v := ind.Baseline.Value; ind.Measure != policy.MeasureQualitative && ind.Computed == "" && !math.IsNaN(v) {
			r.BaselineValue = &v
		}
		for _, tg := range ind.Targets {
			r.Targets = append(r.Targets, registry.IndicatorTarget{Period: period(tg.Period), Value: tg.Value})
		}
		out = append(out, r)
		for j, a := range ind.Actuals {
			x := registry.IndicatorActual{ID: fmt.Sprintf("%s-actual-%d", ind.ID, j+1), Indicator: ind.ID, Period: period(a.Period),
				Text: a.Text, Evidence: a.Evidence, RecordedAt: registry.Timestamp{Time: a.RecordedAt}, RecordedBy: a.RecordedBy,
				ApprovedAt: registry.Timestamp{Time: a.ApprovedAt}, ApprovedBy: a.ApprovedBy}
			if v := a.Value; ind.Measure != policy.MeasureQualitative && !math.IsNaN(v) {
				x.Value = &v
			}
			actuals = append(actuals, x)
		}
	}
	return out, actuals
}

// ppNow is the day the tests are judged at: within the seed registry's
// fiscal year after the indicators' baseline year, so that one period is
// open and an earlier one closed.
func ppNow(t *testing.T, fx *oaFixtures) time.Time {
	t.Helper()
	sm := fx.reg.Settings().FiscalYearStartMonth()
	var base policy.Period
	for _, ind := range fx.inds {
		if !ind.Baseline.Period.IsZero() {
			base = ind.Baseline.Period
			break
		}
	}
	if base.IsZero() {
		t.Fatal("no seed indicator has a baseline period")
	}
	// Forty days into the next fiscal year, at noon UTC.
	start, _ := time.Parse(time.DateOnly, base.FY.Next().Start().String())
	now := start.AddDate(0, 0, 40).Add(12 * time.Hour)
	if policy.FiscalYearOf(now, sm) != base.FY.Next() {
		t.Fatalf("%s is not in %s", now, base.FY.Next())
	}
	return now
}

// ppGet sends a GET, checks the status and validates the exchange.
func ppGet(t *testing.T, a *oaAPI, target string, header map[string]string, status int) oaResponse {
	t.Helper()
	res := a.do(t, http.MethodGet, target, header)
	if res.status != status {
		t.Fatalf("GET %s: status %d, want %d: %s", target, res.status, status, oaShorten(string(res.body), 600))
	}
	a.validate(t, http.MethodGet, target, header, res)
	return res
}

// ppProgress decodes a progress answer, keeping what the tests read.
type ppProgress struct {
	Policy   string `json:"policy"`
	Period   string `json:"period"`
	Start    string `json:"start"`
	End      string `json:"end"`
	AsOf     string `json:"as_of"`
	Open     bool   `json:"open"`
	Revision int64  `json:"revision"`
	Pillars  []struct {
		Pillar     string `json:"pillar"`
		Objectives []struct {
			Objective string       `json:"objective"`
			Items     []ppProgItem `json:"items"`
		} `json:"objectives"`
	} `json:"pillars"`
	Unassigned []ppProgItem `json:"unassigned"`
}

type ppProgItem struct {
	Indicator   string   `json:"indicator"`
	Computed    string   `json:"computed"`
	Baseline    *float64 `json:"baseline"`
	Value       *float64 `json:"value"`
	ValuePeriod *string  `json:"value_period"`
	Progress    *float64 `json:"progress"`
	Status      string   `json:"status"`
}

func (p ppProgress) items() []ppProgItem {
	var out []ppProgItem
	for _, pl := range p.Pillars {
		for _, o := range pl.Objectives {
			out = append(out, o.Items...)
		}
	}
	return append(out, p.Unassigned...)
}

// figureAt returns a registry figure on a day, as a number.
func figureAt(t *testing.T, reg *registry.Registry, name string, d registry.Date) (float64, bool) {
	t.Helper()
	f, ok := reg.Figures(d).Get(name)
	return float64(f.Value), ok
}

// TestPolicyProgressJSON checks the progress of the seed framework: its
// shape, the period judged, and every computed value against the registry's
// figures on the day judged.
func TestPolicyProgressJSON(t *testing.T) {
	fx := oaFixture(t)
	now := ppNow(t, fx)
	a := ppServer(t, fx.inds, &ppClock{t: now})
	sm := fx.reg.Settings().FiscalYearStartMonth()
	current := policy.FiscalYearOf(now, sm)
	today := registry.DateOf(now)
	future := policy.Period{FY: current.Next().Next(), Q: 2}
	for _, c := range []struct {
		name   string
		query  string
		period policy.Period
		open   bool
		asOf   registry.Date
	}{
		{"default: the fiscal year holding today", "", policy.Period{FY: current}, true, today},
		{"the current fiscal year", "?period=" + current.String(), policy.Period{FY: current}, true, today},
		{"the current quarter", "?period=" + url.QueryEscape(policy.QuarterOf(now, sm).String()), policy.QuarterOf(now, sm), true, today},
		{"a closed fiscal year", "?period=" + current.Prev().String(), policy.Period{FY: current.Prev()}, false, current.Prev().End()},
		{"a closed quarter, lower-case q", "?period=" + current.Prev().String() + "+q3", policy.Period{FY: current.Prev(), Q: 3}, false, policy.Period{FY: current.Prev(), Q: 3}.End()},
		{"a period not begun", "?period=" + url.QueryEscape(future.String()), future, true, future.Start()},
	} {
		t.Run(c.name, func(t *testing.T) {
			res := ppGet(t, a, "/api/v1/policy/progress"+c.query, nil, http.StatusOK)
			var got ppProgress
			if err := json.Unmarshal(res.body, &got); err != nil {
				t.Fatal(err)
			}
			if got.Period != c.period.String() || got.Start != c.period.Start().String() || got.End != c.period.End().String() {
				t.Errorf("period %q from %s to %s, want %q from %s to %s", got.Period, got.Start, got.End, c.period, c.period.Start(), c.period.End())
			}
			if got.Open != c.open || got.AsOf != c.asOf.String() {
				t.Errorf("open %v as of %s, want %v as of %s", got.Open, got.AsOf, c.open, c.asOf)
			}
			if got.Policy != fx.fw.Policy.ID || got.Revision != fx.reg.Revision() {
				t.Errorf("policy %q revision %d, want %q %d", got.Policy, got.Revision, fx.fw.Policy.ID, fx.reg.Revision())
			}
			if len(got.Pillars) != len(fx.fw.Pillars) || len(got.Pillars) != 5 {
				t.Errorf("%d pillars, want the seed framework's 5 (%d)", len(got.Pillars), len(fx.fw.Pillars))
			}
			for i, pl := range got.Pillars {
				if i < len(fx.fw.Pillars) && (pl.Pillar != fx.fw.Pillars[i].ID || len(pl.Objectives) != len(fx.fw.Pillars[i].Objectives)) {
					t.Errorf("pillar %d: %s with %d objectives, want %s with %d", i, pl.Pillar, len(pl.Objectives), fx.fw.Pillars[i].ID, len(fx.fw.Pillars[i].Objectives))
				}
			}
			items := got.items()
			var ids []string
			for _, it := range items {
				ids = append(ids, it.Indicator)
			}
			slices.Sort(ids)
			var want []string
			for _, ind := range fx.inds {
				want = append(want, ind.ID)
			}
			slices.Sort(want)
			if !slices.Equal(ids, want) {
				t.Errorf("indicators %v, want each of %v once", ids, want)
			}
			computed := 0
			for _, it := range items {
				ind := fx.inds[slices.IndexFunc(fx.inds, func(i policy.Indicator) bool { return i.ID == it.Indicator })]
				if it.Computed != ind.Computed {
					t.Errorf("%s: computed %q, want %q", it.Indicator, it.Computed, ind.Computed)
				}
				if ind.Computed == "" {
					continue
				}
				computed++
				if base, ok := figureAt(t, fx.reg, ind.Computed, ind.Baseline.Period.End()); ok && (it.Baseline == nil || *it.Baseline != base) {
					t.Errorf("%s: baseline %v, want the registry's %s on %s: %v", it.Indicator, it.Baseline, ind.Computed, ind.Baseline.Period.End(), base)
				}
				v, known := figureAt(t, fx.reg, ind.Computed, c.asOf)
				switch {
				case c.asOf == c.period.Start() && c.asOf.First() > today.First():
					if it.Value != nil || it.ValuePeriod != nil {
						t.Errorf("%s: value %v in %v for a period not begun, want null", it.Indicator, it.Value, it.ValuePeriod)
					}
				case !known:
					if it.Value != nil {
						t.Errorf("%s: value %v, but the registry does not count %s", it.Indicator, *it.Value, ind.Computed)
					}
				case it.Value == nil || *it.Value != v:
					t.Errorf("%s: value %v, want reg.Figures(%s) %s = %v", it.Indicator, it.Value, c.asOf, ind.Computed, v)
				case it.ValuePeriod == nil || *it.ValuePeriod != c.period.String():
					t.Errorf("%s: value_period %v, want %s", it.Indicator, it.ValuePeriod, c.period)
				}
			}
			if computed == 0 {
				t.Error("no computed indicator in the seed data")
			}
			// Unknown numbers are null, never left out or 0.
			var raw map[string]any
			json.Unmarshal(res.body, &raw)
			for _, k := range []string{"progress", "expected", "coverage"} {
				if _, ok := raw[k]; !ok {
					t.Errorf("%s is missing, want a number or null", k)
				}
			}
			first := raw["pillars"].([]any)[0].(map[string]any)["objectives"].([]any)[0].(map[string]any)
			if it, ok := first["items"].([]any); ok && len(it) > 0 {
				for _, k := range []string{"baseline", "value", "value_period", "target", "target_period", "progress", "expected"} {
					if _, ok := it[0].(map[string]any)[k]; !ok {
						t.Errorf("item %s is missing, want it null when unknown", k)
					}
				}
			}
		})
	}
}

// TestPolicyProgressNumbers checks the roll-up against policy.Progress with
// indicators that have targets: progress and status as the domain computes
// them, null where unknown.
func TestPolicyProgressNumbers(t *testing.T) {
	fx := oaFixture(t)
	now := ppNow(t, fx)
	sm := fx.reg.Settings().FiscalYearStartMonth()
	fy := policy.FiscalYearOf(now, sm)
	// The seed indicators with targets above their registry baselines: the
	// roll-up then has numbers to check.
	values := policy.RegistryValues(fx.reg)
	inds := policy.WithComputedBaselines(fx.inds, values)
	for i := range inds {
		if inds[i].Computed != "" && inds[i].Measure == policy.MeasureCount {
			inds[i].Baseline.Value = 0 // ignored: recomputed from the registry
			inds[i].Targets = []policy.Target{{Period: policy.Period{FY: fy.Next()}, Value: float64(1000 * (i + 1))}}
		}
	}
	a := ppServer(t, inds, &ppClock{t: now})
	res := ppGet(t, a, "/api/v1/policy/progress?period="+fy.String(), nil, http.StatusOK)
	var got ppProgress
	if err := json.Unmarshal(res.body, &got); err != nil {
		t.Fatal(err)
	}
	want := policy.Progress(fx.fw, policy.WithComputedBaselines(inds, values), policy.Period{FY: fy}, now, values)
	byID := map[string]policy.IndicatorProgress{}
	for _, pl := range want.Pillars {
		for _, o := range pl.Objectives {
			for _, ip := range o.Items {
				byID[ip.Indicator] = ip
			}
		}
	}
	known := 0
	for _, it := range got.items() {
		w := byID[it.Indicator]
		if (it.Progress == nil) != (w.Progress == nil) || it.Progress != nil && *it.Progress != *w.Progress || it.Status != string(w.Status) {
			t.Errorf("%s: progress %v status %s, want %v %s", it.Indicator, it.Progress, it.Status, w.Progress, w.Status)
		}
		if it.Progress != nil {
			known++
		}
	}
	if known == 0 {
		t.Error("no indicator with known progress: the test checks nothing")
	}
	var raw struct {
		Progress *float64 `json:"progress"`
		Status   string   `json:"status"`
	}
	json.Unmarshal(res.body, &raw)
	if (raw.Progress == nil) != (want.Progress == nil) || raw.Progress != nil && *raw.Progress != *want.Progress || raw.Status != string(want.Status) {
		t.Errorf("framework progress %v %s, want %v %s", raw.Progress, raw.Status, want.Progress, want.Status)
	}
}

// ppCSV reads a CSV body.
func ppCSV(t *testing.T, body []byte) [][]string {
	t.Helper()
	rows, err := csv.NewReader(bytes.NewReader(body)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) == 0 {
		t.Fatal("no header row")
	}
	return rows
}

// csvColumn returns the index of a column, failing when it is missing.
func csvColumn(t *testing.T, header []string, name string) int {
	t.Helper()
	i := slices.Index(header, name)
	if i < 0 {
		t.Fatalf("no column %s in %v", name, header)
	}
	return i
}

// TestPolicyCSV checks the CSV representations: header, one row per
// indicator, and the computed numbers.
func TestPolicyCSV(t *testing.T) {
	fx := oaFixture(t)
	now := ppNow(t, fx)
	a := ppServer(t, fx.inds, &ppClock{t: now})
	period := policy.Period{FY: policy.FiscalYearOf(now, fx.reg.Settings().FiscalYearStartMonth()).Prev()}
	for _, c := range []struct {
		target string
		header map[string]string
		cols   []string
	}{
		{"/api/v1/policy/indicators.csv", nil, indicatorCSVColumns},
		{"/api/v1/policy/indicators", map[string]string{"Accept": "text/csv"}, indicatorCSVColumns},
		{"/api/v1/policy/progress.csv?period=" + period.String(), nil, progressCSVColumns},
		{"/api/v1/policy/progress?period=" + period.String(), map[string]string{"Accept": "text/csv"}, progressCSVColumns},
	} {
		t.Run(c.target, func(t *testing.T) {
			res := ppGet(t, a, c.target, c.header, http.StatusOK)
			if ct := res.header.Get("Content-Type"); ct != csvType {
				t.Errorf("Content-Type %q", ct)
			}
			rows := ppCSV(t, res.body)
			if !slices.Equal(rows[0], c.cols) {
				t.Fatalf("header %v, want %v", rows[0], c.cols)
			}
			if len(rows)-1 != len(fx.inds) {
				t.Errorf("%d rows, want one per indicator (%d)", len(rows)-1, len(fx.inds))
			}
			h := rows[0]
			idName := "id"
			if strings.Contains(c.target, "progress") {
				idName = "indicator"
			}
			idCol := csvColumn(t, h, idName)
			for _, row := range rows[1:] {
				i := slices.IndexFunc(fx.inds, func(ind policy.Indicator) bool { return ind.ID == row[idCol] })
				if i < 0 {
					t.Errorf("row of unknown indicator %q", row[idCol])
					continue
				}
				ind := fx.inds[i]
				if got, want := row[csvColumn(t, h, "pillar")], fx.fw.Objective(ind.Objective).Pillar; got != want {
					t.Errorf("%s: pillar %q, want %q", ind.ID, got, want)
				}
				if ind.Computed == "" {
					continue
				}
				if row[csvColumn(t, h, "computed")] != ind.Computed {
					t.Errorf("%s: computed %q, want %q", ind.ID, row[csvColumn(t, h, "computed")], ind.Computed)
				}
				col, day := "baseline_value", ind.Baseline.Period.End()
				if strings.Contains(c.target, "progress") {
					col, day = "value", period.End()
					if row[csvColumn(t, h, "period")] != period.String() {
						t.Errorf("%s: period %q, want %s", ind.ID, row[csvColumn(t, h, "period")], period)
					}
				}
				want := ""
				if v, ok := figureAt(t, fx.reg, ind.Computed, day); ok {
					want = strconv.FormatFloat(v, 'f', -1, 64)
				}
				if got := row[csvColumn(t, h, col)]; got != want {
					t.Errorf("%s: %s %q, want the registry's %s on %s: %q", ind.ID, col, got, ind.Computed, day, want)
				}
			}
		})
	}
}

// TestPolicyCSVFormulaGuard checks that text cells which a spreadsheet would
// evaluate are written as text.
func TestPolicyCSVFormulaGuard(t *testing.T) {
	fx := oaFixture(t)
	now := ppNow(t, fx)
	hostile := slices.Clone(fx.inds)
	hostile[0].Title.EN = `=HYPERLINK("https://example.org","x")`
	hostile[0].Unit = "+cmd|' /C calc'!A0"
	hostile[0].Source = "@SUM(1+1)"
	hostile[0].Note = "-2+3"
	a := ppServer(t, hostile, &ppClock{t: now})
	for _, c := range []struct{ target, col, want string }{
		{"/api/v1/policy/indicators.csv", "title_en", "'" + hostile[0].Title.EN},
		{"/api/v1/policy/indicators.csv", "unit", "'" + hostile[0].Unit},
		{"/api/v1/policy/indicators.csv", "source", "'" + hostile[0].Source},
		{"/api/v1/policy/indicators.csv", "note", "'" + hostile[0].Note},
		{"/api/v1/policy/progress.csv", "unit", "'" + hostile[0].Unit},
	} {
		res := ppGet(t, a, c.target, nil, http.StatusOK)
		rows := ppCSV(t, res.body)
		idCol := slices.IndexFunc(rows[0], func(s string) bool { return s == "id" || s == "indicator" })
		var found bool
		for _, row := range rows[1:] {
			if row[idCol] == hostile[0].ID {
				found = true
				if got := row[csvColumn(t, rows[0], c.col)]; got != c.want {
					t.Errorf("%s %s: %q, want %q", c.target, c.col, got, c.want)
				}
			}
		}
		if !found {
			t.Errorf("%s: no row for %s", c.target, hostile[0].ID)
		}
	}
	// The JSON keeps the values as they are.
	res := ppGet(t, a, "/api/v1/policy/indicators", nil, http.StatusOK)
	var list struct {
		Data []struct {
			Unit string `json:"unit"`
		} `json:"data"`
	}
	json.Unmarshal(res.body, &list)
	if len(list.Data) == 0 || list.Data[0].Unit != hostile[0].Unit {
		t.Errorf("JSON unit %+v, want %q", list.Data, hostile[0].Unit)
	}
}

// TestPolicyIndicatorsJSON checks the definitions against the data set.
func TestPolicyIndicatorsJSON(t *testing.T) {
	fx := oaFixture(t)
	a := ppServer(t, fx.inds, &ppClock{t: ppNow(t, fx)})
	res := ppGet(t, a, "/api/v1/policy/indicators", nil, http.StatusOK)
	var got struct {
		Total int `json:"total"`
		Data  []struct {
			ID        string         `json:"id"`
			Objective string         `json:"objective"`
			Pillar    string         `json:"pillar"`
			Title     registry.Names `json:"title"`
			Computed  string         `json:"computed"`
			Baseline  *struct {
				Period string   `json:"period"`
				Value  *float64 `json:"value"`
			} `json:"baseline"`
			Targets []json.RawMessage `json:"targets"`
			Weight  float64           `json:"weight"`
			Source  string            `json:"source"`
		} `json:"data"`
	}
	if err := json.Unmarshal(res.body, &got); err != nil {
		t.Fatal(err)
	}
	if got.Total != len(fx.inds) || len(got.Data) != len(fx.inds) {
		t.Fatalf("total %d, %d indicators, want %d", got.Total, len(got.Data), len(fx.inds))
	}
	for i, d := range got.Data {
		ind := fx.inds[i]
		if d.ID != ind.ID || d.Objective != ind.Objective || d.Pillar != fx.fw.Objective(ind.Objective).Pillar ||
			d.Title != ind.Title || d.Computed != ind.Computed || d.Source != ind.Source || d.Targets == nil || len(d.Targets) != len(ind.Targets) {
			t.Errorf("indicator %d: %+v, want %+v", i, d, ind)
		}
		if want := cmp.Or(ind.Weight, 1); d.Weight != want {
			t.Errorf("%s: weight %v, want %v", ind.ID, d.Weight, want)
		}
		if d.Baseline == nil || d.Baseline.Period != ind.Baseline.Period.String() {
			t.Errorf("%s: baseline %+v, want in %s", ind.ID, d.Baseline, ind.Baseline.Period)
			continue
		}
		if ind.Computed != "" {
			v, ok := figureAt(t, fx.reg, ind.Computed, ind.Baseline.Period.End())
			if ok != (d.Baseline.Value != nil) || ok && *d.Baseline.Value != v {
				t.Errorf("%s: baseline value %v, want the registry's %s on %s (%v, known %v)", ind.ID, d.Baseline.Value, ind.Computed, ind.Baseline.Period.End(), v, ok)
			}
		}
	}

	// A registry without indicators: still a valid answer.
	empty := ppServer(t, nil, &ppClock{t: ppNow(t, fx)})
	res = ppGet(t, empty, "/api/v1/policy/indicators", nil, http.StatusOK)
	if !bytes.Equal(res.body, []byte(`{"total":0,"data":[]}`+"\n")) {
		t.Errorf("without indicators: %s", res.body)
	}
	res = ppGet(t, empty, "/api/v1/policy/progress.csv", nil, http.StatusOK)
	if rows := ppCSV(t, res.body); len(rows) != 1 {
		t.Errorf("without indicators: %d CSV rows, want the header alone", len(rows))
	}
}

// TestPolicyPeriodErrors checks that a malformed period is refused with 400,
// naming the parameter period with policy.ParsePeriod's reason.
func TestPolicyPeriodErrors(t *testing.T) {
	fx := oaFixture(t)
	a := ppServer(t, fx.inds, &ppClock{t: ppNow(t, fx)})
	sm := fx.reg.Settings().FiscalYearStartMonth()
	cases := []string{
		"2025-2027", "2025-2026 Q5", "2025-2026 Q0", "2025-2026 Q", "2025-2026Q2", "2025-2026  Q2", " 2025-2026",
		"2025", "1899-1900", "2201-2202", "2026-2025", "25-26", "2025/2026", "2025-2026 H1", "2025-2026 Q1 Q2",
		"2025-07-01", "   ", "2025-2026' OR '1'='1", "<script>alert(1)</script>", "=HYPERLINK(\"x\")",
		"${jndi:ldap://x/a}", "2025-2026\x00", "\xff\xfe", strings.Repeat("2025-2026 ", 20) + "Q1", "２０２５-２０２６",
	}
	if len(cases) < 10 {
		t.Fatalf("%d cases", len(cases))
	}
	for _, p := range cases {
		for _, path := range []string{"/api/v1/policy/progress", "/api/v1/policy/progress.csv"} {
			target := path + "?period=" + url.QueryEscape(p)
			res := ppGet(t, a, target, nil, http.StatusBadRequest)
			prob := oaProblem(t, target, res)
			if prob.Type != typeBadParameter || len(prob.InvalidParams) != 1 || prob.InvalidParams[0].Name != "period" {
				t.Errorf("%q: problem %+v, want one invalid parameter, period", p, prob)
				continue
			}
			reason := prob.InvalidParams[0].Reason
			switch _, err := policy.ParsePeriod(p, sm); {
			case len(p) > maxParamLen:
				if !strings.Contains(reason, "longer than") {
					t.Errorf("%q: reason %q, want the length limit", p, reason)
				}
			case err != nil:
				if reason != err.Error() {
					t.Errorf("%q: reason %q, want ParsePeriod's %q", p, reason, err)
				}
			case reason == "":
				t.Errorf("%q: no reason", p)
			}
			if res.header.Get("Cache-Control") != "no-store" || res.header.Get("Access-Control-Allow-Origin") != "*" {
				t.Errorf("%q: headers %v", p, res.header)
			}
		}
	}
}

// TestPolicyReport checks the annual report against policy.BuildAnnualReport,
// and the refusal of what is not a fiscal year.
func TestPolicyReport(t *testing.T) {
	fx := oaFixture(t)
	now := ppNow(t, fx)
	sm := fx.reg.Settings().FiscalYearStartMonth()
	current := policy.FiscalYearOf(now, sm)
	// Agreements signed and entered into force in the last closed year (one
	// signature known to the month), and one signed this year.
	last, _ := time.Parse(time.DateOnly, current.Prev().Start().String())
	day := func(days int) registry.Date { return registry.DateOf(last.AddDate(0, 0, days)) }
	month := last.AddDate(0, 5, 0)
	ds := fx.reg.Dataset().Clone()
	agreement := func(id string, signed, inForce registry.Date) registry.Agreement {
		return registry.Agreement{ID: id, Title: registry.Names{EN: "Agreement " + id}, Kind: registry.AgreementKind,
			Scope: registry.Bilateral, ConsentMode: registry.ConsentSignature, Parties: []registry.Party{registry.StateParty("KE")}, Certainty: registry.Reported,
			Signed: signed, EntryIntoForce: inForce, Meta: registry.Meta{Source: "test"}}
	}
	ds.Agreements = append(ds.Agreements,
		agreement("pp-a", day(10), day(100)),
		agreement("pp-b", registry.NewDate(month.Year(), month.Month(), 0), registry.Date{}),
		agreement("pp-c", registry.DateOf(now.AddDate(0, 0, -1)), registry.Date{}))
	reg := registry.New(ds)
	if err := reg.Validate(); err != nil {
		t.Fatal(err)
	}
	a := ppServerOf(t, reg, fx.inds, &ppClock{t: now})
	listed := 0
	for _, fy := range []policy.FiscalYear{current, current.Prev(), current.Next().Next()} {
		t.Run(fy.String(), func(t *testing.T) {
			res := ppGet(t, a, "/api/v1/policy/report/"+fy.String(), nil, http.StatusOK)
			want := policy.BuildAnnualReport(fx.fw, fx.inds, reg, fy, now)
			listed += len(want.Agreements.Signed) + len(want.Agreements.EnteredIntoForce)
			type ref struct {
				ID             string `json:"id"`
				Kind           string `json:"kind"`
				Signed         string `json:"signed"`
				EntryIntoForce string `json:"entry_into_force"`
			}
			var got struct {
				FiscalYear string                `json:"fiscal_year"`
				Start      string                `json:"start"`
				End        string                `json:"end"`
				AsOf       string                `json:"as_of"`
				Open       bool                  `json:"open"`
				Figures    []policy.FigureChange `json:"figures"`
				Progress   ppProgress            `json:"progress"`
				Agreements struct {
					Signed           []ref `json:"signed"`
					EnteredIntoForce []ref `json:"entered_into_force"`
					InForce          int   `json:"in_force"`
				} `json:"agreements"`
			}
			if err := json.Unmarshal(res.body, &got); err != nil {
				t.Fatal(err)
			}
			if got.Start != fy.Start().String() || got.End != fy.End().String() {
				t.Errorf("from %s to %s, want %s to %s", got.Start, got.End, fy.Start(), fy.End())
			}
			if got.FiscalYear != fy.String() || got.AsOf != want.AsOf.String() || got.Open != want.Open {
				t.Errorf("%s as of %s open %v, want %s as of %s open %v", got.FiscalYear, got.AsOf, got.Open, fy, want.AsOf, want.Open)
			}
			if !slices.Equal(got.Figures, want.Figures) {
				t.Errorf("figures %+v, want %+v", got.Figures, want.Figures)
			}
			for i, f := range got.Figures {
				if f.Name != policy.ReportFigures[i] {
					t.Errorf("figure %d: %s, want %s", i, f.Name, policy.ReportFigures[i])
				}
				if v, _ := figureAt(t, reg, f.Name, want.AsOf); float64(f.After) != v {
					t.Errorf("%s after %d, want the registry's %v on %s", f.Name, f.After, v, want.AsOf)
				}
			}
			if len(got.Progress.Pillars) != len(fx.fw.Pillars) || got.Progress.Period != fy.String() {
				t.Errorf("progress of %q with %d pillars", got.Progress.Period, len(got.Progress.Pillars))
			}
			for _, c := range []struct {
				got  []ref
				want []*registry.Agreement
			}{{got.Agreements.Signed, want.Agreements.Signed}, {got.Agreements.EnteredIntoForce, want.Agreements.EnteredIntoForce}} {
				if len(c.got) != len(c.want) {
					t.Errorf("%d agreements, want %d", len(c.got), len(c.want))
					continue
				}
				for i, r := range c.got {
					w := c.want[i]
					if r.ID != w.ID || r.Kind != string(w.Kind) || r.Signed != w.Signed.String() || r.EntryIntoForce != w.EntryIntoForce.String() {
						t.Errorf("agreement %d: %+v, want %s %s %s %s", i, r, w.ID, w.Kind, w.Signed, w.EntryIntoForce)
					}
				}
			}
			if got.Agreements.InForce != want.Agreements.InForce {
				t.Errorf("in force %d, want %d", got.Agreements.InForce, want.Agreements.InForce)
			}
		})
	}
	if listed < 4 {
		t.Errorf("%d agreements listed in the reports, want at least 4: the lists are not checked", listed)
	}

	for _, fy := range []string{"2025-2027", "2025", "1899-1900", "2201-2202", "2025-26", "2025-2026 Q1", "2025-2026.csv", " 2025-2026"} {
		target := "/api/v1/policy/report/" + url.PathEscape(fy)
		res := ppGet(t, a, target, nil, http.StatusNotFound)
		prob := oaProblem(t, target, res)
		if prob.Type != typeNotFound || !strings.HasPrefix(prob.Detail, "no annual report for "+quote(fy)) {
			t.Errorf("%q: problem %+v", fy, prob)
		}
		if _, err := policy.ParseFiscalYear(fy, sm); err != nil && !strings.HasSuffix(prob.Detail, err.Error()) {
			t.Errorf("%q: detail %q, want ParseFiscalYear's reason %q", fy, prob.Detail, err)
		}
	}
}

// TestPolicyHTTP checks the HTTP semantics the policy routes share with the
// others: ETag and 304, HEAD, CORS, 405 with Allow, 406.
func TestPolicyHTTP(t *testing.T) {
	fx := oaFixture(t)
	a := ppServer(t, fx.inds, &ppClock{t: ppNow(t, fx)})
	for _, c := range []struct {
		target string
		csv    bool
	}{
		{"/api/v1/policy/indicators", true},
		{"/api/v1/policy/indicators.csv", false},
		{"/api/v1/policy/progress", true},
		{"/api/v1/policy/progress?period=2025-2026+Q2", true},
		{"/api/v1/policy/progress.csv", false},
		{"/api/v1/policy/report/2025-2026", false},
	} {
		t.Run(c.target, func(t *testing.T) {
			get := ppGet(t, a, c.target, nil, http.StatusOK)
			etag := get.header.Get("ETag")
			if etag == "" || get.header.Get("Cache-Control") != "public, max-age=60" || get.header.Get("Access-Control-Allow-Origin") != "*" ||
				get.header.Get("Vary") != "Accept, Accept-Encoding" {
				t.Errorf("headers %v", get.header)
			}
			res := ppGet(t, a, c.target, map[string]string{"If-None-Match": etag}, http.StatusNotModified)
			if len(res.body) != 0 || res.header.Get("ETag") != etag {
				t.Errorf("304: %d bytes, ETag %q", len(res.body), res.header.Get("ETag"))
			}
			head := a.do(t, http.MethodHead, c.target, nil)
			if head.status != http.StatusOK || len(head.body) != 0 || head.header.Get("ETag") != etag ||
				head.header.Get("Content-Length") != strconv.Itoa(len(get.body)) {
				t.Errorf("HEAD: %d, %d bytes, ETag %q, Content-Length %q", head.status, len(head.body), head.header.Get("ETag"), head.header.Get("Content-Length"))
			}
			for _, m := range []string{http.MethodPost, http.MethodPut, http.MethodDelete, http.MethodPatch} {
				res := a.do(t, m, c.target, nil)
				if res.status != http.StatusMethodNotAllowed || res.header.Get("Allow") != "GET, HEAD, OPTIONS" {
					t.Errorf("%s: %d, Allow %q", m, res.status, res.header.Get("Allow"))
				}
				a.validate(t, m, c.target, nil, res)
			}
			opt := a.do(t, http.MethodOptions, oaPathOf(c.target), nil)
			if opt.status != http.StatusNoContent || opt.header.Get("Access-Control-Allow-Methods") != "GET, HEAD, OPTIONS" {
				t.Errorf("OPTIONS: %d %v", opt.status, opt.header)
			}
			if strings.HasSuffix(oaPathOf(c.target), ".csv") {
				return // a .csv path is CSV whatever the Accept header
			}
			res = ppGet(t, a, c.target, map[string]string{"Accept": "application/xml"}, http.StatusNotAcceptable)
			if p := oaProblem(t, c.target, res); p.Type != typeNotAcceptable {
				t.Errorf("406: %+v", p)
			}
			status := http.StatusNotAcceptable
			if c.csv {
				status = http.StatusOK
			}
			ppGet(t, a, c.target, map[string]string{"Accept": "text/csv"}, status)
		})
	}
}

// TestPolicyCacheByDay checks that the response cache keeps the answers
// judged at today apart by day: an open period's answer follows the clock,
// a closed period's keeps its ETag.
func TestPolicyCacheByDay(t *testing.T) {
	fx := oaFixture(t)
	now := ppNow(t, fx)
	clock := &ppClock{t: now}
	a := ppServer(t, fx.inds, clock)
	current := policy.FiscalYearOf(now, fx.reg.Settings().FiscalYearStartMonth())
	asOf := func(target string) (string, string) {
		t.Helper()
		res := ppGet(t, a, target, nil, http.StatusOK)
		var v struct {
			AsOf string `json:"as_of"`
		}
		if err := json.Unmarshal(res.body, &v); err != nil {
			t.Fatal(err)
		}
		return v.AsOf, res.header.Get("ETag")
	}
	open := []string{"/api/v1/policy/progress", "/api/v1/policy/progress?period=" + current.String(), "/api/v1/policy/report/" + current.String()}
	closed := []string{"/api/v1/policy/progress?period=" + current.Prev().String(), "/api/v1/policy/report/" + current.Prev().String()}
	before := map[string]string{}
	for _, target := range append(slices.Clone(open), closed...) {
		day, etag := asOf(target)
		before[target] = etag
		if slices.Contains(open, target) && day != registry.DateOf(now).String() {
			t.Errorf("%s: as_of %s, want %s", target, day, registry.DateOf(now))
		}
	}
	// Later the same day: the cached answers.
	clock.set(now.Add(6 * time.Hour))
	for target, etag := range before {
		if _, got := asOf(target); got != etag {
			t.Errorf("%s: ETag changed within the day", target)
		}
	}
	// The next day: open periods are judged again.
	next := now.AddDate(0, 0, 1)
	clock.set(next)
	for _, target := range open {
		day, etag := asOf(target)
		if day != registry.DateOf(next).String() || etag == before[target] {
			t.Errorf("%s on the next day: as_of %s, ETag unchanged %v; want %s and a new ETag", target, day, etag == before[target], registry.DateOf(next))
		}
	}
	for _, target := range closed {
		if _, etag := asOf(target); etag != before[target] {
			t.Errorf("%s: a closed period's ETag changed with the day", target)
		}
	}
}

// TestAppendDay checks the day suffix of the cache key: the UTC day, equal
// for two times of one day and different across midnight, of fixed length.
func TestAppendDay(t *testing.T) {
	day := func(tm time.Time) string { return string(appendDay([]byte("k"), tm)) }
	utc := func(y int, m time.Month, d, h, mi int) time.Time { return time.Date(y, m, d, h, mi, 0, 0, time.UTC) }
	for _, c := range []struct {
		a, b time.Time
		same bool
	}{
		{utc(2026, 1, 1, 0, 0), utc(2026, 1, 1, 23, 59), true},
		{utc(2026, 1, 1, 23, 59), utc(2026, 1, 2, 0, 0), false},
		// The day is the UTC one: 23:30 at UTC-2 is the next day.
		{time.Date(2026, 1, 1, 23, 30, 0, 0, time.FixedZone("", -2*3600)), utc(2026, 1, 2, 12, 0), true},
		{time.Date(2026, 1, 2, 0, 30, 0, 0, time.FixedZone("", 2*3600)), utc(2026, 1, 1, 12, 0), true},
		{utc(1970, 1, 1, 0, 0), utc(1969, 12, 31, 23, 59), false},
		{utc(1969, 12, 31, 0, 0), utc(1969, 12, 31, 23, 59), true},
		{utc(2026, 3, 1, 0, 0), utc(2025, 3, 1, 0, 0), false},
	} {
		a, b := day(c.a), day(c.b)
		if (a == b) != c.same {
			t.Errorf("%v and %v: same key %v, want %v", c.a, c.b, a == b, c.same)
		}
		if len(a) != len("k#")+8 || !strings.HasPrefix(a, "k#") {
			t.Errorf("%v: suffix %q, want '#' and eight bytes", c.a, a)
		}
	}
}

// TestPolicyOpenAPI checks the document's policy schemas against the domain:
// value sets, CSV columns and the period pattern.
func TestPolicyOpenAPI(t *testing.T) {
	fx := oaFixture(t)
	schemas := fx.doc.Components.Schemas
	for _, c := range []struct {
		schema string
		want   []string
	}{
		{"ProgressStatus", names([]policy.Status{policy.StatusOnTrack, policy.StatusAtRisk, policy.StatusOffTrack, policy.StatusUnknown})},
		{"Measure", names(policy.Measures)},
		{"Direction", append([]string{""}, names(policy.Directions)...)},
		{"ComputedFigure", append([]string{""}, policy.ComputedFigures...)},
	} {
		if got := oaStrings(schemas[c.schema].Value.Enum); !slices.Equal(got, c.want) {
			t.Errorf("%s: enum %v, want %v", c.schema, got, c.want)
		}
	}
	if got := oaStrings(oaProperty(fx.doc, "FigureChange", "name").Enum); !slices.Equal(got, policy.ReportFigures) {
		t.Errorf("FigureChange.name: enum %v, want %v", got, policy.ReportFigures)
	}
	for path, cols := range map[string][]string{
		"/api/v1/policy/indicators": indicatorCSVColumns, "/api/v1/policy/indicators.csv": indicatorCSVColumns,
		"/api/v1/policy/progress": progressCSVColumns, "/api/v1/policy/progress.csv": progressCSVColumns,
	} {
		item := fx.doc.Paths.Value(path)
		if item == nil {
			t.Errorf("%s: not documented", path)
			continue
		}
		want := "^" + strings.Join(cols, ",") + "\r?\n"
		if got := item.Get.Responses.Status(http.StatusOK).Value.Content["text/csv"].Schema.Value.Pattern; got != want {
			t.Errorf("%s: CSV header pattern %q, want %q", path, got, want)
		}
	}
	period := schemas["Period"].Value
	param := fx.doc.Components.Parameters["period"].Value.Schema.Value
	for _, sm := range []time.Month{time.January, time.July, time.December} {
		fy := policy.FiscalYear{Year: 2025, StartMonth: sm}
		for q := range 5 {
			p := policy.Period{FY: fy, Q: q}
			if err := period.VisitJSON(p.String()); err != nil {
				t.Errorf("Period refuses %q: %v", p, err)
			}
			if err := param.VisitJSON(p.String()); err != nil {
				t.Errorf("the period parameter refuses %q: %v", p, err)
			}
		}
	}
}
