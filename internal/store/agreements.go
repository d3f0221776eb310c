package store

import (
	"database/sql/driver"
	"fmt"
	"strings"

	"github.com/chancery-org/chancery/internal/registry"
)

// agreementTable stores the register of agreements.
func agreementTable() tableOps {
	return (&table[registry.Agreement]{
		name: "agreements", entity: "agreement",
		cols: []string{"id", "title_en", "title_fr", "title_rw", "title_sw", "kind", "scope", "consent_mode", "parties",
			"depositary_type", "depositary", "place", "certainty", "negotiation", "initialled", "signed",
			"domestic_approval", "approval_act", "gazette", "instruments_deposited", "entry_into_force",
			"un_registered", "un_registration_number", "amended", "ended", "end_reason"},
		id:   func(x *registry.Agreement) string { return x.ID },
		meta: func(x *registry.Agreement) *registry.Meta { return &x.Meta },
		args: func(x *registry.Agreement) []any {
			return []any{x.ID, x.Title.EN, x.Title.FR, x.Title.RW, x.Title.SW, string(x.Kind), string(x.Scope),
				string(x.ConsentMode), parties{&x.Parties}, string(x.Depositary.Type), x.Depositary.Code, x.Place,
				string(x.Certainty), x.Negotiation, x.Initialled, x.Signed, x.DomesticApproval, x.ApprovalAct,
				x.Gazette, x.InstrumentsDeposited, x.EntryIntoForce, x.UNRegistered, x.UNRegistrationNumber,
				x.Amended, x.Ended, string(x.EndReason)}
		},
		dest: func(x *registry.Agreement) []any {
			return []any{&x.ID, &x.Title.EN, &x.Title.FR, &x.Title.RW, &x.Title.SW, &x.Kind, &x.Scope,
				&x.ConsentMode, parties{&x.Parties}, &x.Depositary.Type, &x.Depositary.Code, &x.Place,
				&x.Certainty, &x.Negotiation, &x.Initialled, &x.Signed, &x.DomesticApproval, &x.ApprovalAct,
				&x.Gazette, &x.InstrumentsDeposited, &x.EntryIntoForce, &x.UNRegistered, &x.UNRegistrationNumber,
				&x.Amended, &x.Ended, &x.EndReason}
		},
		list: func(ds *registry.Dataset) *[]registry.Agreement { return &ds.Agreements },
		storable: func(x *registry.Agreement) []registry.FieldError {
			return partyProblems("parties", x.Parties)
		},
	}).build()
}

// parties stores a list of parties as one text: "type:code" joined by ';'.
type parties struct{ p *[]registry.Party }

func (s parties) Value() (driver.Value, error) {
	parts := make([]string, len(*s.p))
	for i, v := range *s.p {
		if strings.ContainsAny(v.Code, ";:") || strings.ContainsAny(string(v.Type), ";:") {
			return nil, fmt.Errorf("party %q contains ';' or ':'", v.String())
		}
		parts[i] = v.String()
	}
	return strings.Join(parts, ";"), nil
}

func (s parties) Scan(src any) error {
	var text string
	if err := (nullString{&text}).Scan(src); err != nil {
		return err
	}
	*s.p = nil
	if text == "" {
		return nil
	}
	for v := range strings.SplitSeq(text, ";") {
		typ, code, ok := strings.Cut(v, ":")
		if !ok {
			return fmt.Errorf("party %q is not type:code", v)
		}
		*s.p = append(*s.p, registry.Party{Type: registry.PartyType(typ), Code: code})
	}
	return nil
}
