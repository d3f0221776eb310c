package csvfile

import (
	"errors"
	"strings"
	"testing"
)

func TestRead(t *testing.T) {
	req := []string{"id", "name"}
	opt := []string{"note"}
	tests := []struct {
		name, in  string
		wantRows  int
		wantError string // substring; "" means success
	}{
		{"ok", "id,name\na,Alpha\nb,Beta\n", 2, ""},
		{"bom and optional column", "\xef\xbb\xbfid,name,note\na,Alpha,x\n", 1, ""},
		{"quoted newline keeps line numbers", "id,name\na,\"two\nlines\"\nb,B\n", 2, ""},
		{"empty", "", 0, "f.csv:1: is empty"},
		{"missing column", "id\na\n", 0, "f.csv:1: name: required column is missing"},
		{"unknown column", "id,name,colour\na,b,c\n", 0, "f.csv:1: colour: unknown column"},
		{"duplicate column", "id,name,id\na,b,c\n", 0, "id: column appears twice"},
		{"short row", "id,name\na\n", 0, "f.csv:2: has 1 fields, the header has 2"},
		{"bare quote", "id,name\na,b\"c\n", 0, "f.csv:2:"},
		{"bad utf8", "id,name\na,\xff\n", 0, "f.csv:2: name: is not valid UTF-8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rows, err := Read("f.csv", strings.NewReader(tt.in), req, opt)
			if tt.wantError != "" {
				var ce *Error
				if err == nil || !errors.As(err, &ce) || !strings.Contains(err.Error(), tt.wantError) {
					t.Fatalf("err = %v, want an *Error containing %q", err, tt.wantError)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(rows) != tt.wantRows {
				t.Fatalf("got %d rows, want %d", len(rows), tt.wantRows)
			}
		})
	}
}

func TestRowLinesAndGet(t *testing.T) {
	rows, err := Read("f.csv", strings.NewReader("id,name\na,\"x\ny\"\n b ,  B  \n"), []string{"id", "name"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if rows[0].Line != 2 || rows[1].Line != 4 {
		t.Errorf("lines = %d, %d; want 2, 4", rows[0].Line, rows[1].Line)
	}
	if got := rows[1].Get("id"); got != "b" {
		t.Errorf("Get trims: got %q", got)
	}
	if got := rows[1].Get("absent"); got != "" {
		t.Errorf("absent column: got %q", got)
	}
	if e := rows[1].Errorf("name", "bad %d", 7); e.Error() != "f.csv:4: name: bad 7" {
		t.Errorf("Errorf = %q", e.Error())
	}
}

// FuzzRead checks that no input makes Read panic, and that every accepted row
// has exactly the header's columns and a line number inside the input.
func FuzzRead(f *testing.F) {
	for _, s := range []string{"id,name\na,b\n", "id,name\n\"a\nb\",c\n", "\xef\xbb\xbfid,name\n", "id,name,note\n1,2,3\n", "id\n", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		rows, err := Read("fuzz.csv", strings.NewReader(in), []string{"id"}, []string{"name", "note"})
		if err != nil {
			var ce *Error
			if !errors.As(err, &ce) {
				t.Fatalf("error of type %T, want *Error", err)
			}
			return
		}
		lines := strings.Count(in, "\n") + 1
		for _, r := range rows {
			if r.Line < 2 || r.Line > lines {
				t.Fatalf("row line %d outside 2..%d", r.Line, lines)
			}
			if len(r.values) != len(r.index) {
				t.Fatalf("row has %d values for %d columns", len(r.values), len(r.index))
			}
			_ = r.Get("id")
		}
	})
}
