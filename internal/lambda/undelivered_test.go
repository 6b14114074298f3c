package lambda

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/apigw/apigw/internal/runtimeapi"
)

// gated is a pool of the shell runtime in "gate" mode with two warm idle
// processes that have answered and not polled again: each waits for its
// own file to exit or to poll again.
type gated struct {
	p    *Pool
	dir  string
	idle []*process // as the pool parked them, most recently used last
}

func newGated(t *testing.T) *gated {
	t.Helper()
	g := &gated{dir: t.TempDir()}
	_, g.p = newRunner(t, providedFn("Gate", "gate", map[string]string{"GATE_DIR": g.dir}), Options{MaxConcurrency: 3})
	done := make(chan error, 2)
	for range 2 {
		go func() {
			_, err := invoke(t, g.p, map[string]any{})
			done <- err
		}()
	}
	eventually(t, "two processes take the two invocations", func() bool { return g.p.liveCount() == 2 })
	g.touch(t, "respond")
	for range 2 {
		if err := <-done; err != nil {
			t.Fatalf("warming: %v", err)
		}
	}
	g.p.mu.Lock()
	g.idle = append([]*process(nil), g.p.idle...)
	g.p.mu.Unlock()
	if len(g.idle) != 2 {
		t.Fatalf("got %d idle processes; want 2", len(g.idle))
	}
	return g
}

// touch creates the file name in the gate folder.
func (g *gated) touch(t *testing.T, name string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(g.dir, name), nil, 0o644); err != nil {
		t.Fatal(err)
	}
}

// release tells proc to exit ("exit") or to poll again ("again").
func (g *gated) release(t *testing.T, proc *process, how string) {
	t.Helper()
	g.touch(t, how+"-"+proc.srv.Addr()[strings.LastIndexByte(proc.srv.Addr(), ':')+1:])
}

func (g *gated) idleCount() int {
	g.p.mu.Lock()
	defer g.p.mu.Unlock()
	return len(g.p.idle)
}

// servedBy returns the Runtime API address of the process that answered.
func servedBy(t *testing.T, b []byte, err error) string {
	t.Helper()
	var r struct{ API string }
	if err != nil || json.Unmarshal(b, &r) != nil {
		t.Fatalf("got %q, %v; want the gate runtime's answer", b, err)
	}
	return r.API
}

// An idle process that waits in /next gets the invocation before one that
// has not polled again, however recently that one was used (Lambda hands
// events only to a runtime in /next).
func TestInvocationGoesToAPollingProcess(t *testing.T) {
	t.Parallel()
	g := newGated(t)
	older, newer := g.idle[0], g.idle[1]
	g.release(t, older, "again")
	eventually(t, "the older process polls again", func() bool { return older.srv.State() == runtimeapi.StatePolling })
	b, err := invoke(t, g.p, map[string]any{})
	if got := servedBy(t, b, err); got != older.srv.Addr() {
		t.Fatalf("served by %s; want the polling process %s, not %s, which has not polled", got, older.srv.Addr(), newer.srv.Addr())
	}
}

// A runtime that exits after each answer never costs an invocation: after
// one warm process died before taking it, the invocation goes only to a
// polling process or a fresh one, never to a second process that may die
// the same way (undelivered_502: 7 of 400 requests got 502).
func TestUndeliveredInvocationIsNotLostTwice(t *testing.T) {
	t.Parallel()
	g := newGated(t)
	older, newer := g.idle[0], g.idle[1]
	type result struct {
		b   []byte
		err error
	}
	done := make(chan result, 1)
	go func() {
		b, err := invoke(t, g.p, map[string]any{})
		done <- result{b, err}
	}()
	eventually(t, "the invocation takes the newer idle process", func() bool { return g.idleCount() == 1 })
	g.release(t, newer, "exit")
	var r result
	eventually(t, "the invocation ends or takes the older process too", func() bool {
		select {
		case r = <-done:
			return true
		default:
			return g.idleCount() == 0
		}
	})
	if r.b == nil && r.err == nil { // it took the older one: that one dies as well
		g.release(t, older, "exit")
		r = <-done
	}
	if got := servedBy(t, r.b, r.err); got == older.srv.Addr() || got == newer.srv.Addr() {
		t.Fatalf("served by %s; want a fresh process", got)
	}
	g.release(t, older, "exit")
}
