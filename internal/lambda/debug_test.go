package lambda

import (
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/apigw/apigw/internal/api"
)

func TestDebugNamesOneFunction(t *testing.T) {
	t.Parallel()
	one := map[string]*api.Function{"Only": {}}
	two := map[string]*api.Function{"A": {}, "B": {}}
	tests := []struct {
		name string
		d    Debug
		fns  map[string]*api.Function
		want string // the function debugged, or the error's words
		err  bool
	}{
		{"off", Debug{}, two, "", false},
		{"the only function", Debug{Port: 9229}, one, "Only", false},
		{"named", Debug{Port: 9229, Function: "B"}, two, "B", false},
		{"several, none named", Debug{Port: 9229}, two, "name one with --debug-function", true},
		{"unknown", Debug{Port: 9229, Function: "C"}, two, "no such function", true},
		{"function without port", Debug{Function: "A"}, two, "needs --debug-port", true},
		{"not a port", Debug{Port: 70000, Function: "A"}, two, "not a port", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := tt.d.resolve(tt.fns)
			switch {
			case tt.err && (!errors.Is(err, ErrDebug) || !strings.Contains(err.Error(), tt.want)):
				t.Fatalf("got %v; want ErrDebug saying %q", err, tt.want)
			case !tt.err && (err != nil || got.Function != tt.want):
				t.Fatalf("got %+v, %v; want function %q", got, err, tt.want)
			}
		})
	}
}

func freePort(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// --debug-port on a Node function: its one process runs Node's inspector
// on that port, and nothing times it out.
func TestNodeFunctionRunsUnderTheInspector(t *testing.T) {
	t.Parallel()
	port := freePort(t)
	fn := scriptFn(t, "Debugged", "nodejs20.x", "node", "index.info")
	_, p := newRunner(t, fn, Options{Debug: Debug{Port: port}})
	invokeScript(t, p, map[string]any{})
	resp, err := http.Get(fmt.Sprintf("http://127.0.0.1:%d/json/version", port))
	if err != nil {
		t.Fatalf("the inspector does not answer: %v", err)
	}
	defer resp.Body.Close()
	var v map[string]string
	if err := json.NewDecoder(resp.Body).Decode(&v); err != nil || v["Protocol-Version"] == "" {
		t.Fatalf("/json/version: %v, %v; want the inspector's version", v, err)
	}
	if p.limits.maxConcurrency != 1 || p.timeout != noLimit || p.limits.initTimeout != noLimit || p.limits.queueTimeout != noLimit {
		t.Fatalf("limits %+v, timeout %v; want one process and no timeouts", p.limits, p.timeout)
	}
	p.reap(time.Now().Add(time.Hour)) // past any idle limit
	if s := p.Snapshot(); s.Warm != 1 {
		t.Fatalf("after reaping: %+v; want the debugged process kept", s)
	}
}

// Not parallel: it sets PATH.
func TestDebugNeedsARuntimeDebugger(t *testing.T) {
	dir := t.TempDir()
	fakeInterpreter(t, dir, "python3", "3.12")
	tests := []struct {
		name, runtime, want string
	}{
		{"python without debugpy", "python3.12", "needs debugpy"},
		{"go", "provided.al2023", "nodejs and python functions only"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fn := &api.Function{LogicalID: "Fn", Runtime: tt.runtime, Handler: "app.handler", CodeDir: providedDir}
			_, _, err := runnerWithPath(t, dir, Options{Debug: Debug{Port: 9229}}, map[string]*api.Function{"Fn": fn})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("got %v; want an error saying %q", err, tt.want)
			}
		})
	}
}
