package api

import "github.com/chancery-org/chancery/internal/registry"

// agreementsExport describes agreements.csv in the data package.
var agreementsExport = exportResource{title: "Agreements", primaryKey: "id",
	description: "The home state's register of agreements: treaties, conventions, agreements, memoranda of understanding, protocols and exchanges of notes, with every step of their lifecycle dated and the consent mode kept apart."}

// agreementsExportFields describe the columns of agreements.csv.
var agreementsExportFields = map[string]dpField{
	"id":                     dpPattern(patternSlug, "Stable identifier of the agreement; never changes once published.").required(),
	"title_en":               dpText("Title in English.").required(),
	"title_fr":               dpText("Title in French."),
	"title_rw":               dpText("Title in Kinyarwanda."),
	"title_sw":               dpText("Title in Swahili."),
	"kind":                   dpEnum(registry.InstrumentKinds, "Kind of instrument; mou (memorandum of understanding) is not binding and takes effect on signature.").required(),
	"scope":                  dpEnum(registry.AgreementScopes, "Bilateral (exactly one other party) or multilateral.").required(),
	"consent_mode":           dpEnum(registry.ConsentModes, "How the home state expresses its consent to be bound; empty until known."),
	"parties":                dpText("The other parties, each written type:code (state:KE, organisation:AU) and separated by \";\"; the home state is a party to every agreement of its register."),
	"depositary_type":        dpEnum(registry.PartyTypes, "Whether the depositary is a state or an organisation; empty when there is none."),
	"depositary":             dpText("The depositary of a multilateral agreement: an ISO 3166-1 alpha-2 code or an organisations.csv id, as depositary_type says; empty when there is none."),
	"place":                  dpText("Where the agreement was signed."),
	"negotiation":            dpDate("When negotiations opened."),
	"initialled":             dpDate("When the text was initialled."),
	"signed":                 dpDate("When the agreement was signed."),
	"domestic_approval":      dpDate("When the domestic act authorising consent (a law, a presidential order) was adopted."),
	"approval_act":           dpText("The reference of the domestic act of approval."),
	"gazette":                dpDate("When the act of approval was published in the Official Gazette."),
	"instruments_deposited":  dpDate("When the instruments of consent were deposited (multilateral) or exchanged (bilateral)."),
	"entry_into_force":       dpDate("When the agreement entered into force for the home state."),
	"un_registered":          dpDate("When the agreement was registered with the United Nations (UN Charter art. 102)."),
	"un_registration_number": dpPattern(`(I|II)-[0-9]{1,7}`, "The UN Treaty Series number, as I-54113."),
	"amended":                dpDate("When the agreement was last amended."),
	"ended":                  dpDate("When denunciation, expiry or termination took effect."),
	"end_reason":             dpEnum(registry.EndReasons, "Why the agreement ended; empty while it has not."),
}
