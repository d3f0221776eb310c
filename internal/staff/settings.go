package staff

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/chancery-org/chancery/internal/audit"
	"github.com/chancery-org/chancery/internal/auth"
	"github.com/chancery-org/chancery/internal/registry"
	"github.com/chancery-org/chancery/internal/store"
)

// settingsView is the settings form.
type settingsView struct {
	HomeState       string
	NuncioIsDean    bool
	ConsularContact string
	FiscalYearStart time.Month // 0: unset
	// Stamp identifies the settings the form was filled from: settings have
	// no version, so a save compares it with the stored ones' stamp.
	Stamp    string
	Editable []string // the names of the settings the user may change
	Errors   map[string][]string
	Others   []string
	Conflict bool
}

// Can reports whether the user may change the setting name.
func (v settingsView) Can(name string) bool { return slices.Contains(v.Editable, name) }

// monthOption is one month of the fiscal year's select.
type monthOption struct {
	Value    int
	Name     string
	Selected bool
}

// Months are the options of the fiscal year's first month.
func (v settingsView) Months() []monthOption {
	out := make([]monthOption, 12)
	for i := range out {
		m := time.Month(i + 1)
		out[i] = monthOption{Value: int(m), Name: m.String(), Selected: m == v.FiscalYearStart}
	}
	return out
}

// FiscalYearStartName names the fiscal year's first month as the form shows it.
func (v settingsView) FiscalYearStartName() string { return monthName(v.FiscalYearStart) }

func monthName(m time.Month) string {
	switch {
	case m == 0:
		return "not set (January)"
	case m >= time.January && m <= time.December:
		return m.String()
	}
	return strconv.Itoa(int(m))
}

// parseMonth reads the fiscal year's first month from the form: empty is
// unset, a number is kept for the registry to check that it is 1 to 12.
func parseMonth(s string) (time.Month, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0, fmt.Errorf("%q is not a month number (1 for January to 12 for December)", s)
	}
	return time.Month(n), nil
}

// stamp returns a fingerprint of the settings.
func stamp(st registry.Settings) string {
	b, _ := json.Marshal(st)
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:16])
}

func (s *Server) settingsView(r *http.Request, st registry.Settings) settingsView {
	return settingsView{HomeState: st.HomeState, NuncioIsDean: st.NuncioIsDean, ConsularContact: st.ConsularContact,
		FiscalYearStart: st.FiscalYearStart, Stamp: stamp(st), Editable: auth.EditableSettings(principal(r)), Errors: map[string][]string{}}
}

func (s *Server) handleSettings(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "settings", "Settings", "settings", s.settingsView(r, s.snapshot().Settings()))
}

// handleSettingsSave stores the settings the user may change (all for
// admins, nuncio_is_dean for protocol), provided nobody changed them since
// the form was shown. A fiscal_year_start that is not a number is refused on
// its field before anything is written.
func (s *Server) handleSettingsSave(w http.ResponseWriter, r *http.Request) {
	p := principal(r)
	editable := auth.EditableSettings(p)
	if len(editable) == 0 {
		s.forbidden(w, r, fmt.Errorf("a %s may not change the settings", humanName(string(p.Role))))
		return
	}
	if !s.parseForm(w, r) {
		return
	}
	f := r.PostForm
	var fiscal time.Month
	var fiscalErr error
	if slices.Contains(editable, "fiscal_year_start") {
		fiscal, fiscalErr = parseMonth(f.Get("fiscal_year_start"))
	}
	apply := func(st registry.Settings) registry.Settings {
		if slices.Contains(editable, "home_state") {
			st.HomeState = strings.TrimSpace(f.Get("home_state"))
		}
		if slices.Contains(editable, "nuncio_is_dean") {
			st.NuncioIsDean = f.Get("nuncio_is_dean") != ""
		}
		if slices.Contains(editable, "consular_contact") {
			st.ConsularContact = cleanText(f.Get("consular_contact"))
		}
		if slices.Contains(editable, "fiscal_year_start") && fiscalErr == nil {
			st.FiscalYearStart = fiscal
		}
		return st
	}
	var err error
	if fiscalErr != nil {
		err = &registry.ValidationError{Fields: []registry.FieldError{{Entity: "settings", Field: "fiscal_year_start", Reason: fiscalErr.Error()}}}
	} else {
		err = s.write(r, func(tx *store.Tx, ds *registry.Dataset) error {
			old := ds.Settings
			if stamp(old) != f.Get("stamp") {
				return fmt.Errorf("staff: settings: %w", registry.ErrConflict)
			}
			next := apply(old)
			if err := auth.AuthorizeSettings(p, old, next); err != nil {
				return err
			}
			return tx.SetSettings(next)
		})
	}
	if err == nil {
		s.flash(r, "Settings saved.")
		http.Redirect(w, r, "/staff/settings", http.StatusSeeOther)
		return
	}
	show := func(status int, fill func(*settingsView)) {
		v := s.settingsView(r, apply(s.snapshot().Settings()))
		v.Stamp = f.Get("stamp")
		fill(&v)
		s.render(w, r, status, "settings", "Settings", "settings", v)
	}
	s.writeFailed(w, r, err, func(verr *registry.ValidationError) {
		show(http.StatusUnprocessableEntity, func(v *settingsView) {
			for _, fe := range verr.Fields {
				if fe.Entity == "settings" {
					v.Errors[fe.Field] = append(v.Errors[fe.Field], fe.Reason)
				} else {
					v.Others = append(v.Others, fe.Error())
				}
			}
		})
	}, func() {
		ds, err := s.db.Load(r.Context())
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		show(http.StatusConflict, func(v *settingsView) {
			v.Stamp = stamp(ds.Settings)
			v.Conflict = true
			v.Others = append(v.Others, fmt.Sprintf("Someone changed the settings while you were editing them. Stored now: home state %s, nuncio is dean: %t, consular contact: %q, fiscal year starts in: %s. The form below holds your values: save it again to apply them on top.",
				ds.Settings.HomeState, ds.Settings.NuncioIsDean, ds.Settings.ConsularContact, monthName(ds.Settings.FiscalYearStart)))
		})
	})
}

func (s *Server) handleSettingsHistory(w http.ResponseWriter, r *http.Request) {
	s.history(w, r, audit.EntitySettings, "", historyView{Name: "the settings", BackURL: "/staff/settings"}, "settings")
}
