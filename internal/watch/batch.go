package watch

import (
	"maps"
	"slices"
	"time"

	"github.com/fsnotify/fsnotify"
)

// batch collects the paths of one burst of events.
type batch struct {
	paths   map[string]struct{}
	created map[string]bool // created during this batch
	first   time.Time       // when the first path arrived
	timer   *time.Timer
	ready   bool // quiet long enough: waiting for the reader
}

// note adds what ev reports; a file created and removed (or renamed
// away) within the batch, such as an editor's or sed's temporary file, is
// dropped from it.
func (b *batch) note(ev fsnotify.Event, paths []string, o Options) {
	if len(paths) == 0 {
		return
	}
	switch {
	case ev.Has(fsnotify.Create):
		b.created[ev.Name] = true
	case (ev.Has(fsnotify.Remove) || ev.Has(fsnotify.Rename)) && b.created[ev.Name]:
		delete(b.paths, ev.Name)
		delete(b.created, ev.Name)
		paths = slices.DeleteFunc(paths, func(p string) bool { return p == ev.Name })
	}
	b.add(paths, o)
}

func (b *batch) add(paths []string, o Options) {
	if len(paths) == 0 {
		return
	}
	if b.paths == nil {
		b.paths, b.first = map[string]struct{}{}, time.Now()
	}
	for _, p := range paths {
		b.paths[p] = struct{}{}
	}
	b.ready = false
	wait := min(o.Debounce, time.Until(b.first.Add(o.MaxDelay)))
	if b.timer == nil {
		b.timer = time.NewTimer(wait)
		return
	}
	b.timer.Reset(wait)
}

// timeout is the channel that fires when the burst is over; nil while
// there is none.
func (b *batch) timeout() <-chan time.Time {
	if b.timer == nil || b.ready || b.paths == nil {
		return nil
	}
	return b.timer.C
}

// list is the batch as sent.
func (b *batch) list() []string { return slices.Sorted(maps.Keys(b.paths)) }

func (b *batch) reset() { b.paths, b.created, b.ready = nil, map[string]bool{}, false }

// loop turns fsnotify's events into batches until Close.
func (w *Watcher) loop() {
	defer close(w.stopped)
	defer close(w.changes)
	var b batch
	b.reset()
	for {
		var out chan []string
		var next []string
		if b.ready && len(b.paths) == 0 {
			b.reset() // everything in it was transient
		}
		if b.ready {
			out, next = w.changes, b.list()
		}
		select {
		case ev, ok := <-w.fsw.Events:
			if !ok {
				return
			}
			b.note(ev, w.relevant(ev), w.opts)
		case err, ok := <-w.fsw.Errors:
			if !ok {
				return
			}
			w.opts.OnError(err)
		case <-b.timeout():
			b.ready = true
		case out <- next:
			b.reset()
		case <-w.done:
			return
		}
	}
}
