package lambda

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"
)

// lambdaLogTime is the time in a Lambda Python log line: UTC, milliseconds.
const lambdaLogTime = `\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z`

// Lambda's Python runtime puts a handler on the root logger (level left at
// WARNING) printing "[LEVEL]\t<UTC time>\t<request id>\t<message>", so
// setLevel(INFO) is all a function needs for logging.info to print, and
// logging.basicConfig does nothing (issue 12 item 3).
func TestPythonLoggingAsLambda(t *testing.T) {
	t.Parallel()
	log := &syncBuffer{}
	_, p := newRunner(t, scriptFn(t, "Logs", "python3.12", "python", "logs.handler"), Options{Log: log, OutputFlush: waitLimit})
	b, err := invoke(t, p, map[string]any{})
	var r struct{ RequestID string }
	if err != nil || json.Unmarshal(b, &r) != nil || r.RequestID == "" {
		t.Fatalf("Invoke: %s, %v; want the request id", b, err)
	}
	mustInvoke(t, p, map[string]any{}) // the first invocation's END is out once this one starts
	var first []string                 // the first invocation's lines: the second runs with INFO already set
	for _, l := range strings.Split(log.String(), "\n") {
		if strings.Contains(l, r.RequestID) {
			first = append(first, l)
		}
	}
	out := strings.Join(first, "\n")
	for _, want := range [][2]string{{"INFO", "info-after-setlevel"}, {"WARNING", "warning-of-a-child"}} {
		re := regexp.MustCompile(`(?m)\[` + want[0] + `\]\t` + lambdaLogTime + `\t` + regexp.QuoteMeta(r.RequestID) + `\t` + want[1] + `$`)
		if !re.MatchString(out) {
			t.Errorf("log has no line matching %q:\n%s", re, out)
		}
	}
	for _, absent := range []string{"BASIC", "debug-before-setlevel", "info-before-setlevel"} {
		if strings.Contains(out, absent) {
			t.Errorf("log shows %q (basicConfig must do nothing, the root level starts at WARNING):\n%s", absent, out)
		}
	}
}
