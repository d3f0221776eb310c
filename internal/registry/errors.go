package registry

import (
	"errors"
	"fmt"
	"strings"
)

// ErrConflict is returned when an update names a version that is no longer the
// record's current one: someone else changed it first.
var ErrConflict = errors.New("the record was changed by someone else; reload it and apply your change again")

// ErrNotFound is returned when a record does not exist.
var ErrNotFound = errors.New("not found")

// FieldError says why one field of one record is invalid.
type FieldError struct {
	Entity string `json:"entity"` // e.g. "mission"
	ID     string `json:"id"`     // the record's id, when it has one
	Field  string `json:"field"`  // the field's name in files and the API
	Reason string `json:"reason"`
}

func (e FieldError) Error() string {
	if e.ID == "" {
		return fmt.Sprintf("%s: %s: %s", e.Entity, e.Field, e.Reason)
	}
	return fmt.Sprintf("%s %q: %s: %s", e.Entity, e.ID, e.Field, e.Reason)
}

// ValidationError lists every invalid field found; nothing was written.
type ValidationError struct {
	Fields []FieldError
}

func (e *ValidationError) Error() string {
	var b strings.Builder
	b.WriteString("invalid data")
	const show = 20
	for i, f := range e.Fields {
		if i == show {
			fmt.Fprintf(&b, "\n  … and %d more", len(e.Fields)-show)
			break
		}
		b.WriteString("\n  ")
		b.WriteString(f.Error())
	}
	return b.String()
}
