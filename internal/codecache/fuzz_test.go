package codecache

import (
	"archive/zip"
	"bytes"
	"cmp"
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
		dir, err := unzipFresh(t, data, lim)
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

// FuzzUnzipEntries: as FuzzUnzip, over well-formed archives whose entry
// names and link targets are fuzzed (names and targets are lines; bit i of
// kinds makes entry i a link, bit i+8 a folder), where random bytes rarely
// reach.
func FuzzUnzipEntries(f *testing.F) {
	f.Add("lib/a.js\nbin/a", "x\n../lib/a.js", uint16(0b10))
	f.Add("d\ne\ne/x", ".\nd/..\nx", uint16(0b011))
	f.Add("a\nb", "b\na", uint16(0b11))
	f.Add("./x/../y\nz/", "y\n", uint16(0x200))
	f.Add("l\nl/f", "/tmp\nx", uint16(0b01))
	lim := Limits{MaxArchiveBytes: 1 << 20, MaxBytes: 1 << 16, MaxFiles: 16}
	f.Fuzz(func(t *testing.T, names, targets string, kinds uint16) {
		var entries []entry
		bodies := strings.Split(targets, "\n")
		for i, name := range strings.Split(names, "\n") {
			e := entry{name: name}
			if i < len(bodies) {
				e.body = bodies[i]
			}
			switch {
			case i < 8 && kinds&(1<<i) != 0:
				e.mode = fs.ModeSymlink | 0o777
			case i < 8 && kinds&(1<<(i+8)) != 0:
				e.mode, e.body = fs.ModeDir|0o755, ""
			}
			entries = append(entries, e)
		}
		data, ok := tryZip(entries)
		if !ok {
			return
		}
		dir, err := unzipFresh(t, data, lim)
		if err == nil {
			assertInside(t, dir)
		}
	})
}

// tryZip builds a zip archive of entries, in order; false when the zip
// writer refuses one (the fuzzer makes up names it cannot write).
func tryZip(entries []entry) ([]byte, bool) {
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	for _, e := range entries {
		h := &zip.FileHeader{Name: e.name, Method: zip.Deflate}
		h.SetMode(cmp.Or(e.mode, 0o644))
		f, err := w.CreateHeader(h)
		if err != nil {
			return nil, false
		}
		if _, err := f.Write([]byte(e.body)); err != nil {
			return nil, false
		}
	}
	if w.Close() != nil {
		return nil, false
	}
	return buf.Bytes(), true
}

// unzipFresh unzips data into a fresh folder, checking nothing was written
// beside it.
func unzipFresh(t *testing.T, data []byte, lim Limits) (string, error) {
	t.Helper()
	parent := t.TempDir()
	dir := filepath.Join(parent, "out")
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	err := unzip(bytes.NewReader(data), int64(len(data)), dir, lim)
	if ents, _ := os.ReadDir(parent); len(ents) != 1 {
		t.Fatalf("unzip wrote beside its folder: %v", ents)
	}
	return dir, err
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
