package lambda

import (
	"encoding/json"
	"fmt"
	"strings"
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
// idle leaves nothing it started running, even in another session, as
// Lambda's sandbox goes with it.
func TestExitedRuntimeTakesItsGroupAlong(t *testing.T) {
	t.Parallel()
	_, p := newRunner(t, providedFn("LeaveChild", "leavechild", nil), Options{})
	b, err := invoke(t, p, map[string]any{})
	var r goReply
	if err != nil || json.Unmarshal(b, &r) != nil || r.Stream == "" {
		t.Fatalf("got %s, %v; want the echo", b, err)
	}
	eventually(t, "the runtime exits and is forgotten", func() bool { return p.liveCount() == 0 })
	eventually(t, "the runtime's detached child is gone", func() bool { return allGone(r.Stream) })
}
