package lambda

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/apigw/apigw/internal/api"
)

func TestSetupErrorsNameTheFunction(t *testing.T) {
	t.Parallel()
	empty := t.TempDir()
	src := api.Location{File: "template.yaml", Line: 12, LogicalID: "Fn"}
	// kind: what apigw cannot run yet is KindUnsupported, so that cli
	// fails only the function's routes; the rest stops the start.
	tests := []struct {
		name string
		fn   api.Function
		want []string
		kind api.Kind
	}{
		{"unknown runtime", api.Function{Runtime: "java21", Handler: "x", CodeDir: empty, Source: src}, []string{"template.yaml:12", "Fn", "Properties.Runtime", `"java21"`}, api.KindUnsupported},
		{"image function", api.Function{Runtime: "", CodeDir: empty, Source: src}, []string{"Fn", "Properties.Runtime"}, api.KindUnsupported},
		{"no bootstrap", api.Function{Runtime: "provided.al2", Handler: "bootstrap", CodeDir: empty, Source: src}, []string{"Fn", "CodeUri", filepath.Join(empty, "bootstrap")}, api.KindUnsupported},
		{"no go1.x binary", api.Function{Runtime: "go1.x", Handler: "main", CodeDir: empty, Source: src}, []string{"Fn", filepath.Join(empty, "main")}, api.KindUnsupported},
		{"missing code folder", api.Function{Runtime: "nodejs20.x", Handler: "a.b", CodeDir: filepath.Join(empty, "nope"), Source: src}, []string{"Fn", "CodeUri", "nope"}, api.KindInvalid},
		{"without a file", api.Function{Runtime: "java21", Handler: "x", CodeDir: empty}, []string{"function Fn: Properties.Runtime", `"java21"`}, api.KindUnsupported},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := NewRunner(map[string]*api.Function{"Fn": &tt.fn}, Options{CacheDir: testCacheDir})
			if err == nil {
				t.Fatalf("got no error; want one naming %v", tt.want)
			}
			if !errors.Is(err, tt.kind) {
				t.Errorf("error %q is not %v", err, tt.kind)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not name %q", err, w)
				}
			}
		})
	}
}

func TestMissingInterpreterIsASetupError(t *testing.T) {
	// Not parallel: it empties PATH for this process.
	t.Setenv("PATH", t.TempDir())
	fn := &api.Function{Runtime: "python3.12", Handler: "app.handler", CodeDir: t.TempDir()}
	_, err := NewRunner(map[string]*api.Function{"Py": fn}, Options{CacheDir: testCacheDir})
	if err == nil || !strings.Contains(err.Error(), "Py") || !strings.Contains(err.Error(), "python3") {
		t.Fatalf("got %v; want an error naming Py and python3", err)
	}
}

func TestGoSourceIsBuiltOnceIntoTheCache(t *testing.T) {
	t.Parallel()
	cache := t.TempDir()
	src, _ := filepath.Abs("testdata/functions/gofn")
	fn := &api.Function{LogicalID: "Built", Runtime: "provided.al2023", Handler: "bootstrap", CodeDir: src, BuildMethod: "go1.x", Timeout: 5}
	log := &syncBuffer{}
	_, p := newRunner(t, fn, Options{CacheDir: cache, Log: log})
	if !strings.Contains(log.String(), "building function Built") {
		t.Fatalf("no progress line for the build:\n%s", log.String())
	}
	if r := mustInvoke(t, p, map[string]any{"action": "pid"}); r.Stream == "" {
		t.Fatalf("the built function did not answer")
	}
	again := &syncBuffer{}
	newRunner(t, fn, Options{CacheDir: cache, Log: again})
	if strings.Contains(again.String(), "building") {
		t.Fatalf("unchanged sources were built again:\n%s", again.String())
	}
}

func TestSourceHashFollowsGoFilesOnly(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	write := func(name, body string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("go.mod", "module x\n")
	write("main.go", "package main\n")
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Fatal("go not in PATH")
	}
	hash := func() string {
		h, err := sourceHash(dir, goTool)
		if err != nil {
			t.Fatal(err)
		}
		return h
	}
	h1 := hash()
	write("README.md", "docs")
	if h2 := hash(); h2 != h1 {
		t.Fatalf("a non-Go file changed the hash: %s -> %s", h1, h2)
	}
	write("main.go", "package main\n\nfunc main() {}\n")
	if h3 := hash(); h3 == h1 {
		t.Fatalf("changing main.go kept the hash %s", h1)
	}
}

func TestStatusField(t *testing.T) {
	t.Parallel()
	status := []byte("Name:\tgofn\nVmPeak:\t  5000 kB\nVmHWM:\t    2048 kB\nVmRSS:\t 1000 kB\n")
	tests := []struct {
		name, field string
		want        int64
		ok          bool
	}{
		{"present", "VmHWM:", 2048, true},
		{"absent", "VmSwap:", 0, false},
	}
	for _, tt := range tests {
		if got, ok := statusField(status, tt.field); got != tt.want || ok != tt.ok {
			t.Errorf("%s: got %d, %v; want %d, %v", tt.name, got, ok, tt.want, tt.ok)
		}
	}
}

var (
	startLine  = regexp.MustCompile(`(?m)^\[Logged\] START RequestId: ([0-9a-f-]{36}) Version: \$LATEST$`)
	reportLine = regexp.MustCompile(`(?m)^\[Logged\] REPORT RequestId: [0-9a-f-]{36}\tDuration: \d+\.\d\d ms\tBilled Duration: \d+ ms\tMemory Size: 128 MB\tMax Memory Used: [1-9]\d* MB(\tInit Duration: \d+\.\d\d ms)?$`)
)

func TestStartEndReportLines(t *testing.T) {
	t.Parallel()
	log := &syncBuffer{}
	_, p := newRunner(t, goFn("Logged"), Options{Log: log})
	mustInvoke(t, p, map[string]any{"action": "print", "text": "hello from the handler"})
	mustInvoke(t, p, map[string]any{"action": "pid"})
	eventually(t, "two REPORT lines", func() bool { return len(reportLine.FindAllString(log.String(), -1)) == 2 })
	out := log.String()
	starts := startLine.FindAllStringSubmatch(out, -1)
	reports := reportLine.FindAllStringSubmatch(out, -1)
	if len(starts) != 2 || len(reports) != 2 || strings.Count(out, "] END RequestId: ") != 2 {
		t.Fatalf("want 2 START, END and REPORT lines:\n%s", out)
	}
	if reports[0][1] == "" || reports[1][1] != "" {
		t.Fatalf("Init Duration: want it on the cold call only:\n%s", out)
	}
	if !strings.Contains(out, "[Logged] "+starts[0][1]+" hello from the handler\n[Logged] END") {
		t.Fatalf("the handler's output is not logged between its START and END:\n%s", out)
	}
}

func TestErrorsWrapSentinels(t *testing.T) {
	t.Parallel()
	r, _ := newRunner(t, goFn("Sentinel"), Options{})
	_, err := r.Function("x")
	if !errors.Is(err, ErrUnknownFunction) {
		t.Fatalf("got %v", err)
	}
}
