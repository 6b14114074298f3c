package lambda

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/apigw/apigw/internal/api"
	"github.com/apigw/apigw/internal/event"
)

// A Go function that does not compile fails its own invocations with an
// init error carrying the compiler's message, logged; the runner starts
// and its other functions serve (issue 12 item 3).
func TestGoBuildFailureFailsOnlyThatFunction(t *testing.T) {
	t.Parallel()
	src := t.TempDir()
	for name, body := range map[string]string{"go.mod": "module broken\n\ngo 1.22\n", "main.go": "package main\n\nfunc main() { notDefined() }\n"} {
		if err := os.WriteFile(filepath.Join(src, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	broken := &api.Function{LogicalID: "Broken", Runtime: "provided.al2023", Handler: "bootstrap", CodeDir: src, BuildMethod: "go1.x", Timeout: 5}
	log := &syncBuffer{}
	r, err := NewRunner(map[string]*api.Function{"Broken": broken, "Fine": goFn("Fine")}, Options{CacheDir: t.TempDir(), Log: log, Sandbox: testSandbox})
	if err != nil {
		t.Fatalf("NewRunner: %v; want the broken function to fail alone", err)
	}
	t.Cleanup(func() { r.Close(t.Context()) }) //nolint:errcheck // as the other runners
	bp, _ := r.Function("Broken")
	_, err = invoke(t, bp, map[string]any{})
	var fe *event.FunctionError
	if !errors.As(err, &fe) || fe.Type != ErrorTypeInvalidEntrypoint || !strings.Contains(fe.Message, "undefined: notDefined") {
		t.Fatalf("got %v; want %s with the compiler's message", err, ErrorTypeInvalidEntrypoint)
	}
	if !strings.Contains(log.String(), "[Broken] init failed (go build)") || !strings.Contains(log.String(), "undefined: notDefined") {
		t.Errorf("log does not carry the compiler's message:\n%s", log.String())
	}
	fp, _ := r.Function("Fine")
	mustInvoke(t, fp, map[string]any{"action": "pid"})
}

// A start step that runs past a second says what it does, every second,
// so a start is never silent for long; a quick one says nothing.
func TestSlowStartStepsSayWhatTheyDo(t *testing.T) {
	t.Parallel()
	log := &syncBuffer{}
	tools := newToolset(t.TempDir(), &logger{w: log}, Debug{})
	tools.slow("quick", func() {})
	tools.slow("checking something slow", func() {
		eventually(t, "a progress line", func() bool { return strings.Contains(log.String(), "apigw: checking something slow (1s)") })
	})
	if strings.Contains(log.String(), "quick") {
		t.Errorf("a quick step printed progress:\n%s", log.String())
	}
}
