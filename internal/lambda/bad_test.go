package lambda

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/apigw/apigw/internal/event"
	"github.com/apigw/apigw/internal/runtimeapi"
)

func TestProvidedShellBootstrap(t *testing.T) {
	t.Parallel()
	_, p := newRunner(t, providedFn("Shell", "echo", nil), Options{})
	first := mustInvoke(t, p, map[string]any{"hello": "world"})
	if string(first.Event) != `{"hello":"world"}` {
		t.Fatalf("got event %s; want the one sent", first.Event)
	}
	if second := mustInvoke(t, p, map[string]any{}); first.Stream == "" || second.Stream != first.Stream {
		t.Fatalf("got processes %q then %q; want the warm process again", first.Stream, second.Stream)
	}
}

// Each misbehaving runtime gives its invocation a clear error, and the
// pool serves the next invocation (the runtime misbehaves only once).
func TestMisbehavingRuntimes(t *testing.T) {
	t.Parallel()
	entry := filepath.Join(providedDir, "bootstrap")
	tests := []struct {
		mode      string
		wantType  string // function error type; "" means not a function error
		wantIs    error  // also matched with errors.Is when set
		wantInErr []string
	}{
		// BAD-2: output that is not JSON matches the sentinel integrations
		// answer 502 for.
		{"invalidjson", "", event.ErrMalformedOutput, []string{"not json{"}},
		{"empty", "", event.ErrMalformedOutput, []string{"0 bytes"}},
		{"deepjson", "", event.ErrMalformedOutput, []string{"3000000 bytes"}},
		{"exit", ErrorTypeExit, nil, []string{"init failed", entry, "exit status 3"}},
		{"initerror", "Runtime.Custom", nil, []string{"init failed", entry, "cannot start: config missing"}},
		{"nopoll", ErrorTypeTimeout, nil, []string{"never polled", entry}},
		{"wrongid", ErrorTypeExit, runtimeapi.ErrInvalidRequestID, []string{"runtime API misuse", `"not-`}},
	}
	for _, tt := range tests {
		t.Run(tt.mode, func(t *testing.T) {
			t.Parallel()
			fn := providedFn("Bad_"+tt.mode, tt.mode, map[string]string{"MARKER": filepath.Join(t.TempDir(), "marker")})
			// Only nopoll waits out InitTimeout; it still has to cover a
			// shell and curl starting on a busy machine.
			_, p := newRunner(t, fn, Options{InitTimeout: 2e9})
			_, err := invoke(t, p, map[string]any{"n": 1})
			checkBadError(t, err, tt.wantType, tt.wantIs, append(tt.wantInErr, "Bad_"+tt.mode))
			if got := mustInvoke(t, p, map[string]any{"n": 2}); string(got.Event) != `{"n":2}` {
				t.Fatalf("next call: got %s; want the echo", got.Event)
			}
		})
	}
}

func checkBadError(t *testing.T, err error, wantType string, wantIs error, wantInErr []string) {
	t.Helper()
	var fe *event.FunctionError
	isFE := errors.As(err, &fe)
	switch {
	case err == nil:
		t.Fatalf("got no error")
	case wantType == "" && isFE:
		t.Fatalf("got function error %v; want an ordinary error", fe)
	case wantType != "" && (!isFE || fe.Type != wantType):
		t.Fatalf("got %v; want a function error of type %s", err, wantType)
	case wantIs != nil && !errors.Is(err, wantIs):
		t.Fatalf("got %v; want it to match %v", err, wantIs)
	}
	for _, s := range wantInErr {
		if !strings.Contains(err.Error(), s) {
			t.Errorf("error %q does not mention %q", err, s)
		}
	}
}

func TestGarbageOutputIsLoggedNotFatal(t *testing.T) {
	t.Parallel()
	log := &syncBuffer{}
	_, p := newRunner(t, providedFn("Garbage", "garbage", nil), Options{Log: log})
	for range 2 {
		if _, err := invoke(t, p, map[string]any{}); err != nil {
			t.Fatalf("invoke: %v", err)
		}
	}
	if !strings.Contains(log.String(), "[Garbage] ") || !strings.Contains(log.String(), "garbage \x01\uFFFD ") {
		t.Fatalf("log lacks the function's garbage line:\n%q", log.String())
	}
}
