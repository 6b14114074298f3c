package upstream

import (
	"testing"
	"time"
)

// newTestExpiry is an expiry whose fire is counted on fired.
func newTestExpiry(t *testing.T) (*expiry, chan struct{}) {
	fired := make(chan struct{}, 4)
	e := &expiry{fire: func() { fired <- struct{}{} }}
	t.Cleanup(e.stop)
	return e, fired
}

// waitFired waits for one fire (the test's own timeout bounds a missing
// one).
func waitFired(t *testing.T, fired chan struct{}) {
	t.Helper()
	<-fired
}

// TestExpiryFiresAtAPassedDeadline: a watched deadline that passes is
// claimed once: fire runs once and the watch's end reports it.
func TestExpiryFiresAtAPassedDeadline(t *testing.T) {
	t.Parallel()
	e, fired := newTestExpiry(t)
	now := monoNow()
	e.set(now+time.Millisecond, now)
	waitFired(t, fired)
	e.tick() // a late tick finds the deadline claimed
	if e.end() {
		t.Error("end after the deadline fired reports true; want false")
	}
	if len(fired) != 0 {
		t.Errorf("fire ran %d more times; want once", len(fired))
	}
}

// TestExpiryEarlierDeadlineRearms: a deadline earlier than the one the
// timer is armed for (another route's shorter timeout) still fires.
func TestExpiryEarlierDeadlineRearms(t *testing.T) {
	t.Parallel()
	e, fired := newTestExpiry(t)
	now := monoNow()
	e.set(now+time.Hour, now)
	if !e.end() {
		t.Fatal("ended watch reports the deadline claimed")
	}
	now = monoNow()
	e.set(now+time.Millisecond, now)
	waitFired(t, fired)
	if e.end() {
		t.Error("end after the deadline fired reports true; want false")
	}
}

// TestExpiryTickBeforeTheDeadline: a tick before the watched deadline (the
// timer armed for an earlier exchange's) arms the timer for it and fires
// nothing; a tick with no watch lets the timer lapse.
func TestExpiryTickBeforeTheDeadline(t *testing.T) {
	t.Parallel()
	e, fired := newTestExpiry(t)
	now := monoNow()
	due := now + time.Hour
	e.set(due, now)
	e.fireAt = 0 // as if armed for an earlier deadline, now passed
	e.tick()
	if !e.armed || e.fireAt != due || len(fired) != 0 {
		t.Errorf("armed %v for %v, fired %d; want armed for %v, none fired", e.armed, e.fireAt, len(fired), due)
	}
	if !e.end() {
		t.Error("end before the deadline reports it claimed")
	}
	if e.end() {
		t.Error("a second end reports true; want false")
	}
	e.tick()
	if e.armed {
		t.Error("tick with nothing watched keeps the timer armed")
	}
}
