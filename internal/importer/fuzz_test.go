package importer_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/chancery-org/chancery/data"
	"github.com/chancery-org/chancery/internal/dataset"
	"github.com/chancery-org/chancery/internal/importer"
	"github.com/chancery-org/chancery/internal/registry"
	"github.com/chancery-org/chancery/internal/store"
)

// memStore is an importer.Store holding a data set in memory, which refuses
// writes: Prepare only reads.
type memStore struct{ ds registry.Dataset }

func (m memStore) Load(context.Context) (registry.Dataset, error) { return m.ds.Clone(), nil }
func (m memStore) Write(context.Context, func(*store.Tx) error) error {
	return errors.New("memStore: read only")
}

// FuzzPrepare feeds any bytes to the importer as one data file (chosen by
// the first argument) over the seed data set: it must never panic, must
// report every problem with its file, and must give the same report twice.
func FuzzPrepare(f *testing.F) {
	names := dataset.Files()
	for _, dir := range []string{"testdata/bad", "testdata/good"} {
		filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(p, ".csv") {
				return err
			}
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			for i, n := range names {
				if n == filepath.Base(p) {
					f.Add(uint8(i), b)
				}
			}
			return nil
		})
	}
	f.Add(uint8(5), []byte("id,sender_type,sender,kind,name,city,country,status,certainty,opened,closed,address,phone,email,website,services,source,last_verified,note\n"+
		"rw-fuzz,state,RW,embassy,X,Nairobi,KE,open,,2020,,,,,,visas;passports,s,,\n"))
	seed, err := dataset.Load(data.FS)
	if err != nil {
		f.Fatal(err)
	}
	db := memStore{seed}
	f.Fuzz(func(t *testing.T, which uint8, content []byte) {
		name := names[int(which)%len(names)]
		run := func() importer.Report {
			in := &importer.Input{Files: []importer.File{{Name: name, Path: "fuzz/" + name, Size: int64(len(content)),
				Open: func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(content)), nil }}}}
			plan, err := importer.Prepare(t.Context(), db, in, importer.Options{})
			if err != nil {
				t.Fatal(err)
			}
			return plan.Report
		}
		rep := run()
		for _, p := range rep.Problems {
			if p.Reason == "" || p.Line < 0 || (p.File != "fuzz/"+name && p.Entity == "") {
				t.Errorf("problem without a place or a reason: %+v", p)
			}
		}
		if lines := bytes.Count(content, []byte("\n")) + 1; rep.Rows > lines {
			t.Errorf("%d rows from %d lines", rep.Rows, lines)
		}
		if again := run(); !reflect.DeepEqual(rep, again) {
			t.Errorf("two runs differ:\n%+v\n%+v", rep, again)
		}
	})
}
