package logline

import (
	"bytes"
	"fmt"
	"strings"
	"sync"
	"testing"
)

// calls records every Write the flusher makes, in order.
type calls struct {
	mu  sync.Mutex
	got []string
	// entered, when set, gets a token as the first call starts; that
	// call then waits for release.
	entered chan struct{}
	release chan struct{}
	held    bool
}

func (c *calls) Write(p []byte) (int, error) {
	c.mu.Lock()
	hold := c.entered != nil && !c.held
	c.held = true
	c.mu.Unlock()
	if hold {
		c.entered <- struct{}{}
		<-c.release
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.got = append(c.got, string(p))
	return len(p), nil
}

func (c *calls) all() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]string(nil), c.got...)
}

func TestWritesLeaveInOrderAndWhole(t *testing.T) {
	t.Parallel()
	var c calls
	w := New(&c)
	const writers, lines = 8, 500
	var wg sync.WaitGroup
	for g := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range lines {
				fmt.Fprintf(w, "g%d line %d\n", g, i)
			}
		}()
	}
	wg.Wait()
	w.Close()
	next := make([]int, writers)
	out := strings.Join(c.all(), "")
	for _, l := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
		var g, i int
		if _, err := fmt.Sscanf(l, "g%d line %d", &g, &i); err != nil {
			t.Fatalf("line %q torn: %v", l, err)
		}
		if i != next[g] {
			t.Fatalf("writer %d: line %d after %d", g, i, next[g]-1)
		}
		next[g]++
	}
	for g, n := range next {
		if n != lines {
			t.Errorf("writer %d: %d lines reached the writer, want %d", g, n, lines)
		}
	}
}

// Lines written while the underlying writer is busy leave together in one
// call, and Write returns without waiting for it.
func TestLinesWrittenDuringAWriteLeaveInOneCall(t *testing.T) {
	t.Parallel()
	c := calls{entered: make(chan struct{}, 1), release: make(chan struct{})}
	w := New(&c)
	w.Write([]byte("a\n"))
	<-c.entered // the flusher is inside the underlying Write with "a"
	for _, l := range []string{"b\n", "c\n", "d\n"} {
		w.Write([]byte(l))
	}
	close(c.release)
	w.Close()
	if got, want := c.all(), []string{"a\n", "b\nc\nd\n"}; strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("underlying writes %q, want %q", got, want)
	}
}

func TestWriteCopiesTheCallersBuffer(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	w := New(&out)
	p := []byte("first\n")
	w.Write(p)
	copy(p, "XXXXX\n")
	w.Close()
	if out.String() != "first\n" {
		t.Fatalf("got %q, want %q", out.String(), "first\n")
	}
}

func TestWritesAfterCloseGoStraightThrough(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	w := New(&out)
	w.Write([]byte("before\n"))
	w.Close()
	w.Close() // a second Close is harmless
	w.Write([]byte("after\n"))
	if out.String() != "before\nafter\n" {
		t.Fatalf("got %q", out.String())
	}
}

// A Write past maxPending waits for the flusher instead of growing the
// buffer without bound; it completes once the underlying writer moves.
func TestPendingIsBounded(t *testing.T) {
	t.Parallel()
	c := calls{entered: make(chan struct{}, 1), release: make(chan struct{})}
	w := New(&c)
	w.Write([]byte("x"))
	<-c.entered
	big := bytes.Repeat([]byte("y"), maxPending)
	w.Write(big) // fills pending to the bound
	done := make(chan struct{})
	go func() {
		w.Write([]byte("z"))
		close(done)
	}()
	close(c.release)
	<-done
	w.Close()
	if got := strings.Join(c.all(), ""); got != "x"+string(big)+"z" {
		t.Fatalf("got %d bytes, want %d", len(got), len(big)+2)
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if cap(w.spare) > 2*maxPending+1 {
		t.Errorf("spare buffer grew to %d", cap(w.spare))
	}
}
