package lambda

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/apigw/apigw/internal/record"
)

// Cold bursts (issue 12 item 4): while the only process is in init,
// further callers queue behind it instead of starting processes of their
// own; once it is warm they are all served.
func TestColdBurstQueuesBehindTheFirstInit(t *testing.T) {
	t.Parallel()
	const calls = 5
	dir := t.TempDir()
	r, p := newRunner(t, providedFn("Burst", "initgate", map[string]string{"GATE_DIR": dir}), Options{MaxConcurrency: calls})
	done := make(chan error, calls)
	for range calls {
		go func() {
			_, err := invoke(t, p, map[string]any{})
			done <- err
		}()
	}
	eventually(t, "every other caller queues", func() bool { return p.Snapshot().Queued == calls-1 })
	if s := p.Snapshot(); s.Processes != 1 || s.Starting != 1 {
		t.Fatalf("during the first init: %+v; want one process, starting", s)
	}
	if err := os.WriteFile(filepath.Join(dir, "init"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	for range calls {
		if err := <-done; err != nil {
			t.Errorf("invoke: %v", err)
		}
	}
	got := r.Pools()
	if len(got) != 1 || got[0].Function != "Burst" || got[0].Invocations != calls || got[0].Errors != 0 || got[0].Queued != 0 {
		t.Fatalf("Pools() = %+v; want Burst with %d invocations, no errors, none queued", got, calls)
	}
}

// A pool grows past one process when a caller waits for a busy warm one,
// and its snapshot counts the starts and errors.
func TestPoolGrowsWhileWarmProcessesAreBusy(t *testing.T) {
	t.Parallel()
	g := newGated(t) // two callers, both held by the gate: two processes
	s := g.p.Snapshot()
	want := record.Pool{Function: "Gate", Runtime: "provided.al2023", Processes: 2, Warm: 2, ColdStarts: 2, Invocations: 2, MaxConcurrency: 3}
	if s != want {
		t.Fatalf("Snapshot() = %+v; want %+v", s, want)
	}
	for _, proc := range g.idle {
		g.release(t, proc, "exit")
	}
}
