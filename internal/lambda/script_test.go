package lambda

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/apigw/apigw/internal/api"
	"github.com/apigw/apigw/internal/event"
)

func scriptFn(t *testing.T, id, runtime, dir, handler string) *api.Function {
	t.Helper()
	tool := "node"
	if strings.HasPrefix(runtime, "python") {
		tool = "python3"
	}
	if _, err := exec.LookPath(tool); err != nil {
		t.Fatalf("%s not in PATH: these tests need it", tool)
	}
	abs, _ := filepath.Abs(filepath.Join("testdata/functions", dir))
	return &api.Function{LogicalID: id, Runtime: runtime, Handler: handler, CodeDir: abs, Timeout: 10}
}

type scriptReply struct {
	Stream       string         `json:"stream"`
	RequestID    string         `json:"requestId"`
	FunctionName string         `json:"functionName"`
	RemainingMs  int64          `json:"remainingMs"`
	Event        map[string]any `json:"event"`
	ESM          bool           `json:"esm"`
	PrincipalID  string         `json:"principalId"`
}

func invokeScript(t *testing.T, p *Pool, event any) scriptReply {
	t.Helper()
	return invokeAs[scriptReply](t, p, event)
}

func TestScriptRuntimesReturn(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, runtime, dir, handler string }{
		{"node async", "nodejs20.x", "node", "index.info"},
		{"python", "python3.12", "python", "app.info"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, p := newRunner(t, scriptFn(t, "Info", tt.runtime, tt.dir, tt.handler), Options{})
			first := invokeScript(t, p, map[string]any{"k": "v"})
			if first.RequestID == "" || first.FunctionName != "Info" || first.RemainingMs <= 0 || first.Event["k"] != "v" {
				t.Fatalf("got %+v; want request id, function name Info, time left and the event", first)
			}
			if second := invokeScript(t, p, map[string]any{}); first.Stream == "" || second.Stream != first.Stream {
				t.Fatalf("got processes %q then %q; want the warm process", first.Stream, second.Stream)
			}
		})
	}
}

func TestNodeCallbackHandlerInSeedShape(t *testing.T) {
	t.Parallel()
	_, p := newRunner(t, scriptFn(t, "Auth", "nodejs20.x", "node", "index.seed"), Options{})
	if r := invokeScript(t, p, map[string]any{"authorizationToken": "allow"}); r.PrincipalID != "user" {
		t.Fatalf("allow: got %+v; want principalId user", r)
	}
	_, err := invoke(t, p, map[string]any{"authorizationToken": "unauthorized"})
	var fe *event.FunctionError
	if !errors.As(err, &fe) || fe.Message != "Unauthorized" {
		t.Fatalf("unauthorized: got %v; want errorMessage exactly Unauthorized", err)
	}
}

func TestNodeESModule(t *testing.T) {
	t.Parallel()
	_, p := newRunner(t, scriptFn(t, "Esm", "nodejs20.x", "node", "esm.handler"), Options{})
	if r := invokeScript(t, p, map[string]any{"x": 1.0}); !r.ESM || r.Event["x"] != 1.0 {
		t.Fatalf("got %+v; want the .mjs handler's reply", r)
	}
}

func TestScriptHandlerErrors(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, runtime, dir, handler, wantType, wantMsg string }{
		{"node throw", "nodejs20.x", "node", "index.thrower", "TypeError", "boom"},
		{"python raise", "python3.12", "python", "app.raiser", "ValueError", "bad input"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, p := newRunner(t, scriptFn(t, "Err", tt.runtime, tt.dir, tt.handler), Options{})
			_, err := invoke(t, p, map[string]any{})
			var fe *event.FunctionError
			if !errors.As(err, &fe) || fe.Type != tt.wantType || fe.Message != tt.wantMsg {
				t.Fatalf("got %v; want %s: %s", err, tt.wantType, tt.wantMsg)
			}
		})
	}
}

func TestScriptInitErrorNamesTheFile(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, runtime, dir, handler, file string }{
		{"node syntax error", "nodejs20.x", "nodebroken", "index.handler", "index.js"},
		{"python syntax error", "python3.12", "pythonbroken", "app.handler", "app.py"},
		{"node missing module", "nodejs20.x", "node", "nope.handler", "nope"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			fn := scriptFn(t, "Broken", tt.runtime, tt.dir, tt.handler)
			_, p := newRunner(t, fn, Options{})
			_, err := invoke(t, p, map[string]any{})
			var fe *event.FunctionError
			if !errors.As(err, &fe) || !strings.HasPrefix(fe.Type, "Runtime.") {
				t.Fatalf("got %v; want a Runtime.* init error", err)
			}
			for _, want := range []string{"Broken", "init failed", filepath.Join(fn.CodeDir, tt.file)} {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error %q does not name %q", err, want)
				}
			}
		})
	}
}

// TestPythonLeavesNoBytecodeInCodeFolder: Lambda's code folder is read-only,
// so importing the handler must not write __pycache__ into the user's project.
func TestPythonLeavesNoBytecodeInCodeFolder(t *testing.T) {
	t.Parallel()
	fn := scriptFn(t, "Py", "python3.12", "python", "app.info")
	src, err := os.ReadFile(filepath.Join(fn.CodeDir, "app.py"))
	if err != nil {
		t.Fatal(err)
	}
	fn.CodeDir = t.TempDir()
	if err := os.WriteFile(filepath.Join(fn.CodeDir, "app.py"), src, 0o644); err != nil {
		t.Fatal(err)
	}
	_, p := newRunner(t, fn, Options{})
	invokeScript(t, p, map[string]any{})
	if _, err := os.Stat(filepath.Join(fn.CodeDir, "__pycache__")); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("stat __pycache__ in the code folder: %v; want it absent", err)
	}
}
