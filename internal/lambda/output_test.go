package lambda

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
)

// TestOutputPrecedesEnd: every line an invocation printed is logged between
// its START and END lines, with its request id, even when many lines reach
// the log reader in one read. The flush bound is lifted so the test does
// not depend on timing.
func TestOutputPrecedesEnd(t *testing.T) {
	t.Parallel()
	log := &syncBuffer{}
	_, p := newRunner(t, goFn("Printer"), Options{Log: log, OutputFlush: waitLimit})
	var lines []string
	for i := range 40 {
		lines = append(lines, fmt.Sprintf("line-%02d", i))
	}
	for range 20 {
		if _, err := invoke(t, p, map[string]any{"action": "print", "text": strings.Join(lines, "\n")}); err != nil {
			t.Fatal(err)
		}
	}
	// The last print's END is out once this invocation starts.
	mustInvoke(t, p, map[string]any{"action": "pid"})
	var open string // request id between START and END
	printed := 0
	for _, l := range strings.Split(log.String(), "\n") {
		f := strings.Fields(l)
		switch {
		case len(f) >= 3 && f[1] == "START":
			open = strings.TrimPrefix(f[2], "RequestId:")
			if open == "" && len(f) > 3 {
				open = f[3]
			}
		case len(f) >= 3 && f[1] == "END":
			open = ""
		case strings.Contains(l, "line-"):
			printed++
			if open == "" || f[1] != open {
				t.Fatalf("output line %q logged outside its invocation (open: %q)", l, open)
			}
		}
	}
	if printed != 20*40 {
		t.Fatalf("got %d output lines; want %d", printed, 20*40)
	}
}

// TestExitedRuntimeTakesItsGroupAlong: a runtime that dies on its own while
// idle leaves nothing it started running, as Lambda's sandbox goes with it
// (DESIGN section 3: the process group).
func TestExitedRuntimeTakesItsGroupAlong(t *testing.T) {
	t.Parallel()
	pidFile := filepath.Join(t.TempDir(), "child.pid")
	_, p := newRunner(t, providedFn("LeaveChild", "leavechild", map[string]string{"CHILD_PIDFILE": pidFile}), Options{})
	if _, err := invoke(t, p, map[string]any{}); err != nil {
		t.Fatal(err)
	}
	eventually(t, "the runtime exits and is forgotten", func() bool { return p.liveCount() == 0 })
	b, err := os.ReadFile(pidFile)
	if err != nil {
		t.Fatal(err)
	}
	child, _ := strconv.Atoi(strings.TrimSpace(string(b)))
	t.Cleanup(func() { syscall.Kill(child, syscall.SIGKILL) }) //nolint:errcheck // gone already when the test passes
	eventually(t, fmt.Sprintf("the runtime's child %d is gone", child), func() bool { return gone(child) })
}
