package codecache

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// entry is one member of a test archive.
type entry struct {
	name, body string
	mode       fs.FileMode // 0: a 0644 file
}

// zipOf builds a zip archive of entries, in order.
func zipOf(t testing.TB, entries ...entry) []byte {
	t.Helper()
	data, ok := tryZip(entries)
	if !ok {
		t.Fatalf("cannot zip %v", entries)
	}
	return data
}

// writeArchive writes data as a file in a fresh folder.
func writeArchive(t testing.TB, data []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "code.zip")
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// newTestCache is a cache in a fresh folder, with the folder that holds it.
func newTestCache(t *testing.T) (*Cache, string) {
	t.Helper()
	parent := t.TempDir()
	return New(filepath.Join(parent, "code")), parent
}

func readFile(t *testing.T, p string) string {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestArchiveUnpacks(t *testing.T) {
	t.Parallel()
	c, _ := newTestCache(t)
	archive := writeArchive(t, zipOf(t,
		entry{name: "app.py", body: "def handler(e, c): return 1\n"},
		entry{name: "bootstrap", body: "#!/bin/sh\n", mode: 0o755},
		entry{name: "lib/", mode: fs.ModeDir | 0o755},
		entry{name: "lib/deep/mod.py", body: "X = 1\n"}, // no folder entry for lib/deep
		entry{name: "bin/tool", body: "../lib/deep/mod.py", mode: fs.ModeSymlink | 0o777},
		entry{name: "./dot.txt", body: "dot"},
	))
	dir, err := c.Archive(archive)
	if err != nil {
		t.Fatal(err)
	}
	if got := readFile(t, filepath.Join(dir, "app.py")); got != "def handler(e, c): return 1\n" {
		t.Errorf("app.py = %q", got)
	}
	if got := readFile(t, filepath.Join(dir, "bin", "tool")); got != "X = 1\n" {
		t.Errorf("bin/tool (a link to lib/deep/mod.py) reads %q", got)
	}
	if got := readFile(t, filepath.Join(dir, "dot.txt")); got != "dot" {
		t.Errorf("dot.txt = %q", got)
	}
	for name, want := range map[string]fs.FileMode{"bootstrap": 0o755, "app.py": 0o644} {
		if st, err := os.Stat(filepath.Join(dir, name)); err != nil || st.Mode().Perm() != want {
			t.Errorf("%s: mode %v, %v; want %v", name, st.Mode().Perm(), err, want)
		}
	}
}

// TestFoldersArePrivate: the cache root and each code folder are 0700.
func TestFoldersArePrivate(t *testing.T) {
	t.Parallel()
	c, parent := newTestCache(t)
	dir, err := c.File("index.js", []byte("exports.handler = async () => 1;\n"), false)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{filepath.Join(parent, "code"), dir} {
		if st, err := os.Stat(p); err != nil || st.Mode().Perm() != 0o700 {
			t.Errorf("%s: mode %v, %v; want 0700", p, st.Mode().Perm(), err)
		}
	}
}

// TestArchiveOnce: an archive is unpacked once; the same content found at
// another path reuses the folder; other content gets its own.
func TestArchiveOnce(t *testing.T) {
	t.Parallel()
	c, _ := newTestCache(t)
	data := zipOf(t, entry{name: "index.js", body: "v1"})
	first, err := c.Archive(writeArchive(t, data))
	if err != nil {
		t.Fatal(err)
	}
	marker := filepath.Join(first, "marker")
	if err := os.WriteFile(marker, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	again, err := c.Archive(writeArchive(t, data))
	if err != nil || again != first {
		t.Fatalf("same content again = %q, %v; want the first folder %q", again, err, first)
	}
	if _, err := os.Stat(marker); err != nil {
		t.Errorf("the folder was unpacked again (marker gone): %v", err)
	}
	other, err := c.Archive(writeArchive(t, zipOf(t, entry{name: "index.js", body: "v2"})))
	if err != nil || other == first {
		t.Fatalf("other content = %q, %v; want a folder of its own", other, err)
	}
	if got := readFile(t, filepath.Join(other, "index.js")); got != "v2" {
		t.Errorf("index.js = %q; want v2", got)
	}
}

// TestArchiveConcurrent: callers racing on one archive all get the one
// complete folder.
func TestArchiveConcurrent(t *testing.T) {
	t.Parallel()
	c, _ := newTestCache(t)
	archive := writeArchive(t, zipOf(t, entry{name: "a.py", body: "A"}, entry{name: "b/c.py", body: "C"}))
	const n = 8
	dirs := make([]string, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() { dirs[i], errs[i] = c.Archive(archive) })
	}
	wg.Wait()
	for i := range n {
		if errs[i] != nil || dirs[i] != dirs[0] {
			t.Fatalf("caller %d: %q, %v; want %q", i, dirs[i], errs[i], dirs[0])
		}
	}
	if got := readFile(t, filepath.Join(dirs[0], "b", "c.py")); got != "C" {
		t.Errorf("b/c.py = %q", got)
	}
	assertOnly(t, c.root, filepath.Base(dirs[0]))
}

func TestFile(t *testing.T) {
	t.Parallel()
	c, _ := newTestCache(t)
	js, err := c.File("index.js", []byte("exports.handler = 1"), false)
	if err != nil {
		t.Fatal(err)
	}
	if got := readFile(t, filepath.Join(js, "index.js")); got != "exports.handler = 1" {
		t.Errorf("index.js = %q", got)
	}
	assertOnly(t, js, "index.js")
	py, err := c.File("index.py", []byte("exports.handler = 1"), false)
	if err != nil || py == js {
		t.Errorf("same code under another name = %q, %v; want a folder of its own", py, err)
	}
	if again, err := c.File("index.js", []byte("exports.handler = 1"), false); err != nil || again != js {
		t.Errorf("same code again = %q, %v; want %q", again, err, js)
	}
	exe, err := c.File("index.js", []byte("exports.handler = 1"), true)
	if err != nil || exe == js {
		t.Fatalf("same code, executable = %q, %v; want a folder of its own", exe, err)
	}
	if st, err := os.Stat(filepath.Join(exe, "index.js")); err != nil || st.Mode().Perm() != 0o755 {
		t.Errorf("executable file: %v, %v; want 0755", st.Mode().Perm(), err)
	}
}

// assertOnly checks dir holds exactly the named entries.
func assertOnly(t *testing.T, dir string, names ...string) {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range ents {
		got = append(got, e.Name())
	}
	if strings.Join(got, ",") != strings.Join(names, ",") {
		t.Errorf("%s holds %v; want %v", dir, got, names)
	}
}

// TestArchiveRefuses: a bad or hostile archive is a clear error; nothing
// is left in the cache and nothing is written outside it.
func TestArchiveRefuses(t *testing.T) {
	t.Parallel()
	valid := zipOf(t, entry{name: "index.js", body: strings.Repeat("x", 1000)})
	corrupt := bytes.Clone(valid)
	corrupt[40] ^= 0xff // inside the deflated data: checksum or format error
	small := Limits{MaxArchiveBytes: 1 << 20, MaxBytes: 4096, MaxFiles: 3}
	tests := []struct {
		name string
		data []byte
		lim  Limits
		want error
		msg  string
	}{
		{name: "not a zip", data: []byte("PK but not really"), want: ErrBadArchive},
		{name: "empty file", data: nil, want: ErrBadArchive},
		{name: "truncated", data: valid[:len(valid)-10], want: ErrBadArchive},
		{name: "corrupt data", data: corrupt, want: ErrBadArchive, msg: `entry "index.js"`},
		{name: "parent path", data: zipOf(t, entry{name: "../evil", body: "x"}), want: ErrUnsafeEntry, msg: `"../evil"`},
		{name: "parent path inside a name", data: zipOf(t, entry{name: "a/../../evil", body: "x"}), want: ErrUnsafeEntry},
		{name: "absolute path", data: zipOf(t, entry{name: "/tmp/evil", body: "x"}), want: ErrUnsafeEntry},
		{name: "absolute link", data: zipOf(t, entry{name: "l", body: "/etc/passwd", mode: fs.ModeSymlink | 0o777}), want: ErrUnsafeEntry, msg: "points outside"},
		{name: "link up", data: zipOf(t, entry{name: "a/l", body: "../../x", mode: fs.ModeSymlink | 0o777}), want: ErrUnsafeEntry},
		{name: "link out through another link", data: zipOf(t,
			entry{name: "d", body: ".", mode: fs.ModeSymlink | 0o777},
			entry{name: "e", body: "d/..", mode: fs.ModeSymlink | 0o777}), want: ErrUnsafeEntry, msg: "resolves outside"},
		{name: "dangling link", data: zipOf(t, entry{name: "l", body: "missing", mode: fs.ModeSymlink | 0o777}), want: ErrUnsafeEntry, msg: "points to nothing"},
		{name: "link loop", data: zipOf(t,
			entry{name: "a", body: "b", mode: fs.ModeSymlink | 0o777},
			entry{name: "b", body: "a", mode: fs.ModeSymlink | 0o777}), want: ErrUnsafeEntry},
		{name: "file written over a link", data: zipOf(t,
			entry{name: "l", body: "f", mode: fs.ModeSymlink | 0o777},
			entry{name: "f", body: "x"},
			entry{name: "l", body: "y"}), want: ErrUnsafeEntry, msg: "repeats"},
		{name: "repeated entry", data: zipOf(t, entry{name: "a", body: "1"}, entry{name: "a", body: "2"}), want: ErrUnsafeEntry, msg: "repeats"},
		{name: "named pipe", data: zipOf(t, entry{name: "p", mode: fs.ModeNamedPipe | 0o644}), want: ErrUnsafeEntry},
		{name: "too many entries", data: zipOf(t, entry{name: "a"}, entry{name: "b"}, entry{name: "c"}, entry{name: "d"}),
			lim: small, want: ErrTooLarge},
		{name: "too many bytes", data: zipOf(t, entry{name: "bomb", body: strings.Repeat("\x00", 1<<20)}), lim: small, want: ErrTooLarge},
		{name: "archive too large", data: zipOf(t, entry{name: "a", body: "x"}), lim: Limits{MaxArchiveBytes: 10, MaxBytes: 10, MaxFiles: 10}, want: ErrTooLarge},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, parent := newTestCache(t)
			if tt.lim != (Limits{}) {
				c.limits = tt.lim
			}
			archive := writeArchive(t, tt.data)
			dir, err := c.Archive(archive)
			if !errors.Is(err, tt.want) || !strings.Contains(err.Error(), tt.msg) || !strings.Contains(err.Error(), archive) && tt.want != ErrTooLarge {
				t.Fatalf("Archive = %q, %v; want an error naming the archive, matching %v, containing %q", dir, err, tt.want, tt.msg)
			}
			assertOnly(t, parent, cacheLeft(t, c.root)...)
		})
	}
}

// cacheLeft is what the cache root's parent may hold after a refusal: the
// (empty) root when it was created, nothing else.
func cacheLeft(t *testing.T, root string) []string {
	t.Helper()
	if _, err := os.Stat(root); err != nil {
		return nil
	}
	assertOnly(t, root)
	return []string{filepath.Base(root)}
}

// TestIsZip: a file is an archive when it ends with a zip end record, as
// sam package decides before zipping a file on its own.
func TestIsZip(t *testing.T) {
	t.Parallel()
	withComment := zipOf(t, entry{name: "a", body: "x"})
	withComment = append(withComment[:len(withComment)-2], 0xff, 0xff) // comment length 65535
	withComment = append(withComment, bytes.Repeat([]byte{'c'}, 65535)...)
	tests := []struct {
		name string
		data []byte
		want bool
	}{
		{"zip", zipOf(t, entry{name: "index.js", body: "x"}), true},
		{"zip with the longest comment", withComment, true},
		{"empty zip", zipOf(t), true},
		{"source file", []byte("exports.handler = async () => 1;\n"), false},
		{"empty file", nil, false},
		{"zip end record far before the end", append(zipOf(t), make([]byte, eocdSearch)...), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := IsZip(writeArchive(t, tt.data)); got != tt.want {
				t.Fatalf("IsZip = %v; want %v", got, tt.want)
			}
		})
	}
	if IsZip(filepath.Join(t.TempDir(), "missing.zip")) || IsZip(t.TempDir()) {
		t.Error("IsZip of a missing file or a folder = true; want false")
	}
}
