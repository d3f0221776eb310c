package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/chancery-org/chancery/internal/registry"
)

// MaxBodyBytes bounds the body of a write: the largest record is a few
// kilobytes.
const MaxBodyBytes = 1 << 20

// bodyError is why a request body was refused: a problem to send.
type bodyError struct {
	status int    // 400, 413 or 415
	typ    string // the problem type
	title  string
	detail string
	errors []registry.FieldError
}

func (e *bodyError) Error() string { return e.detail }

// readBody checks that r carries a JSON body and reads it, up to
// MaxBodyBytes.
func readBody(w http.ResponseWriter, r *http.Request) ([]byte, *bodyError) {
	mt, params, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mt != "application/json" || (params["charset"] != "" && !strings.EqualFold(params["charset"], "utf-8")) {
		return nil, &bodyError{status: http.StatusUnsupportedMediaType, typ: typeUnsupportedMedia, title: "Unsupported media type",
			detail: "the body must be JSON: send Content-Type: application/json (UTF-8)"}
	}
	tooLarge := &bodyError{status: http.StatusRequestEntityTooLarge, typ: typeTooLarge, title: "Content too large",
		detail: fmt.Sprintf("the body is larger than %d bytes", MaxBodyBytes)}
	if r.ContentLength > MaxBodyBytes {
		return nil, tooLarge
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxBodyBytes))
	if err != nil {
		if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
			return nil, tooLarge
		}
		return nil, badBody("the body could not be read: " + err.Error())
	}
	return body, nil
}

// decodeRecord decodes body into rec, a pointer to a registry record (or
// to registry.Settings), strictly: one JSON object, valid UTF-8, with no
// field the record does not have and every value of its field's type.
// entity names the record in the errors.
func decodeRecord(body []byte, rec any, entity string) *bodyError {
	if !utf8.Valid(body) {
		return badBody("the body is not valid UTF-8")
	}
	trimmed := bytes.TrimLeft(body, " \t\r\n")
	if len(trimmed) == 0 {
		return badBody("the body is empty: send the " + humanEntity(entity) + " as a JSON object")
	}
	if trimmed[0] != '{' {
		return badBody("the body must be a JSON object: the " + humanEntity(entity))
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(rec); err != nil {
		return decodeError(err, entity)
	}
	if _, err := dec.Token(); err != io.EOF {
		return badBody("the body holds more than one JSON value")
	}
	return nil
}

// decodeError explains a json.Decoder error, naming the field when it can.
func decodeError(err error, entity string) *bodyError {
	if te, ok := errors.AsType[*json.UnmarshalTypeError](err); ok && te.Field != "" {
		reason := fmt.Sprintf("must be a JSON %s, not %s", jsonKind(te.Type.Kind().String(), te.Type.String()), te.Value)
		return badBody(te.Field+": "+reason, registry.FieldError{Entity: entity, Field: te.Field, Reason: reason})
	}
	if se, ok := errors.AsType[*json.SyntaxError](err); ok {
		return badBody(fmt.Sprintf("the body is not valid JSON (at byte %d): %s", se.Offset, se.Error()))
	}
	msg := strings.TrimPrefix(err.Error(), "json: ")
	if field, ok := strings.CutPrefix(msg, "unknown field "); ok {
		name := strings.Trim(field, `"`)
		return badBody("the "+humanEntity(entity)+" has no field "+field,
			registry.FieldError{Entity: entity, Field: name, Reason: "is not a field of the " + humanEntity(entity)})
	}
	if errors.Is(err, io.ErrUnexpectedEOF) {
		return badBody("the body is not valid JSON: it ends too early")
	}
	return badBody("the body is not a valid " + humanEntity(entity) + ": " + msg)
}

// jsonKind names the JSON type that a Go type is decoded from.
func jsonKind(kind, typ string) string {
	switch {
	case strings.HasPrefix(kind, "int"), strings.HasPrefix(kind, "uint"), strings.HasPrefix(kind, "float"):
		return "number"
	case kind == "bool":
		return "boolean"
	case kind == "string":
		return "string"
	case kind == "slice" || kind == "array":
		return "array"
	case kind == "struct" || kind == "map":
		if strings.HasSuffix(typ, "Date") {
			return "string (a date) or null"
		}
		return "object"
	}
	return typ
}

func humanEntity(name string) string { return strings.ReplaceAll(name, "_", " ") }

func badBody(detail string, errs ...registry.FieldError) *bodyError {
	return &bodyError{status: http.StatusBadRequest, typ: typeBadBody, title: "Bad request body", detail: detail, errors: errs}
}
