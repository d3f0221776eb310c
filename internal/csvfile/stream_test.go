package csvfile

import (
	"errors"
	"io"
	"strconv"
	"strings"
	"testing"
)

// TestReader: rows and the problems of single rows come one by one, reading
// goes on after them, and a file that cannot be read on ends with its error.
func TestReader(t *testing.T) {
	tests := []struct {
		name, in string
		want     []string // per Next: "line:id" for a row, or a substring of the error
	}{
		{"rows", "\xef\xbb\xbfid,name\na,A\n\"b\nb\",B\nc,C\n", []string{"2:a", "3:b\nb", "5:c"}},
		{"short row, then on", "id,name\na\nb,B\n", []string{"f.csv:2: has 1 fields", "3:b"}},
		{"not UTF-8, then on", "id,name\na,\xe9\nb,B\n", []string{"f.csv:2: name: is not valid UTF-8", "3:b"}},
		{"field too long", "id,name\na," + strings.Repeat("x", MaxField+1) + "\nb,B\n", []string{"f.csv:2: name: is 65537 bytes long", "3:b"}},
		{"line too long ends the file", "id,name\na,A\nb," + strings.Repeat("x", MaxLine+1) + "\nc,C\n", []string{"2:a", "f.csv:3: line is longer than"}},
		{"bad quoting ends the file", "id,name\na,\"A\nb,B\n", []string{"f.csv:2: extraneous or missing"}},
		{"guarded cell", "id,name\na,'=1+1\n", []string{"2:a"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := NewReader("f.csv", strings.NewReader(tt.in), []string{"id", "name"}, nil)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for {
				row, err := r.Next()
				if errors.Is(err, io.EOF) {
					break
				}
				if err != nil {
					got = append(got, err.Error())
					continue
				}
				got = append(got, strconv.Itoa(row.Line)+":"+row.Get("id"))
				if tt.name == "guarded cell" && row.Get("name") != "=1+1" {
					t.Errorf("guarded cell read as %q", row.Get("name"))
				}
			}
			if len(got) != len(tt.want) {
				t.Fatalf("got %q, want %q", got, tt.want)
			}
			for i := range got {
				if !strings.Contains(got[i], tt.want[i]) {
					t.Errorf("step %d: %q, want %q", i, got[i], tt.want[i])
				}
			}
		})
	}
}

func TestReaderHeader(t *testing.T) {
	for in, want := range map[string]string{
		"":                 "f.csv:1: is empty",
		"id\n":             "f.csv:1: name: required column is missing",
		"id,name,x\n":      "f.csv:1: x: unknown column",
		"id,name,id\n":     "f.csv:1: id: column appears twice",
		"id,n\xe9me\n":     "f.csv:1: is not valid UTF-8",
		"\xef\xbb\xbfid\n": "f.csv:1: name: required column is missing",
	} {
		if _, err := NewReader("f.csv", strings.NewReader(in), []string{"id", "name"}, nil); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: err = %v, want %q", in, err, want)
		}
	}
}
