package registry

import "regexp"

// Value sets of agreements, in the order the documentation lists them.
var (
	InstrumentKinds = []InstrumentKind{Treaty, Convention, AgreementKind, MoU, ProtocolKind, ExchangeOfNotes}
	AgreementScopes = []AgreementScope{Bilateral, Multilateral}
	ConsentModes    = []ConsentMode{ConsentSignature, ConsentRatification, ConsentAcceptance, ConsentApproval, ConsentAccession, ConsentSuccession}
	EndReasons      = []EndReason{Denounced, Expired, Terminated}
	AgreementStages = []AgreementStage{StageNegotiation, StageInitialled, StageSigned, StageApproved, StageConsented, StageInForce, StageEnded}
)

// reUNTS is a UN Treaty Series number: I-nnnnn for a registered treaty,
// II-nnn for one filed and recorded.
var reUNTS = regexp.MustCompile(`^(I|II)-[0-9]{1,7}$`)

// lifecycleStep is one dated step of an agreement, in lifecycle order.
type lifecycleStep struct {
	field string
	date  Date
}

// validateAgreement checks an agreement's fields and its lifecycle: each step
// dated no earlier than the steps before it, and no step recorded before
// the steps it needs (entry into force before consent, UN registration
// before entry into force, ...). The reasons say what to record first.
func (r *Registry) validateAgreement(c checker, a *Agreement, dup func(checker, string)) {
	dup(c, a.ID)
	c.slug(a.ID)
	c.required("title_en", a.Title.EN)
	for _, t := range []struct{ f, v string }{{"title_en", a.Title.EN}, {"title_fr", a.Title.FR}, {"title_rw", a.Title.RW}, {"title_sw", a.Title.SW}} {
		c.text(t.f, t.v, maxField)
	}
	oneOf(c, "kind", a.Kind, InstrumentKinds)
	oneOf(c, "scope", a.Scope, AgreementScopes)
	if a.ConsentMode != "" {
		oneOf(c, "consent_mode", a.ConsentMode, ConsentModes)
	}
	c.certainty(a.Certainty)
	c.text("place", a.Place, maxField)
	c.text("approval_act", a.ApprovalAct, maxField)
	c.meta(a.Meta)
	r.checkParties(c, a)

	// Chronology: every step on or after the steps before it.
	steps := []lifecycleStep{
		{"negotiation", a.Negotiation}, {"initialled", a.Initialled}, {"signed", a.Signed},
		{"domestic_approval", a.DomesticApproval}, {"gazette", a.Gazette},
		{"instruments_deposited", a.InstrumentsDeposited}, {"entry_into_force", a.EntryIntoForce},
		{"un_registered", a.UNRegistered},
	}
	for i, s := range steps {
		for _, before := range steps[:i] {
			c.order(before.field, before.date, s.field, s.date)
		}
	}
	c.order("signed", a.Signed, "amended", a.Amended)
	c.order("entry_into_force", a.EntryIntoForce, "ended", a.Ended)

	// Transitions: a step needs the steps that lead to it.
	mode := a.ConsentMode
	switch {
	case mode.withoutSignature() && !a.Signed.IsZero():
		c.fail("consent_mode", "%s is consent by a state that did not sign; a signed agreement is ratified, accepted or approved", mode)
	case mode == ConsentAccession && a.Scope == Bilateral:
		c.fail("consent_mode", "accession is to a multilateral agreement; a bilateral one is signed and ratified")
	}
	if a.Kind == MoU && mode.needsInstrument() {
		c.fail("consent_mode", "a memorandum of understanding is not binding and takes effect on signature: use signature")
	}
	if !a.InstrumentsDeposited.IsZero() {
		switch {
		case mode == "":
			c.fail("consent_mode", "is required once instruments are deposited or exchanged: ratification, acceptance, approval, accession or succession")
		case !mode.needsInstrument():
			c.fail("instruments_deposited", "consent by signature needs no instrument: leave it empty, or change the consent mode")
		case !mode.withoutSignature() && a.Signed.IsZero():
			c.fail("instruments_deposited", "an instrument of %s follows signature: record the signature first", mode)
		}
	}
	if !a.DomesticApproval.IsZero() && a.Signed.IsZero() && !mode.withoutSignature() {
		c.fail("domestic_approval", "approval of an agreement comes after its signature: record the signature first")
	}
	if !a.Gazette.IsZero() && a.DomesticApproval.IsZero() {
		c.fail("gazette", "the Official Gazette publishes the act of approval: record the domestic approval first")
	}
	if !a.EntryIntoForce.IsZero() {
		switch {
		case mode == "":
			c.fail("consent_mode", "is required once the agreement is in force")
		case mode == ConsentSignature && a.Signed.IsZero():
			c.fail("entry_into_force", "an agreement binding on signature enters into force only once signed: record the signature first")
		case mode.needsInstrument() && a.InstrumentsDeposited.IsZero():
			c.fail("entry_into_force", "the agreement cannot enter into force for the home state before its consent (%s): record the deposit or exchange of instruments first", mode)
		}
	}
	if !a.UNRegistered.IsZero() || a.UNRegistrationNumber != "" {
		switch {
		case a.Kind == MoU:
			c.fail("un_registered", "a memorandum of understanding is not a treaty and is not registered with the United Nations")
		case a.EntryIntoForce.IsZero():
			c.fail("un_registered", "an agreement is registered with the United Nations only after its entry into force (UN Charter art. 102): record the entry into force first")
		}
		if a.UNRegistrationNumber == "" {
			c.fail("un_registration_number", "is required with the date of UN registration")
		} else if !reUNTS.MatchString(a.UNRegistrationNumber) {
			c.fail("un_registration_number", "%q is not a UN Treaty Series number such as I-54113 or II-1234", a.UNRegistrationNumber)
		}
	}
	if !a.Amended.IsZero() && a.Signed.IsZero() && a.InstrumentsDeposited.IsZero() {
		c.fail("amended", "only a concluded agreement is amended: record its signature or the deposit of instruments first")
	}
	switch {
	case !a.Ended.IsZero() && a.EntryIntoForce.IsZero():
		c.fail("ended", "only an agreement in force is denounced or expires: record the entry into force first")
	case !a.Ended.IsZero() && a.EndReason == "":
		c.fail("end_reason", "is required when the agreement has ended (one of denounced, expired, terminated)")
	case a.Ended.IsZero() && a.EndReason != "":
		c.fail("ended", "is required with an end reason")
	}
	if a.EndReason != "" {
		oneOf(c, "end_reason", a.EndReason, EndReasons)
	}
}

// checkParties checks an agreement's parties and depositary.
func (r *Registry) checkParties(c checker, a *Agreement) {
	home := r.data.Settings.HomeState
	seen := map[Party]bool{}
	for _, p := range a.Parties {
		c.party("parties", p)
		switch {
		case p.IsState(home):
			c.fail("parties", "the home state %s is a party to every agreement of its register: list only the other parties", home)
		case seen[p]:
			c.fail("parties", "%s is listed twice", p)
		}
		seen[p] = true
	}
	if a.Scope == Bilateral && len(a.Parties) != 1 {
		c.fail("parties", "a bilateral agreement has exactly one other party (a state or an organisation), not %d", len(a.Parties))
	}
	if a.HasDepositary() {
		if a.Scope == Bilateral {
			c.fail("depositary", "a bilateral agreement has no depositary: its instruments are exchanged")
		} else {
			c.party("depositary", a.Depositary)
		}
	}
}
