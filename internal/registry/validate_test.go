package registry

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestFixtureIsValid(t *testing.T) {
	if err := New(fixture()).Validate(); err != nil {
		t.Fatal(err)
	}
}

// TestValidationRules breaks one rule at a time and checks that exactly that
// field is reported.
func TestValidationRules(t *testing.T) {
	mission := func(ds *Dataset, id string) *Mission {
		for i := range ds.Missions {
			if ds.Missions[i].ID == id {
				return &ds.Missions[i]
			}
		}
		t.Fatalf("no mission %s", id)
		return nil
	}
	acc := func(ds *Dataset, id string) *Accreditation {
		for i := range ds.Accreditations {
			if ds.Accreditations[i].ID == id {
				return &ds.Accreditations[i]
			}
		}
		t.Fatalf("no accreditation %s", id)
		return nil
	}
	tests := []struct {
		name   string
		break_ func(ds *Dataset)
		entity string
		id     string
		field  string
		reason string // substring
	}{
		{"home state must exist", func(ds *Dataset) { ds.Settings.HomeState = "XX" }, "settings", "", "home_state", "not an ISO 3166-1 country code"},
		{"fiscal year starts in month 13", func(ds *Dataset) { ds.Settings.FiscalYearStart = 13 }, "settings", "", "fiscal_year_start", "13 is not a month: want 1 (January) to 12 (December)"},
		{"fiscal year starts in month -1", func(ds *Dataset) { ds.Settings.FiscalYearStart = -1 }, "settings", "", "fiscal_year_start", "-1 is not a month"},
		{"country iso3", func(ds *Dataset) { ds.Countries[0].ISO3 = "be" }, "country", "BE", "iso3", "three capital letters"},
		{"country numeric", func(ds *Dataset) { ds.Countries[0].Numeric = "56" }, "country", "BE", "numeric", "three digits"},
		{"country name", func(ds *Dataset) { ds.Countries[0].Names.EN = " " }, "country", "BE", "name_en", "required"},
		{"duplicate id", func(ds *Dataset) { ds.Missions[1].ID = "rw-ke-nairobi" }, "mission", "rw-ke-nairobi", "id", "used twice"},
		{"mission id is a slug", func(ds *Dataset) { mission(ds, "rw-et-au").ID = "RW ET" }, "mission", "RW ET", "id", "lower-case"},
		{"mission country is ISO", func(ds *Dataset) { mission(ds, "rw-ke-nairobi").Country = "KEN" }, "mission", "rw-ke-nairobi", "country", "not an ISO 3166-1 alpha-2 code"},
		{"mission country exists", func(ds *Dataset) { mission(ds, "rw-ke-nairobi").Country = "QQ" }, "mission", "rw-ke-nairobi", "country", "not an ISO 3166-1 country code in the registry"},
		{"mission sender exists", func(ds *Dataset) { mission(ds, "eu-rw-kigali").Sender = OrgParty("NOPE") }, "mission", "eu-rw-kigali", "sender", "does not exist"},
		{"sender type", func(ds *Dataset) { mission(ds, "eu-rw-kigali").Sender.Type = "club" }, "mission", "eu-rw-kigali", "sender_type", "not one of state, organisation"},
		{"mission kind", func(ds *Dataset) { mission(ds, "rw-ke-nairobi").Kind = "palace" }, "mission", "rw-ke-nairobi", "kind", `"palace" is not one of`},
		{"mission status", func(ds *Dataset) { mission(ds, "rw-ke-nairobi").Status = "" }, "mission", "rw-ke-nairobi", "status", "is required"},
		{"mission certainty", func(ds *Dataset) { mission(ds, "rw-ke-nairobi").Certainty = "sure" }, "mission", "rw-ke-nairobi", "certainty", "not one of"},
		{"mission in its own state", func(ds *Dataset) { mission(ds, "ke-rw-kigali").Country = "KE" }, "mission", "ke-rw-kigali", "country", "located abroad"},
		{"opened after closed", func(ds *Dataset) { mission(ds, "rw-be-brussels").Opened = MustDate("2026") }, "mission", "rw-be-brussels", "closed", "before opened"},
		{"closed needs a date", func(ds *Dataset) { mission(ds, "rw-be-brussels").Closed = Date{} }, "mission", "rw-be-brussels", "closed", "required when the status is closed"},
		{"closing date needs closed status", func(ds *Dataset) { mission(ds, "rw-ke-nairobi").Closed = MustDate("2030") }, "mission", "rw-ke-nairobi", "status", "closing date is set"},
		{"service", func(ds *Dataset) { mission(ds, "rw-ke-nairobi").Services = []Service{"tea"} }, "mission", "rw-ke-nairobi", "services", "not one of"},
		{"email", func(ds *Dataset) { mission(ds, "rw-ke-nairobi").Contacts.Email = "not-an-address" }, "mission", "rw-ke-nairobi", "email", "not an e-mail"},
		{"website", func(ds *Dataset) { mission(ds, "rw-ke-nairobi").Contacts.Website = "javascript:alert(1)" }, "mission", "rw-ke-nairobi", "website", "not an http(s) address"},
		{"accreditation from after to", func(ds *Dataset) { acc(ds, "rw-ke-nairobi--so").From = MustDate("2016") }, "accreditation", "rw-ke-nairobi--so", "to", "before from"},
		{"accreditation mission exists", func(ds *Dataset) { acc(ds, "rw-ke-nairobi--so").Mission = "nowhere" }, "accreditation", "rw-ke-nairobi--so", "mission", "does not exist"},
		{"accreditation receiver ISO", func(ds *Dataset) { acc(ds, "rw-ke-nairobi--ss").Receiver = StateParty("XX") }, "accreditation", "rw-ke-nairobi--ss", "receiver", "not an ISO 3166-1 country code"},
		{"resident means located there", func(ds *Dataset) { acc(ds, "rw-ke-nairobi--ss").Residence = Resident }, "accreditation", "rw-ke-nairobi--ss", "residence", "must be to the country the mission is in (KE)"},
		{"resident to an organisation needs its seat", func(ds *Dataset) { mission(ds, "rw-et-au").Country = "KE" }, "accreditation", "rw-et-au--au", "residence", "headquarters country ET"},
		{"ended needs to", func(ds *Dataset) { acc(ds, "rw-ke-nairobi--so").To = Date{} }, "accreditation", "rw-ke-nairobi--so", "to", "required when the status is ended"},
		{"active on a closed mission", func(ds *Dataset) { acc(ds, "rw-be-brussels--be").Status = AccActive }, "accreditation", "rw-be-brussels--be", "status", "closed"},
		{"accreditation outlives its mission", func(ds *Dataset) { acc(ds, "rw-be-brussels--be").To = MustDate("2026") }, "accreditation", "rw-be-brussels--be", "to", "after the mission closed"},
		{"accreditation before the mission", func(ds *Dataset) { acc(ds, "rw-ke-nairobi--ss").From = MustDate("2001") }, "accreditation", "rw-ke-nairobi--ss", "from", "before the mission opened"},
		{"credentials before from", func(ds *Dataset) { acc(ds, "rw-ke-nairobi--ss").CredentialsPresented = MustDate("2011-12-01") }, "accreditation", "rw-ke-nairobi--ss", "credentials_presented", "before from"},
		{"accredited to itself", func(ds *Dataset) { acc(ds, "ke-rw-kigali--rw").Receiver = StateParty("KE") }, "accreditation", "ke-rw-kigali--rw", "receiver", "its own sender"},
		{"overlapping accreditations", func(ds *Dataset) {
			ds.Accreditations = append(ds.Accreditations, Accreditation{ID: "rw-ke-nairobi--ss-2", Mission: "rw-ke-nairobi", Receiver: StateParty("SS"),
				Residence: NonResident, Status: AccEnded, Certainty: Reported, From: MustDate("2011"), To: MustDate("2013"), Meta: Meta{Source: "t"}})
		}, "accreditation", "rw-ke-nairobi--ss-2", "from", "overlaps accreditation \"rw-ke-nairobi--ss\""},
		{"appointment person exists", func(ds *Dataset) { ds.Appointments[0].Person = "nobody" }, "appointment", "hom-ke", "person", "does not exist"},
		{"appointment mission of the sender", func(ds *Dataset) { ds.Appointments[0].Mission = "us-ke-nairobi" }, "appointment", "hom-ke", "mission", "is sent by US, not KE"},
		{"appointment title and role", func(ds *Dataset) { ds.Appointments[0].Title = ChargeDAffaires }, "appointment", "hom-ke", "title", "does not go with the role"},
		{"appointment ended before credentials", func(ds *Dataset) { ds.Appointments[0].Ended = MustDate("2020") }, "appointment", "hom-ke", "ended", "before credentials_presented"},
		{"appointment role", func(ds *Dataset) { ds.Appointments[0].Role = "boss" }, "appointment", "hom-ke", "role", "not one of"},
		{"supervising mission exists", func(ds *Dataset) { ds.HonoraryConsuls[0].SupervisingMission = "rw-xx" }, "honorary_consul", "hc-in-kolkata", "supervising_mission", "does not exist"},
		{"supervising mission is the home state's", func(ds *Dataset) { ds.HonoraryConsuls[0].SupervisingMission = "us-ke-nairobi" }, "honorary_consul", "hc-in-kolkata", "supervising_mission", "not a mission of the home state RW"},
		{"consul cannot act before exequatur", func(ds *Dataset) { ds.HonoraryConsuls[1].Status = HCActive }, "honorary_consul", "hc-no-oslo", "exequatur", "cannot act before the receiving state grants the exequatur"},
		{"exequatur before appointment", func(ds *Dataset) { ds.HonoraryConsuls[0].Appointed = MustDate("2023-02") }, "honorary_consul", "hc-in-kolkata", "exequatur", "before appointed"},
		{"consul in the home state", func(ds *Dataset) { ds.HonoraryConsuls[0].Country = "RW" }, "honorary_consul", "hc-in-kolkata", "country", "serves abroad"},
		{"membership organisation exists", func(ds *Dataset) { ds.Memberships[0].Organisation = "UNX" }, "membership", "rw--au", "organisation", "does not exist"},
		{"membership joined after left", func(ds *Dataset) { ds.Memberships[1].Joined = MustDate("2026") }, "membership", "rw--eccas", "left", "before joined"},
		{"membership status", func(ds *Dataset) { ds.Memberships[0].Status = "fan" }, "membership", "rw--au", "status", "not one of"},
		{"representing mission of the member", func(ds *Dataset) { ds.Memberships[0].RepresentingMission = "ke-rw-kigali" }, "membership", "rw--au", "representing_mission", "not a mission of RW"},
		{"relation event", func(ds *Dataset) { ds.Relations[0].Event = "friendly" }, "relation", "rel-be-1962", "event", "not one of"},
		{"relation date", func(ds *Dataset) { ds.Relations[0].Date = Date{} }, "relation", "rel-be-1962", "date", "required"},
		{"declared figure name", func(ds *Dataset) { ds.DeclaredFigures[0].Name = "embassies" }, "declared_figure", "fig-diplomatic-missions", "name", "not one of"},
		{"declared figure value", func(ds *Dataset) { ds.DeclaredFigures[0].Value = -1 }, "declared_figure", "fig-diplomatic-missions", "value", "negative"},
		{"control characters", func(ds *Dataset) { mission(ds, "rw-ke-nairobi").Meta.Note = "a\x00b" }, "mission", "rw-ke-nairobi", "note", "control character"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ds := fixture()
			tt.break_(&ds)
			err := New(ds).Validate()
			var ve *ValidationError
			if !errors.As(err, &ve) {
				t.Fatalf("Validate() = %v, want a *ValidationError", err)
			}
			for _, f := range ve.Fields {
				if f.Entity == tt.entity && f.ID == tt.id && f.Field == tt.field && strings.Contains(f.Reason, tt.reason) {
					return
				}
			}
			t.Errorf("no error %s %q %s %q in:\n%v", tt.entity, tt.id, tt.field, tt.reason, err)
		})
	}
}

// TestFiscalYearStart: the setting is unset (0, read as January) or a
// month; anything else is refused on its field.
func TestFiscalYearStart(t *testing.T) {
	for _, tt := range []struct {
		month time.Month
		valid bool
		read  time.Month // FiscalYearStartMonth, when valid
	}{
		{0, true, time.January},
		{time.January, true, time.January},
		{time.July, true, time.July},
		{time.December, true, time.December},
		{13, false, 0},
		{-1, false, 0},
	} {
		ds := fixture()
		ds.Settings.FiscalYearStart = tt.month
		err := New(ds).Validate()
		if tt.valid {
			if err != nil {
				t.Errorf("fiscal_year_start %d: %v, want valid", tt.month, err)
			}
			if got := ds.Settings.FiscalYearStartMonth(); got != tt.read {
				t.Errorf("FiscalYearStartMonth() with %d = %v, want %v", tt.month, got, tt.read)
			}
			continue
		}
		var ve *ValidationError
		if !errors.As(err, &ve) || len(ve.Fields) != 1 || ve.Fields[0].Entity != "settings" || ve.Fields[0].Field != "fiscal_year_start" {
			t.Errorf("fiscal_year_start %d: %v, want one error on settings fiscal_year_start", tt.month, err)
		}
	}
}

func TestParseDate(t *testing.T) {
	tests := []struct {
		in        string
		want      string
		precision Precision
		bad       bool
	}{
		{"", "", PrecisionNone, false},
		{"2025", "2025", PrecisionYear, false},
		{"2025-03", "2025-03", PrecisionMonth, false},
		{"2025-03-17", "2025-03-17", PrecisionDay, false},
		{"2024-02-29", "2024-02-29", PrecisionDay, false},
		{"2025-02-29", "", 0, true},
		{"2025-13", "", 0, true},
		{"2025-00-10", "", 0, true},
		{"25-03-17", "", 0, true},
		{"2025/03/17", "", 0, true},
		{"c.2012", "", 0, true},
		{"0999", "", 0, true},
		{"+202", "", 0, true},
		{"2025-1-01", "", 0, true},
	}
	for _, tt := range tests {
		d, err := ParseDate(tt.in)
		if tt.bad {
			if err == nil {
				t.Errorf("ParseDate(%q) accepted %v", tt.in, d)
			}
			continue
		}
		if err != nil || d.String() != tt.want || d.Precision() != tt.precision {
			t.Errorf("ParseDate(%q) = %v (%v), %v; want %q (%v)", tt.in, d, d.Precision(), err, tt.want, tt.precision)
		}
	}
}

func TestDatePeriods(t *testing.T) {
	tests := []struct {
		in          string
		first, last int32
	}{
		{"2024", 20240101, 20241231},
		{"2024-02", 20240201, 20240229},
		{"2023-02", 20230201, 20230228},
		{"2024-02-10", 20240210, 20240210},
		{"", 0, 0},
	}
	for _, tt := range tests {
		d := MustDate(tt.in)
		if d.First() != tt.first || d.Last() != tt.last {
			t.Errorf("%q: First, Last = %d, %d; want %d, %d", tt.in, d.First(), d.Last(), tt.first, tt.last)
		}
	}
	var d Date
	if err := d.Scan("2025-03"); err != nil || d.String() != "2025-03" {
		t.Errorf("Scan: %v %v", d, err)
	}
	if v, _ := (Date{}).Value(); v != nil {
		t.Errorf("zero Date stores %v, want NULL", v)
	}
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2025", "2025-03", "2025-03-17", "2025-02-30", "x", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDate(s)
		if err != nil {
			return
		}
		if d.String() != s {
			t.Fatalf("ParseDate(%q).String() = %q", s, d.String())
		}
		if d.First() > d.Last() {
			t.Fatalf("%q: First %d after Last %d", s, d.First(), d.Last())
		}
	})
}

func TestDateJSON(t *testing.T) {
	for _, tt := range []struct {
		d    Date
		json string
	}{{Date{}, "null"}, {MustDate("2025"), `"2025"`}, {MustDate("2025-03-17"), `"2025-03-17"`}} {
		b, err := tt.d.MarshalJSON()
		if err != nil || string(b) != tt.json {
			t.Errorf("MarshalJSON(%v) = %s, %v; want %s", tt.d, b, err, tt.json)
		}
		var back Date
		if err := back.UnmarshalJSON(b); err != nil || back != tt.d {
			t.Errorf("UnmarshalJSON(%s) = %v, %v", b, back, err)
		}
	}
	var d Date
	for _, bad := range []string{`2025`, `"2025-02-30"`, `""x`, `{}`} {
		if d.UnmarshalJSON([]byte(bad)) == nil {
			t.Errorf("UnmarshalJSON(%s) accepted", bad)
		}
	}
}
