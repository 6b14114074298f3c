package e2e

import (
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
)

const poolTemplate = "testdata/pool/template.yaml"

// Issue 12 item 4: ten simultaneous first requests to a Python function
// all succeed (they queue behind the first init instead of ten cold
// starts racing the init limit on a busy machine).
func TestColdBurstAllSucceed(t *testing.T) {
	t.Parallel()
	s := startAPI(t, poolTemplate)
	const n = 10
	var wg sync.WaitGroup
	statuses := make([]int, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			resp, err := http.Get(s.url + "/py")
			if err != nil {
				t.Errorf("request %d: %v", i, err)
				return
			}
			io.Copy(io.Discard, resp.Body) //nolint:errcheck // only the status matters
			resp.Body.Close()
			statuses[i] = resp.StatusCode
		}()
	}
	wg.Wait()
	for i, st := range statuses {
		if st != http.StatusOK {
			t.Errorf("request %d: status %d; want 200\n%s", i, st, s.logText())
		}
	}
}

// Issue 12 item 3: a Go function that does not compile fails only its own
// routes, with the Lambda-failure answer (L-3: 502, InternalServerErrorException)
// and the compiler's message in the log; the other routes serve.
func TestGoBuildFailureFailsOnlyItsRoutes(t *testing.T) {
	t.Parallel()
	s := startAPI(t, poolTemplate)
	r := s.get(t, "GET", "/go")
	var body map[string]any
	if r.status != http.StatusBadGateway || json.Unmarshal([]byte(r.body), &body) != nil || body["message"] != "Internal server error" ||
		r.header.Get("x-amzn-ErrorType") != "InternalServerErrorException" {
		t.Fatalf("broken Go function: got %d %q %v; want 502 Internal server error (L-3)", r.status, r.body, r.header)
	}
	if !strings.Contains(s.logText(), "undefined: notDefined") {
		t.Errorf("the log does not carry the compiler's message:\n%s", s.logText())
	}
	if r := s.get(t, "GET", "/py"); r.status != http.StatusOK {
		t.Fatalf("the Python route: got %d %q; want 200", r.status, r.body)
	}
}

// Issue 12 item 6: --debug-port with --debug-function runs that Node
// function under its inspector, which answers on the port.
func TestDebugPortRunsTheInspector(t *testing.T) {
	t.Parallel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	s := startAPI(t, poolTemplate, "--debug-port", strconv.Itoa(port), "--debug-function", "Debugged")
	if r := s.get(t, "GET", "/node"); r.status != http.StatusOK || r.body != "hello from node" {
		t.Fatalf("debugged function: got %d %q; want 200", r.status, r.body)
	}
	resp, err := http.Get(fmt.Sprintf("http://127.0.0.1:%d/json/version", port))
	if err != nil {
		t.Fatalf("the inspector does not answer: %v\n%s", err, s.logText())
	}
	defer resp.Body.Close()
	var v map[string]string
	if err := json.NewDecoder(resp.Body).Decode(&v); err != nil || v["Protocol-Version"] == "" {
		t.Fatalf("/json/version: %v, %v; want the inspector's version", v, err)
	}
}
