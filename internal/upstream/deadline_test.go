package upstream

import (
	"context"
	"errors"
	"net"
	"os"
	"testing"
	"time"
)

// A timeout that fires just before the context's own deadline timer is
// that deadline: the client neither retries it nor reports it as a plain
// failure (the gateway answers an integration timeout: 504 on REST, 503
// on HTTP APIs).
func TestTimeoutAtTheDeadline(t *testing.T) {
	t.Parallel()
	dialTimeout := &net.OpError{Op: "dial", Net: "tcp", Err: timeoutErr{}}
	for _, tc := range []struct {
		name     string
		deadline time.Duration // from now; 0: no deadline
		err      error
		want     bool
	}{
		{"read deadline a hair early", time.Millisecond, os.ErrDeadlineExceeded, true},
		{"dial timed out a hair early", time.Millisecond, dialTimeout, true},
		{"deadline passed", -time.Millisecond, os.ErrDeadlineExceeded, true},
		{"timeout long before the deadline", time.Hour, dialTimeout, false},
		{"no deadline", 0, os.ErrDeadlineExceeded, false},
		{"not a timeout", time.Millisecond, errors.New("connection refused"), false},
	} {
		ctx := context.Background()
		if tc.deadline != 0 {
			var cancel context.CancelFunc
			ctx, cancel = context.WithTimeout(ctx, tc.deadline)
			defer cancel()
		}
		if got := atDeadline(ctx, tc.err); got != tc.want {
			t.Errorf("%s: atDeadline = %v, want %v", tc.name, got, tc.want)
		}
	}
}

// timeoutErr is a net.Error that timed out, as a dial's deadline gives.
type timeoutErr struct{}

func (timeoutErr) Error() string   { return "i/o timeout" }
func (timeoutErr) Timeout() bool   { return true }
func (timeoutErr) Temporary() bool { return true }

// TestLimitClock: an exchange's deadline is read on monoNow's clock, and
// the clock is the pool's reading when there is one.
func TestLimitClock(t *testing.T) {
	t.Parallel()
	lim := limit{deadline: monoBase.Add(5 * time.Second), now: 2 * time.Second}
	if lim.due() != 5*time.Second || lim.clock() != 2*time.Second {
		t.Errorf("due %v, clock %v; want 5s, 2s", lim.due(), lim.clock())
	}
	before := monoNow()
	if got := (limit{}).clock(); got < before {
		t.Errorf("clock without a reading = %v; want one read now (>= %v)", got, before)
	}
}
