package e2e

import (
	"bufio"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// binary is the apigw built once for the whole package.
var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "apigw-e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binary = filepath.Join(dir, "apigw")
	build := exec.Command("go", "build", "-o", binary, "../cmd/apigw")
	build.Stderr = os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "building apigw:", err)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// server is a running `apigw start-api`.
type server struct {
	url     string
	cmd     *exec.Cmd
	mu      sync.Mutex
	log     []string // stderr lines
	changed *sync.Cond
	eof     bool // stderr closed: the process is gone
}

const listeningPrefix = "apigw listening on "

// startAPI runs apigw start-api with args and waits until it listens.
func startAPI(t *testing.T, args ...string) *server {
	t.Helper()
	return startProcess(t, exec.Command(binary, append([]string{"start-api", "--addr", "127.0.0.1:0"}, args...)...))
}

// startProcess runs cmd, an apigw start-api, and waits until it listens.
func startProcess(t *testing.T, cmd *exec.Cmd) *server {
	t.Helper()
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	s := &server{cmd: cmd}
	s.changed = sync.NewCond(&s.mu)
	t.Cleanup(s.stop)
	ready := make(chan string, 1)
	go s.readLog(stderr, ready)
	select {
	case s.url = <-ready:
	case <-time.After(2 * time.Minute):
		t.Fatalf("apigw did not start; log:\n%s", s.logText())
	}
	return s
}

func (s *server) readLog(r io.Reader, ready chan<- string) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		s.mu.Lock()
		s.log = append(s.log, line)
		s.changed.Broadcast()
		s.mu.Unlock()
		if u, ok := strings.CutPrefix(line, listeningPrefix); ok {
			ready <- u
		}
	}
	s.mu.Lock()
	s.eof = true
	s.changed.Broadcast()
	s.mu.Unlock()
}

// waitLogged blocks until apigw has logged the request line of requestID.
// apigw writes function START lines and its request line to stderr in
// order, before the response, so once the request line is read every
// invocation that request caused has been counted. The process dying (or
// the test's own timeout) ends the wait.
func (s *server) waitLogged(requestID string) {
	s.waitFor(func() bool { return s.hasLineLocked(requestID) })
}

// waitFor blocks until cond, called with the log locked, holds or the
// process is gone.
func (s *server) waitFor(cond func() bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for !cond() && !s.eof {
		s.changed.Wait()
	}
}

// hasLine reports whether a line holding substr was logged.
func (s *server) hasLine(substr string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hasLineLocked(substr)
}

// hasLineLocked is hasLine for a caller that holds the lock (inside waitFor).
func (s *server) hasLineLocked(substr string) bool {
	for i := len(s.log) - 1; i >= 0; i-- {
		if strings.Contains(s.log[i], substr) {
			return true
		}
	}
	return false
}

func (s *server) logText() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return strings.Join(s.log, "\n")
}

// starts counts the START lines the runner logged for a function: one per invocation.
func (s *server) starts(function string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.startsLocked(function)
}

func (s *server) startsLocked(function string) int {
	n := 0
	for _, l := range s.log {
		if strings.HasPrefix(l, "["+function+"] START RequestId:") {
			n++
		}
	}
	return n
}

func (s *server) stop() {
	_ = s.cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan struct{})
	go func() { _ = s.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		_ = s.cmd.Process.Kill()
	}
}

type reply struct {
	status int
	header http.Header
	body   string
}

// loggedID is how the request's log line names the id of a response: a
// REST API's x-amzn-RequestId as it is, an HTTP API's apigw-requestid
// quoted (it holds '=').
func loggedID(h http.Header) string {
	if id := h.Get("x-amzn-RequestId"); id != "" {
		return "requestId=" + id
	}
	return "requestId=" + strconv.Quote(h.Get("apigw-requestid"))
}

// get sends a request; headers are name, value pairs sent with their raw names.
func (s *server) get(t *testing.T, method, path string, headers ...string) reply {
	t.Helper()
	req, err := http.NewRequest(method, s.url+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header[headers[i]] = []string{headers[i+1]}
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	s.waitLogged(loggedID(resp.Header))
	return reply{status: resp.StatusCode, header: resp.Header, body: string(b)}
}
