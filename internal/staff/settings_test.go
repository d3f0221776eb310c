package staff

import (
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chancery-org/chancery/internal/store"
	"github.com/chancery-org/chancery/internal/store/storetest"
)

// TestSettingsFiscalYearStart: an admin picks the month the fiscal year
// starts in from a select of the twelve months; a value that is not a month
// is refused next to the field and nothing is saved, and so is a month
// that the tracker's periods do not fit; protocol may not change it, and a
// viewer sees it.
func TestSettingsFiscalYearStart(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		stored := func() time.Month {
			t.Helper()
			ds, err := e.db.Load(cliCtx())
			if err != nil {
				t.Fatal(err)
			}
			return ds.Settings.FiscalYearStart
		}
		form := func(month string) url.Values {
			s := e.snap.Load().Settings()
			f := url.Values{"stamp": {stamp(s)}, "home_state": {s.HomeState}, "consular_contact": {s.ConsularContact},
				"fiscal_year_start": {month}}
			if s.NuncioIsDean {
				f.Set("nuncio_is_dean", "on")
			}
			return f
		}
		const field = `<div class="field has-error"><label for="f-fiscal_year_start">`
		admin := e.client()
		admin.login("admin")

		page := admin.get("/staff/settings").body
		sel := between(page, `<select id="f-fiscal_year_start" name="fiscal_year_start">`, "</select>")
		if !strings.Contains(page, `<label for="f-fiscal_year_start">Fiscal year starts in</label>`) ||
			strings.Count(sel, "<option value=") != 13 || !strings.Contains(sel, `<option value="" selected>Not set (January)</option>`) ||
			!strings.Contains(sel, `<option value="7">July</option>`) {
			t.Errorf("the unset fiscal year's select:\n%s", sel)
		}

		// The tracker's periods are written by the start month: the
		// fixture's calendar years are no fiscal years from July, and
		// the change is refused until they are removed.
		if res := admin.post("/staff/settings", form("7")); res.status != http.StatusUnprocessableEntity ||
			!strings.Contains(res.body, "is not a period") || stored() != 0 {
			t.Fatalf("fiscal_year_start 7 with calendar-year periods: %d\n%s", res.status, excerpt(res.body))
		}
		if err := e.db.Write(cliCtx(), func(tx *store.Tx) error {
			ds, err := tx.Load()
			if err != nil {
				return err
			}
			for _, a := range ds.IndicatorActuals {
				if err := tx.Delete(&a); err != nil {
					return err
				}
			}
			for _, x := range ds.Indicators {
				if err := tx.Delete(&x); err != nil {
					return err
				}
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}

		for _, tt := range []struct {
			value  string
			status int
			want   time.Month // stored after the post
			reason string     // the field's error, for a refusal
		}{
			{"7", http.StatusSeeOther, time.July, ""},
			{"1", http.StatusSeeOther, time.January, ""},
			{"12", http.StatusSeeOther, time.December, ""},
			{"13", http.StatusUnprocessableEntity, time.December, "13 is not a month: want 1 (January) to 12 (December)"},
			{"-1", http.StatusUnprocessableEntity, time.December, "-1 is not a month"},
			{"0", http.StatusSeeOther, 0, ""},
			{"July", http.StatusUnprocessableEntity, 0, `"July" is not a month number`},
			{" 7 ", http.StatusSeeOther, time.July, ""},
		} {
			res := admin.post("/staff/settings", form(tt.value))
			if res.status != tt.status {
				t.Fatalf("fiscal_year_start %q: status %d, want %d\n%s", tt.value, res.status, tt.status, excerpt(res.body))
			}
			if got := stored(); got != tt.want {
				t.Errorf("fiscal_year_start %q: stored %d, want %d", tt.value, got, tt.want)
			}
			if tt.reason == "" {
				continue
			}
			if got := html.UnescapeString(between(res.body, field, "</select>")); !strings.Contains(got, `<span class="field-error">`+tt.reason) {
				t.Errorf("fiscal_year_start %q: no error %q next to the field:\n%s", tt.value, tt.reason, got)
			}
			if !strings.Contains(res.body, `id="error-summary"`) {
				t.Errorf("fiscal_year_start %q: no error summary", tt.value)
			}
		}
		page = admin.get("/staff/settings").body
		sel = between(page, `<select id="f-fiscal_year_start" name="fiscal_year_start">`, "</select>")
		if strings.Count(sel, "<option value=") != 12 || !strings.Contains(sel, `<option value="7" selected>July</option>`) {
			t.Errorf("the select once July is stored:\n%s", sel)
		}

		// Protocol sees the select disabled, and a value sent anyway is
		// ignored like the other settings it may not change.
		protocol := e.client()
		protocol.login("protocol")
		if page := protocol.get("/staff/settings").body; !strings.Contains(page, `<select id="f-fiscal_year_start" name="fiscal_year_start" disabled>`) {
			t.Errorf("protocol's settings form:\n%s", excerpt(page))
		}
		if res := protocol.post("/staff/settings", form("3")); res.status != http.StatusSeeOther || stored() != time.July {
			t.Errorf("protocol sending fiscal_year_start 3: %d, stored %d, want 303 and July kept", res.status, stored())
		}

		viewer := e.client()
		viewer.login("viewer")
		if got := between(viewer.get("/staff/settings").body, `id="settings-values"`, "</dl>"); !strings.Contains(got, "<dt>Fiscal year starts in</dt><dd>July</dd>") {
			t.Errorf("the viewer's settings:\n%s", got)
		}
	})
}
