package registry

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestTimestampJSON(t *testing.T) {
	at := time.Date(2026, 1, 31, 12, 0, 0, 123e6, time.UTC)
	for _, tt := range []struct {
		ts   Timestamp
		json string
	}{
		{Timestamp{}, "null"},
		{Timestamp{Time: at}, `"2026-01-31T12:00:00.123Z"`},
	} {
		b, err := json.Marshal(tt.ts)
		if err != nil || string(b) != tt.json {
			t.Errorf("Marshal(%v) = %s, %v; want %s", tt.ts, b, err, tt.json)
		}
		var back Timestamp
		if err := json.Unmarshal(b, &back); err != nil || !back.Equal(tt.ts.Time) {
			t.Errorf("Unmarshal(%s) = %v, %v", b, back, err)
		}
	}
	// A record not read from a store has revision 0 and no update time.
	b, err := json.Marshal(Person{ID: "p", Name: "P"})
	if err != nil || !strings.Contains(string(b), `"revision":0,"updated_at":null`) {
		t.Errorf("Marshal(Person) = %s, %v", b, err)
	}
}

func TestDeletions(t *testing.T) {
	at := time.Date(2026, 1, 31, 12, 0, 0, 0, time.UTC)
	ds := Dataset{Deletions: []Deletion{
		{Entity: "person", ID: "b", Revision: 7, At: at},
		{Entity: "person", ID: "a", Revision: 7, At: at},
		{Entity: "mission", ID: "z", Revision: 7, At: at},
		{Entity: "person", ID: "c", Revision: 2, At: at},
	}}
	c := ds.Clone()
	c.Deletions[0].ID = "changed"
	if ds.Deletions[0].ID != "b" {
		t.Error("Clone shares the deletions")
	}
	var got []string
	for _, d := range New(ds).Dataset().Deletions {
		got = append(got, d.Entity+"/"+d.ID)
	}
	if want := []string{"person/c", "mission/z", "person/a", "person/b"}; !reflect.DeepEqual(got, want) {
		t.Errorf("deletions in New's order: %v, want %v", got, want)
	}
}

func TestRegistryRevision(t *testing.T) {
	tests := []struct {
		name string
		ds   Dataset
		want int64
	}{
		{"empty", Dataset{}, 0},
		{"unsaved records", Dataset{People: []Person{{ID: "p"}}}, 0},
		{"highest record", Dataset{
			People:      []Person{{ID: "p", Meta: Meta{Revision: 3}}},
			FinderNotes: []FinderNote{{Country: "KE", Meta: Meta{Revision: 9}}},
			Missions:    []Mission{{ID: "m", Meta: Meta{Revision: 5}}},
		}, 9},
		{"an agreement", Dataset{
			Missions:   []Mission{{ID: "m", Meta: Meta{Revision: 5}}},
			Agreements: []Agreement{{ID: "a", Meta: Meta{Revision: 8}}},
		}, 8},
		{"a later deletion", Dataset{
			Countries: []Country{{ISO2: "KE", Meta: Meta{Revision: 4}}},
			Deletions: []Deletion{{Entity: "person", ID: "p", Revision: 6}},
		}, 6},
	}
	for _, tt := range tests {
		if got := New(tt.ds).Revision(); got != tt.want {
			t.Errorf("%s: Revision() = %d, want %d", tt.name, got, tt.want)
		}
	}
}

// TestEachRecord checks that every record list of a Dataset is visited, under
// the entity names the store uses.
func TestEachRecord(t *testing.T) {
	ds := Dataset{
		Countries: []Country{{ISO2: "KE"}}, Relations: []RelationEvent{{ID: "r"}}, Organisations: []Organisation{{ID: "o"}},
		Missions: []Mission{{ID: "m"}}, Accreditations: []Accreditation{{ID: "ac"}}, People: []Person{{ID: "p"}},
		Appointments: []Appointment{{ID: "ap"}}, HonoraryConsuls: []HonoraryConsul{{ID: "h"}},
		Memberships: []Membership{{ID: "ms"}}, DeclaredFigures: []DeclaredFigure{{ID: "d"}},
		FinderNotes: []FinderNote{{Country: "PE"}}, Agreements: []Agreement{{ID: "ag"}},
		PolicyNodes: []PolicyNode{{ID: "pn"}}, Initiatives: []Initiative{{ID: "in"}}, Indicators: []Indicator{{ID: "id"}},
		IndicatorActuals: []IndicatorActual{{ID: "ia"}}, Engagements: []Engagement{{ID: "en"}}, Commitments: []Commitment{{ID: "cm"}},
		Associations: []Association{{ID: "as"}}, Stakeholders: []Stakeholder{{ID: "st"}}, Consultations: []Consultation{{ID: "cn"}},
	}
	var got []string
	ds.EachRecord(func(entity, id string, m *Meta) { got = append(got, entity+":"+id) })
	want := []string{"country:KE", "relation:r", "organisation:o", "mission:m", "accreditation:ac", "person:p",
		"appointment:ap", "honorary_consul:h", "membership:ms", "declared_figure:d", "finder_note:PE", "agreement:ag",
		"policy_node:pn", "initiative:in", "indicator:id", "indicator_actual:ia", "engagement:en", "commitment:cm",
		"association:as", "stakeholder:st", "consultation:cn"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("EachRecord visited %v, want %v", got, want)
	}
	// Every list of the Dataset but Deletions and Settings holds records:
	// a list added to Dataset must be added to EachRecord too.
	lists := 0
	for i := range reflect.TypeOf(ds).NumField() {
		if f := reflect.TypeOf(ds).Field(i); f.Type.Kind() == reflect.Slice && f.Name != "Deletions" {
			lists++
		}
	}
	if lists != len(want) {
		t.Errorf("Dataset has %d record lists, EachRecord visits %d", lists, len(want))
	}
}
