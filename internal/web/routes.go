package web

import "net/http"

type route struct {
	pattern string
	handler http.Handler
}

// routes lists every route of the portal. A pattern with {lang} is
// registered once for each of en, fr, rw and sw; any other language falls
// through to the 404 page. Each page names the query parameters it
// reads (besides as_of, which every page accepts): the page cache is keyed
// by those alone, so other parameters neither change a page nor fill the
// cache.
func (s *Server) routes() []route {
	return []route{
		{"GET /{$}", http.HandlerFunc(s.handleRoot)},
		{"GET /healthz", http.HandlerFunc(s.handleHealth)},
		{"GET /static/app.css", s.staticHandler("app.css")},
		{"GET /static/print.css", s.staticHandler("print.css")},

		{"GET /{lang}/{$}", s.page(navHome, s.homePage)},
		{"GET /{lang}/missions", s.page(navMissions, s.missionsPage, "side", "kind", "region", "status")},
		{"GET /{lang}/missions/{id}", s.page(navMissions, s.missionPage)},
		{"GET /{lang}/countries", s.page(navCountries, s.countriesPage, "q")},
		{"GET /{lang}/countries/{iso2}", s.page(navCountries, s.countryPage)},
		{"GET /{lang}/map", s.page(navMap, s.mapPage)},
		{"GET /{lang}/diplomatic-list", s.page(navDiplomaticList, s.diplomaticListPage)},
		{"GET /{lang}/honorary-consuls", s.page(navHonoraryConsuls, s.honoraryConsulsPage)},
		{"GET /{lang}/organisations", s.page(navOrganisations, s.organisationsPage)},
		{"GET /{lang}/agreements", s.page(navPolicy, s.agreementsPage)},
		{"GET /{lang}/policy", s.page(navPolicy, s.policyPage)},
		{"GET /{lang}/policy/versions", s.page(navPolicy, s.versionsPage)},
		{"GET /{lang}/policy/versions/{id}", s.page(navPolicy, s.versionPage)},
		{"GET /{lang}/engagements", s.page(navPolicy, s.engagementsPage, "kind", "fy")},
		{"GET /{lang}/consultations", s.page(navConsultations, s.consultationsPage)},
		{"GET /{lang}/consultations/{id}", s.page(navConsultations, s.consultationPage, "sent")},
		// The form is served uncached and taken by POST: see consultform.go.
		{"GET /{lang}/consultations/{id}/respond", http.HandlerFunc(s.handleConsultationForm)},
		{"POST /{lang}/consultations/{id}", http.HandlerFunc(s.handleSubmission)},
		// The annual report: /report sends to the current fiscal year's;
		// {fy} is "2025-2026" (HTML), "2025-2026.pdf" or "2025-2026.csv".
		{"GET /{lang}/policy/report", s.page(navPolicy, s.reportRedirect)},
		{"GET /{lang}/policy/report/{fy}", s.reportHandler()},
		{"GET /{lang}/policy/{pillar}", s.page(navPolicy, s.pillarPage)},

		{"/", http.HandlerFunc(s.handleNotFound)},
	}
}
