package registry

// InstrumentKind is the kind of an international instrument (DESIGN §2).
type InstrumentKind string

const (
	Treaty          InstrumentKind = "treaty"
	Convention      InstrumentKind = "convention"
	AgreementKind   InstrumentKind = "agreement"
	MoU             InstrumentKind = "mou" // memorandum of understanding: not binding, takes effect on signature
	ProtocolKind    InstrumentKind = "protocol"
	ExchangeOfNotes InstrumentKind = "exchange_of_notes"
)

// AgreementScope tells a bilateral agreement from a multilateral one.
type AgreementScope string

const (
	Bilateral    AgreementScope = "bilateral"
	Multilateral AgreementScope = "multilateral"
)

// ConsentMode is how the home state expresses its consent to be bound, kept
// apart from the dates: ratification, acceptance, approval and accession are
// formally different acts (UN Treaty Collection practice).
type ConsentMode string

const (
	ConsentSignature    ConsentMode = "signature" // definitive signature: no instrument follows
	ConsentRatification ConsentMode = "ratification"
	ConsentAcceptance   ConsentMode = "acceptance"
	ConsentApproval     ConsentMode = "approval"
	ConsentAccession    ConsentMode = "accession"  // by a state that did not sign
	ConsentSuccession   ConsentMode = "succession" // by a successor state
)

// needsInstrument reports whether consent in this mode is given by the
// deposit or exchange of an instrument, rather than by signature.
func (m ConsentMode) needsInstrument() bool { return m != "" && m != ConsentSignature }

// withoutSignature reports whether consent in this mode is given by a state
// that did not sign the agreement.
func (m ConsentMode) withoutSignature() bool { return m == ConsentAccession || m == ConsentSuccession }

// EndReason is why an agreement stopped binding the home state.
type EndReason string

const (
	Denounced  EndReason = "denounced" // denunciation or withdrawal by the home state
	Expired    EndReason = "expired"   // its term ran out
	Terminated EndReason = "terminated"
)

// AgreementStage is where an agreement stands in its lifecycle on a date.
type AgreementStage string

const (
	StageNone        AgreementStage = ""            // no step dated by then
	StageNegotiation AgreementStage = "negotiation" // negotiations opened
	StageInitialled  AgreementStage = "initialled"
	StageSigned      AgreementStage = "signed"
	StageApproved    AgreementStage = "approved"  // domestic approval given
	StageConsented   AgreementStage = "consented" // ratified, accepted, approved, acceded or succeeded: bound once in force
	StageInForce     AgreementStage = "in_force"
	StageEnded       AgreementStage = "ended"
)

// Agreement is an instrument in the home state's register of agreements, with
// every step of its lifecycle dated (an unknown or not yet reached step has
// the zero Date). Parties lists the other parties as far as they are recorded:
// exactly one for a bilateral agreement.
type Agreement struct {
	ID          string         `json:"id"`
	Title       Names          `json:"title"`
	Kind        InstrumentKind `json:"kind"`
	Scope       AgreementScope `json:"scope"`
	ConsentMode ConsentMode    `json:"consent_mode"` // empty until known
	Parties     []Party        `json:"parties"`
	// Depositary is the state or organisation keeping a multilateral
	// agreement's instruments; both fields empty when there is none.
	Depositary Party     `json:"depositary"`
	Place      string    `json:"place,omitempty"` // of signature
	Certainty  Certainty `json:"certainty"`

	Negotiation      Date `json:"negotiation"` // negotiations opened
	Initialled       Date `json:"initialled"`
	Signed           Date `json:"signed"`
	DomesticApproval Date `json:"domestic_approval"` // law or order authorising consent
	// ApprovalAct names the domestic act: a law, a presidential order.
	ApprovalAct string `json:"approval_act,omitempty"`
	Gazette     Date   `json:"gazette"` // published in the Official Gazette
	// InstrumentsDeposited is the deposit (multilateral) or exchange
	// (bilateral) of the instruments of consent.
	InstrumentsDeposited Date `json:"instruments_deposited"`
	EntryIntoForce       Date `json:"entry_into_force"`
	UNRegistered         Date `json:"un_registered"`
	// UNRegistrationNumber is the UN Treaty Series number, as I-54113.
	UNRegistrationNumber string    `json:"un_registration_number,omitempty"`
	Amended              Date      `json:"amended"` // the latest amendment
	Ended                Date      `json:"ended"`   // denunciation, expiry or termination took effect
	EndReason            EndReason `json:"end_reason,omitempty"`
	Meta
}

// HasDepositary reports whether a depositary is recorded.
func (a *Agreement) HasDepositary() bool { return a.Depositary.Type != "" || a.Depositary.Code != "" }

// Consented returns the date the home state's consent to be bound was
// given: the deposit or exchange of instruments, or the signature when
// consent is by signature; zero when not given.
func (a *Agreement) Consented() Date {
	if a.ConsentMode == ConsentSignature {
		return a.Signed
	}
	return a.InstrumentsDeposited
}

// InForceAt reports whether the agreement bound the home state on day d:
// entered into force by d and not ended by d.
func (a *Agreement) InForceAt(d Date) bool {
	return a.EntryIntoForce.OnOrBefore(d) && !endedBy(a.Ended, d)
}

// StageAt returns the latest lifecycle stage reached by day d.
func (a *Agreement) StageAt(d Date) AgreementStage {
	switch {
	case a.Ended.OnOrBefore(d):
		return StageEnded
	case a.EntryIntoForce.OnOrBefore(d):
		return StageInForce
	case a.Consented().OnOrBefore(d):
		return StageConsented
	case a.DomesticApproval.OnOrBefore(d):
		return StageApproved
	case a.Signed.OnOrBefore(d):
		return StageSigned
	case a.Initialled.OnOrBefore(d):
		return StageInitialled
	case a.Negotiation.OnOrBefore(d):
		return StageNegotiation
	}
	return StageNone
}

// AwaitingConsent reports whether, on day d, the agreement was signed but the
// home state's instrument of consent (ratification, acceptance, approval) was
// not yet deposited or exchanged, and the agreement had not ended.
func (a *Agreement) AwaitingConsent(d Date) bool {
	return a.Signed.OnOrBefore(d) && a.ConsentMode.needsInstrument() && !a.ConsentMode.withoutSignature() &&
		!a.InstrumentsDeposited.OnOrBefore(d) && !a.Ended.OnOrBefore(d)
}

// EntryIntoForcePending reports whether, on day d, the home state had given
// its consent but the agreement was not yet in force (no date of entry into
// force recorded, or one after d).
func (a *Agreement) EntryIntoForcePending(d Date) bool {
	return a.Consented().OnOrBefore(d) && !a.EntryIntoForce.OnOrBefore(d) && !a.Ended.OnOrBefore(d)
}

// agreementsInForce is the figure of the agreements binding the home state
// on day d, by scope.
func (r *Registry) agreementsInForce(d Date) Figure {
	f := Figure{Name: FigAgreementsInForce}
	var bi, multi int
	for i := range r.data.Agreements {
		a := &r.data.Agreements[i]
		if !a.InForceAt(d) {
			continue
		}
		f.Value++
		if a.Certainty == Likely || a.Certainty == Uncertain {
			f.Unconfirmed++
		}
		if a.Scope == Bilateral {
			bi++
		} else {
			multi++
		}
	}
	f.Parts = []Part{{string(Bilateral), bi}, {string(Multilateral), multi}}
	return f
}
