package clock

import (
	"errors"
	"fmt"
	"sync"
	"time"
)

// Manual is a clock that stands still until Advance or Set moves it. It
// starts at the time it was made. Safe for concurrent use.
type Manual struct {
	mu  sync.Mutex
	now time.Time
}

// NewManual returns a manual clock reading start.
func NewManual(start time.Time) *Manual { return &Manual{now: start} }

// Now is the clock's time.
func (m *Manual) Now() time.Time {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.now
}

// ErrBackwards: Advance with a negative duration. A clock that runs
// backwards would revive expired cache entries; Set can still move it
// anywhere on purpose.
var ErrBackwards = errors.New("clock: cannot advance by a negative duration")

// Advance moves the clock forward by d and returns the new time.
func (m *Manual) Advance(d time.Duration) (time.Time, error) {
	if d < 0 {
		return time.Time{}, fmt.Errorf("%w (%v)", ErrBackwards, d)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.now = m.now.Add(d)
	return m.now, nil
}

// Set moves the clock to t.
func (m *Manual) Set(t time.Time) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.now = t
}

// Mode names a clock as the --clock flag does.
type Mode string

// Clock modes.
const (
	Real       Mode = "real"
	ManualMode Mode = "manual"
)

// ErrMode: a --clock value that is neither real nor manual.
var ErrMode = errors.New("clock: want real or manual")

// ParseMode reads a --clock value.
func ParseMode(s string) (Mode, error) {
	switch Mode(s) {
	case Real, ManualMode:
		return Mode(s), nil
	}
	return "", fmt.Errorf("%w, got %q", ErrMode, s)
}
