package gateway

import (
	"net"
	"sync"
	"time"
)

// readDeadline keeps a client connection's read deadline without a
// runtime timer operation per call. The front end sets it twice per
// request (the idle timeout, then the read timeout), always later than
// the one before: on the connection itself each call is a timer moved
// under the runtime's locks and a clock read. Here a call records the
// deadline and moves the timer only when it is earlier than the one the
// timer waits for; when the timer fires at a deadline that was moved
// later, it waits again for the new one. At a deadline that has passed,
// the connection's own read deadline is set to it: a Read in progress
// returns a timeout and later ones fail, as with the deadline set on the
// connection; from then on every call goes to the connection.
type readDeadline struct {
	conn net.Conn

	mu      sync.Mutex
	due     time.Time   // the deadline set; zero: none
	timer   *time.Timer // made by the first deadline
	armed   bool        // timer will fire (or is firing) at fireAt
	fireAt  time.Time
	tripped bool // due passed: the connection holds the deadline
	closed  bool
}

// set is SetReadDeadline.
func (r *readDeadline) set(t time.Time) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.tripped {
		return r.conn.SetReadDeadline(t)
	}
	r.due = t
	if !t.IsZero() && !r.closed && (!r.armed || t.Before(r.fireAt)) {
		r.arm(t)
	}
	return nil
}

// arm makes the timer fire at t; r.mu is held.
func (r *readDeadline) arm(t time.Time) {
	r.armed, r.fireAt = true, t
	if r.timer == nil {
		r.timer = time.AfterFunc(time.Until(t), r.fire)
		return
	}
	r.timer.Reset(time.Until(t))
}

// fire is the timer's function.
func (r *readDeadline) fire() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.armed = false
	if r.due.IsZero() || r.tripped || r.closed {
		return // none set: lapse until the next
	}
	if time.Until(r.due) > 0 {
		r.arm(r.due) // moved later since the timer was armed
		return
	}
	r.tripped = true
	_ = r.conn.SetReadDeadline(r.due)
}

// stop disarms the timer: the connection is closed.
func (r *readDeadline) stop() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.closed = true
	if r.timer != nil {
		r.timer.Stop()
	}
}
