package lambda

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/apigw/apigw/internal/api"
)

// versionedNode writes a Node handler answering {"v": version}; with
// gate, it answers only once the file gate exists.
func versionedNode(t *testing.T, dir, version, gate string) {
	t.Helper()
	src := fmt.Sprintf(`const fs = require("fs");
exports.handler = async () => {
  while (%q !== "" && !fs.existsSync(%q)) await new Promise(r => setTimeout(r, 5));
  return {v: %q, pid: process.pid};
};
`, gate, gate, version)
	if err := os.WriteFile(filepath.Join(dir, "app.js"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
}

type versionReply struct {
	V   string `json:"v"`
	PID int    `json:"pid"`
}

func invokeVersion(t *testing.T, p *Pool) versionReply {
	t.Helper()
	b, err := invoke(t, p, map[string]any{})
	if err != nil {
		t.Errorf("Invoke: %v", err)
		return versionReply{}
	}
	var r versionReply
	if err := json.Unmarshal(b, &r); err != nil {
		t.Errorf("reply %q: %v", b, err)
	}
	return r
}

func nodeFn(t *testing.T, id string) *api.Function {
	t.Helper()
	dir := t.TempDir()
	versionedNode(t, dir, "v1", "")
	fn := scriptFn(t, id, "nodejs20.x", ".", "app.handler")
	fn.CodeDir = dir
	return fn
}

func TestReloadServesNewCode(t *testing.T) {
	t.Parallel()
	fn := nodeFn(t, "Edited")
	r, p := newRunner(t, fn, Options{})
	before := invokeVersion(t, p)
	versionedNode(t, fn.CodeDir, "v2", "")
	retired, err := r.Reload("Edited")
	if err != nil || retired != 1 {
		t.Fatalf("Reload: %d retired, %v; want 1, nil", retired, err)
	}
	if n := idleOfCurrentGeneration(p); n != 1 {
		t.Fatalf("after Reload: %d idle processes of the new code; want 1 started at once", n)
	}
	after := invokeVersion(t, p)
	if before.V != "v1" || after.V != "v2" {
		t.Fatalf("got %+v then %+v; want v1, then v2", before, after)
	}
	eventually(t, "the retired process to stop", func() bool { return p.liveCount() == 1 })
}

func idleOfCurrentGeneration(p *Pool) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	n := 0
	for _, proc := range p.idle {
		if proc.gen == p.gen {
			n++
		}
	}
	return n
}

// An invocation holding a process when Reload runs finishes on the old
// code; that process is not reused afterwards (without the generation
// check in giveBack it is the most recently used idle one and would
// answer v1 again).
func TestReloadLetsInFlightFinishOnOldCode(t *testing.T) {
	t.Parallel()
	fn := nodeFn(t, "Busy")
	gate := filepath.Join(t.TempDir(), "go")
	versionedNode(t, fn.CodeDir, "v1", gate)
	log := &syncBuffer{}
	r, p := newRunner(t, fn, Options{Log: log})
	inFlight := make(chan versionReply, 1)
	go func() { inFlight <- invokeVersion(t, p) }()
	eventually(t, "the first invocation to start", func() bool { return strings.Contains(log.String(), "START RequestId") })
	versionedNode(t, fn.CodeDir, "v2", "")
	if _, err := r.Reload("Busy"); err != nil {
		t.Fatal(err)
	}
	if got := invokeVersion(t, p); got.V != "v2" {
		t.Fatalf("invocation after Reload: got %q; want v2", got.V)
	}
	if err := os.WriteFile(gate, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	old := <-inFlight
	if old.V != "v1" {
		t.Fatalf("invocation in flight across Reload: got %q; want v1", old.V)
	}
	for range 3 {
		if got := invokeVersion(t, p); got.V != "v2" {
			t.Fatalf("invocation after the old one finished: got %q from pid %d; want v2", got.V, got.PID)
		}
	}
}

// goRuntimeClient is a Go function with no dependencies: it speaks the
// Runtime API itself and answers {"v": VERSION}.
const goRuntimeClient = `package main

import (
	"io"
	"net/http"
	"os"
	"strings"
)

func main() {
	base := "http://" + os.Getenv("AWS_LAMBDA_RUNTIME_API") + "/2018-06-01/runtime/invocation/"
	for {
		resp, err := http.Get(base + "next")
		if err != nil {
			os.Exit(1)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		id := resp.Header.Get("Lambda-Runtime-Aws-Request-Id")
		r, err := http.Post(base+id+"/response", "application/json", strings.NewReader(` + "`" + `{"v":"VERSION"}` + "`" + `))
		if err == nil {
			r.Body.Close()
		}
	}
}
`

func writeGoSource(t *testing.T, dir, main string) {
	t.Helper()
	for name, body := range map[string]string{"go.mod": "module fn\n\ngo 1.22\n", "main.go": main} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// A Go function is built again on Reload; a change that does not compile
// keeps the old binary serving and returns the compiler's message.
func TestReloadRebuildsGo(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	writeGoSource(t, dir, strings.Replace(goRuntimeClient, "VERSION", "v1", 1))
	fn := &api.Function{LogicalID: "GoSrc", Runtime: "provided.al2023", Handler: "bootstrap", CodeDir: dir, Timeout: 10}
	r, p := newRunner(t, fn, Options{CacheDir: t.TempDir()})
	if got := invokeVersion(t, p); got.V != "v1" {
		t.Fatalf("before: got %q; want v1", got.V)
	}
	writeGoSource(t, dir, "package main\n\nfunc main() { undefinedThing() }\n")
	if _, err := r.Reload("GoSrc"); err == nil || !strings.Contains(err.Error(), "undefinedThing") {
		t.Fatalf("Reload of code that does not compile: got %v; want the compiler's error", err)
	}
	if got := invokeVersion(t, p); got.V != "v1" {
		t.Fatalf("after a failed build: got %q; want v1 still", got.V)
	}
	writeGoSource(t, dir, strings.Replace(goRuntimeClient, "VERSION", "v2", 1))
	if _, err := r.Reload("GoSrc"); err != nil {
		t.Fatal(err)
	}
	if got := invokeVersion(t, p); got.V != "v2" {
		t.Fatalf("after the fix: got %q; want v2", got.V)
	}
}

func TestReloadUnknownFunction(t *testing.T) {
	t.Parallel()
	r, _ := newRunner(t, goFn("Known"), Options{})
	if _, err := r.Reload("Other"); err == nil {
		t.Fatal("Reload of an unknown function: no error")
	}
}

func TestCodeDirs(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	fnDir := filepath.Join(root, "cmd", "fn")
	if err := os.MkdirAll(fnDir, 0o755); err != nil {
		t.Fatal(err)
	}
	writeGoSource(t, root, "package main\n")
	if err := os.WriteFile(filepath.Join(fnDir, "main.go"), []byte("package main\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		fn   *api.Function
		want []string
	}{
		{"Go source below its module root", &api.Function{Runtime: "provided.al2023", CodeDir: fnDir}, []string{fnDir, root}},
		{"Go source at its module root", &api.Function{Runtime: "provided.al2023", CodeDir: root}, []string{root}},
		{"Node", &api.Function{Runtime: "nodejs20.x", CodeDir: t.TempDir()}, nil},
	}
	for _, c := range cases {
		got := CodeDirs(c.fn)
		if c.want == nil {
			c.want = []string{c.fn.CodeDir}
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("%s: got %v; want %v", c.name, got, c.want)
		}
	}
}

// A Go function that did not build at start serves once a reload builds
// it.
func TestReloadBuildsABrokenFunction(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	writeGoSource(t, dir, "package main\n\nfunc main() { notDefined() }\n")
	fn := &api.Function{LogicalID: "WasBroken", Runtime: "provided.al2023", Handler: "bootstrap", CodeDir: dir, BuildMethod: "go1.x", Timeout: 10}
	r, p := newRunner(t, fn, Options{CacheDir: t.TempDir()})
	if _, err := invoke(t, p, map[string]any{}); err == nil {
		t.Fatal("a function that does not build answered")
	}
	writeGoSource(t, dir, strings.Replace(goRuntimeClient, "VERSION", "built", 1))
	if _, err := r.Reload("WasBroken"); err != nil {
		t.Fatal(err)
	}
	if got := invokeVersion(t, p); got.V != "built" {
		t.Fatalf("after the reload built it: got %q; want built", got.V)
	}
}
