package watch

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"
)

// Defaults for Options fields left zero.
const (
	// DefaultDebounce is the quiet time that ends a batch. Editors save in
	// bursts (write a temporary file, rename it over the old one, chmod;
	// formatters on save write again) that last a few to some tens of
	// milliseconds; 150 ms takes a whole burst as one change and keeps
	// the time from save to reload well under what a person notices.
	DefaultDebounce = 150 * time.Millisecond
	// DefaultMaxDelay bounds how long a steady stream of events (a large
	// checkout, a build writing into a watched folder) delays a batch.
	DefaultMaxDelay = time.Second
)

// Options configure a Watcher. The zero value uses the defaults above.
type Options struct {
	Debounce, MaxDelay time.Duration
	// OnError receives errors that do not stop watching (a folder that
	// could not be added, the kernel's event queue overflowing); nil
	// drops them.
	OnError func(error)
}

// Watcher reports changed files under its folders and files.
type Watcher struct {
	fsw     *fsnotify.Watcher
	folders []string        // watched with every folder below them
	files   map[string]bool // watched through their folder
	opts    Options
	changes chan []string
	done    chan struct{}
	stopped chan struct{}
}

// New watches paths: folders with every folder below them, files on their
// own. Every path must exist.
func New(paths []string, o Options) (*Watcher, error) {
	fsw, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, fmt.Errorf("watch: %w", err)
	}
	w := &Watcher{fsw: fsw, files: map[string]bool{}, opts: o.withDefaults(),
		changes: make(chan []string), done: make(chan struct{}), stopped: make(chan struct{})}
	for _, p := range paths {
		if err := w.add(p); err != nil {
			fsw.Close()
			return nil, err
		}
	}
	go w.loop()
	return w, nil
}

func (o Options) withDefaults() Options {
	if o.Debounce <= 0 {
		o.Debounce = DefaultDebounce
	}
	if o.MaxDelay < o.Debounce {
		o.MaxDelay = max(DefaultMaxDelay, o.Debounce)
	}
	if o.OnError == nil {
		o.OnError = func(error) {}
	}
	return o
}

// add watches one path given to New.
func (w *Watcher) add(p string) error {
	abs, err := filepath.Abs(p)
	if err != nil {
		return fmt.Errorf("watch %s: %w", p, err)
	}
	st, err := os.Stat(abs)
	if err != nil {
		return fmt.Errorf("watch: %w", err)
	}
	if !st.IsDir() {
		w.files[abs] = true
		return w.watchFolder(filepath.Dir(abs))
	}
	w.folders = append(w.folders, abs)
	_, err = w.addTree(abs, abs)
	return err
}

// watchFolder watches dir; watching it again is harmless (a folder
// removed and created again needs it).
func (w *Watcher) watchFolder(dir string) error {
	if err := w.fsw.Add(dir); err != nil {
		return fmt.Errorf("watch %s: %w", dir, err)
	}
	return nil
}

// addTree watches dir and every folder below it that is not noise, and
// returns the files found (a folder created after New may already hold
// some when its event arrives).
func (w *Watcher) addTree(root, dir string) ([]string, error) {
	var found []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		switch {
		case err != nil:
			if p == dir {
				return err
			}
			return nil // vanished meanwhile
		case ignoredBelow(root, p):
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		case d.IsDir():
			return w.watchFolder(p)
		}
		found = append(found, p)
		return nil
	})
	return found, err
}

// Changes delivers batches of changed paths (absolute, sorted, each once).
// It is closed by Close.
func (w *Watcher) Changes() <-chan []string { return w.changes }

// Close stops watching and closes Changes.
func (w *Watcher) Close() error {
	select {
	case <-w.done:
	default:
		close(w.done)
	}
	<-w.stopped
	return w.fsw.Close()
}

// rootOf is the watched folder path is under, or "" when it is under
// none.
func (w *Watcher) rootOf(path string) string {
	for _, r := range w.folders {
		if path == r || strings.HasPrefix(path, r+string(filepath.Separator)) {
			return r
		}
	}
	return ""
}

// relevant returns the paths an event reports: none for noise and for
// the siblings of watched files; for a new folder, its files too (after
// it joined the watch).
func (w *Watcher) relevant(ev fsnotify.Event) []string {
	if w.files[ev.Name] {
		return []string{ev.Name}
	}
	root := w.rootOf(ev.Name)
	if root == "" || ignoredBelow(root, ev.Name) {
		return nil
	}
	if ev.Has(fsnotify.Create) {
		if st, err := os.Lstat(ev.Name); err == nil && st.IsDir() {
			found, err := w.addTree(root, ev.Name)
			if err != nil && !errors.Is(err, fs.ErrNotExist) {
				w.opts.OnError(err)
			}
			return append(found, ev.Name)
		}
	}
	return []string{ev.Name}
}
