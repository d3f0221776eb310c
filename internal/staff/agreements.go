package staff

import (
	"fmt"

	"github.com/chancery-org/chancery/internal/registry"
)

// agreementEntity is the register of agreements, kept by policy officers:
// every lifecycle step is a date field, checked by the registry's lifecycle
// rules when saved.
var agreementEntity = func() *entity {
	e := define("agreement", "agreements", "agreement", "Agreements",
		func(ds *registry.Dataset) []registry.Agreement { return ds.Agreements },
		func(x *registry.Agreement) string { return x.ID },
		func(x *registry.Agreement) *registry.Meta { return &x.Meta },
		concat([]field{idField(slugHelp)}, nameFields("title", "title", "Title", text), []field{
			{Name: "kind", Path: "kind", Label: "Kind of instrument", Kind: enum, Options: options(registry.InstrumentKinds),
				Help: "mou: a memorandum of understanding, not binding, takes effect on signature."},
			{Name: "scope", Path: "scope", Label: "Bilateral or multilateral", Kind: enum, Options: options(registry.AgreementScopes)},
			{Name: "consent_mode", Path: "consent_mode", Label: "Consent to be bound by", Kind: enum, Options: options(registry.ConsentModes),
				Help: "Signature (definitive), ratification, acceptance, approval, accession or succession; leave empty until known."},
			{Name: "parties", Path: "parties", Label: "Other parties", Kind: parties, Errs: []string{"parties_type"},
				Help: "One per line: state:KE or organisation:AU (a bare KE is a state). Exactly one for a bilateral agreement; not the home state."},
		}, partyFields("depositary", "Depositary"), []field{
			{Name: "place", Path: "place", Label: "Place of signature", Kind: text},
			certaintyField,
			{Name: "negotiation", Path: "negotiation", Label: "Negotiations opened", Kind: date},
			{Name: "initialled", Path: "initialled", Label: "Initialled", Kind: date},
			{Name: "signed", Path: "signed", Label: "Signed", Kind: date},
			{Name: "domestic_approval", Path: "domestic_approval", Label: "Domestic approval (law or order authorising consent)", Kind: date},
			{Name: "approval_act", Path: "approval_act", Label: "Act of approval", Kind: text, Help: "Its reference: Law n° 012/2021, Presidential Order n° …"},
			{Name: "gazette", Path: "gazette", Label: "Published in the Official Gazette", Kind: date},
			{Name: "instruments_deposited", Path: "instruments_deposited", Label: "Deposit or exchange of instruments", Kind: date,
				Help: "The home state's instrument of ratification, acceptance, approval, accession or succession."},
			{Name: "entry_into_force", Path: "entry_into_force", Label: "Entry into force", Kind: date},
			{Name: "un_registered", Path: "un_registered", Label: "Registered with the United Nations", Kind: date},
			{Name: "un_registration_number", Path: "un_registration_number", Label: "UN registration number", Kind: text, Help: "As I-54113."},
			{Name: "amended", Path: "amended", Label: "Last amended", Kind: date},
			{Name: "ended", Path: "ended", Label: "Ended (denunciation, expiry or termination)", Kind: date},
			{Name: "end_reason", Path: "end_reason", Label: "Why it ended", Kind: enum, Options: options(registry.EndReasons)},
		}),
		[]string{"title_en", "kind", "parties", "signed", "entry_into_force"})
	e.End = &ending{DateField: "ended", StatusField: "end_reason", Status: string(registry.Terminated), Verb: "End"}
	return e
}()

// signedUnratifiedMonths is how long a signature may wait for ratification
// before the dashboard lists it.
const signedUnratifiedMonths = 12

// agreementAlerts returns the agreements signed and awaiting ratification for
// over signedUnratifiedMonths, and those whose entry into force is pending.
func agreementAlerts(ds *registry.Dataset, today, cutoff registry.Date) (unratified, pending []item) {
	for i := range ds.Agreements {
		a := &ds.Agreements[i]
		switch {
		case a.AwaitingConsent(today) && a.Signed.Last() < cutoff.First():
			unratified = append(unratified, item{Label: a.Title.EN, URL: recordURL(agreementEntity, a.ID),
				Detail: fmt.Sprintf("signed %s, no instrument of %s deposited or exchanged", a.Signed, a.ConsentMode)})
		case a.EntryIntoForcePending(today):
			detail := fmt.Sprintf("consent given %s; no date of entry into force recorded", a.Consented())
			if !a.EntryIntoForce.IsZero() {
				detail = fmt.Sprintf("consent given %s; enters into force %s", a.Consented(), a.EntryIntoForce)
			}
			pending = append(pending, item{Label: a.Title.EN, URL: recordURL(agreementEntity, a.ID), Detail: detail})
		}
	}
	return unratified, pending
}
