package registry

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

// ratified is a bilateral agreement with Kenya through every step to entry
// into force and UN registration.
func ratified() Agreement {
	return Agreement{
		ID: "ke-air-services", Title: Names{EN: "Air services agreement"}, Kind: AgreementKind, Scope: Bilateral,
		ConsentMode: ConsentRatification, Parties: []Party{StateParty("KE")}, Certainty: Reported,
		Negotiation: MustDate("2019"), Initialled: MustDate("2020-02"), Signed: MustDate("2020-06-01"),
		DomesticApproval: MustDate("2021-03-10"), ApprovalAct: "Law n° 001/2021", Gazette: MustDate("2021-03-20"),
		InstrumentsDeposited: MustDate("2021-05-01"), EntryIntoForce: MustDate("2021-06-01"),
		UNRegistered: MustDate("2022-01-15"), UNRegistrationNumber: "I-56789",
		Meta: Meta{Source: "test", Version: 1},
	}
}

// validateOne returns the field errors of the fixture with a as its only agreement.
func validateOne(t *testing.T, a Agreement) []FieldError {
	t.Helper()
	ds := fixture()
	ds.Agreements = []Agreement{a}
	err := New(ds).Validate()
	if err == nil {
		return nil
	}
	var ve *ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("Validate: %v", err)
	}
	return ve.Fields
}

// TestAgreementLifecycle records steps in valid and invalid orders: each
// invalid transition is refused on the field of the step, with a reason
// saying what to record first.
func TestAgreementLifecycle(t *testing.T) {
	tests := []struct {
		name   string
		change func(a *Agreement)
		field  string // "" when valid
		reason string
	}{
		{"every step in order", func(a *Agreement) {}, "", ""},
		{"only negotiations opened", func(a *Agreement) {
			*a = Agreement{ID: a.ID, Title: a.Title, Kind: Treaty, Scope: Bilateral, Parties: a.Parties, Certainty: Reported, Negotiation: MustDate("2025")}
		}, "", ""},
		{"signed, consent mode not known yet", func(a *Agreement) {
			a.ConsentMode, a.DomesticApproval, a.Gazette, a.InstrumentsDeposited, a.EntryIntoForce, a.UNRegistered, a.UNRegistrationNumber =
				"", Date{}, Date{}, Date{}, Date{}, Date{}, ""
		}, "", ""},
		{"definitive signature then in force", func(a *Agreement) {
			a.ConsentMode, a.DomesticApproval, a.Gazette, a.InstrumentsDeposited = ConsentSignature, Date{}, Date{}, Date{}
		}, "", ""},
		{"accession without signature", func(a *Agreement) {
			a.Scope, a.ConsentMode, a.Initialled, a.Signed, a.Parties = Multilateral, ConsentAccession, Date{}, Date{}, nil
			a.Depositary = OrgParty("AU")
		}, "", ""},
		{"denounced after entry into force", func(a *Agreement) { a.Ended, a.EndReason = MustDate("2024-01-01"), Denounced }, "", ""},
		{"amended after signature", func(a *Agreement) { a.Amended = MustDate("2023") }, "", ""},

		{"in force before consent", func(a *Agreement) { a.InstrumentsDeposited = Date{} }, "entry_into_force", "record the deposit or exchange of instruments first"},
		{"in force before signature (definitive signature)", func(a *Agreement) {
			a.ConsentMode, a.Signed, a.DomesticApproval, a.Gazette, a.InstrumentsDeposited = ConsentSignature, Date{}, Date{}, Date{}, Date{}
		}, "entry_into_force", "record the signature first"},
		{"in force without a consent mode", func(a *Agreement) { a.ConsentMode = "" }, "consent_mode", "required once instruments are deposited"},
		{"ratification before signature", func(a *Agreement) { a.Signed, a.DomesticApproval, a.Gazette = Date{}, Date{}, Date{} }, "instruments_deposited", "record the signature first"},
		{"instrument with consent by signature", func(a *Agreement) { a.ConsentMode = ConsentSignature }, "instruments_deposited", "needs no instrument"},
		{"approval before signature", func(a *Agreement) { a.Signed = Date{} }, "domestic_approval", "record the signature first"},
		{"gazette without approval", func(a *Agreement) { a.DomesticApproval = Date{} }, "gazette", "record the domestic approval first"},
		{"UN registration before entry into force", func(a *Agreement) { a.EntryIntoForce = Date{} }, "un_registered", "after its entry into force"},
		{"UN registration without number", func(a *Agreement) { a.UNRegistrationNumber = "" }, "un_registration_number", "required"},
		{"UN registration number format", func(a *Agreement) { a.UNRegistrationNumber = "56789" }, "un_registration_number", "UN Treaty Series number"},
		{"memorandum registered with the UN", func(a *Agreement) {
			a.Kind, a.ConsentMode, a.DomesticApproval, a.Gazette, a.InstrumentsDeposited = MoU, ConsentSignature, Date{}, Date{}, Date{}
		}, "un_registered", "not registered with the United Nations"},
		{"memorandum ratified", func(a *Agreement) { a.Kind, a.UNRegistered, a.UNRegistrationNumber = MoU, Date{}, "" }, "consent_mode", "takes effect on signature"},
		{"denounced before entry into force", func(a *Agreement) {
			a.EntryIntoForce, a.UNRegistered, a.UNRegistrationNumber, a.Ended, a.EndReason = Date{}, Date{}, "", MustDate("2024"), Denounced
		}, "ended", "record the entry into force first"},
		{"ended without a reason", func(a *Agreement) { a.Ended = MustDate("2024") }, "end_reason", "required"},
		{"reason without an end", func(a *Agreement) { a.EndReason = Expired }, "ended", "required with an end reason"},
		{"ended before entry into force", func(a *Agreement) { a.Ended, a.EndReason = MustDate("2021-01-01"), Expired }, "ended", "before entry_into_force"},
		{"signed before initialled", func(a *Agreement) { a.Signed = MustDate("2020-01-15") }, "signed", "before initialled"},
		{"in force before deposit", func(a *Agreement) { a.EntryIntoForce = MustDate("2021-04-30") }, "entry_into_force", "before instruments_deposited"},
		{"accession after signing", func(a *Agreement) { a.ConsentMode = ConsentAccession }, "consent_mode", "did not sign"},
		{"amended before concluded", func(a *Agreement) {
			*a = Agreement{ID: a.ID, Title: a.Title, Kind: Treaty, Scope: Bilateral, Parties: a.Parties, Certainty: Reported, Amended: MustDate("2025")}
		}, "amended", "record its signature"},
		{"bilateral with two parties", func(a *Agreement) { a.Parties = append(a.Parties, StateParty("BE")) }, "parties", "exactly one other party"},
		{"bilateral with a depositary", func(a *Agreement) { a.Depositary = OrgParty("AU") }, "depositary", "no depositary"},
		{"home state as a party", func(a *Agreement) { a.Parties = []Party{StateParty("RW")} }, "parties", "list only the other parties"},
		{"unknown party", func(a *Agreement) { a.Parties = []Party{OrgParty("NOPE")} }, "parties", "does not exist"},
		{"party twice", func(a *Agreement) { a.Scope, a.Parties = Multilateral, []Party{StateParty("KE"), StateParty("KE")} }, "parties", "listed twice"},
		{"unknown kind", func(a *Agreement) { a.Kind = "pact" }, "kind", "not one of"},
		{"unknown consent mode", func(a *Agreement) { a.ConsentMode = "ratified" }, "consent_mode", "not one of"},
		{"title required", func(a *Agreement) { a.Title.EN = "" }, "title_en", "required"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := ratified()
			tt.change(&a)
			errs := validateOne(t, a)
			if tt.field == "" {
				if errs != nil {
					t.Fatalf("refused: %v", errs)
				}
				return
			}
			for _, e := range errs {
				if e.Entity == "agreement" && e.Field == tt.field && strings.Contains(e.Reason, tt.reason) {
					return
				}
			}
			t.Errorf("want %s: …%s…; got %v", tt.field, tt.reason, errs)
		})
	}
}

func TestAgreementStages(t *testing.T) {
	a := ratified()
	a.Ended, a.EndReason = MustDate("2030-06-30"), Expired
	tests := []struct {
		date    string
		stage   AgreementStage
		inForce bool
	}{
		{"2018-12-31", StageNone, false},
		{"2019-06-01", StageNegotiation, false},
		{"2020-02-01", StageInitialled, false},
		{"2020-06-01", StageSigned, false},
		{"2021-03-10", StageApproved, false},
		{"2021-05-01", StageConsented, false},
		{"2021-06-01", StageInForce, true},
		{"2030-06-29", StageInForce, true},
		{"2030-06-30", StageEnded, false},
	}
	for _, tt := range tests {
		d := MustDate(tt.date)
		if got := a.StageAt(d); got != tt.stage {
			t.Errorf("StageAt(%s) = %q, want %q", tt.date, got, tt.stage)
		}
		if got := a.InForceAt(d); got != tt.inForce {
			t.Errorf("InForceAt(%s) = %v, want %v", tt.date, got, tt.inForce)
		}
	}
}

func TestAgreementAlerts(t *testing.T) {
	signedOnly := ratified()
	signedOnly.DomesticApproval, signedOnly.Gazette, signedOnly.InstrumentsDeposited = Date{}, Date{}, Date{}
	signedOnly.EntryIntoForce, signedOnly.UNRegistered, signedOnly.UNRegistrationNumber = Date{}, Date{}, ""
	consented := signedOnly
	consented.InstrumentsDeposited = MustDate("2021-05-01")
	mou := signedOnly
	mou.Kind, mou.ConsentMode = MoU, ConsentSignature
	tests := []struct {
		name              string
		a                 Agreement
		date              string
		awaiting, pending bool
	}{
		{"signed, not ratified", signedOnly, "2022-01-01", true, false},
		{"before signature", signedOnly, "2020-05-31", false, false},
		{"ratified, not in force", consented, "2021-05-02", false, true},
		{"in force", ratified(), "2021-06-01", false, false},
		{"memorandum signed, in force not recorded", mou, "2021-01-01", false, true},
	}
	for _, tt := range tests {
		d := MustDate(tt.date)
		if got := tt.a.AwaitingConsent(d); got != tt.awaiting {
			t.Errorf("%s: AwaitingConsent = %v, want %v", tt.name, got, tt.awaiting)
		}
		if got := tt.a.EntryIntoForcePending(d); got != tt.pending {
			t.Errorf("%s: EntryIntoForcePending = %v, want %v", tt.name, got, tt.pending)
		}
	}
}

func TestAgreementsInForceFigure(t *testing.T) {
	ds := fixture()
	multi := ratified()
	multi.ID, multi.Scope, multi.Parties, multi.Depositary = "au-charter", Multilateral, nil, OrgParty("AU")
	multi.EntryIntoForce, multi.UNRegistered, multi.Certainty = MustDate("2023-01-01"), MustDate("2023-02-01"), Likely
	ended := ratified()
	ended.ID, ended.Ended, ended.EndReason = "old-treaty", MustDate("2022-06-30"), Denounced
	ds.Agreements = []Agreement{ratified(), multi, ended}
	r := New(ds)
	if err := r.Validate(); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		date        string
		value, unc  int
		bilat, mult int
	}{
		{"2021-05-31", 0, 0, 0, 0},
		{"2021-06-01", 2, 0, 2, 0},
		{"2022-06-30", 1, 0, 1, 0},
		{"2023-01-01", 2, 1, 1, 1},
	}
	for _, tt := range tests {
		f, ok := r.Figures(MustDate(tt.date)).Get(FigAgreementsInForce)
		if !ok {
			t.Fatal("no agreements_in_force figure")
		}
		want := Figure{Name: FigAgreementsInForce, Value: tt.value, Unconfirmed: tt.unc,
			Parts: []Part{{"bilateral", tt.bilat}, {"multilateral", tt.mult}}}
		if !reflect.DeepEqual(f, want) {
			t.Errorf("%s: %+v, want %+v", tt.date, f, want)
		}
	}
}
