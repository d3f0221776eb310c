package staff

import (
	"net/url"
	"reflect"
	"strings"
	"testing"

	"github.com/chancery-org/chancery/internal/registry"
)

// TestListFields: id lists, targets and decimals are read from what people
// type, refused with the item at fault, and shown again as typed.
func TestListFields(t *testing.T) {
	tests := []struct {
		name string
		form url.Values
		want registry.Indicator // the fields read
		err  string             // a substring of the error on the field, if refused
	}{
		{"targets on lines and after ;", url.Values{"targets": {"2026-2027=52\r\n 2027-2028 = 55.5 ;2028-2029-Q1=-1"}},
			registry.Indicator{Targets: []registry.IndicatorTarget{{Period: "2026-2027", Value: 52}, {Period: "2027-2028", Value: 55.5}, {Period: "2028-2029-Q1", Value: -1}}}, ""},
		{"empty targets", url.Values{"targets": {" \n; "}}, registry.Indicator{Targets: []registry.IndicatorTarget{}}, ""},
		{"target without value", url.Values{"targets": {"2026-2027"}}, registry.Indicator{}, `"2026-2027" is not a target`},
		{"target without period", url.Values{"targets": {"=3"}}, registry.Indicator{}, "is not a target"},
		{"target value not a number", url.Values{"targets": {"2026-2027=many"}}, registry.Indicator{}, `the value "many" is not a number`},
		{"target value infinite", url.Values{"targets": {"2026-2027=Inf"}}, registry.Indicator{}, "is not a number"},
		{"empty target value", url.Values{"targets": {"2026-2027="}}, registry.Indicator{}, "is not a number"},
		{"baseline zero", url.Values{"baseline_value": {"0"}}, registry.Indicator{BaselineValue: ptr(0.0)}, ""},
		{"baseline empty", url.Values{"baseline_value": {" "}}, registry.Indicator{}, ""},
		{"baseline NaN", url.Values{"baseline_value": {"NaN"}}, registry.Indicator{}, "is not a number"},
		{"weight", url.Values{"weight": {"2.5"}}, registry.Indicator{Weight: 2.5}, ""},
	}
	for _, tt := range tests {
		rec, errs := applyForm(tt.form, indicatorEntity.Fields, nil, indicatorEntity.newRec)
		delete(errs, "version")
		if tt.err != "" {
			var all []string
			for _, e := range errs {
				all = append(all, e)
			}
			if !strings.Contains(strings.Join(all, "|"), tt.err) {
				t.Errorf("%s: errors %v, want %q", tt.name, errs, tt.err)
			}
			continue
		}
		if len(errs) > 0 {
			t.Errorf("%s: errors %v", tt.name, errs)
			continue
		}
		got := rec.(*registry.Indicator)
		if !reflect.DeepEqual(got.Targets, tt.want.Targets) && (len(got.Targets) != 0 || len(tt.want.Targets) != 0) {
			t.Errorf("%s: targets %+v, want %+v", tt.name, got.Targets, tt.want.Targets)
		}
		if !reflect.DeepEqual(got.BaselineValue, tt.want.BaselineValue) || got.Weight != tt.want.Weight {
			t.Errorf("%s: baseline %v weight %v, want %v %v", tt.name, got.BaselineValue, got.Weight, tt.want.BaselineValue, tt.want.Weight)
		}
	}

	// Shown again: a zero baseline stays 0, targets one per line.
	ind := &registry.Indicator{BaselineValue: ptr(0.0), Targets: []registry.IndicatorTarget{{Period: "2026-2027", Value: 52}, {Period: "2027-2028", Value: 5.5}}}
	vals := recordValues(ind, indicatorEntity.Fields)
	if vals.Get("baseline_value") != "0" || vals.Get("targets") != "2026-2027=52\n2027-2028=5.5" || vals.Get("weight") != "" {
		t.Errorf("indicator shown as %v", vals)
	}

	for _, tt := range []struct {
		in   string
		want []string
		err  string
	}{
		{"obj-a; obj-b\r\nobj-c;", []string{"obj-a", "obj-b", "obj-c"}, ""},
		{" ; \n", nil, ""},
		{"KE;UG;KE", nil, `"KE" is listed twice`},
	} {
		rec, errs := applyForm(url.Values{"countries": {tt.in}}, engagementEntity.Fields, nil, engagementEntity.newRec)
		switch {
		case tt.err != "":
			if !strings.Contains(errs["countries"], tt.err) {
				t.Errorf("%q: error %q, want %q", tt.in, errs["countries"], tt.err)
			}
		case errs["countries"] != "":
			t.Errorf("%q: error %q", tt.in, errs["countries"])
		case !reflect.DeepEqual(rec.(*registry.Engagement).Countries, tt.want):
			t.Errorf("%q: read %q, want %q", tt.in, rec.(*registry.Engagement).Countries, tt.want)
		}
	}
	eng := &registry.Engagement{Countries: []string{"KE", "UG"}}
	if got := recordValues(eng, engagementEntity.Fields).Get("countries"); got != "KE; UG" {
		t.Errorf("countries shown as %q", got)
	}
}

// TestErrorOn: a validation error on an item of a list field is shown on
// the field, with its line.
func TestErrorOn(t *testing.T) {
	f, _ := indicatorEntity.field("targets")
	for _, tt := range []struct {
		field string
		want  string
		ok    bool
	}{
		{"targets", "bad", true},
		{"targets[0].period", "line 1, period: bad", true},
		{"targets[12]", "line 13: bad", true},
		{"targets[x].value", "", false},
		{"targets_other", "", false},
		{"weight", "", false},
	} {
		got, ok := f.errorOn(registry.FieldError{Field: tt.field, Reason: "bad"})
		if got != tt.want || ok != tt.ok {
			t.Errorf("%s: %q %v, want %q %v", tt.field, got, ok, tt.want, tt.ok)
		}
	}
}
