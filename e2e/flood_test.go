package e2e

import (
	"fmt"
	"net"
	"os/exec"
	"strings"
	"testing"
)

// TestConnectionFloodPastTheFileLimit: BAD-4 in a real process. apigw runs
// with an open-file limit of 128 and a connection cap above it, so a flood
// of 200 connections makes accept fail with EMFILE. apigw logs it, keeps
// running, and serves again once the flood's connections close.
func TestConnectionFloodPastTheFileLimit(t *testing.T) {
	t.Parallel()
	cmd := exec.Command("sh", "-c", `ulimit -n 128 && exec "$0" "$@"`,
		binary, "start-api", "--addr", "127.0.0.1:0", "--max-connections", "1000")
	cmd.Dir = t.TempDir() // no template there: the built-in demo
	s := startProcess(t, cmd)
	addr := strings.TrimPrefix(s.url, "http://")
	var flood []net.Conn
	defer func() { closeAll(flood) }()
	for range 200 {
		c, err := net.Dial("tcp", addr) // completes in the listen backlog
		if err != nil {
			t.Fatal(err)
		}
		flood = append(flood, c)
		fmt.Fprint(c, "GET /health HTTP/1.1\r\nHost: a\r\n\r\n")
	}
	s.waitFor(func() bool { return s.hasLineLocked("accept failed: retrying with backoff") })
	if s.exited() {
		t.Fatalf("apigw exited under a connection flood; want it to keep running (BAD-4)\n%s", s.logText())
	}
	closeAll(flood)
	if r := s.get(t, "GET", "/health"); r.status != 200 {
		t.Fatalf("GET /health after the flood: got %d %s; want 200", r.status, r.body)
	}
}

func closeAll(conns []net.Conn) {
	for _, c := range conns {
		c.Close()
	}
}

// exited reports whether the process is gone (its stderr closed).
func (s *server) exited() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.eof
}
