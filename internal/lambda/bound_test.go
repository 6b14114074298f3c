package lambda

import (
	"context"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/apigw/apigw/internal/event"
)

// errCallerDeadline is the cause a caller of InvokeUntil gives.
var errCallerDeadline = errors.New("caller's deadline")

// invokeUntil is invoke bounded by a caller's deadline d from now.
func invokeUntil(t *testing.T, p *Pool, d time.Duration, ev any) ([]byte, error) {
	t.Helper()
	b, err := json.Marshal(ev)
	if err != nil {
		t.Fatal(err)
	}
	return p.InvokeUntil(context.Background(), b, time.Now().Add(d), errCallerDeadline)
}

// TestInvokeUntil: a caller's deadline ends a call as a context with that
// deadline and cause would (the error wraps the cause, not a function
// error, and a process running the event is stopped), whether the
// watchdog holds it (a warm process) or a derived context (a cold one, a
// queue wait); the function's own timeout still comes first when it is
// earlier.
func TestInvokeUntil(t *testing.T) {
	t.Parallel()
	hang := map[string]any{"action": "sleep", "ms": 60_000}
	tests := []struct {
		name      string
		warm      bool
		deadline  time.Duration
		fnTimeout int
		wantCause bool // else a Sandbox.Timedout function error
	}{
		{"warm: the caller's deadline first", true, 100 * time.Millisecond, 900, true},
		{"cold: the caller's deadline first", false, 100 * time.Millisecond, 900, true},
		{"warm: the function's timeout first", true, time.Hour, 1, false},
		{"cold: the function's timeout first", false, time.Hour, 1, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			fn := goFn("Bounded")
			fn.Timeout = tt.fnTimeout
			_, p := newRunner(t, fn, Options{InitTimeout: waitLimit})
			var before goReply
			if tt.warm {
				before = mustInvoke(t, p, map[string]any{"action": "pid"})
			}
			_, err := invokeUntil(t, p, tt.deadline, hang)
			checkBoundError(t, err, tt.wantCause)
			if tt.warm {
				eventually(t, "the stopped process is gone", func() bool { return allGone(before.Stream) })
			}
			if _, err := invokeUntil(t, p, time.Hour, map[string]any{"action": "pid"}); err != nil {
				t.Fatalf("the next call: %v", err)
			}
		})
	}
}

func checkBoundError(t *testing.T, err error, wantCause bool) {
	t.Helper()
	fe, isFunction := errors.AsType[*event.FunctionError](err)
	switch {
	case wantCause && (!errors.Is(err, errCallerDeadline) || isFunction):
		t.Fatalf("got %v; want the caller's cause, not a function error", err)
	case !wantCause && (!isFunction || fe.Type != ErrorTypeTimeout || errors.Is(err, errCallerDeadline)):
		t.Fatalf("got %v; want a %s function error", err, ErrorTypeTimeout)
	}
}

// TestInvokeUntilInTheQueue: a caller waiting for a free process stops
// waiting at its deadline, with its cause.
func TestInvokeUntilInTheQueue(t *testing.T) {
	t.Parallel()
	fn := goFn("Queued")
	fn.Timeout = 1
	_, p := newRunner(t, fn, Options{MaxConcurrency: 1})
	mustInvoke(t, p, map[string]any{"action": "pid"})
	busy := make(chan error, 1)
	go func() {
		_, err := invokeUntil(t, p, time.Hour, map[string]any{"action": "sleep", "ms": 60_000})
		busy <- err
	}()
	eventually(t, "the process is busy", func() bool { return p.busyCount() == 1 })
	_, err := invokeUntil(t, p, 50*time.Millisecond, map[string]any{"action": "pid"})
	checkBoundError(t, err, true)
	checkBoundError(t, <-busy, false)
}
