package lambda

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/apigw/apigw/internal/event"
	"github.com/apigw/apigw/internal/runtimeapi"
)

// TestTimeoutEndsAnEventNobodyReads: the runtime waits in /next on a
// connection it never reads, so the event (larger than the socket's
// buffers) cannot be written to it. The invocation still ends at the
// function's Timeout, as Task timed out, instead of hanging in the write.
func TestTimeoutEndsAnEventNobodyReads(t *testing.T) {
	t.Parallel()
	fn := providedFn("Stall", "stall", nil)
	fn.Timeout = 1
	_, p := newRunner(t, fn, Options{MaxConcurrency: 1})
	if _, err := p.Invoke(context.Background(), []byte(`{}`)); err != nil {
		t.Fatalf("first Invoke: %v", err)
	}
	waitIdlePolling(t, p)
	big := []byte(`{"pad":"` + strings.Repeat("x", MaxRequestSize-16) + `"}`)
	done := make(chan error, 1)
	go func() {
		_, err := p.Invoke(context.Background(), big)
		done <- err
	}()
	select {
	case err := <-done:
		var fe *event.FunctionError
		if !errors.As(err, &fe) || fe.Type != ErrorTypeTimeout {
			t.Fatalf("got %v; want a %s function error", err, ErrorTypeTimeout)
		}
	case <-time.After(waitLimit):
		t.Fatal("Invoke never returned: the event's write was not bounded")
	}
}

// waitIdlePolling waits until p's idle process waits in /next.
func waitIdlePolling(t *testing.T, p *Pool) {
	t.Helper()
	deadline := time.Now().Add(waitLimit)
	for !idlePolling(p) {
		if time.Now().After(deadline) {
			t.Fatal("the idle process never polled again")
		}
		time.Sleep(time.Millisecond)
	}
}

func idlePolling(p *Pool) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.idle) == 1 && p.idle[0].srv.State() == runtimeapi.StatePolling
}

// TestReportInlineWhenNothingToWaitFor: with the memory reading fresh and
// the output all logged, END and REPORT are written before Invoke returns,
// with no goroutine for them (the process's next invocation has nothing
// to wait for); the format is Lambda's.
func TestReportInlineWhenNothingToWaitFor(t *testing.T) {
	t.Parallel()
	log := &syncBuffer{}
	_, p := newRunner(t, goFn("Logged"), Options{Log: log, MaxConcurrency: 1})
	mustInvoke(t, p, map[string]any{"action": "pid"})
	proc := idleProcess(t, p)
	proc.awaitReport()
	proc.memReadAt = time.Now().Add(time.Hour) // fresh for the next call
	mustInvoke(t, p, map[string]any{"action": "pid"})
	if proc.reported != nil {
		t.Fatal("END and REPORT were left to a goroutine")
	}
	if got := len(reportLine.FindAllString(log.String(), -1)); got != 2 {
		t.Fatalf("REPORT lines when Invoke returned: %d; want 2:\n%s", got, log.String())
	}
}

// idleProcess returns p's only idle process.
func idleProcess(t *testing.T, p *Pool) *process {
	t.Helper()
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.idle) != 1 {
		t.Fatalf("%d idle processes; want 1", len(p.idle))
	}
	return p.idle[0]
}
