package lambda

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/apigw/apigw/internal/api"
)

// waitLimit bounds every wait in these tests; nothing asserts on time.
const waitLimit = 60 * time.Second

var (
	goBinDir     string // holds gofn, built by TestMain from testdata
	providedDir  string // the shell bootstrap's folder
	testCacheDir string
	// testSandbox is what DetectSandbox gives this test binary as its own
	// sandbox init: namespaces as root, the subreaper init otherwise.
	testSandbox Sandbox
	// subreaper is the init without namespaces, as apigw runs when not root.
	subreaper Sandbox
)

// testInitArg makes the test binary run as a sandbox init, as apigw's
// hidden command does.
const testInitArg = "-lambda-test-sandbox-init"

func TestMain(m *testing.M) {
	if len(os.Args) > 1 && os.Args[1] == testInitArg {
		os.Exit(SandboxInit(os.Args[2:]))
	}
	init, err := testInit()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	var note string
	testSandbox, note = DetectSandbox(init)
	subreaper = Sandbox{Init: init}
	if note != "" {
		fmt.Fprintln(os.Stderr, "lambda tests:", note)
	}
	os.Exit(runMain(m))
}

// testInit is this test binary as a sandbox init. Through env: a race
// build sleeps a second before it exits unless GORACE says otherwise, and
// the init does not pass apigw's environment on (apigw runs it as
// /proc/self/exe directly).
func testInit() ([]string, error) {
	self, err := os.Executable()
	if err != nil {
		return nil, err
	}
	env, err := exec.LookPath("env")
	if err != nil {
		return nil, err
	}
	return []string{env, "GORACE=atexit_sleep_ms=0", self, testInitArg}, nil
}

func runMain(m *testing.M) int {
	tmp, err := os.MkdirTemp("", "lambda-test")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(tmp)
	goBinDir, testCacheDir = filepath.Join(tmp, "bin"), filepath.Join(tmp, "cache")
	build := exec.Command("go", "build", "-o", filepath.Join(goBinDir, "gofn"), "./testdata/functions/gofn")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	out, err := build.CombinedOutput()
	if err != nil {
		fmt.Fprintf(os.Stderr, "building the test function: %v\n%s", err, out)
		return 1
	}
	providedDir, _ = filepath.Abs("testdata/functions/provided")
	return m.Run()
}

// syncBuffer is a log sink tests can read while pools write.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func goFn(id string) *api.Function {
	return &api.Function{LogicalID: id, Runtime: "go1.x", Handler: "gofn", CodeDir: goBinDir, Timeout: 3,
		Environment: map[string]string{"FROM_TEMPLATE": "t"}}
}

func providedFn(id, mode string, env map[string]string) *api.Function {
	e := map[string]string{"MODE": mode}
	for k, v := range env {
		e[k] = v
	}
	return &api.Function{LogicalID: id, Runtime: "provided.al2023", Handler: "bootstrap", CodeDir: providedDir, Timeout: 10, Environment: e}
}

// newRunner starts a runner for one function in testSandbox (unless o
// names another) and returns its pool.
func newRunner(t testing.TB, fn *api.Function, o Options) (*Runner, *Pool) {
	t.Helper()
	if o.Sandbox.Init == nil {
		o.Sandbox = testSandbox
	}
	return runnerIn(t, fn, o)
}

// runnerIn is newRunner with o.Sandbox as given, the zero one included.
func runnerIn(t testing.TB, fn *api.Function, o Options) (*Runner, *Pool) {
	t.Helper()
	if o.CacheDir == "" {
		o.CacheDir = testCacheDir
	}
	r, err := NewRunner(map[string]*api.Function{fn.LogicalID: fn}, o)
	if err != nil {
		t.Fatalf("NewRunner: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), waitLimit)
		defer cancel()
		if err := r.Close(ctx); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	p, err := r.Function(fn.LogicalID)
	if err != nil {
		t.Fatalf("Function: %v", err)
	}
	return r, p
}

func invoke(t testing.TB, p *Pool, event any) ([]byte, error) {
	t.Helper()
	b, err := json.Marshal(event)
	if err != nil {
		t.Fatalf("marshal: %v", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), waitLimit)
	defer cancel()
	return p.Invoke(ctx, b)
}

// invokeAs invokes p with event and decodes its reply as T.
func invokeAs[T any](t testing.TB, p *Pool, event any) T {
	t.Helper()
	var r T
	b, err := invoke(t, p, event)
	if err != nil {
		t.Fatalf("Invoke: %v", err)
	}
	if err := json.Unmarshal(b, &r); err != nil {
		t.Fatalf("reply %q: %v", b, err)
	}
	return r
}

type goReply struct {
	Stream    string            `json:"stream"` // the process's identity: its log stream
	Status    int               `json:"status"`
	Body      string            `json:"body"`
	Seen      int               `json:"seen"`
	Signal    string            `json:"signal"`
	RequestID string            `json:"requestId"`
	ARN       string            `json:"arn"`
	Remaining int64             `json:"remainingMs"`
	Env       map[string]string `json:"env"`
	Event     json.RawMessage   `json:"event"`
	Writes    map[string]string `json:"writes"`
}

func mustInvoke(t testing.TB, p *Pool, event any) goReply {
	t.Helper()
	b, err := invoke(t, p, event)
	if err != nil {
		t.Fatalf("Invoke(%v): %v", event, err)
	}
	var r goReply
	if err := json.Unmarshal(b, &r); err != nil {
		t.Fatalf("reply %q: %v", b, err)
	}
	return r
}

// eventually polls cond until it holds or waitLimit passes.
func eventually(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(waitLimit)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("never happened: %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// gone reports whether pid no longer runs (a zombie counts as gone).
func gone(pid int) bool {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return true
	}
	i := bytes.LastIndexByte(b, ')')
	return i > 0 && i+2 < len(b) && b[i+2] == 'Z'
}

// running returns the live processes (as this test sees pids) whose
// environment holds AWS_LAMBDA_LOG_STREAM_NAME=stream: one function
// process, its sandbox init and whatever it started, in whatever pid
// namespace.
func running(stream string) []int {
	want := []byte(envLogStream + "=" + stream)
	paths, _ := filepath.Glob("/proc/[0-9]*/environ")
	var pids []int
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil || !slices.ContainsFunc(bytes.Split(b, []byte{0}), func(kv []byte) bool { return bytes.Equal(kv, want) }) {
			continue
		}
		pid, _ := strconv.Atoi(filepath.Base(filepath.Dir(p)))
		if !gone(pid) {
			pids = append(pids, pid)
		}
	}
	return pids
}

// allGone reports whether nothing of the process with that stream runs.
func allGone(stream string) bool { return len(running(stream)) == 0 }
