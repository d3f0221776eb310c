package dataset

import (
	"fmt"
	"strings"

	"github.com/chancery-org/chancery/internal/csvfile"
	"github.com/chancery-org/chancery/internal/registry"
)

// agreementColumns are the columns of agreements.csv. parties lists the
// other parties as type:code joined by ';' (state:KE;organisation:AU).
var agreementColumns = []string{"id", "title_en", "title_fr", "title_rw", "title_sw", "kind", "scope", "consent_mode",
	"parties", "depositary_type", "depositary", "place", "certainty", "negotiation", "initialled", "signed",
	"domestic_approval", "approval_act", "gazette", "instruments_deposited", "entry_into_force", "un_registered",
	"un_registration_number", "amended", "ended", "end_reason"}

func (p *parser) agreement(row csvfile.Row) string {
	a := registry.Agreement{
		ID:    row.Get("id"),
		Title: registry.Names{EN: row.Get("title_en"), FR: row.Get("title_fr"), RW: row.Get("title_rw"), SW: row.Get("title_sw")},
		Kind:  registry.InstrumentKind(row.Get("kind")), Scope: registry.AgreementScope(row.Get("scope")),
		ConsentMode: registry.ConsentMode(row.Get("consent_mode")), Parties: p.parties(row, "parties"),
		Depositary: p.party(row, "depositary"), Place: row.Get("place"), Certainty: certainty(row),
		Negotiation: p.date(row, "negotiation"), Initialled: p.date(row, "initialled"), Signed: p.date(row, "signed"),
		DomesticApproval: p.date(row, "domestic_approval"), ApprovalAct: row.Get("approval_act"),
		Gazette: p.date(row, "gazette"), InstrumentsDeposited: p.date(row, "instruments_deposited"),
		EntryIntoForce: p.date(row, "entry_into_force"), UNRegistered: p.date(row, "un_registered"),
		UNRegistrationNumber: row.Get("un_registration_number"), Amended: p.date(row, "amended"),
		Ended: p.date(row, "ended"), EndReason: registry.EndReason(row.Get("end_reason")),
		Meta: p.meta(row),
	}
	p.ds.Agreements = append(p.ds.Agreements, a)
	return a.ID
}

// parties reads a list of type:code items joined by ';'.
func (p *parser) parties(row csvfile.Row, col string) []registry.Party {
	var out []registry.Party
	for item := range strings.SplitSeq(row.Get(col), ";") {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		typ, code, ok := strings.Cut(item, ":")
		if !ok {
			p.fail(row.Errorf(col, "%q is not type:code (state:KE, organisation:AU)", item))
			continue
		}
		out = append(out, registry.Party{Type: registry.PartyType(strings.TrimSpace(typ)), Code: strings.TrimSpace(code)})
	}
	return out
}

// PartiesCell writes parties as agreements.csv holds them.
func PartiesCell(ps []registry.Party) string {
	items := make([]string, len(ps))
	for i, x := range ps {
		items[i] = fmt.Sprintf("%s:%s", x.Type, x.Code)
	}
	return strings.Join(items, ";")
}

func agreementRows(ds *registry.Dataset) []record {
	return rowsOf(ds.Agreements, func(a *registry.Agreement) string { return a.ID }, func(a *registry.Agreement) record {
		r := record{
			"id": a.ID, "title_en": a.Title.EN, "title_fr": a.Title.FR, "title_rw": a.Title.RW, "title_sw": a.Title.SW,
			"kind": string(a.Kind), "scope": string(a.Scope), "consent_mode": string(a.ConsentMode),
			"parties": PartiesCell(a.Parties), "place": a.Place, "certainty": string(a.Certainty),
			"negotiation": a.Negotiation.String(), "initialled": a.Initialled.String(), "signed": a.Signed.String(),
			"domestic_approval": a.DomesticApproval.String(), "approval_act": a.ApprovalAct, "gazette": a.Gazette.String(),
			"instruments_deposited": a.InstrumentsDeposited.String(), "entry_into_force": a.EntryIntoForce.String(),
			"un_registered": a.UNRegistered.String(), "un_registration_number": a.UNRegistrationNumber,
			"amended": a.Amended.String(), "ended": a.Ended.String(), "end_reason": string(a.EndReason),
		}
		r.party("depositary", a.Depositary)
		return r.meta(a.Meta)
	})
}
