package api

import (
	"encoding/json"
	"net/http"
)

// Problem is an RFC 9457 problem detail.
type Problem struct {
	Type          string         `json:"type"`
	Title         string         `json:"title"`
	Status        int            `json:"status"`
	Detail        string         `json:"detail,omitempty"`
	Instance      string         `json:"instance,omitempty"`
	InvalidParams []InvalidParam `json:"invalid_params,omitempty"`
}

// InvalidParam names one bad request parameter and why it is bad.
type InvalidParam struct {
	Name   string `json:"name"`
	Reason string `json:"reason"`
}

// Problem types, documented in the OpenAPI document.
const (
	typeBadParameter  = "/api/problems/bad-parameter"
	typeNotFound      = "/api/problems/not-found"
	typeMethod        = "/api/problems/method-not-allowed"
	typeNotAcceptable = "/api/problems/not-acceptable"
	typeInternal      = "/api/problems/internal"
)

func badParams(params ...InvalidParam) *Problem {
	detail := "the request has an invalid parameter"
	if len(params) == 1 {
		detail = params[0].Name + ": " + params[0].Reason
	}
	return &Problem{Type: typeBadParameter, Title: "Bad request parameter", Status: http.StatusBadRequest, Detail: detail, InvalidParams: params}
}

func badParam(name, reason string) *Problem { return badParams(InvalidParam{name, reason}) }

func notFound(detail string) *Problem {
	return &Problem{Type: typeNotFound, Title: "Not found", Status: http.StatusNotFound, Detail: detail}
}

// writeProblem sends p as application/problem+json.
func writeProblem(w http.ResponseWriter, r *http.Request, p *Problem) {
	p.Instance = r.URL.EscapedPath()
	body, err := json.Marshal(p)
	if err != nil {
		body = []byte(`{"type":"` + typeInternal + `","title":"Internal error","status":500}`)
		p.Status = http.StatusInternalServerError
	}
	h := w.Header()
	h.Set("Content-Type", "application/problem+json")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(p.Status)
	w.Write(body)
}
