package watch

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

// failAfter bounds every wait for a batch: a deadlock guard, not a timing
// assertion (batches normally arrive within milliseconds).
const failAfter = 20 * time.Second

func newWatcher(t *testing.T, paths ...string) *Watcher {
	t.Helper()
	w, err := New(paths, Options{Debounce: 20 * time.Millisecond, OnError: func(err error) { t.Error(err) }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	return w
}

// next waits for the next batch.
func next(t *testing.T, w *Watcher) []string {
	t.Helper()
	select {
	case b, ok := <-w.Changes():
		if !ok {
			t.Fatal("Changes closed")
		}
		return b
	case <-time.After(failAfter):
		t.Fatal("no batch")
	}
	return nil
}

// until collects batches until one holds want and returns them all.
func until(t *testing.T, w *Watcher, want string) []string {
	t.Helper()
	var all []string
	for !slices.Contains(all, want) {
		all = append(all, next(t, w)...)
	}
	return all
}

func write(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestReportsChanges(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name   string
		setup  func(t *testing.T, dir string) // before watching
		change func(t *testing.T, dir string) string
	}{
		{"edit", func(t *testing.T, dir string) { write(t, filepath.Join(dir, "app.js"), "1") },
			func(t *testing.T, dir string) string {
				p := filepath.Join(dir, "app.js")
				write(t, p, "2")
				return p
			}},
		{"edit in a subfolder", func(t *testing.T, dir string) { write(t, filepath.Join(dir, "src", "lib", "a.py"), "1") },
			func(t *testing.T, dir string) string {
				p := filepath.Join(dir, "src", "lib", "a.py")
				write(t, p, "2")
				return p
			}},
		{"file in a new folder", nil, func(t *testing.T, dir string) string {
			p := filepath.Join(dir, "new", "deeper", "b.go")
			write(t, p, "package b")
			return p
		}},
		{"removed", func(t *testing.T, dir string) { write(t, filepath.Join(dir, "gone.js"), "1") },
			func(t *testing.T, dir string) string {
				p := filepath.Join(dir, "gone.js")
				if err := os.Remove(p); err != nil {
					t.Fatal(err)
				}
				return p
			}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			if c.setup != nil {
				c.setup(t, dir)
			}
			w := newWatcher(t, dir)
			until(t, w, c.change(t, dir))
		})
	}
}

// A later file in the same folder proves the earlier noise was seen and
// dropped: events of one folder arrive in order.
func TestIgnoresNoise(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for _, d := range []string{"node_modules/x", ".git", "__pycache__", ".aws-sam/cache"} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	w := newWatcher(t, dir)
	noise := []string{
		"node_modules/x/index.js", ".git/index", "__pycache__/app.cpython-312.pyc", ".aws-sam/cache/a",
		".app.js.swp", "app.js~", ".#app.js", "#app.js#", "4913", "app.py___jb_tmp___",
		"node_modules/new/deep/file.js",
	}
	for _, n := range noise {
		write(t, filepath.Join(dir, n), "x")
	}
	sentinel := filepath.Join(dir, "app.js")
	write(t, sentinel, "real")
	got := until(t, w, sentinel)
	for _, p := range got {
		if p != sentinel {
			t.Errorf("reported noise %s", p)
		}
	}
}

// An editor's save (write a temporary file, rename it over the old one,
// chmod) is one change of the file, reported once.
func TestEditorSaveIsOneChange(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	target := filepath.Join(dir, "handler.py")
	write(t, target, "old")
	w := newWatcher(t, dir)
	tmp := filepath.Join(dir, ".handler.py.tmp")
	write(t, tmp, "new")
	if err := os.Rename(tmp, target); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(target, 0o600); err != nil {
		t.Fatal(err)
	}
	got := until(t, w, target)
	if len(got) != 1 {
		t.Errorf("got %v, want [%s] once", got, target)
	}
}

// A watched file is seen when replaced by rename, and its siblings are
// not reported.
func TestWatchedFile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	tpl := filepath.Join(dir, "template.yaml")
	write(t, tpl, "a")
	w := newWatcher(t, tpl)
	sibling := filepath.Join(dir, "other.yaml")
	write(t, sibling, "b")
	tmp := filepath.Join(dir, "template.yaml.new")
	write(t, tmp, "c")
	if err := os.Rename(tmp, tpl); err != nil {
		t.Fatal(err)
	}
	got := until(t, w, tpl)
	if slices.Contains(got, sibling) || slices.Contains(got, tmp) {
		t.Errorf("reported a sibling of the watched file: %v", got)
	}
}

func TestMissingPathIsAnError(t *testing.T) {
	t.Parallel()
	if _, err := New([]string{filepath.Join(t.TempDir(), "absent")}, Options{}); err == nil {
		t.Fatal("New on a missing path: no error")
	}
}

func TestCloseClosesChanges(t *testing.T) {
	t.Parallel()
	w, err := New([]string{t.TempDir()}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if _, ok := <-w.Changes(); ok {
		t.Fatal("Changes delivered after Close")
	}
}

func TestIgnored(t *testing.T) {
	t.Parallel()
	cases := map[string]bool{
		"app.js": false, "template.yaml": false, "main.go": false, "bootstrap": false, "requirements.txt": false,
		"node_modules": true, ".git": true, "__pycache__": true, ".aws-sam": true,
		"a.swp": true, "a~": true, ".#a": true, "#a#": true, "4913": true, "a.pyc": true,
	}
	for name, want := range cases {
		if got := Ignored(name); got != want {
			t.Errorf("Ignored(%q) = %v, want %v", name, got, want)
		}
	}
}

// A file created and renamed away within one burst (sed -i's temporary
// file) is not reported; the file it replaced is.
func TestTransientFileDropped(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	target := filepath.Join(dir, "app.js")
	write(t, target, "old")
	w := newWatcher(t, dir)
	tmp := filepath.Join(dir, "sedAbC123")
	write(t, tmp, "new")
	if err := os.Rename(tmp, target); err != nil {
		t.Fatal(err)
	}
	if got := until(t, w, target); slices.Contains(got, tmp) {
		t.Errorf("reported the transient file: %v", got)
	}
}
