package upstream

import (
	"math"
	"sync"
	"sync/atomic"
	"time"
)

// expiry fires a connection's exchange deadlines with one timer that
// stays armed from one exchange to the next, instead of a timer reset
// and stopped per exchange (two operations on the runtime's timer heap,
// each under its lock, and a clock read). An exchange sets its deadline
// (set) and ends its watch (end) with atomic operations only; when the
// timer fires it compares the deadline watched then with the clock:
// passed, it claims the deadline and calls fire; not yet, it is armed
// again for it; none watched, it lapses until the next set. The timer is
// re-armed at once only for a deadline earlier than the one it is armed
// for (another route's shorter timeout on the same backend).
type expiry struct {
	// due is the watched exchange's deadline on monoNow's clock (at least
	// 1); 0: none; dueClaimed: the timer claimed it, fire has run or is
	// running.
	due  atomic.Int64
	fire func() // what a passed deadline does (conn.expire)

	mu     sync.Mutex  // guards what follows
	timer  *time.Timer // made by the first set
	armed  bool        // timer will fire (or is firing) at fireAt
	fireAt time.Duration
}

// dueClaimed marks a deadline the timer has claimed.
const dueClaimed = math.MinInt64

// set watches the deadline due (on monoNow's clock) at now, a reading of
// that clock just taken.
func (e *expiry) set(due, now time.Duration) {
	e.due.Store(int64(max(due, 1)))
	e.mu.Lock()
	if !e.armed || due < e.fireAt {
		e.arm(due, now)
	}
	e.mu.Unlock()
}

// arm makes the timer fire at due; e.mu is held.
func (e *expiry) arm(due, now time.Duration) {
	e.armed, e.fireAt = true, due
	if e.timer == nil {
		e.timer = time.AfterFunc(due-now, e.tick)
		return
	}
	e.timer.Reset(due - now)
}

// end ends set's watch. It reports false when the deadline was claimed
// (fire has run or is running), or no watch was on: a second end reports
// false.
func (e *expiry) end() bool {
	d := e.due.Swap(0)
	return d != 0 && d != dueClaimed
}

// tick is the timer's function.
func (e *expiry) tick() {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.armed = false
	due := e.due.Load()
	if due == 0 || due == dueClaimed {
		return // nothing watched: lapse until the next set
	}
	if now := monoNow(); now < time.Duration(due) {
		e.arm(time.Duration(due), now)
		return
	}
	if e.due.CompareAndSwap(due, dueClaimed) { // else the watch ended first
		e.fire()
	}
}

// stop disarms the timer for good: the connection is closed, so that it
// is not kept until the timer would have fired.
func (e *expiry) stop() {
	e.mu.Lock()
	if e.timer != nil {
		e.timer.Stop()
	}
	e.armed = false
	e.mu.Unlock()
}
