package bootstrap_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/apigw/apigw/internal/bootstrap"
)

// Runtime API wire names, as the bootstraps must speak them.
const (
	patternNext       = "GET /2018-06-01/runtime/invocation/next"
	patternResponse   = "POST /2018-06-01/runtime/invocation/{id}/response"
	patternError      = "POST /2018-06-01/runtime/invocation/{id}/error"
	patternInitError  = "POST /2018-06-01/runtime/init/error"
	headerRequestID   = "Lambda-Runtime-Aws-Request-Id"
	headerDeadlineMs  = "Lambda-Runtime-Deadline-Ms"
	headerFunctionARN = "Lambda-Runtime-Invoked-Function-Arn"
	headerTraceID     = "Lambda-Runtime-Trace-Id"
	headerClientCtx   = "Lambda-Runtime-Client-Context"
	headerCognitoID   = "Lambda-Runtime-Cognito-Identity"
	headerErrorType   = "Lambda-Runtime-Function-Error-Type"
)

// Kinds of outcome the runtime API records.
const (
	kindResponse  = "response"
	kindError     = "error"
	kindInitError = "init-error"
)

// Environment every test function gets.
const (
	testFunctionName = "TestFunction"
	testFunctionARN  = "arn:aws:lambda:us-east-1:123456789012:function:TestFunction"
	testMemory       = "128"
	testLogGroup     = "/aws/lambda/TestFunction"
	testLogStream    = "2024/01/01/[$LATEST]0123456789abcdef"
	testVersion      = "$LATEST"
)

// hangGuard bounds every wait so a broken bootstrap fails the test instead of
// hanging it; it is not a speed assertion.
const hangGuard = 30 * time.Second

// invocation is one event the test queues for GET /next.
type invocation struct {
	id       string
	body     []byte
	deadline time.Time
	header   http.Header
	chunked  bool // the body goes out in chunked encoding
}

// outcome is what a bootstrap posted back.
type outcome struct {
	kind      string
	id        string
	errorType string
	body      []byte
}

// errorDoc holds both runtimes' error documents.
type errorDoc struct {
	ErrorType    *string  `json:"errorType"`
	ErrorMessage *string  `json:"errorMessage"`
	Trace        []string `json:"trace"`
	StackTrace   []string `json:"stackTrace"`
	RequestID    *string  `json:"requestId"`
}

// runtimeAPI is a small, real Runtime API server on 127.0.0.1:0.
type runtimeAPI struct {
	srv       *httptest.Server
	events    chan invocation
	outcomes  chan outcome
	nextCalls atomic.Int64
	mu        sync.Mutex
	remotes   map[string]bool
	closed    chan struct{}
	// closeAfterAccept answers every result with Connection: close.
	closeAfterAccept atomic.Bool
}

func newRuntimeAPI(t testing.TB) *runtimeAPI {
	t.Helper()
	api := &runtimeAPI{
		events:   make(chan invocation, 16),
		outcomes: make(chan outcome, 16),
		remotes:  map[string]bool{},
		closed:   make(chan struct{}),
	}
	mux := http.NewServeMux()
	mux.HandleFunc(patternNext, api.next)
	mux.HandleFunc(patternResponse, api.record(kindResponse))
	mux.HandleFunc(patternError, api.record(kindError))
	mux.HandleFunc(patternInitError, api.record(kindInitError))
	api.srv = httptest.NewServer(mux)
	t.Cleanup(func() {
		close(api.closed)
		api.srv.Close()
	})
	return api
}

func (a *runtimeAPI) address() string {
	return strings.TrimPrefix(a.srv.URL, "http://")
}

func (a *runtimeAPI) seen(r *http.Request) {
	a.mu.Lock()
	a.remotes[r.RemoteAddr] = true
	a.mu.Unlock()
}

// connections is how many client connections the server has seen.
func (a *runtimeAPI) connections() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return len(a.remotes)
}

func (a *runtimeAPI) next(w http.ResponseWriter, r *http.Request) {
	a.seen(r)
	a.nextCalls.Add(1)
	select {
	case inv := <-a.events:
		writeInvocation(w, inv)
	case <-r.Context().Done():
	case <-a.closed:
	}
}

func writeInvocation(w http.ResponseWriter, inv invocation) {
	h := w.Header()
	for k, v := range inv.header {
		h[k] = v
	}
	h.Set(headerRequestID, inv.id)
	h.Set(headerDeadlineMs, strconv.FormatInt(inv.deadline.UnixMilli(), 10))
	h.Set(headerFunctionARN, testFunctionARN)
	h.Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusOK)
	if inv.chunked { // flushed before the body: no Content-Length
		w.(http.Flusher).Flush()
		half := len(inv.body) / 2
		_, _ = w.Write(inv.body[:half])
		w.(http.Flusher).Flush()
		_, _ = w.Write(inv.body[half:])
		return
	}
	_, _ = w.Write(inv.body)
}

func (a *runtimeAPI) record(kind string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		a.seen(r)
		body, err := io.ReadAll(r.Body)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		if a.closeAfterAccept.Load() {
			w.Header().Set("Connection", "close")
		}
		w.WriteHeader(http.StatusAccepted)
		_, _ = w.Write([]byte(`{"status":"OK"}`))
		a.outcomes <- outcome{kind: kind, id: r.PathValue("id"), errorType: r.Header.Get(headerErrorType), body: body}
	}
}

// send queues one event with a deadline a minute away.
func (a *runtimeAPI) send(id string, body string) invocation {
	inv := invocation{id: id, body: []byte(body), deadline: time.Now().Add(time.Minute)}
	a.events <- inv
	return inv
}

// await returns the next outcome, failing if the process exits first.
func (a *runtimeAPI) await(t testing.TB, p *process) outcome {
	t.Helper()
	select {
	case o := <-a.outcomes:
		return o
	case <-p.exited:
		t.Fatalf("bootstrap exited (%v) before posting an outcome; stderr:\n%s", p.waitErr, p.stderr.String())
	case <-time.After(hangGuard):
		t.Fatalf("no outcome within %v; stderr:\n%s", hangGuard, p.stderr.String())
	}
	return outcome{}
}

// runtimeKind says how to run one bootstrap.
type runtimeKind struct {
	command func() (string, error)
	file    string
	source  func() []byte
	root    string
}

var (
	nodeRuntime   = runtimeKind{command: nodeCommand, file: "bootstrap.js", source: bootstrap.Node, root: "testdata/node"}
	pythonRuntime = runtimeKind{command: pythonCommand, file: "bootstrap.py", source: bootstrap.Python, root: "testdata/python"}
)

var nodeCommand = sync.OnceValues(func() (string, error) { return exec.LookPath("node") })

// pythonCommand is the interpreter python3 on PATH runs, resolved once so a
// version-manager shim (pyenv's costs seconds) is not paid per process.
var pythonCommand = sync.OnceValues(func() (string, error) {
	shim, err := exec.LookPath("python3")
	if err != nil {
		return "", err
	}
	out, err := exec.Command(shim, "-c", "import sys; print(sys.executable)").Output()
	if err != nil {
		return "", err
	}
	return strings.TrimSpace(string(out)), nil
})

// process is one running bootstrap.
type process struct {
	cmd     *exec.Cmd
	stdout  *watchedBuffer
	stderr  *watchedBuffer
	exited  chan struct{}
	waitErr error
}

// start runs the bootstrap for handler against api, killing it on cleanup.
func start(t testing.TB, rt runtimeKind, api *runtimeAPI, handler string) *process {
	t.Helper()
	return startAt(t, rt, api.address(), handler)
}

// startAt runs the bootstrap for handler against the Runtime API at
// address, killing it on cleanup.
func startAt(t testing.TB, rt runtimeKind, address, handler string) *process {
	t.Helper()
	command, err := rt.command()
	if err != nil {
		t.Fatalf("interpreter for %s not available: %v", rt.file, err)
	}
	script := filepath.Join(t.TempDir(), rt.file)
	if err := os.WriteFile(script, rt.source(), 0o600); err != nil {
		t.Fatal(err)
	}
	root, err := filepath.Abs(rt.root)
	if err != nil {
		t.Fatal(err)
	}
	p := &process{stdout: newWatchedBuffer(), stderr: newWatchedBuffer(), exited: make(chan struct{})}
	p.cmd = exec.Command(command, script)
	p.cmd.Dir = root
	p.cmd.Env = lambdaEnv(address, handler, root)
	p.cmd.Stdout, p.cmd.Stderr = p.stdout, p.stderr
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		p.waitErr = p.cmd.Wait()
		close(p.exited)
	}()
	t.Cleanup(func() {
		_ = p.cmd.Process.Kill()
		<-p.exited
	})
	return p
}

func lambdaEnv(address, handler, root string) []string {
	return []string{
		"PATH=" + os.Getenv("PATH"),
		"AWS_LAMBDA_RUNTIME_API=" + address,
		"_HANDLER=" + handler,
		"LAMBDA_TASK_ROOT=" + root,
		"AWS_LAMBDA_FUNCTION_NAME=" + testFunctionName,
		"AWS_LAMBDA_FUNCTION_VERSION=" + testVersion,
		"AWS_LAMBDA_FUNCTION_MEMORY_SIZE=" + testMemory,
		"AWS_LAMBDA_LOG_GROUP_NAME=" + testLogGroup,
		"AWS_LAMBDA_LOG_STREAM_NAME=" + testLogStream,
		"AWS_REGION=us-east-1",
		"TZ=:UTC",
	}
}

// exitCode waits for the process to end and returns its exit status.
func (p *process) exitCode(t testing.TB) int {
	t.Helper()
	select {
	case <-p.exited:
	case <-time.After(hangGuard):
		t.Fatalf("bootstrap still running after %v", hangGuard)
	}
	var exit *exec.ExitError
	if errors.As(p.waitErr, &exit) {
		return exit.ExitCode()
	}
	return 0
}

// alive reports whether the process is still running.
func (p *process) alive() bool {
	select {
	case <-p.exited:
		return false
	default:
		return true
	}
}

// watchedBuffer is an output sink a test can wait on.
type watchedBuffer struct {
	mu      sync.Mutex
	buf     bytes.Buffer
	changed chan struct{}
}

func newWatchedBuffer() *watchedBuffer {
	return &watchedBuffer{changed: make(chan struct{}, 1)}
}

func (b *watchedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	select {
	case b.changed <- struct{}{}:
	default:
	}
	return b.buf.Write(p)
}

func (b *watchedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// waitFor waits until the output contains s.
func (b *watchedBuffer) waitFor(t testing.TB, s string) {
	t.Helper()
	guard := time.After(hangGuard)
	for !strings.Contains(b.String(), s) {
		select {
		case <-b.changed:
		case <-guard:
			t.Fatalf("output never contained %q; got:\n%s", s, b.String())
		}
	}
}

// decodeError parses an error document, failing the test when it is not one.
func decodeError(t testing.TB, body []byte) errorDoc {
	t.Helper()
	var doc errorDoc
	if err := json.Unmarshal(body, &doc); err != nil {
		t.Fatalf("error body %q is not JSON: %v", body, err)
	}
	if doc.ErrorType == nil || doc.ErrorMessage == nil {
		t.Fatalf("error body %s lacks errorType or errorMessage", body)
	}
	return doc
}

// sameJSON reports whether two JSON documents are equal as values.
func sameJSON(t testing.TB, got []byte, want string) bool {
	t.Helper()
	var g, w any
	if err := json.Unmarshal(got, &g); err != nil {
		t.Fatalf("body %q is not JSON: %v", got, err)
	}
	if err := json.Unmarshal([]byte(want), &w); err != nil {
		t.Fatalf("bad test expectation %q: %v", want, err)
	}
	gb, _ := json.Marshal(g)
	wb, _ := json.Marshal(w)
	return bytes.Equal(gb, wb)
}

// absRoot is the absolute task root of a runtime's test handlers.
func absRoot(t testing.TB, rt runtimeKind) string {
	t.Helper()
	root, err := filepath.Abs(rt.root)
	if err != nil {
		t.Fatal(err)
	}
	return root
}

func contains(s, sub string) bool { return strings.Contains(s, sub) }

// launch starts a Runtime API and a bootstrap for handler that talks to it.
func launch(t testing.TB, rt runtimeKind, handler string) (*runtimeAPI, *process) {
	t.Helper()
	api := newRuntimeAPI(t)
	return api, start(t, rt, api, handler)
}
