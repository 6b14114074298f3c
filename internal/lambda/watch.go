package lambda

import (
	"sync"
	"sync/atomic"
	"time"
)

// watchdog bounds a pool's invocations with one timer for all of them,
// armed for the earliest deadline it knows, instead of a timer per
// invocation (arming a timer can wake the runtime's network poller, a
// thread wake-up per invocation). A deadline that moves later costs
// nothing: when the timer fires it expires what is due and re-arms for
// the next one.
type watchdog struct {
	at      atomic.Int64 // when the timer fires (mono); 0: not armed
	mu      sync.Mutex
	timer   *time.Timer
	watches map[*watch]struct{}
}

// watch is one invocation's limit. A process owns one and reuses it for
// each invocation (reset); the watchdog touches it only while it is added.
type watch struct {
	proc     *process
	deadline atomic.Int64  // mono
	expired  chan struct{} // closed once the deadline passed
	fired    atomic.Bool
	// submitting: the invoker is in Submit, which may be writing the event
	// to a runtime that does not read it; expiry then kills the process,
	// which ends the write.
	submitting atomic.Bool
	// killed: expiry killed the process (it was in Submit); whatever its
	// exit says, the invocation timed out.
	killed atomic.Bool
}

func newWatch(p *process) *watch { return &watch{proc: p, expired: make(chan struct{})} }

// reset readies w for the next invocation; the watchdog no longer holds it.
func (w *watch) reset() {
	if w.fired.Load() {
		w.expired = make(chan struct{})
		w.fired.Store(false)
		w.killed.Store(false)
	}
}

func (w *watch) expire() {
	if w.fired.CompareAndSwap(false, true) {
		close(w.expired)
		if w.submitting.Load() {
			w.killed.Store(true)
			w.proc.kill()
		}
	}
}

// add watches w until deadline (or until extend or remove).
func (d *watchdog) add(w *watch, deadline time.Time) {
	w.reset()
	w.deadline.Store(mono(deadline))
	d.mu.Lock()
	if d.watches == nil {
		d.watches = map[*watch]struct{}{}
	}
	d.watches[w] = struct{}{}
	d.mu.Unlock()
	d.arm(mono(deadline))
}

// extend moves w's deadline.
func (d *watchdog) extend(w *watch, deadline time.Time) {
	w.deadline.Store(mono(deadline))
	d.arm(mono(deadline))
}

func (d *watchdog) remove(w *watch) {
	d.mu.Lock()
	delete(d.watches, w)
	d.mu.Unlock()
}

// arm makes sure the timer fires no later than at.
func (d *watchdog) arm(at int64) {
	if a := d.at.Load(); a != 0 && a <= at {
		return
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if a := d.at.Load(); a != 0 && a <= at {
		return
	}
	d.at.Store(at)
	wait := time.Duration(at - mono(time.Now()))
	if d.timer == nil {
		d.timer = time.AfterFunc(wait, d.fire)
		return
	}
	d.timer.Reset(wait)
}

// fire expires every watch that is due and re-arms for the next.
func (d *watchdog) fire() {
	d.mu.Lock()
	d.at.Store(0)
	now, next := mono(time.Now()), int64(0)
	for w := range d.watches {
		switch dl := w.deadline.Load(); {
		case dl <= now:
			delete(d.watches, w)
			w.expire()
		case next == 0 || dl < next:
			next = dl
		}
	}
	d.mu.Unlock()
	if next != 0 {
		d.arm(next)
	}
}

// epoch is where mono counts from.
var epoch = time.Now()

// mono is t on the monotonic clock (a wall clock step moves no deadline),
// in ns since epoch; never 0 for a time after epoch.
func mono(t time.Time) int64 { return int64(t.Sub(epoch)) + 1 }
