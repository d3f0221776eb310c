package store

import (
	"database/sql/driver"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/chancery-org/chancery/internal/registry"
)

// trackerTables store the records of the foreign-policy tracker
// (registry/tracker.go, migrations 00005 and 00007), in an order where references point
// backwards: nodes, initiatives, indicators, actuals, associations,
// engagements, commitments, stakeholders, consultations.
func trackerTables() []tableOps {
	return []tableOps{
		policyNodeTable(), initiativeTable(), indicatorTable(), indicatorActualTable(),
		associationTable(), engagementTable(), commitmentTable(), stakeholderTable(), consultationTable(),
	}
}

func policyNodeTable() tableOps {
	return (&table[registry.PolicyNode]{
		name: "policy_nodes", entity: "policy_node",
		cols: []string{"id", "parent", "kind", "position", "title_en", "title_fr", "title_rw", "title_sw",
			"adopted", "superseded", "parent_strategy", "replaces"},
		id:   func(x *registry.PolicyNode) string { return x.ID },
		meta: func(x *registry.PolicyNode) *registry.Meta { return &x.Meta },
		args: func(x *registry.PolicyNode) []any {
			return []any{x.ID, optional(x.Parent), string(x.Kind), int64(x.Position), x.Title.EN, x.Title.FR, x.Title.RW,
				x.Title.SW, x.Adopted, x.Superseded, x.ParentStrategy, x.Replaces}
		},
		dest: func(x *registry.PolicyNode) []any {
			return []any{&x.ID, nullString{&x.Parent}, &x.Kind, &x.Position, &x.Title.EN, &x.Title.FR, &x.Title.RW,
				&x.Title.SW, &x.Adopted, &x.Superseded, &x.ParentStrategy, &x.Replaces}
		},
		list: func(ds *registry.Dataset) *[]registry.PolicyNode { return &ds.PolicyNodes },
	}).build()
}

func initiativeTable() tableOps {
	return (&table[registry.Initiative]{
		name: "initiatives", entity: "initiative",
		cols: []string{"id", "title_en", "title_fr", "title_rw", "title_sw", "summary", "objectives", "lead_unit",
			"lead_mission", "partners", "start_date", "end_date", "status"},
		id:   func(x *registry.Initiative) string { return x.ID },
		meta: func(x *registry.Initiative) *registry.Meta { return &x.Meta },
		args: func(x *registry.Initiative) []any {
			return []any{x.ID, x.Title.EN, x.Title.FR, x.Title.RW, x.Title.SW, x.Summary, idList{&x.Objectives},
				x.LeadUnit, optional(x.LeadMission), parties{&x.Partners}, x.Start, x.End, string(x.Status)}
		},
		dest: func(x *registry.Initiative) []any {
			return []any{&x.ID, &x.Title.EN, &x.Title.FR, &x.Title.RW, &x.Title.SW, &x.Summary, idList{&x.Objectives},
				&x.LeadUnit, nullString{&x.LeadMission}, parties{&x.Partners}, &x.Start, &x.End, &x.Status}
		},
		list: func(ds *registry.Dataset) *[]registry.Initiative { return &ds.Initiatives },
		storable: func(x *registry.Initiative) []registry.FieldError {
			return append(listProblems("objectives", x.Objectives), partyProblems("partners", x.Partners)...)
		},
	}).build()
}

func indicatorTable() tableOps {
	return (&table[registry.Indicator]{
		name: "indicators", entity: "indicator",
		cols: []string{"id", "objective", "title_en", "title_fr", "title_rw", "title_sw", "measure", "unit", "direction",
			"computed", "baseline_period", "baseline_value", "targets", "weight"},
		id:   func(x *registry.Indicator) string { return x.ID },
		meta: func(x *registry.Indicator) *registry.Meta { return &x.Meta },
		args: func(x *registry.Indicator) []any {
			return []any{x.ID, x.Objective, x.Title.EN, x.Title.FR, x.Title.RW, x.Title.SW, x.Measure, x.Unit, x.Direction,
				x.Computed, x.BaselinePeriod, nullFloat{&x.BaselineValue}, targets{&x.Targets}, finite{&x.Weight}}
		},
		dest: func(x *registry.Indicator) []any {
			return []any{&x.ID, &x.Objective, &x.Title.EN, &x.Title.FR, &x.Title.RW, &x.Title.SW, &x.Measure, &x.Unit,
				&x.Direction, &x.Computed, &x.BaselinePeriod, nullFloat{&x.BaselineValue}, targets{&x.Targets}, finite{&x.Weight}}
		},
		list: func(ds *registry.Dataset) *[]registry.Indicator { return &ds.Indicators },
		storable: func(x *registry.Indicator) []registry.FieldError {
			errs := targetProblems("targets", x.Targets)
			if x.BaselineValue != nil {
				errs = append(errs, floatProblems("baseline_value", *x.BaselineValue)...)
			}
			return append(errs, floatProblems("weight", x.Weight)...)
		},
	}).build()
}

func indicatorActualTable() tableOps {
	return (&table[registry.IndicatorActual]{
		name: "indicator_actuals", entity: "indicator_actual",
		cols: []string{"id", "indicator", "period", "value", "text", "evidence", "recorded_at", "recorded_by",
			"approved_at", "approved_by"},
		id:   func(x *registry.IndicatorActual) string { return x.ID },
		meta: func(x *registry.IndicatorActual) *registry.Meta { return &x.Meta },
		args: func(x *registry.IndicatorActual) []any {
			return []any{x.ID, x.Indicator, x.Period, nullFloat{&x.Value}, x.Text, x.Evidence,
				nullMillis{&x.RecordedAt}, x.RecordedBy, nullMillis{&x.ApprovedAt}, x.ApprovedBy}
		},
		dest: func(x *registry.IndicatorActual) []any {
			return []any{&x.ID, &x.Indicator, &x.Period, nullFloat{&x.Value}, &x.Text, &x.Evidence,
				nullMillis{&x.RecordedAt}, &x.RecordedBy, nullMillis{&x.ApprovedAt}, &x.ApprovedBy}
		},
		list: func(ds *registry.Dataset) *[]registry.IndicatorActual { return &ds.IndicatorActuals },
		storable: func(x *registry.IndicatorActual) []registry.FieldError {
			if x.Value == nil {
				return nil
			}
			return floatProblems("value", *x.Value)
		},
	}).build()
}

func associationTable() tableOps {
	return (&table[registry.Association]{
		name: "associations", entity: "association",
		cols: []string{"id", "name", "country", "city", "address", "phone", "email", "website", "founded", "public"},
		id:   func(x *registry.Association) string { return x.ID },
		meta: func(x *registry.Association) *registry.Meta { return &x.Meta },
		args: func(x *registry.Association) []any {
			return []any{x.ID, x.Name, x.Country, x.City, x.Contacts.Address, x.Contacts.Phone, x.Contacts.Email,
				x.Contacts.Website, x.Founded, x.Public}
		},
		dest: func(x *registry.Association) []any {
			return []any{&x.ID, &x.Name, &x.Country, &x.City, &x.Contacts.Address, &x.Contacts.Phone, &x.Contacts.Email,
				&x.Contacts.Website, &x.Founded, &x.Public}
		},
		list: func(ds *registry.Dataset) *[]registry.Association { return &ds.Associations },
	}).build()
}

func engagementTable() tableOps {
	return (&table[registry.Engagement]{
		name: "engagements", entity: "engagement",
		cols: []string{"id", "kind", "title_en", "title_fr", "title_rw", "title_sw", "summary", "direction", "level",
			"start_date", "end_date", "city", "countries", "organisations", "objectives", "mission", "commission", "session",
			"association", "request_kind", "status", "status_date", "personnel", "public"},
		id:   func(x *registry.Engagement) string { return x.ID },
		meta: func(x *registry.Engagement) *registry.Meta { return &x.Meta },
		args: func(x *registry.Engagement) []any {
			return []any{x.ID, string(x.Kind), x.Title.EN, x.Title.FR, x.Title.RW, x.Title.SW, x.Summary,
				string(x.Direction), string(x.Level), x.Start, x.End, x.City, idList{&x.Countries}, idList{&x.Organisations},
				idList{&x.Objectives}, optional(x.Mission), x.Commission, int64(x.Session), optional(x.Association),
				string(x.RequestKind), string(x.Status), x.StatusDate, int64(x.Personnel), x.Public}
		},
		dest: func(x *registry.Engagement) []any {
			return []any{&x.ID, &x.Kind, &x.Title.EN, &x.Title.FR, &x.Title.RW, &x.Title.SW, &x.Summary,
				&x.Direction, &x.Level, &x.Start, &x.End, &x.City, idList{&x.Countries}, idList{&x.Organisations},
				idList{&x.Objectives}, nullString{&x.Mission}, &x.Commission, &x.Session, nullString{&x.Association},
				&x.RequestKind, &x.Status, &x.StatusDate, &x.Personnel, &x.Public}
		},
		list: func(ds *registry.Dataset) *[]registry.Engagement { return &ds.Engagements },
		storable: func(x *registry.Engagement) []registry.FieldError {
			return append(append(listProblems("countries", x.Countries), listProblems("organisations", x.Organisations)...),
				listProblems("objectives", x.Objectives)...)
		},
	}).build()
}

func commitmentTable() tableOps {
	return (&table[registry.Commitment]{
		name: "commitments", entity: "commitment",
		cols: []string{"id", "engagement", "agreement", "text", "owner", "due", "status", "closed"},
		id:   func(x *registry.Commitment) string { return x.ID },
		meta: func(x *registry.Commitment) *registry.Meta { return &x.Meta },
		args: func(x *registry.Commitment) []any {
			return []any{x.ID, optional(x.Engagement), optional(x.Agreement), x.Text, x.Owner, x.Due, string(x.Status), x.Closed}
		},
		dest: func(x *registry.Commitment) []any {
			return []any{&x.ID, nullString{&x.Engagement}, nullString{&x.Agreement}, &x.Text, &x.Owner, &x.Due, &x.Status, &x.Closed}
		},
		list: func(ds *registry.Dataset) *[]registry.Commitment { return &ds.Commitments },
	}).build()
}

func stakeholderTable() tableOps {
	return (&table[registry.Stakeholder]{
		name: "stakeholders", entity: "stakeholder",
		cols: []string{"id", "name", "category", "country", "website"},
		id:   func(x *registry.Stakeholder) string { return x.ID },
		meta: func(x *registry.Stakeholder) *registry.Meta { return &x.Meta },
		args: func(x *registry.Stakeholder) []any {
			return []any{x.ID, x.Name, string(x.Category), optional(x.Country), x.Website}
		},
		dest: func(x *registry.Stakeholder) []any {
			return []any{&x.ID, &x.Name, &x.Category, nullString{&x.Country}, &x.Website}
		},
		list: func(ds *registry.Dataset) *[]registry.Stakeholder { return &ds.Stakeholders },
	}).build()
}

func consultationTable() tableOps {
	return (&table[registry.Consultation]{
		name: "consultations", entity: "consultation",
		cols: []string{"id", "policy", "title_en", "title_fr", "title_rw", "title_sw", "summary", "opens", "closes",
			"stakeholders", "objectives", "outcome"},
		id:   func(x *registry.Consultation) string { return x.ID },
		meta: func(x *registry.Consultation) *registry.Meta { return &x.Meta },
		args: func(x *registry.Consultation) []any {
			return []any{x.ID, x.Policy, x.Title.EN, x.Title.FR, x.Title.RW, x.Title.SW, x.Summary, x.Opens, x.Closes,
				idList{&x.Stakeholders}, idList{&x.Objectives}, x.Outcome}
		},
		dest: func(x *registry.Consultation) []any {
			return []any{&x.ID, &x.Policy, &x.Title.EN, &x.Title.FR, &x.Title.RW, &x.Title.SW, &x.Summary, &x.Opens, &x.Closes,
				idList{&x.Stakeholders}, idList{&x.Objectives}, &x.Outcome}
		},
		list: func(ds *registry.Dataset) *[]registry.Consultation { return &ds.Consultations },
		storable: func(x *registry.Consultation) []registry.FieldError {
			return append(listProblems("stakeholders", x.Stakeholders), listProblems("objectives", x.Objectives)...)
		},
	}).build()
}

// listProblems says why the items of a list field cannot be stored as one
// text joined by ';': an item is empty or holds ';'.
func listProblems(field string, items []string) []registry.FieldError {
	var errs []registry.FieldError
	for i, v := range items {
		switch {
		case v == "":
			errs = append(errs, registry.FieldError{Field: fmt.Sprintf("%s[%d]", field, i), Reason: "is empty"})
		case strings.Contains(v, ";"):
			errs = append(errs, registry.FieldError{Field: fmt.Sprintf("%s[%d]", field, i),
				Reason: fmt.Sprintf("%q contains ';', which separates the items of the list", v)})
		}
	}
	return errs
}

// partyProblems says why parties cannot be stored as "type:code" joined by
// ';': a type or code is empty or holds ';' or ':'.
func partyProblems(field string, ps []registry.Party) []registry.FieldError {
	var errs []registry.FieldError
	for i, p := range ps {
		if p.Type == "" || p.Code == "" || strings.ContainsAny(string(p.Type)+p.Code, ";:") {
			errs = append(errs, registry.FieldError{Field: fmt.Sprintf("%s[%d]", field, i),
				Reason: fmt.Sprintf("%q is not type:code with a type and a code free of ';' and ':'", p.String())})
		}
	}
	return errs
}

// targetProblems says why targets cannot be stored as "period=value" joined
// by ';': a period is empty or holds ';' or '=', or a value is not finite.
func targetProblems(field string, ts []registry.IndicatorTarget) []registry.FieldError {
	var errs []registry.FieldError
	for i, t := range ts {
		f := fmt.Sprintf("%s[%d]", field, i)
		if t.Period == "" || strings.ContainsAny(t.Period, ";=") {
			errs = append(errs, registry.FieldError{Field: f + ".period",
				Reason: fmt.Sprintf("%q is empty or contains ';' or '=', which separate the targets", t.Period)})
		}
		errs = append(errs, floatProblems(f+".value", t.Value)...)
	}
	return errs
}

// floatProblems refuses NaN and the infinities, which SQLite cannot store.
func floatProblems(field string, v float64) []registry.FieldError {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return []registry.FieldError{{Field: field, Reason: fmt.Sprintf("%v is not a finite number", v)}}
	}
	return nil
}

// idList stores a list of ids or codes as one text joined by ';'.
type idList struct{ p *[]string }

func (s idList) Value() (driver.Value, error) {
	if errs := listProblems("list", *s.p); len(errs) > 0 {
		return nil, fmt.Errorf("%s: %s", errs[0].Field, errs[0].Reason)
	}
	return strings.Join(*s.p, ";"), nil
}

func (s idList) Scan(src any) error {
	var text string
	if err := (nullString{&text}).Scan(src); err != nil {
		return err
	}
	*s.p = nil
	if text != "" {
		*s.p = strings.Split(text, ";")
	}
	return nil
}

// targets stores indicator targets as one text: "period=value" joined by
// ';', each value written exactly (strconv 'g', shortest form).
type targets struct{ p *[]registry.IndicatorTarget }

func (s targets) Value() (driver.Value, error) {
	if errs := targetProblems("targets", *s.p); len(errs) > 0 {
		return nil, fmt.Errorf("%s: %s", errs[0].Field, errs[0].Reason)
	}
	return targetsText(*s.p), nil
}

func (s targets) Scan(src any) error {
	var text string
	if err := (nullString{&text}).Scan(src); err != nil {
		return err
	}
	*s.p = nil
	if text == "" {
		return nil
	}
	for item := range strings.SplitSeq(text, ";") {
		period, value, ok := strings.Cut(item, "=")
		if !ok {
			return fmt.Errorf("target %q is not period=value", item)
		}
		v, err := strconv.ParseFloat(value, 64)
		if err != nil {
			return fmt.Errorf("target %q: %q is not a number", item, value)
		}
		*s.p = append(*s.p, registry.IndicatorTarget{Period: period, Value: v})
	}
	return nil
}

// targetsText writes targets as "period=value" joined by ';'.
func targetsText(ts []registry.IndicatorTarget) string {
	parts := make([]string, len(ts))
	for i, t := range ts {
		parts[i] = t.Period + "=" + strconv.FormatFloat(t.Value, 'g', -1, 64)
	}
	return strings.Join(parts, ";")
}

// nullFloat stores an optional number: nil as NULL.
type nullFloat struct{ p **float64 }

func (n nullFloat) Value() (driver.Value, error) {
	if *n.p == nil {
		return nil, nil
	}
	return finite{*n.p}.Value()
}

func (n nullFloat) Scan(src any) error {
	if src == nil {
		*n.p = nil
		return nil
	}
	var v float64
	if err := (finite{&v}).Scan(src); err != nil {
		return err
	}
	*n.p = &v
	return nil
}

// finite stores a finite number; NaN and the infinities are refused.
type finite struct{ p *float64 }

func (f finite) Value() (driver.Value, error) {
	if errs := floatProblems("number", *f.p); len(errs) > 0 {
		return nil, fmt.Errorf("%s", errs[0].Reason)
	}
	return *f.p, nil
}

func (f finite) Scan(src any) error {
	switch v := src.(type) {
	case float64:
		*f.p = v
	case int64:
		*f.p = float64(v)
	default:
		return fmt.Errorf("cannot scan %T into a number", src)
	}
	return nil
}

// nullMillis stores a registry.Timestamp as unix milliseconds (as
// updated_at), the zero Timestamp as NULL. The store keeps instants to the
// millisecond: finer digits are dropped.
type nullMillis struct{ p *registry.Timestamp }

func (m nullMillis) Value() (driver.Value, error) {
	if m.p.IsZero() {
		return nil, nil
	}
	return m.p.UnixMilli(), nil
}

func (m nullMillis) Scan(src any) error {
	if src == nil {
		*m.p = registry.Timestamp{}
		return nil
	}
	return millis{m.p}.Scan(src)
}
