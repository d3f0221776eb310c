package auth

import (
	"slices"
	"testing"

	"github.com/chancery-org/chancery/internal/registry"
)

func TestRefsIn(t *testing.T) {
	ke := registry.StateParty("KE")
	ds := &registry.Dataset{
		Missions: []registry.Mission{{ID: "ke-rw-kigali", Sender: ke}, {ID: "rw-ke-nairobi", Sender: registry.StateParty("RW")}},
		Appointments: []registry.Appointment{
			{ID: "a1", Person: "p1", Mission: "rw-ke-nairobi"},
			{ID: "a2", Person: "p2", Mission: "ke-rw-kigali"},
		},
		HonoraryConsuls: []registry.HonoraryConsul{{ID: "h1", Person: "p1", SupervisingMission: ""}},
	}
	if ref := AccreditationRefIn(ds, &registry.Accreditation{ID: "x", Mission: "ke-rw-kigali"}); ref.Sender != ke {
		t.Errorf("AccreditationRefIn: sender %v, want KE", ref.Sender)
	}
	if ref := AccreditationRefIn(ds, &registry.Accreditation{ID: "y", Mission: "none"}); ref.Sender != (registry.Party{}) {
		t.Errorf("AccreditationRefIn of an unknown mission: sender %v, want none", ref.Sender)
	}
	for _, tt := range []struct {
		person string
		want   []string
	}{
		{"p1", []string{"rw-ke-nairobi", ""}},
		{"p2", []string{"ke-rw-kigali"}},
		{"p3", []string{}},
	} {
		if ref := PersonRefIn(ds, &registry.Person{ID: tt.person}); !slices.Equal(ref.Missions, tt.want) {
			t.Errorf("PersonRefIn(%s) = %q, want %q", tt.person, ref.Missions, tt.want)
		}
	}
}
