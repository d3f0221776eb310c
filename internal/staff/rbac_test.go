package staff

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chancery-org/chancery/internal/auth"
	"github.com/chancery-org/chancery/internal/store"
	"github.com/chancery-org/chancery/internal/store/storetest"
)

// writeCase is one HTML write route with its form. allow lists the roles
// that may do it (by the column names of TestRBACMatrix); every other role
// is refused with 403, and a visitor signed out with 401.
type writeCase struct {
	name  string
	path  string
	form  func(e *env) url.Values
	allow string
}

// The columns: admin, editor, protocol, officer (mission officer of
// rw-nairobi, "mission A"; rw-brussels is "mission B"), policy, viewer.
const (
	all      = "admin editor protocol officer"
	adminEd  = "admin editor"
	adminOnl = "admin"
)

// createForm returns a new record's form: fields by name.
func createForm(kv ...string) func(*env) url.Values {
	return func(*env) url.Values {
		f := url.Values{}
		for i := 0; i < len(kv); i += 2 {
			f.Add(kv[i], kv[i+1])
		}
		return f
	}
}

// sameForm re-submits a stored record unchanged.
func sameForm(ent *entity, id string) func(*env) url.Values {
	return func(e *env) url.Values { return e.formOf(ent, id) }
}

// endForm ends a stored record today.
func endForm(ent *entity, id string) func(*env) url.Values {
	return func(e *env) url.Values {
		return url.Values{"date": {time.Now().UTC().Format("2006-01-02")}, "version": e.formOf(ent, id)["version"]}
	}
}

// deleteForm deletes a stored record.
func deleteForm(ent *entity, id string) func(*env) url.Values {
	return func(e *env) url.Values { return url.Values{"version": e.formOf(ent, id)["version"]} }
}

func rec(ent *entity, id string) string { return "/staff/" + ent.Path + "/" + id }

// writeCases lists every HTML write route, in an order that keeps each
// case valid after the ones before it succeed: creates, updates, ends,
// then deletes.
var writeCases = []writeCase{
	// Creates.
	{"create home mission", "/staff/missions", createForm("id", "rw-paris", "sender_type", "state", "sender", "RW", "kind", "embassy",
		"name", "Embassy of Rwanda in Paris", "city", "Paris", "country", "BE", "status", "open", "certainty", "reported"), adminEd},
	{"create foreign mission", "/staff/missions", createForm("id", "ug-kigali", "sender_type", "state", "sender", "UG", "kind", "high_commission",
		"name", "High Commission of Uganda", "city", "Kigali", "country", "RW", "status", "open", "certainty", "reported"), "admin editor protocol"},
	{"create accreditation of A", "/staff/accreditations", createForm("id", "rw-nairobi--TZ", "mission", "rw-nairobi", "receiver_type", "state",
		"receiver", "TZ", "residence", "non_resident", "status", "planned", "certainty", "reported"), "admin editor officer"},
	{"create accreditation of B", "/staff/accreditations", createForm("id", "rw-brussels--DE", "mission", "rw-brussels", "receiver_type", "state",
		"receiver", "DE", "residence", "non_resident", "status", "planned", "certainty", "reported"), adminEd},
	{"create accreditation of a foreign mission", "/staff/accreditations", createForm("id", "ke-kigali--AU", "mission", "ke-kigali",
		"receiver_type", "organisation", "receiver", "EAC", "residence", "non_resident", "status", "planned", "certainty", "reported"), "admin editor protocol"},
	{"create person", "/staff/persons", createForm("id", "new-person", "name", "New Person"), all},
	{"create appointment of A", "/staff/appointments", createForm("id", "hom-uganda", "mission", "rw-nairobi", "sender_type", "state", "sender", "RW",
		"receiver_type", "state", "receiver", "UG", "role", "head_of_mission", "title", "high_commissioner", "certainty", "reported"), "admin editor officer"},
	{"create appointment of B", "/staff/appointments", createForm("id", "hom-germany", "mission", "rw-brussels", "sender_type", "state", "sender", "RW",
		"receiver_type", "state", "receiver", "DE", "role", "head_of_mission", "title", "ambassador", "certainty", "reported"), adminEd},
	{"create foreign appointment", "/staff/appointments", createForm("id", "hom-kenya", "mission", "ke-kigali", "sender_type", "state", "sender", "KE",
		"receiver_type", "state", "receiver", "RW", "role", "head_of_mission", "title", "high_commissioner", "certainty", "reported"), "admin editor protocol"},
	{"create honorary consul of A", "/staff/honorary-consuls", createForm("id", "hc-mombasa", "country", "KE", "city", "Mombasa",
		"supervising_mission", "rw-nairobi", "status", "planned", "certainty", "reported"), "admin editor officer"},
	{"create honorary consul of B", "/staff/honorary-consuls", createForm("id", "hc-berlin", "country", "DE", "city", "Berlin",
		"supervising_mission", "rw-brussels", "status", "planned", "certainty", "reported"), adminEd},
	{"create country", "/staff/countries", createForm("iso2", "FR", "iso3", "FRA", "numeric", "250", "name_en", "France"), adminEd},
	{"create relation event", "/staff/relations", createForm("id", "ug-established", "country", "UG", "event", "established",
		"date", "1962", "certainty", "reported"), adminEd},
	{"create organisation", "/staff/organisations", createForm("id", "SADC", "acronym", "SADC", "name_en", "Southern African Development Community",
		"kind", "subregional"), adminEd},
	{"create membership", "/staff/memberships", createForm("id", "KE--EAC", "member", "KE", "organisation", "EAC", "status", "member",
		"certainty", "reported"), adminEd},
	{"create declared figure", "/staff/declared-figures", createForm("id", "missions-2026", "name", "diplomatic_missions", "value", "50",
		"date", "2026-06"), adminEd},
	{"create finder note", "/staff/finder-notes", createForm("country", "KE", "text_en", "See the High Commission."), adminEd},
	{"create agreement", "/staff/agreements", createForm("id", "ug-trade", "title_en", "Trade agreement with Uganda", "kind", "agreement",
		"scope", "bilateral", "parties", "state:UG", "certainty", "reported", "negotiation", "2025"), "admin editor policy"},

	// Updates, the record unchanged.
	{"update mission A", rec(missionEntity, "rw-nairobi"), sameForm(missionEntity, "rw-nairobi"), "admin editor officer"},
	{"update mission B", rec(missionEntity, "rw-brussels"), sameForm(missionEntity, "rw-brussels"), adminEd},
	{"update foreign mission", rec(missionEntity, "ke-kigali"), sameForm(missionEntity, "ke-kigali"), "admin editor protocol"},
	{"update accreditation of A", rec(accreditationEntity, "rw-nairobi--KE"), sameForm(accreditationEntity, "rw-nairobi--KE"), "admin editor officer"},
	{"update accreditation of B", rec(accreditationEntity, "rw-brussels--BE"), sameForm(accreditationEntity, "rw-brussels--BE"), adminEd},
	{"update accreditation of a foreign mission", rec(accreditationEntity, "ke-kigali--RW"), sameForm(accreditationEntity, "ke-kigali--RW"), "admin editor protocol"},
	{"update person named by A only", rec(personEntity, "jane-doe"), sameForm(personEntity, "jane-doe"), all},
	{"update person named by B", rec(personEntity, "john-roe"), sameForm(personEntity, "john-roe"), "admin editor protocol"},
	{"update appointment of A", rec(appointmentEntity, "jane-doe-kenya"), sameForm(appointmentEntity, "jane-doe-kenya"), "admin editor officer"},
	{"update appointment of B", rec(appointmentEntity, "amb-brussels"), sameForm(appointmentEntity, "amb-brussels"), adminEd},
	{"update foreign appointment", rec(appointmentEntity, "cda-kenya-in-kigali"), sameForm(appointmentEntity, "cda-kenya-in-kigali"), "admin editor protocol"},
	{"update honorary consul of A", rec(honoraryConsulEntity, "hc-dar"), sameForm(honoraryConsulEntity, "hc-dar"), "admin editor officer"},
	{"update honorary consul of B", rec(honoraryConsulEntity, "hc-chicago"), sameForm(honoraryConsulEntity, "hc-chicago"), adminEd},
	{"update country", rec(countryEntity, "KE"), sameForm(countryEntity, "KE"), adminEd},
	{"update relation event", rec(relationEntity, "ke-established"), sameForm(relationEntity, "ke-established"), adminEd},
	{"update organisation", rec(organisationEntity, "AU"), sameForm(organisationEntity, "AU"), adminEd},
	{"update membership", rec(membershipEntity, "RW--AU"), sameForm(membershipEntity, "RW--AU"), adminEd},
	{"update declared figure", rec(declaredFigureEntity, "missions-2025"), sameForm(declaredFigureEntity, "missions-2025"), adminEd},
	{"update finder note", rec(finderNoteEntity, "TZ"), sameForm(finderNoteEntity, "TZ"), adminEd},
	{"update agreement", rec(agreementEntity, "ke-visas"), sameForm(agreementEntity, "ke-visas"), "admin editor policy"},
	{"make the nuncio dean", "/staff/settings", func(e *env) url.Values {
		return url.Values{"stamp": {stamp(e.snap.Load().Settings())}, "home_state": {"RW"}, "nuncio_is_dean": {"on"},
			"consular_contact": {"consular@example.org"}}
	}, "admin protocol"},

	// Ends.
	{"close home mission", rec(missionEntity, "rw-kampala") + "/end", endForm(missionEntity, "rw-kampala"), adminEd},
	{"close foreign mission", rec(missionEntity, "us-kigali") + "/end", endForm(missionEntity, "us-kigali"), "admin editor protocol"},
	{"end accreditation of A", rec(accreditationEntity, "rw-nairobi--UG") + "/end", endForm(accreditationEntity, "rw-nairobi--UG"), "admin editor officer"},
	{"end accreditation of B", rec(accreditationEntity, "rw-brussels--BE") + "/end", endForm(accreditationEntity, "rw-brussels--BE"), adminEd},
	{"end accreditation of a foreign mission", rec(accreditationEntity, "ke-kigali--RW") + "/end", endForm(accreditationEntity, "ke-kigali--RW"), "admin editor protocol"},
	{"end appointment of A", rec(appointmentEntity, "jane-doe-kenya") + "/end", endForm(appointmentEntity, "jane-doe-kenya"), "admin editor officer"},
	{"end appointment of B", rec(appointmentEntity, "amb-brussels") + "/end", endForm(appointmentEntity, "amb-brussels"), adminEd},
	{"end foreign appointment", rec(appointmentEntity, "cda-kenya-in-kigali") + "/end", endForm(appointmentEntity, "cda-kenya-in-kigali"), "admin editor protocol"},
	{"end honorary consul of A", rec(honoraryConsulEntity, "hc-dar") + "/end", endForm(honoraryConsulEntity, "hc-dar"), "admin editor officer"},
	{"end honorary consul of B", rec(honoraryConsulEntity, "hc-chicago") + "/end", endForm(honoraryConsulEntity, "hc-chicago"), adminEd},
	{"end membership", rec(membershipEntity, "RW--EAC") + "/end", endForm(membershipEntity, "RW--EAC"), adminEd},
	{"end agreement", rec(agreementEntity, "ke-air") + "/end", endForm(agreementEntity, "ke-air"), "admin editor policy"},

	// Deletes: admins only, on records nothing else refers to.
	{"delete accreditation of A", rec(accreditationEntity, "rw-nairobi--UG") + "/delete", deleteForm(accreditationEntity, "rw-nairobi--UG"), adminOnl},
	{"delete appointment of B", rec(appointmentEntity, "amb-brussels") + "/delete", deleteForm(appointmentEntity, "amb-brussels"), adminOnl},
	{"delete honorary consul of A", rec(honoraryConsulEntity, "hc-dar") + "/delete", deleteForm(honoraryConsulEntity, "hc-dar"), adminOnl},
	{"delete person", rec(personEntity, "spare-person") + "/delete", deleteForm(personEntity, "spare-person"), adminOnl},
	{"delete membership", rec(membershipEntity, "RW--EAC") + "/delete", deleteForm(membershipEntity, "RW--EAC"), adminOnl},
	{"delete relation event", rec(relationEntity, "ke-established") + "/delete", deleteForm(relationEntity, "ke-established"), adminOnl},
	{"delete organisation", rec(organisationEntity, "IGAD") + "/delete", deleteForm(organisationEntity, "IGAD"), adminOnl},
	{"delete declared figure", rec(declaredFigureEntity, "missions-2025") + "/delete", deleteForm(declaredFigureEntity, "missions-2025"), adminOnl},
	{"delete finder note", rec(finderNoteEntity, "US") + "/delete", deleteForm(finderNoteEntity, "US"), adminOnl},
	{"delete agreement", rec(agreementEntity, "ke-visas") + "/delete", deleteForm(agreementEntity, "ke-visas"), adminOnl},
	{"delete country", rec(countryEntity, "NA") + "/delete", deleteForm(countryEntity, "NA"), adminOnl},
	{"delete mission", rec(missionEntity, "rw-kampala") + "/delete", deleteForm(missionEntity, "rw-kampala"), adminOnl},

	// Accounts and tokens: admins only.
	{"add user", "/staff/users", createForm("email", "new@example.org", "name", "New", "role", "viewer", "password", testPassword), adminOnl},
	{"change user", "/staff/users/{viewer}", func(e *env) url.Values {
		u, _ := e.db.UserByEmail(cliCtx(), "viewer@example.org")
		return url.Values{"name": {u.Name}, "role": {"viewer"}, "version": {strconv.FormatInt(u.Version, 10)}}
	}, adminOnl},
	{"sign a user out everywhere", "/staff/users/{viewer}/sessions", createForm(), adminOnl},
	{"create API token", "/staff/tokens", createForm("name", "importer", "role", "editor", "days", "30"), adminOnl},
	{"revoke API token", "/staff/tokens/{token}/revoke", createForm(), adminOnl},
}

// columns are the principals of the matrix, by the names writeCase.allow
// uses, with the account of env.users each signs in as ("" signed out).
var columns = []struct{ name, role string }{
	{"admin", "admin"}, {"editor", "editor"}, {"protocol", "protocol"}, {"officer", "mission_officer"},
	{"policy", "policy_officer"}, {"viewer", "viewer"}, {"signed out", ""},
}

// TestRBACMatrix sends every HTML write route, then the import routes
// (checkImportRoutes), as every role and as nobody: an allowed write answers
// 303 (or 201 for a new token) and changes the store; a refused one answers
// 403 (401 signed out) and changes nothing.
func TestRBACMatrix(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		for _, col := range columns {
			t.Run(col.name, func(t *testing.T) {
				e := newEnv(t, fresh(t, db))
				admin := e.users["admin"]
				tok, err := e.db.CreateToken(cliCtx(), store.Token{Name: "fixture", Hash: strings.Repeat("a", 64), Role: auth.Viewer,
					CreatedBy: admin.ID, ExpiresAt: time.Now().Add(time.Hour)})
				if err != nil {
					t.Fatal(err)
				}
				c := e.client()
				if col.role != "" {
					c.login(col.role)
				}
				for _, wc := range writeCases {
					path := strings.NewReplacer("{viewer}", strconv.FormatInt(e.users["viewer"].ID, 10),
						"{token}", strconv.FormatInt(tok.ID, 10)).Replace(wc.path)
					before, _, err := e.db.LastAuditEntry(cliCtx())
					if err != nil {
						t.Fatal(err)
					}
					res := c.post(path, wc.form(e))
					allowed := col.role != "" && strings.Contains(" "+wc.allow+" ", " "+col.name+" ")
					after, _, _ := e.db.LastAuditEntry(cliCtx())
					want := http.StatusForbidden
					switch {
					case col.role == "":
						want = http.StatusUnauthorized
					case allowed && wc.name == "create API token":
						want = http.StatusCreated
					case allowed:
						want = http.StatusSeeOther
					}
					if res.status != want {
						t.Errorf("%s as %s: status %d, want %d\n%s", wc.name, col.name, res.status, want, excerpt(res.body))
					}
					if changed := after.Seq != before.Seq; changed != allowed {
						t.Errorf("%s as %s: audit log changed = %v, want %v", wc.name, col.name, changed, allowed)
					}
				}
				checkImportRoutes(t, e, c, col.name, col.role != "" && strings.Contains(" "+importAllowed+" ", " "+col.name+" "))
			})
		}
	})
}

// importAllowed are the columns that may upload data files.
const importAllowed = adminEd

// checkImportRoutes sends the routes of the upload of data files as c, who
// signed in as col (or nobody): the form, an upload (a preview, which never
// writes) and its confirmation, which writes when allowed.
func checkImportRoutes(t *testing.T, e *env, c *client, col string, allowed bool) {
	t.Helper()
	file := upFile{"people.csv", "id,name,source,last_verified,note\nrbac-imported,Imported,,,\n"}
	token := "not-a-token"
	steps := []struct {
		name   string
		send   func() response
		status int // when allowed
		writes bool
	}{
		{"GET /staff/import", func() response { return c.get("/staff/import") }, http.StatusOK, false},
		{"POST /staff/import", func() response { return c.upload(file) }, http.StatusOK, false},
		{"POST /staff/import/confirm", func() response { return c.confirm(token) }, http.StatusOK, true},
	}
	for _, st := range steps {
		before, _, err := e.db.LastAuditEntry(cliCtx())
		if err != nil {
			t.Fatal(err)
		}
		res := st.send()
		after, _, _ := e.db.LastAuditEntry(cliCtx())
		want := st.status
		switch {
		case col == "signed out" && strings.HasPrefix(st.name, "GET"):
			want = http.StatusSeeOther
		case col == "signed out":
			want = http.StatusUnauthorized
		case !allowed:
			want = http.StatusForbidden
		}
		if res.status != want {
			t.Errorf("%s as %s: status %d, want %d\n%s", st.name, col, res.status, want, excerpt(res.body))
		}
		if changed := after.Seq != before.Seq; changed != (allowed && st.writes) {
			t.Errorf("%s as %s: audit log changed = %v, want %v", st.name, col, changed, allowed && st.writes)
		}
		if allowed && st.name == "POST /staff/import" {
			token = hidden(t, res.body, "token")
		}
	}
}

// excerpt returns the error parts of a page, for failure messages.
func excerpt(body string) string {
	for _, id := range []string{`id="error-summary"`, `id="error-message"`, `id="login-error"`} {
		if i := strings.Index(body, id); i >= 0 {
			return body[i:min(len(body), i+800)]
		}
	}
	return fmt.Sprintf("%.300s", body)
}
