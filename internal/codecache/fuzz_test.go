package codecache

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzUnzip: unpacking any bytes never panics and never writes outside its
// folder; a refused archive says why with one of the package's errors or
// names the entry; an accepted one holds only files, folders and links
// that resolve inside it.
func FuzzUnzip(f *testing.F) {
	f.Add(zipOf(f, entry{name: "index.js", body: "exports.handler = 1"}, entry{name: "lib/a.js", body: "a"}))
	f.Add(zipOf(f, entry{name: "bin/x", body: "../lib/a", mode: fs.ModeSymlink | 0o777}, entry{name: "lib/a", body: "a"}))
	f.Add(zipOf(f, entry{name: "d", body: ".", mode: fs.ModeSymlink | 0o777}, entry{name: "e", body: "d/..", mode: fs.ModeSymlink | 0o777}))
	f.Add(zipOf(f, entry{name: "../x", body: "x"}))
	f.Add(zipOf(f, entry{name: "a", body: "1"}, entry{name: "a/b", body: "2"}))
	f.Add([]byte("PK\x05\x06" + strings.Repeat("\x00", 18)))
	lim := Limits{MaxArchiveBytes: 1 << 20, MaxBytes: 1 << 16, MaxFiles: 64}
	f.Fuzz(func(t *testing.T, data []byte) {
		parent := t.TempDir()
		dir := filepath.Join(parent, "out")
		if err := os.Mkdir(dir, 0o700); err != nil {
			t.Fatal(err)
		}
		err := unzip(strings.NewReader(string(data)), int64(len(data)), dir, lim)
		if ents, _ := os.ReadDir(parent); len(ents) != 1 {
			t.Fatalf("unzip wrote beside its folder: %v", ents)
		}
		if err != nil {
			if !errors.Is(err, ErrBadArchive) && !errors.Is(err, ErrUnsafeEntry) && !errors.Is(err, ErrTooLarge) &&
				!strings.Contains(err.Error(), "entry ") {
				t.Fatalf("unzip error %q matches no package error and names no entry", err)
			}
			return
		}
		assertInside(t, dir)
	})
}

// assertInside checks every entry under dir is a file, folder or link that
// resolves inside dir.
func assertInside(t *testing.T, dir string) {
	t.Helper()
	real, err := filepath.EvalSymlinks(dir)
	if err != nil {
		t.Fatal(err)
	}
	err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.Type()&fs.ModeSymlink != 0 {
			to, err := filepath.EvalSymlinks(p)
			if rel, rerr := filepath.Rel(real, to); err != nil || rerr != nil || !filepath.IsLocal(rel) {
				t.Fatalf("accepted link %s resolves to %q (%v)", p, to, err)
			}
			return nil
		}
		if !d.Type().IsRegular() && !d.IsDir() {
			t.Fatalf("accepted %s of type %v", p, d.Type())
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
