package importer

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/chancery-org/chancery/internal/dataset"
)

// File is one data file to import.
type File struct {
	Name string // the data file it is, one of dataset.Files: "missions.csv"
	Path string // where it comes from, as reports name it: "export/missions.csv", "export.zip:missions.csv"
	Size int64  // its size in bytes, for progress; 0 when unknown
	Open func() (io.ReadCloser, error)
}

// Input gathers the files of an import: data files given one by one,
// directories and zip archives holding a data package (datapackage.json and
// its CSV files) or the seed data set's files. Problems found while gathering
// (a path that does not exist, a damaged archive, a file that is not a data
// file) are kept and reported with the import. Close releases the archives.
type Input struct {
	Files    []File
	Skipped  []string // files found in a directory or archive that are not data files, ignored
	Problems []Problem
	closers  []io.Closer
}

// Close closes the archives opened by Add.
func (in *Input) Close() error {
	var errs []error
	for _, c := range in.closers {
		errs = append(errs, c.Close())
	}
	in.closers = nil
	return errors.Join(errs...)
}

func (in *Input) problem(file, reason string) {
	in.Problems = append(in.Problems, Problem{File: file, Reason: reason})
}

// Add adds what is at p: a directory, a zip archive (by its content, whatever
// its name) or a CSV data file, whose name must be one of dataset.Files.
func (in *Input) Add(p string) {
	fi, err := os.Stat(p)
	if err != nil {
		reason := err.Error()
		var pe *fs.PathError
		if errors.As(err, &pe) {
			reason = pe.Err.Error()
		}
		in.problem(p, "cannot be read: "+reason)
		return
	}
	if fi.IsDir() {
		in.AddFS(os.DirFS(p), strings.TrimSuffix(p, string(filepath.Separator))+string(filepath.Separator))
		return
	}
	if isZip(p) {
		zr, err := zip.OpenReader(p)
		if err != nil {
			in.problem(p, "is not a readable zip archive: "+err.Error())
			return
		}
		in.closers = append(in.closers, zr)
		in.addZip(&zr.Reader, p+":")
		return
	}
	name := filepath.Base(p)
	if !dataset.IsDataFile(name) {
		in.problem(p, fmt.Sprintf("is not a data file: a file's name says what it holds, one of %s", strings.Join(dataset.Files(), ", ")))
		return
	}
	in.Files = append(in.Files, File{Name: name, Path: p, Size: fi.Size(),
		Open: func() (io.ReadCloser, error) { return os.Open(p) }})
}

// isZip reports whether the file at p starts with a zip signature.
func isZip(p string) bool {
	f, err := os.Open(p)
	if err != nil {
		return false
	}
	defer f.Close()
	var sig [4]byte
	_, err = io.ReadFull(f, sig[:])
	return err == nil && bytes.Equal(sig[:], []byte("PK\x03\x04"))
}

// AddZip adds the data files of a zip archive held in r; label names the
// archive in reports.
func (in *Input) AddZip(r io.ReaderAt, size int64, label string) {
	zr, err := zip.NewReader(r, size)
	if err != nil {
		in.problem(label, "is not a readable zip archive: "+err.Error())
		return
	}
	in.addZip(zr, label+":")
}

func (in *Input) addZip(zr *zip.Reader, prefix string) {
	sizes := map[string]int64{}
	for _, f := range zr.File {
		sizes[path.Clean(f.Name)] = int64(f.UncompressedSize64)
	}
	in.addFS(zr, prefix, sizes)
}

// AddFS adds the data files of fsys, a directory or the content of an
// archive; prefix is put before the files' names in reports.
func (in *Input) AddFS(fsys fs.FS, prefix string) { in.addFS(fsys, prefix, nil) }

// addFS reads the data package's descriptor at the root of fsys, or in its
// only folder (an archive of a folder), and adds the files it lists; without
// one it adds the data files at that place and skips the other files.
func (in *Input) addFS(fsys fs.FS, prefix string, sizes map[string]int64) {
	root := "."
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		in.problem(prefix, "cannot be read: "+err.Error())
		return
	}
	if len(entries) == 1 && entries[0].IsDir() {
		root = entries[0].Name()
		if entries, err = fs.ReadDir(fsys, root); err != nil {
			in.problem(prefix+root, "cannot be read: "+err.Error())
			return
		}
	}
	add := func(rel, name string) {
		p := path.Join(root, rel)
		size, ok := sizes[p]
		if !ok {
			if fi, err := fs.Stat(fsys, p); err == nil {
				size = fi.Size()
			}
		}
		in.Files = append(in.Files, File{Name: name, Path: prefix + p, Size: size,
			Open: func() (io.ReadCloser, error) { return fsys.Open(p) }})
	}
	descriptor := path.Join(root, "datapackage.json")
	if b, err := fs.ReadFile(fsys, descriptor); err == nil {
		paths, reason := packagePaths(b)
		if reason != "" {
			in.problem(prefix+descriptor, reason)
			return
		}
		for _, rel := range paths {
			name := path.Base(rel)
			switch {
			case !dataset.IsDataFile(name):
				in.problem(prefix+descriptor, fmt.Sprintf("resource %q is not a data file: want one of %s", rel, strings.Join(dataset.Files(), ", ")))
			case !fs.ValidPath(path.Join(root, rel)) || strings.Contains(rel, ".."):
				in.problem(prefix+descriptor, fmt.Sprintf("resource path %q is not a relative path inside the package", rel))
			default:
				if _, err := fs.Stat(fsys, path.Join(root, rel)); err != nil {
					in.problem(prefix+descriptor, fmt.Sprintf("resource %q is missing from the package", rel))
					continue
				}
				add(rel, name)
			}
		}
		return
	} else if !errors.Is(err, fs.ErrNotExist) {
		in.problem(prefix+descriptor, "cannot be read: "+err.Error())
		return
	}
	for _, e := range entries {
		switch {
		case e.IsDir():
			in.Skipped = append(in.Skipped, prefix+path.Join(root, e.Name())+"/")
		case dataset.IsDataFile(e.Name()):
			add(e.Name(), e.Name())
		default:
			in.Skipped = append(in.Skipped, prefix+path.Join(root, e.Name()))
		}
	}
}

// packagePaths returns the paths of the resources of a Data Package
// descriptor, or why it cannot be used.
func packagePaths(b []byte) ([]string, string) {
	const notDescriptor = "is not a Data Package descriptor: a JSON object whose \"resources\" list names each CSV file by its \"path\""
	var dp struct {
		Resources []json.RawMessage `json:"resources"`
	}
	if err := json.Unmarshal(b, &dp); err != nil {
		var se *json.SyntaxError
		if errors.As(err, &se) {
			return nil, fmt.Sprintf("%s (invalid JSON at byte %d: %v)", notDescriptor, se.Offset, err)
		}
		return nil, notDescriptor
	}
	var out []string
	for i, raw := range dp.Resources {
		var r struct {
			Name     string          `json:"name"`
			Path     json.RawMessage `json:"path"`
			Encoding string          `json:"encoding"`
		}
		var p string
		if json.Unmarshal(raw, &r) != nil || json.Unmarshal(r.Path, &p) != nil || p == "" {
			return nil, fmt.Sprintf("resource %d (%q) needs a path naming one CSV file", i+1, r.Name)
		}
		if e := strings.ToLower(r.Encoding); e != "" && e != "utf-8" && e != "utf8" {
			return nil, fmt.Sprintf("resource %q has encoding %q; only utf-8 is read", p, r.Encoding)
		}
		if !slices.Contains(out, p) {
			out = append(out, p)
		}
	}
	return out, ""
}
