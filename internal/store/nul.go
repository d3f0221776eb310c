package store

import (
	"reflect"
	"strings"
	"unicode/utf8"

	"github.com/chancery-org/chancery/internal/registry"
)

// refuseNUL returns a *registry.ValidationError naming each text field of
// rec (a pointer to a record or settings) that holds a NUL byte, nil when
// none does. PostgreSQL cannot store NUL in text and fails the whole
// transaction; the registry refuses control characters anyway, so a write
// holding one is refused before any statement, alike on both engines.
func refuseNUL(entity, id string, rec any) error {
	var errs []registry.FieldError
	var walk func(v reflect.Value, field string)
	walk = func(v reflect.Value, field string) {
		switch v.Kind() {
		case reflect.Pointer, reflect.Interface:
			if !v.IsNil() {
				walk(v.Elem(), field)
			}
		case reflect.String:
			if strings.IndexByte(v.String(), 0) >= 0 {
				errs = append(errs, registry.FieldError{Entity: entity, ID: id, Field: field, Reason: "contains a control character"})
			}
		case reflect.Slice, reflect.Array:
			for i := range v.Len() {
				walk(v.Index(i), field)
			}
		case reflect.Map:
			for it := v.MapRange(); it.Next(); {
				walk(it.Key(), field)
				walk(it.Value(), field)
			}
		case reflect.Struct:
			t := v.Type()
			for i := range t.NumField() {
				f := t.Field(i)
				if !f.IsExported() {
					continue
				}
				name := field // an embedded struct's fields are the record's own
				if !f.Anonymous {
					name = jsonName(f)
					if field != "" {
						name = field + "." + name
					}
				}
				walk(v.Field(i), name)
			}
		}
	}
	walk(reflect.ValueOf(rec), "")
	if errs == nil {
		return nil
	}
	return &registry.ValidationError{Fields: errs}
}

// jsonName is the name of f in JSON.
func jsonName(f reflect.StructField) string {
	name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
	if name == "" || name == "-" {
		return f.Name
	}
	return name
}

// storable reports whether PostgreSQL can store or compare s as text: valid
// UTF-8 without NUL.
func storable(s string) bool {
	return utf8.ValidString(s) && strings.IndexByte(s, 0) < 0
}
